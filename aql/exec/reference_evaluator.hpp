// aql/exec/reference_evaluator.hpp
//
// The reference AQL evaluator: decodes nothing cleverly and plans nothing — for every EHR
// it walks the RM trees literally, binds the FROM variables by containment, filters with
// WHERE, projects, sorts and limits. It is the meaning of a query: the planned engine over
// the store's index must return the same rows (differential tests), and the .test suites
// pin this one to expected results.
//
// Semantics worth knowing (AQL 1.1 plus EHRbase's behaviour where the spec is silent):
// - CONTAINS is strict descent within one composition; EHR contains its compositions;
//   AND binds both sides under the same parent (their product), OR either side (the other's
//   variables null), `NOT CONTAINS` keeps parents without such a descendant.
// - EHRs whose EHR_STATUS.is_queryable is false are skipped unless the EHR class carries a
//   predicate (a query about one EHR rather than the population).
// - A path through a multiple-valued attribute yields every item; in SELECT, columns that
//   reach the same list (the first list on their path) are zipped item by item, others
//   multiply (EHRbase's array-valued paths). In WHERE a condition holds when any value
//   satisfies it; absent values make comparisons false.
// - Aggregates group by the non-aggregated columns.
#pragma once

#include <chrono>
#include <string>

#include "aql/exec/data_source.hpp"
#include "aql/exec/result_set.hpp"
#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/common/result.hpp"

namespace kjerne::aql {

struct ExecOptions {
    size_t max_rows = 100000;                      // result rows beyond this: kLimitExceeded
    std::chrono::milliseconds timeout{30000};      // wall time: kLimitExceeded
};

Result<ResultSet> ExecuteReference(const Query& query, std::string_view query_text, const DataSource& data,
                                   const QueryParameters& params = {}, const ExecOptions& options = {});

}  // namespace kjerne::aql
