// aql/exec/index_answers.hpp
//
// Queries the store's indexes answer without decoding a composition, planned by
// aql/plan/index_aggregate.hpp (aggregates of leaf values, COUNT(*) of one archetype),
// aql/plan/index_count.hpp (COUNT(*) of a CONTAINS expression) and aql/plan/index_rows.hpp
// (rows of leaf values with ids and start times): the result set the reference evaluator
// would give, aggregates built as its AggregateRows builds them, rows through its own zipping,
// ordering and limits. nullopt when the store cannot
// answer so (its leaf index is not ready) or the reference would fail (a row limit below 1);
// the planned executor then evaluates instead.
// Thread-safety: one call per thread; the Store may be shared.
#pragma once

#include <optional>
#include <string_view>

#include "aql/exec/planned_executor.hpp"
#include "aql/plan/index_aggregate.hpp"
#include "aql/plan/index_count.hpp"
#include "aql/plan/index_rows.hpp"

namespace kjerne::aql {

Result<std::optional<ResultSet>> ExecuteIndexAggregate(
    const IndexAggregate& plan, const Query& query, std::string_view query_text,
    store::Store& store, const ExecOptions& options, PlannedRunStats& stats);

Result<std::optional<ResultSet>> ExecuteIndexCount(const IndexCount& plan, const Query& query,
                                                   std::string_view query_text, store::Store& store,
                                                   const ExecOptions& options,
                                                   PlannedRunStats& stats);

// Rows from the indexes (aql/plan/index_rows.hpp): each binding's columns from its leaves,
// zipped as the reference zips them, then the reference's ORDER BY / DISTINCT / LIMIT.
Result<std::optional<ResultSet>> ExecuteIndexRows(const IndexRows& plan, const Query& query,
                                                  std::string_view query_text, store::Store& store,
                                                  const QueryParameters& params, const ExecOptions& options,
                                                  PlannedRunStats& stats);

}  // namespace kjerne::aql
