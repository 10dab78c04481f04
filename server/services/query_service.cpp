// server/services/query_service.cpp — see query_service.hpp.
#include "server/services/query_service.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "aql/exec/planned_executor.hpp"
#include "aql/parser/parser.hpp"
#include "aql/plan/query_plan.hpp"

namespace kjerne::server::services {
namespace {

// The aql module's public entry: the planned executor over the store's containment index
// (aql/exec/planned_executor.hpp), which returns the reference evaluator's rows. The request's
// EHR scope narrows the plan's EHRs (an AQL ehr_id predicate may already have); the EHR is
// looked up first so an unknown one is 404 rather than an empty result.
Result<aql::ResultSet> Run(store::Store& store, const aql::Query& query, const std::string& text,
                           const aql::QueryParameters& params, const std::string& ehr_id,
                           const std::optional<std::set<std::string>>& ehr_scope,
                           const aql::ExecOptions& options) {
    aql::QueryPlan plan = aql::PlanQuery(query, params);
    if (ehr_scope) {
        store::CandidateScan& scan = plan.scan;
        std::vector<std::string> allowed;
        if (!scan.restrict_ehrs) {
            allowed.assign(ehr_scope->begin(), ehr_scope->end());
        } else {
            for (const std::string& id : scan.ehr_ids) {
                if (ehr_scope->count(id)) allowed.push_back(id);
            }
        }
        scan.restrict_ehrs = true;
        scan.ehr_ids = std::move(allowed);
    }
    if (!ehr_id.empty()) {
        KJ_TRY(store.GetEhr(ehr_id));
        store::CandidateScan& scan = plan.scan;
        const bool allowed =
            !scan.restrict_ehrs ||
            std::find(scan.ehr_ids.begin(), scan.ehr_ids.end(), ehr_id) != scan.ehr_ids.end();
        scan.restrict_ehrs = true;
        scan.ehr_ids = allowed ? std::vector<std::string>{ehr_id} : std::vector<std::string>{};
    }
    return aql::ExecutePlan(plan, query, text, store, params, options, nullptr);
}

// Limits other than time are the client's to fix (a smaller page, a shorter query): 400.
Error AsClientError(Error error) {
    if (error.code() != ErrorCode::kLimitExceeded || IsQueryTimeout(error)) return error;
    std::string message = error.message();
    if (!error.issues().empty() && error.issues().front().code == "AQL_TOO_MANY_ROWS") {
        message += "; page the result with offset and fetch";
    }
    return Error(ErrorCode::kInvalidArgument, std::move(message), error.issues());
}

}  // namespace

bool IsQueryTimeout(const Error& error) {
    return error.code() == ErrorCode::kLimitExceeded && !error.issues().empty() &&
           error.issues().front().code == kQueryTimeoutCode;
}

Result<aql::ResultSet> QueryService::Execute(const QueryRequest& request) const {
    if (request.q.empty()) return Error::InvalidArgument("query: no AQL given (q)");
    auto parsed = aql::Parse(request.q);
    if (!parsed.ok()) return AsClientError(parsed.error());
    aql::Query query = std::move(parsed).value();
    if (Status vars = aql::CheckVariables(query); !vars.ok()) return AsClientError(vars.error());

    if (request.offset || request.fetch) {
        if (query.limit || query.offset || query.top) {
            return Error::InvalidArgument(
                "query: offset/fetch cannot be combined with LIMIT, OFFSET or TOP in the query");
        }
        if (request.offset && *request.offset < 0)
            return Error::InvalidArgument("query: offset < 0");
        if (request.fetch && *request.fetch < 0) return Error::InvalidArgument("query: fetch < 0");
        query.offset = request.offset;
        query.limit = request.fetch;
    }
    aql::QueryParameters params = request.params;
    if (!request.ehr_id.empty() && !params.count("ehr_id")) {
        params["ehr_id"] = aql::Scalar::String(request.ehr_id);
    }
    aql::ExecOptions options;
    options.max_rows = limits_.max_rows;
    options.timeout = limits_.timeout;
    auto rs = Run(store_, query, request.q, params, request.ehr_id, request.ehr_scope, options);
    if (!rs.ok()) return AsClientError(rs.error());
    return rs;
}

}  // namespace kjerne::server::services
