// server/http/metrics.hpp
//
// Owns the request metrics behind GET /metrics: per (method, route, status) a request counter
// and a latency histogram, rendered in the Prometheus text exposition format (version 0.0.4).
// The route label is the route template ("/ehr/{ehr_id}/composition/{uid_based_id}"), never
// the concrete path, so the number of series stays bounded by the route table; unmatched
// requests share route="unmatched".
// Thread-safety: Observe and Render may be called concurrently (one mutex; an observation is
// a map lookup and a few additions).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "server/http/router.hpp"

namespace kjerne::server::http {

class Metrics {
public:
    // Upper bounds of the latency buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,  0.1,    0.25,  0.5,  1.0};

    void Observe(const std::string& method, const std::string& route, int status, double seconds);
    std::string Render() const;

private:
    struct Series {
        uint64_t count = 0;
        double sum = 0;
        std::array<uint64_t, kBuckets.size()> buckets{};  // cumulative at render time
    };
    mutable std::mutex mu_;
    std::map<std::tuple<std::string, std::string, int>, Series> series_;  // guarded by mu_
};

// GET /metrics: text/plain; version=0.0.4.
RouteHandler MakeMetricsHandler(std::shared_ptr<const Metrics> metrics);

}  // namespace kjerne::server::http
