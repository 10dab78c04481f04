// server/http/query_request.hpp
//
// Reads the query-execution requests of the openEHR REST Query API into a QueryRequest:
//   GET  ...?q=AQL&ehr_id=&offset=&fetch=&<name>=<value>...   (stored queries: no q)
//   POST {"q": AQL, "offset": n, "fetch": n, "query_parameters": {...}, "ehr_id": id}
// The EHR scope also comes from the `openehr-ehr-id` header. On GET every other URL parameter
// is a query parameter (the spec's form/explode style: ?systolic_bp=140); `query_parameters`
// may also carry them together as a JSON object (?query_parameters={"systolic_bp":140}). A GET
// value is typed as JSON would read it (140 a number, true a boolean, anything else text);
// POST values keep their JSON types. Objects and arrays as values are 400.
// Thread-safety: stateless functions.
#pragma once

#include "engine/common/result.hpp"
#include "server/http/router.hpp"
#include "server/services/query_service.hpp"

namespace kjerne::server::http {

// `with_q` false for stored queries (the text comes from the definition; a q is then 400).
Result<services::QueryRequest> QueryRequestFromGet(const RestRequest& request, bool with_q);
Result<services::QueryRequest> QueryRequestFromPost(const RestRequest& request, bool with_q);

}  // namespace kjerne::server::http
