// server/http/router.hpp
//
// Owns request dispatch: a table of (method, path) -> handler, installed as the Poco
// HTTPRequestHandlerFactory of HttpServer. Two kinds of route:
//   - exact routes (`Add`): an absolute path such as "/health", handler sees the raw request;
//   - resource routes (`AddResource`): a path template relative to the REST base path, with
//     `{name}` segments ("/ehr/{ehr_id}/composition/{uid}"), served under every configured
//     base path (/rest/openehr/v1 and the EHRbase alias /ehrbase/rest/openehr/v1). The handler
//     gets a RestRequest: decoded path parameters, decoded query parameters and the body, read
//     up to the configured limit (a larger body is 413 before the handler runs).
// It is also the edge where failures become responses: a handler returns Status, and both
// returned Errors and exceptions escaping a handler (Poco throws) are turned into problem+json
// here, so no exception and no stack trace ever reaches a client. Unmatched paths get 404, a
// known path with another method 405 (with Allow), both problem+json.
// Thread-safety: routes are added before the server starts; afterwards the table is read-only
// and Dispatch() may run on any number of Poco worker threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "engine/common/error.hpp"
#include "engine/common/result.hpp"
#include "server/auth/principal.hpp"

namespace kjerne::server::http {

// A route handler either sends a complete response and returns OkStatus(), or returns an
// Error without having sent anything; the router then sends the problem report. Headers the
// handler set before failing (e.g. the current ETag on a 412) are kept.
using RouteHandler =
    std::function<Status(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

// What a resource route's handler sees besides the raw request.
struct RestRequest {
    Poco::Net::HTTPServerRequest& http;
    std::string base_path;                      // the base the client used, e.g. /rest/openehr/v1
    std::map<std::string, std::string> params;  // {name} segments, percent-decoded
    std::map<std::string, std::string> query;   // first value per name, decoded ('+' = space)
    std::string body;                           // whole body (bounded by max_body_bytes)
    // Who the request acts for; nullptr in open mode (no authenticator).
    const auth::Principal* principal = nullptr;
    // What a handler adds to the request's audit event (server/audit): AQL query facts.
    struct AuditNote {
        std::string query_sha256;
        std::optional<int64_t> rows;
    } audit;

    // The path parameter ("" when the route has none of that name).
    const std::string& Param(const std::string& name) const;
    // The query parameter, or nullopt when absent.
    std::optional<std::string> Query(const std::string& name) const;
    // A request header, or "" when absent.
    std::string Header(const std::string& name) const;
};

using ResourceHandler = std::function<Status(RestRequest&, Poco::Net::HTTPServerResponse&)>;

class Metrics;
}  // namespace kjerne::server::http
namespace kjerne::server::audit {
class AuditLog;
}  // namespace kjerne::server::audit
namespace kjerne::server::auth {
class Authenticator;
}  // namespace kjerne::server::auth
namespace kjerne::server::http {

struct RouterOptions {
    // Base paths resource routes are served under; the first is the canonical one.
    std::vector<std::string> base_paths = {"/rest/openehr/v1", "/ehrbase/rest/openehr/v1"};
    size_t max_body_bytes = 16u << 20;  // larger request bodies are 413
    // When set, every request is observed (method, route template, status, latency).
    std::shared_ptr<Metrics> metrics;
    // When set, resource routes require credentials (401) and the route's permission (403).
    // Exact routes (/health, /metrics) stay open.
    std::shared_ptr<const auth::Authenticator> authenticator;
    // When set, every request that reaches a resource route is an audit event (also refused
    // ones), and every response carries X-Request-Id.
    std::shared_ptr<audit::AuditLog> audit;
};

class Router : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Router() = default;
    explicit Router(RouterOptions options) : options_(std::move(options)) {}

    const RouterOptions& options() const { return options_; }

    // Registers `handler` for `method` ("GET", "POST", ...) on the exact `path` ("/health").
    // A later registration of the same pair replaces the earlier one.
    void Add(std::string method, std::string path, RouteHandler handler);

    // Registers `handler` for `method` on `path_template` below every base path. Segments of
    // the form {name} match one non-empty path segment. The template with the most literal
    // segments wins when several match.
    void AddResource(std::string method, std::string path_template, ResourceHandler handler);

    // Finds the route for the request and runs it; never throws.
    void Dispatch(Poco::Net::HTTPServerRequest& request,
                  Poco::Net::HTTPServerResponse& response) const;

    // Poco::Net::HTTPRequestHandlerFactory: every request goes through Dispatch().
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    struct Resource {
        std::string path_template;          // as registered, e.g. "/ehr/{ehr_id}"
        std::vector<std::string> segments;  // "{x}" marks a parameter
        std::map<std::string, ResourceHandler> by_method;
    };
    // Matches `segments` against the resource templates; fills `params` on success.
    const Resource* Match(const std::vector<std::string>& segments,
                          std::map<std::string, std::string>& params) const;
    Status DispatchResource(const Resource& resource, RestRequest& rest,
                            Poco::Net::HTTPServerResponse& response) const;
    // Appends the audit event of a resource request whose response status is set.
    // `path` is the decoded request path the router already has.
    void Audit(const RestRequest& rest, const std::string& route, const std::string& path,
               const std::string& request_id,
               const Poco::Net::HTTPServerResponse& response) const;
    // Dispatch() without the metrics; returns the route label.
    std::string Route(Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) const;

    RouterOptions options_;
    std::map<std::pair<std::string, std::string>, RouteHandler> routes_;
    std::vector<Resource> resources_;
};

// The conversion used at the edge: a Poco exception as a Kjerne Error value. Network and file
// failures become kIo, malformed input (URI syntax, bad numbers) kInvalidArgument, the rest
// kInternal. The message is Poco's displayText().
Error ErrorFromPocoException(const Poco::Exception& e);

// "/a/b%20c/" -> {"a", "b c"}: split on '/', empty segments dropped, each percent-decoded.
std::vector<std::string> SplitPath(const std::string& raw_path);
// "a=1&b=x+y&c" -> {a:1, b:"x y", c:""}; the first value of a repeated name wins.
std::map<std::string, std::string> ParseQuery(const std::string& raw_query);

}  // namespace kjerne::server::http
