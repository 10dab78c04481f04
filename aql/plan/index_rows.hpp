// aql/plan/index_rows.hpp
//
// Rows the store's indexes answer without decoding a composition (engine/store/leaf_scan.hpp,
// Store::ScanIndexRows), for
//   SELECT <columns> FROM [EHR e[ehr_id/value = ...]] CONTAINS COMPOSITION c
//          CONTAINS X o[archetype id or pattern]
//   [WHERE ...] [ORDER BY ...] [LIMIT / OFFSET / TOP] [DISTINCT]
// with no aggregate, no predicate on c or beside o's archetype, the EHR predicate (if any)
// made only of `ehr_id/value = 'id' | $param` under AND / OR, WHERE (if any) a conjunction of
// e/ehr_id/value tests (ehr_ids.hpp) and — when the EHRs are named — leaf conditions on o
// (`o/<leaf path> op number`, leaf_paths.hpp), and every column (and
// every ORDER BY path) one of: e/ehr_id/value, c/uid/value,
// c/context/start_time/value (the composition's header leaves), o/<leaf path> (leaf_paths.hpp).
// Why these are the reference's rows: its bindings are exactly the index's nodes (as for
// index_aggregate.hpp), met in the same order; each column's values for a binding are the
// node's (or its composition's) leaf rows at that path in pre-order, each with the first list
// its path goes through item by item (LeafRow::list_at, computed with the reference's
// single-match rule), so ZipColumns (aql/exec/zip_rows.hpp) makes the same rows; the cells
// are the same Scalars' JSON, and ORDER BY, DISTINCT and LIMIT run in the reference's own
// Finish (EhrByEhrEvaluator::AddRows). e/ehr_id/value and c/uid/value are the stored ids the
// reference reads (the store writes the version uid into the payload).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/store/candidate_scan.hpp"
#include "engine/store/leaf_scan.hpp"

namespace kjerne::aql {

struct IndexRows {
    // Where a column's (or an ORDER BY key's) values come from.
    struct Source {
        enum class Kind { kEhrId, kHeader, kNode } kind = Kind::kEhrId;
        size_t path = 0;  // into scan.header_paths (kHeader) or scan.node_paths (kNode)
    };
    store::IndexRowScan scan;
    std::vector<Source> columns;  // one per SELECT column
    // Per ORDER BY key: the source of the binding's first value, for keys naming no column
    // (nullopt for those that name one: the evaluator sorts by the row's cell).
    std::vector<std::optional<Source>> order_keys;
    // WHERE's leaf conditions on o (kLeaf), each with its path in scan.node_paths: a binding
    // passes when every one has a value of o's that satisfies it.
    std::vector<store::IndexCondition> where;
    std::vector<size_t> where_paths;
};

// nullopt unless the query has the shape above. The scan names the predicate's EHRs, exactly
// the planner's restriction (query_plan.hpp) for such a predicate.
std::optional<IndexRows> PlanIndexRows(const Query& query, const QueryParameters& params);

}  // namespace kjerne::aql
