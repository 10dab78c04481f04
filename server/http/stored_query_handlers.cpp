// server/http/stored_query_handlers.cpp — DEFINITION: stored queries (openEHR REST definition
// API; see query_routes.hpp, services/stored_query_service.hpp for names and versions).
//   PUT /definition/query/{qualified_query_name}[/{version}]  text/plain AQL (or JSON {"q"})
//       -> 200, Location of the stored version, the StoredQuery as body; 400 (name, version,
//       AQL with line:col), 409 (that version exists), 415
//   GET /definition/query[/{qualified_query_name}]  -> 200, every version of every query whose
//       name starts with the given one
//   GET /definition/query/{qualified_query_name}/{version}  -> 200 StoredQuery, 404
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <utility>

#include "server/http/negotiation.hpp"
#include "server/http/query_json.hpp"
#include "server/http/query_routes.hpp"
#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

const char* const kDefinitionQuery = "/definition/query";

// The AQL of a PUT: the body as text/plain (the spec), or {"q": ...} as application/json.
Result<std::string> QueryText(const RestRequest& req) {
    const std::string type = req.Header("Content-Type");
    if (type.empty() || type.rfind("text/plain", 0) == 0) return req.body;
    if (type.find("json") != std::string::npos) {
        try {
            Poco::JSON::Parser parser;
            auto parsed = parser.parse(req.body);
            if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
                auto object = parsed.extract<Poco::JSON::Object::Ptr>();
                if (object->has("q")) return object->getValue<std::string>("q");
            }
        } catch (const Poco::Exception& e) {
            return Error::InvalidArgument("stored query: the body is not valid JSON: " +
                                          e.displayText());
        }
        return Error::InvalidArgument("stored query: a JSON body needs q (the AQL)");
    }
    return UnsupportedMediaType("a stored query is sent as text/plain AQL");
}

Status Put(RestRequest& req, HTTPServerResponse& resp, services::StoredQueryService& queries) {
    KJ_TRY(ResponseFormat(req, false));
    KJ_ASSIGN_OR_RETURN(std::string aql, QueryText(req));
    KJ_ASSIGN_OR_RETURN(store::StoredQueryRecord stored,
                        queries.Store(req.Param("qualified_query_name"), req.Param("version"),
                                      req.Query("query_type").value_or(""), aql));
    std::string name;
    Poco::URI::encode(stored.name, "/?#&=+%", name);
    resp.set("Location",
             LocationUrl(req, std::string(kDefinitionQuery) + "/" + name + "/" + stored.version));
    SendText(resp, HTTPResponse::HTTP_OK, kJsonType, StoredQueryJson(stored));
    return OkStatus();
}

Status List(RestRequest& req, HTTPServerResponse& resp, services::StoredQueryService& queries) {
    KJ_TRY(ResponseFormat(req, false));
    KJ_ASSIGN_OR_RETURN(auto list, queries.List(req.Param("qualified_query_name")));
    SendText(resp, HTTPResponse::HTTP_OK, kJsonType, StoredQueryListJson(list));
    return OkStatus();
}

}  // namespace

void AddStoredQueryRoutes(Router& router, std::shared_ptr<QueryServices> services) {
    auto s = std::move(services);
    const std::string one = std::string(kDefinitionQuery) + "/{qualified_query_name}";
    const std::string version = one + "/{version}";

    router.AddResource("PUT", one, [s](RestRequest& req, HTTPServerResponse& resp) {
        return Put(req, resp, s->stored_queries);
    });
    router.AddResource("PUT", version, [s](RestRequest& req, HTTPServerResponse& resp) {
        return Put(req, resp, s->stored_queries);
    });
    router.AddResource("GET", kDefinitionQuery, [s](RestRequest& req, HTTPServerResponse& resp) {
        return List(req, resp, s->stored_queries);
    });
    router.AddResource("GET", one, [s](RestRequest& req, HTTPServerResponse& resp) {
        return List(req, resp, s->stored_queries);
    });
    router.AddResource("GET", version, [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_TRY(ResponseFormat(req, false));
        KJ_ASSIGN_OR_RETURN(
            store::StoredQueryRecord q,
            s->stored_queries.Get(req.Param("qualified_query_name"), req.Param("version")));
        SendText(resp, HTTPResponse::HTTP_OK, kJsonType, StoredQueryJson(q));
        return OkStatus();
    });
}

}  // namespace kjerne::server::http
