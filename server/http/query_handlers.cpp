// server/http/query_handlers.cpp — QUERY: ad-hoc and stored AQL execution (openEHR REST Query
// API; see query_routes.hpp, query_request.hpp for the request forms).
//   GET|POST /query/aql                               ad-hoc
//   GET|POST /query/{qualified_query_name}[/{version}] stored (latest / version or prefix)
// 200 with a RESULT_SET (query_json.hpp) and a weak ETag over its content; 400 for AQL errors
// (with line:col), bad parameters, paging a query that pages itself, or a result above the row
// limit (the client should page with offset/fetch); 404 for an unknown stored query or EHR;
// 408 when the query ran out of time (the spec's "query execution timeout").
#include <utility>

#include "engine/common/sha256.hpp"
#include "server/auth/access_policy.hpp"
#include "server/http/negotiation.hpp"
#include "server/http/query_json.hpp"
#include "server/http/query_request.hpp"
#include "server/http/query_routes.hpp"
#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

Status Execute(RestRequest& req, HTTPServerResponse& resp, const services::QueryService& queries,
               services::QueryRequest query, ResultSetMeta meta) {
    KJ_TRY(ResponseFormat(req, false));  // a RESULT_SET is JSON only (406 otherwise)
    query.ehr_scope = auth::ScopeForQuery(req.principal);
    req.audit.query_sha256 = Sha256Hex(query.q);  // the audit log keeps the query's hash, not rows
    auto rs = queries.Execute(query);
    if (!rs.ok()) {
        if (services::IsQueryTimeout(rs.error())) {
            // 408 has no ErrorCode of its own; it is this resource's answer to a time limit.
            SendProblem(resp, HTTPResponse::HTTP_REQUEST_TIMEOUT, rs.error().message());
            return OkStatus();
        }
        return rs.error();
    }
    meta.offset = query.offset;
    meta.fetch = query.fetch;
    if (req.http.getMethod() == "GET") {
        meta.href = LocationUrl(req, req.http.getURI().substr(
                                         std::min(req.base_path.size(), req.http.getURI().size())));
    }
    // The ETag names the content (columns and rows), not the response's creation time.
    resp.set("ETag", "W/\"" + Sha256Hex(rs->ToJson()).substr(0, 32) + "\"");
    req.audit.rows = static_cast<int64_t>(rs->rows.size());
    SendText(resp, HTTPResponse::HTTP_OK, kJsonType, ResultSetJson(*rs, meta));
    return OkStatus();
}

// A stored query request: the definition's text with the request's paging and parameters.
Status ExecuteStored(RestRequest& req, HTTPServerResponse& resp, QueryServices& s, bool post) {
    const std::string name = req.Param("qualified_query_name");
    KJ_ASSIGN_OR_RETURN(services::QueryRequest query,
                        post ? QueryRequestFromPost(req, false) : QueryRequestFromGet(req, false));
    KJ_ASSIGN_OR_RETURN(store::StoredQueryRecord stored,
                        s.stored_queries.Get(name, req.Param("version")));
    query.q = stored.q;
    ResultSetMeta meta;
    meta.name = stored.name;
    return Execute(req, resp, s.queries, query, std::move(meta));
}

}  // namespace

void AddQueryRoutes(Router& router, std::shared_ptr<QueryServices> services) {
    auto s = std::move(services);

    router.AddResource(
        "GET", "/query/aql", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(services::QueryRequest query, QueryRequestFromGet(req, true));
            return Execute(req, resp, s->queries, query, {});
        });
    router.AddResource(
        "POST", "/query/aql", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(services::QueryRequest query, QueryRequestFromPost(req, true));
            return Execute(req, resp, s->queries, query, {});
        });
    for (const char* path :
         {"/query/{qualified_query_name}", "/query/{qualified_query_name}/{version}"}) {
        router.AddResource("GET", path, [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            return ExecuteStored(req, resp, *s, false);
        });
        router.AddResource("POST", path, [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            return ExecuteStored(req, resp, *s, true);
        });
    }
}

}  // namespace kjerne::server::http
