// aql/plan/index_aggregate.hpp
//
// Aggregates the store answers from its indexes alone (engine/store/leaf_scan.hpp), for
//   SELECT COUNT(*) | COUNT(o/p) | SUM(o/p) | AVG(o/p) | MIN(o/p) | MAX(o/p), ...
//   FROM [EHR e CONTAINS] COMPOSITION c CONTAINS X o[archetype id or pattern]
// with no DISTINCT, ORDER BY, LIMIT/OFFSET/TOP, predicates on e or c, and every p a
// leaf path (leaf_paths.hpp); WHERE absent or only leaf conditions on o. Why that is the
// reference's answer: its bindings are exactly the nodes o of type X or a subtype whose
// archetype_node_id matches, strictly inside a latest non-deleted composition of an EHR with
// is_queryable (no EHR predicate) — the containment rows of those types with num > 0 that are not
// keyed by archetype_details; COUNT(*) counts them (under WHERE, the nodes that pass). The values of o/p are exactly o's leaf rows at
// p; the reference meets them EHR by EHR (creation order), composition by composition (creation), o
// in pre-order, values in pre-order, which is the order the store sorts them into, so SUM and AVG
// add the same doubles in the same order and MIN/MAX keep the same first extreme.
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

struct IndexAggregate {
    enum class Fn { kCountStar, kCount, kSum, kAvg, kMin, kMax };
    struct Column {
        Fn fn = Fn::kCountStar;
        size_t path = 0;  // into scan.paths (not kCountStar)
    };
    store::RootScan scan;
    std::vector<Column> columns;  // one per SELECT column, in order
    bool needs_count = false;     // a COUNT(*) column: the containment index counts the nodes
    bool needs_leaves = false;    // a path column (or a WHERE): the leaf index gives the values
    // WHERE made only of leaf conditions on o (leaf_paths.hpp): a node passes when each has a
    // value satisfying it (the reference's existential comparison); then COUNT(*) counts the
    // passing nodes and the aggregates take their values. `where_paths[i]` indexes scan.paths.
    std::vector<store::IndexCondition> where;
    std::vector<size_t> where_paths;
};

std::optional<IndexAggregate> PlanIndexAggregate(const Query& query, const QueryParameters& params);

}  // namespace kjerne::aql
