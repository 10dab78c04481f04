// aql/plan/leaf_paths.hpp
//
// Which query paths the store's leaf value index answers exactly, and which WHERE
// conditions it can decide (engine/store/containment_index.hpp, ComputeObjectIndex).
// A path `v/p` is a leaf path when every step names an at-code node id (or none, for an
// attribute of a data value) and it ends in magnitude, numerator or denominator: the RM has
// those attributes only on DV_QUANTITY, DV_COUNT and DV_PROPORTION, whose values the index
// keeps all of. Then the values the reference reaches from v's node are exactly the index rows
// of v's node (root_num) under that path, in `ord` order: an at-code step never enters a
// nested archetype root. `/value` ends are not used although DV_ORDINAL values are stored:
// DV_TEXT, DV_BOOLEAN and the dates end in `value` too, and a text "150" compares as a number.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/store/candidate_scan.hpp"

namespace kjerne::aql {

// The stored form of `path` ('/data[at0001]/.../value/magnitude'), or nullopt when the
// index does not answer it exactly.
std::optional<std::string> LeafPathOf(const ObjectPath& path);

// True when evaluating `w` on any binding cannot fail (no function call, LIKE, terminology,
// missing $parameter or path predicate that can fail): then leaving out a composition whose
// bindings all fail a conjunct cannot hide an error the reference would report.
bool WhereCannotFail(const WhereExpr& w, const QueryParameters& params);

// A number the leaf index compares like the reference does (an integer or real literal or
// parameter; |v| <= 2^52, where SQLite's exact and the reference's double comparison agree).
std::optional<store::LeafBound> LeafBoundOf(const Terminal& t, const QueryParameters& params);

// One WHERE comparison `v/leafpath op number` (op < <= > >= =, either side) as v's kLeaf
// condition; nullopt when it is not one.
std::optional<std::pair<std::string, store::IndexCondition>> LeafConditionOf(const WhereExpr& comparison,
                                                                             const QueryParameters& params);

// WHERE's top-level conjuncts (the operands of its outermost ANDs), in order.
void WhereConjuncts(const WhereExpr& w, std::vector<const WhereExpr*>& out);

// Whether a leaf value satisfies a kLeaf condition, compared as the reference compares.
bool LeafValueSatisfies(const Scalar& value, const store::IndexCondition& c);

// Per FROM variable, the kLeaf conditions implied by WHERE's top-level conjuncts
// `v/leafpath op number` (op < <= > >= =, either side): every row that passes WHERE binds v
// to a node with such a value. Empty when WHERE can fail.
std::map<std::string, std::vector<store::IndexCondition>> WhereLeafConditions(
    const WhereExpr& w, const QueryParameters& params);

// The leaf conditions of `w` when EVERY top-level conjunct is one on `variable` (so the leaf
// index decides WHERE alone); nullopt otherwise.
std::optional<std::vector<store::IndexCondition>> WhereOnlyLeafConditions(
    const WhereExpr& w, const std::string& variable, const QueryParameters& params);

}  // namespace kjerne::aql
