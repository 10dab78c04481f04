// aql/plan/top_k.hpp
//
// ORDER BY one numeric leaf + LIMIT as a top-k over the leaf value index: the executor reads
// compositions in the order of their values at the key's path (engine/store/leaf_scan.hpp,
// ScanLeafOrder), evaluates a growing set S of them with the reference semantics in store
// order, and stops when the (offset+limit)-th row's key is strictly better than the value
// where S ended: every composition outside S has only values at most that good, so its rows
// sort after that row (the reference's sort is stable and S's rows keep their store order),
// and the first offset+limit rows of S's sorted rows are the reference's. Null keys sort last
// in the reference: when S's rows do not reach offset+limit non-null keys even with every
// composition that has a value, the executor evaluates everything instead.
// Applies when: LIMIT (not TOP), no DISTINCT or aggregates, one ORDER BY key naming by alias a
// SELECT column `v/leafpath` (leaf_paths.hpp) of a variable with an archetype predicate; every
// binding lies in one composition (no EHR-level AND / OR / NOT CONTAINS); columns are paths or
// literals and WHERE cannot fail (a composition left out must not hide an error); no EHR id
// restriction (that query reads one EHR anyway).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/store/leaf_scan.hpp"

namespace kjerne::aql {

struct TopK {
    store::LeafOrderScan scan;
    size_t column = 0;  // the SELECT column the key names
    size_t rows = 0;    // offset + limit
};

// `queryable_only` as the plan's scan decides it.
std::optional<TopK> PlanTopK(const Query& query, const QueryParameters& params,
                             bool queryable_only);

}  // namespace kjerne::aql
