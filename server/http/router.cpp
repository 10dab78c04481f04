// server/http/router.cpp — see router.hpp.
#include "server/http/router.hpp"

#include <exception>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <istream>

#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include "engine/common/uuid.hpp"
#include "server/audit/audit_log.hpp"
#include "server/auth/access_policy.hpp"
#include "server/auth/authenticator.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;

// The one handler object Poco creates per request; all logic lives in Router::Dispatch.
class DispatchingHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit DispatchingHandler(const Router& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        router_.Dispatch(request, response);
    }

private:
    const Router& router_;
};

void LogError(const Poco::Net::HTTPServerRequest& request, const Error& error) {
    std::cerr << "kjerne: " << request.getMethod() << ' ' << request.getURI() << ": "
              << error.ToString() << '\n';
}

// Sends the problem report for `error` unless a response is already on the wire, in which
// case the connection is the only thing left to give up (Poco closes it).
void Fail(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
          const Error& error) {
    if (HttpStatusFor(error) == HTTPResponse::HTTP_INTERNAL_SERVER_ERROR) {
        LogError(request, error);
    }
    if (response.sent()) return;
    try {
        SendError(response, error);
    } catch (...) {
        // The client went away while we answered; nothing more to tell it.
    }
}

// Bodies read and dropped beyond a limit, so an early answer (413, 401, 403) reaches the
// client instead of a connection reset.
constexpr uint64_t kDrainBytes = 1u << 20;

// Reads and drops the request body up to `max` bytes; true when it ended within that.
bool DiscardBody(Poco::Net::HTTPServerRequest& request, uint64_t max) {
    const int64_t declared = request.hasContentLength() ? request.getContentLength64() : -1;
    if (declared >= 0 && static_cast<uint64_t>(declared) > max) return false;
    std::istream& in = request.stream();
    char buffer[8192];
    uint64_t total = 0;
    while (in && total <= max) {
        in.read(buffer, sizeof buffer);
        total += static_cast<uint64_t>(in.gcount());
    }
    return total <= max;
}

}  // namespace

Error ErrorFromPocoException(const Poco::Exception& e) {
    if (dynamic_cast<const Poco::Net::NetException*>(&e) != nullptr ||
        dynamic_cast<const Poco::IOException*>(&e) != nullptr) {
        return Error::Io(e.displayText());
    }
    if (dynamic_cast<const Poco::SyntaxException*>(&e) != nullptr ||
        dynamic_cast<const Poco::InvalidArgumentException*>(&e) != nullptr) {
        return Error::InvalidArgument(e.displayText());
    }
    return Error::Internal(e.displayText());
}

void Router::Add(std::string method, std::string path, RouteHandler handler) {
    routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

void Router::AddResource(std::string method, std::string path_template, ResourceHandler handler) {
    std::vector<std::string> segments;
    std::string current;
    for (char c : path_template + "/") {
        if (c == '/') {
            if (!current.empty()) segments.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    for (Resource& r : resources_) {
        if (r.segments == segments) {
            r.by_method[std::move(method)] = std::move(handler);
            return;
        }
    }
    Resource r;
    r.path_template = path_template;
    r.segments = std::move(segments);
    r.by_method[std::move(method)] = std::move(handler);
    resources_.push_back(std::move(r));
}

const Router::Resource* Router::Match(const std::vector<std::string>& segments,
                                      std::map<std::string, std::string>& params) const {
    const Resource* best = nullptr;
    int best_literals = -1;
    for (const Resource& r : resources_) {
        if (r.segments.size() != segments.size()) continue;
        int literals = 0;
        bool ok = true;
        for (size_t i = 0; i < segments.size() && ok; ++i) {
            const std::string& t = r.segments[i];
            bool is_param = t.size() > 2 && t.front() == '{' && t.back() == '}';
            if (is_param) continue;
            if (t != segments[i]) ok = false;
            ++literals;
        }
        if (ok && literals > best_literals) {
            best = &r;
            best_literals = literals;
        }
    }
    if (best != nullptr) {
        for (size_t i = 0; i < segments.size(); ++i) {
            const std::string& t = best->segments[i];
            if (t.size() > 2 && t.front() == '{' && t.back() == '}') {
                params[t.substr(1, t.size() - 2)] = segments[i];
            }
        }
    }
    return best;
}

Status Router::DispatchResource(const Resource& resource, RestRequest& rest,
                                Poco::Net::HTTPServerResponse& response) const {
    auto it = resource.by_method.find(rest.http.getMethod());
    if (it == resource.by_method.end()) {
        std::string allow;
        for (const auto& [method, handler] : resource.by_method) {
            allow += (allow.empty() ? "" : ", ") + method;
        }
        response.set("Allow", allow);
        if (!DiscardBody(rest.http, options_.max_body_bytes + kDrainBytes)) {
            response.setKeepAlive(false);
        }
        SendProblem(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                    rest.http.getMethod() + " is not allowed here; allowed: " + allow);
        return OkStatus();
    }
    // The body, bounded. Up to kDrainBytes beyond the limit are read and dropped so the
    // client sees the 413 instead of a reset connection; a body declared larger than that is
    // refused unread and the connection closed.
    const size_t limit = options_.max_body_bytes;
    const int64_t declared = rest.http.hasContentLength() ? rest.http.getContentLength64() : -1;
    if (declared >= 0 && static_cast<uint64_t>(declared) > limit + kDrainBytes) {
        response.setKeepAlive(false);  // the unread body must not be parsed as a request
        return Error::LimitExceeded("request body of " + std::to_string(declared) +
                                    " bytes exceeds the limit of " + std::to_string(limit));
    }
    std::istream& in = rest.http.stream();
    char buffer[8192];
    uint64_t total = 0;
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<size_t>(in.gcount());
        total += n;
        if (total <= limit) {
            rest.body.append(buffer, n);
        } else if (total > limit + kDrainBytes) {
            response.setKeepAlive(false);
            break;
        }
    }
    if (total > limit) {
        rest.body.clear();
        return Error::LimitExceeded("request body exceeds the limit of " + std::to_string(limit) +
                                    " bytes");
    }
    return it->second(rest, response);
}

void Router::Dispatch(Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) const {
    if (!options_.metrics) {
        Route(request, response);
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::string route = Route(request, response);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    options_.metrics->Observe(request.getMethod(), route, static_cast<int>(response.getStatus()),
                              elapsed.count());
}

void Router::Audit(const RestRequest& rest, const std::string& route, const std::string& path,
                   const std::string& request_id,
                   const Poco::Net::HTTPServerResponse& response) const {
    audit::AuditEvent event;
    event.principal = rest.principal != nullptr ? rest.principal->name : "";
    event.action = rest.http.getMethod() + " " + route;
    event.resource = path;
    event.ehr_id = rest.Param("ehr_id");
    event.outcome = static_cast<int>(response.getStatus());
    event.request_id = request_id;
    event.query_sha256 = rest.audit.query_sha256;
    event.rows = rest.audit.rows;
    auto appended = options_.audit->Append(std::move(event));
    // The response is already on its way; a failed append must not go unnoticed.
    if (!appended.ok()) std::cerr << "kjerne: audit log append failed: " << appended.error().ToString() << '\n';
}

std::string Router::Route(Poco::Net::HTTPServerRequest& request,
                          Poco::Net::HTTPServerResponse& response) const {
    std::string route = "unmatched";
    try {
        const std::string& uri = request.getURI();
        const size_t q = uri.find('?');
        const std::string raw_path = uri.substr(0, q);
        const std::string path = Poco::URI(raw_path).getPath();
        auto it = routes_.find({request.getMethod(), path});
        if (it != routes_.end()) {
            route = path;
            Status status = it->second(request, response);
            if (!status.ok()) Fail(request, response, status.error());
            return route;
        }
        for (const std::string& base : options_.base_paths) {
            if (raw_path.compare(0, base.size(), base) != 0) continue;
            if (raw_path.size() > base.size() && raw_path[base.size()] != '/') continue;
            std::map<std::string, std::string> params;
            const Resource* resource = Match(SplitPath(raw_path.substr(base.size())), params);
            if (resource == nullptr) break;
            route = resource->path_template;
            RestRequest rest{request, base, std::move(params),
                             ParseQuery(q == std::string::npos ? "" : uri.substr(q + 1)), ""};
            // The audit event is written once the response status is known, also for a refusal
            // below; the request id ties the client's view to the event.
            const std::string request_id = NewUuidV4();
            if (options_.audit) response.set("X-Request-Id", request_id);
            std::optional<auth::Principal> principal;
            Status allowed = OkStatus();
            if (options_.authenticator) {
                auto authenticated = options_.authenticator->Authenticate(request);
                if (!authenticated.ok()) {
                    response.set("WWW-Authenticate", options_.authenticator->Challenge());
                    allowed = std::move(authenticated).error();
                } else {
                    principal = std::move(authenticated).value();
                    rest.principal = &*principal;
                    if (!principal->Can(auth::RequiredPermission(request.getMethod(),
                                                                 resource->path_template))) {
                        allowed = Forbidden("user '" + principal->name + "' may not " +
                                            request.getMethod() + " " + resource->path_template);
                    } else if (!rest.Param("ehr_id").empty() &&
                               !auth::CanAccessEhr(rest.principal, rest.Param("ehr_id"))) {
                        allowed = Forbidden("user '" + principal->name +
                                            "' has no need-to-know access to EHR " + rest.Param("ehr_id"));
                    }
                }
            }
            if (!allowed.ok()) {
                // Read and drop the body (bounded) so the client sees the answer rather
                // than a reset connection; close when it is larger than that.
                if (!DiscardBody(request, options_.max_body_bytes + kDrainBytes)) {
                    response.setKeepAlive(false);
                }
                Fail(request, response, allowed.error());
            } else {
                Status status = DispatchResource(*resource, rest, response);
                if (!status.ok()) Fail(request, response, status.error());
            }
            if (options_.audit) Audit(rest, route, path, request_id, response);
            return route;
        }
        if (!DiscardBody(request, options_.max_body_bytes + kDrainBytes)) {
            response.setKeepAlive(false);
        }
        SendProblem(response, HTTPResponse::HTTP_NOT_FOUND,
                    "no resource for " + request.getMethod() + " " + path);
    } catch (const Poco::Exception& e) {
        Fail(request, response, ErrorFromPocoException(e));
    } catch (const std::exception& e) {
        Fail(request, response, Error::Internal(e.what()));
    } catch (...) {
        Fail(request, response, Error::Internal("unknown exception"));
    }
    return route;
}

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new DispatchingHandler(*this);
}

const std::string& RestRequest::Param(const std::string& name) const {
    static const std::string kEmpty;
    auto it = params.find(name);
    return it == params.end() ? kEmpty : it->second;
}

std::optional<std::string> RestRequest::Query(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::string RestRequest::Header(const std::string& name) const { return http.get(name, ""); }

std::vector<std::string> SplitPath(const std::string& raw_path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i <= raw_path.size()) {
        size_t j = raw_path.find('/', i);
        if (j == std::string::npos) j = raw_path.size();
        if (j > i) {
            std::string decoded;
            Poco::URI::decode(raw_path.substr(i, j - i), decoded);
            out.push_back(std::move(decoded));
        }
        i = j + 1;
    }
    return out;
}

std::map<std::string, std::string> ParseQuery(const std::string& raw_query) {
    std::map<std::string, std::string> out;
    size_t i = 0;
    while (i < raw_query.size()) {
        size_t j = raw_query.find('&', i);
        if (j == std::string::npos) j = raw_query.size();
        std::string pair = raw_query.substr(i, j - i);
        if (!pair.empty()) {
            // '+' is a space in a query (form encoding); Poco's decode only honours that after a
            // '?', so replace it before decoding ('%2B' stays a plus).
            std::replace(pair.begin(), pair.end(), '+', ' ');
            size_t eq = pair.find('=');
            std::string name, value;
            Poco::URI::decode(pair.substr(0, eq), name);
            if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
            out.emplace(std::move(name), std::move(value));
        }
        i = j + 1;
    }
    return out;
}

}  // namespace kjerne::server::http
