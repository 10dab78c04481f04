// server/http/metrics.cpp — see metrics.hpp.
#include "server/http/metrics.hpp"

#include <sstream>
#include <utility>

#include "server/http/negotiation.hpp"

namespace kjerne::server::http {
namespace {

// Label values escape backslash, quote and newline.
std::string Escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    Series& s = series_[{method, route, status}];
    ++s.count;
    s.sum += seconds;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++s.buckets[i];
            break;
        }
    }
}

std::string Metrics::Render() const {
    std::ostringstream out;
    std::lock_guard<std::mutex> lock(mu_);
    out << "# HELP kjerne_http_requests_total HTTP requests by method, route template and status.\n"
           "# TYPE kjerne_http_requests_total counter\n";
    for (const auto& [key, s] : series_) {
        const auto& [method, route, status] = key;
        out << "kjerne_http_requests_total{method=\"" << Escape(method) << "\",route=\""
            << Escape(route) << "\",status=\"" << status << "\"} " << s.count << '\n';
    }
    out << "# HELP kjerne_http_request_duration_seconds Time from routing to the response sent.\n"
           "# TYPE kjerne_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
        const auto& [method, route, status] = key;
        const std::string labels = "method=\"" + Escape(method) + "\",route=\"" + Escape(route) +
                                   "\",status=\"" + std::to_string(status) + "\"";
        uint64_t cumulative = 0;
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += s.buckets[i];
            out << "kjerne_http_request_duration_seconds_bucket{" << labels << ",le=\""
                << kBuckets[i] << "\"} " << cumulative << '\n';
        }
        out << "kjerne_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
            << s.count << '\n';
        out << "kjerne_http_request_duration_seconds_sum{" << labels << "} " << s.sum << '\n';
        out << "kjerne_http_request_duration_seconds_count{" << labels << "} " << s.count << '\n';
    }
    return out.str();
}

RouteHandler MakeMetricsHandler(std::shared_ptr<const Metrics> metrics) {
    return [metrics = std::move(metrics)](Poco::Net::HTTPServerRequest&,
                                          Poco::Net::HTTPServerResponse& response) -> Status {
        SendText(response, Poco::Net::HTTPResponse::HTTP_OK, "text/plain; version=0.0.4",
                 metrics->Render());
        return OkStatus();
    };
}

}  // namespace kjerne::server::http
