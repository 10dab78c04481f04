// aql/exec/planned_executor.hpp
//
// The fast path: a query planned over the store's containment index (aql/plan/query_plan.hpp)
// reads and decodes only the candidate compositions, EHR by EHR, and feeds them to the
// reference semantics (EhrByEhrEvaluator), so it returns exactly the reference's rows
// (tests/aql/differential_test.cpp). Each EHR's documents are freed once it is evaluated; a
// LIMIT query without ORDER BY, aggregates or DISTINCT stops reading when its rows are there.
// Thread-safety: one call per thread; the Store may be shared.
#pragma once

#include <cstddef>
#include <string>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/plan/query_plan.hpp"
#include "engine/store/store.hpp"

namespace kjerne::aql {

// What a planned run read, for EXPLAIN, tests and benchmarks.
struct PlannedRunStats {
    size_t ehrs_visited = 0;
    size_t compositions_decoded = 0;
    bool stopped_early = false;  // a streaming LIMIT stopped the scan
    bool answered_from_index = false;  // an aggregate the indexes answered (no decoding)
    size_t top_k_compositions = 0;     // ORDER BY + LIMIT decided by this many compositions in value order
    size_t compositions_projected = 0;  // of compositions_decoded: only what the query reads (projection.hpp)
    size_t index_rows_nodes = 0;  // bindings whose rows the indexes gave (index_rows.hpp)
};

Result<ResultSet> ExecutePlanned(const Query& query, std::string_view query_text, store::Store& store,
                                 const QueryParameters& params = {}, const ExecOptions& options = {},
                                 PlannedRunStats* stats = nullptr);

// The same with a plan made beforehand (PlanQuery of this query and parameters).
Result<ResultSet> ExecutePlan(const QueryPlan& plan, const Query& query, std::string_view query_text,
                              store::Store& store, const QueryParameters& params, const ExecOptions& options,
                              PlannedRunStats* stats);

}  // namespace kjerne::aql
