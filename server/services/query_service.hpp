// server/services/query_service.hpp
//
// Owns AQL execution for the application (the REST Query API, `kjerne bench rest`): parse,
// apply the request's paging and EHR scope, run through the aql module, enforce the configured
// limits. The one call into the aql engine is Run (query_service.cpp): the planned executor
// over the store's containment index (aql/exec/planned_executor.hpp), whose rows are the
// reference evaluator's.
//
// Semantics at this edge (openEHR REST Query API, EHRbase where the spec is silent):
// - `ehr_id` restricts the query to one EHR (404 when it does not exist) and is also bound as
//   the parameter $ehr_id unless the request binds that itself.
// - `offset` / `fetch` page the result; a query that has its own LIMIT, OFFSET or TOP cannot be
//   paged again (400), as the spec says of fetch and TOP.
// - Errors: AQL syntax / variables / parameters -> kInvalidArgument with the line:col
//   (400); more result rows than max_rows -> kInvalidArgument (400: the client must page); the
//   time limit -> kLimitExceeded with issue code AQL_TIMEOUT (the handler answers 408).
// Thread-safety: stateless over a thread-safe Store; share freely.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "aql/exec/result_set.hpp"
#include "aql/exec/scalar.hpp"
#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

namespace kjerne::server::services {

struct QueryLimits {
    size_t max_rows = 100000;                  // rows one response may carry (as ServerConfig)
    std::chrono::milliseconds timeout{30000};  // evaluation wall time
};

struct QueryRequest {
    std::string q;                  // the AQL text
    aql::QueryParameters params;    // $name -> value (names without '$')
    std::optional<int64_t> offset;  // rows to skip (>= 0)
    std::optional<int64_t> fetch;   // rows to return at most (>= 0)
    std::string ehr_id;             // "" = a population query
    // Need-to-know (server/auth/access_policy.hpp): when set, the query sees these EHRs only —
    // the plan's candidate EHRs are intersected with it, so counts and limits are over them.
    std::optional<std::set<std::string>> ehr_scope;
};

// The issue code of a query that ran out of time (the REST edge answers 408).
inline constexpr const char* kQueryTimeoutCode = "AQL_TIMEOUT";
bool IsQueryTimeout(const Error& error);

class QueryService {
public:
    // `store` must outlive the service.
    explicit QueryService(store::Store& store, QueryLimits limits = {})
        : store_(store), limits_(limits) {}

    const QueryLimits& limits() const { return limits_; }

    Result<aql::ResultSet> Execute(const QueryRequest& request) const;

private:
    store::Store& store_;
    QueryLimits limits_;
};

}  // namespace kjerne::server::services
