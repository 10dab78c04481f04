// aql/plan/top_k.hpp
//
// ORDER BY one numeric leaf + LIMIT as a top-k over the leaf value index: the executor reads
// compositions in the order of their values at the key's path (engine/store/leaf_scan.hpp,
// ScanLeafOrder), evaluates a growing set S of them with the reference semantics in store
// order, and stops when the (offset+limit)-th row's key is strictly better than the value
// where S ended.
// Why that is the reference's answer. The key of a row is what the reference sorts it by
// (EhrByEhrEvaluator::RowKeys): for the alias of a column `v/leafpath` (or the same path
// without predicates, which names the column too) the row's cell, one of the values the path
// reaches from the binding's v node; for any other path `v/leafpath` the first value it reaches
// from that node, the same for every row of the binding, however the columns zip or multiply
// them. Either way a non-null key is one of the leaf index's values of that node at that path
// (leaf_paths.hpp: it holds all of them), so a composition's rows have keys among its indexed
// values, or null. A composition outside S has no value ahead of where S ended, so every
// non-null key of its rows is at most as good as that value (the index orders exactly, the
// reference compares doubles, and rounding keeps that order), hence strictly worse than the
// k-th row's key, and null keys sort last: all its rows sort after S's first k rows. S's
// rows are the reference's rows of those compositions (a binding lies in one composition and
// is found from it alone), and the reference's stable sort keeps their store order among
// equal keys, so the first offset+limit rows of S's sorted rows are the reference's. When S's
// rows do not reach offset+limit non-null keys even with every composition that has a value,
// the executor evaluates everything instead.
// Applies when: LIMIT (not TOP); no aggregates, nor DISTINCT (it drops rows between the sort
// and LIMIT; not argued here); one ORDER BY key, the alias of a SELECT column `v/leafpath` or a
// path `v/leafpath` (leaf_paths.hpp), v a variable with an archetype predicate; every binding
// lies in one composition (no EHR-level AND / OR / NOT CONTAINS); columns are paths or
// literals and WHERE cannot fail (a composition left out must not hide an error; a leaf path
// has only at-code predicates, so the key cannot fail either); no EHR id restriction (that
// query reads one EHR anyway).
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
    size_t rows = 0;  // offset + limit
};

// `queryable_only` as the plan's scan decides it.
std::optional<TopK> PlanTopK(const Query& query, const QueryParameters& params,
                             bool queryable_only);

}  // namespace kjerne::aql
