// aql/plan/index_count.hpp
//
// COUNT(*) over a CONTAINS expression answered from the containment index alone:
//   SELECT COUNT(*) [, COUNT(*) ...] FROM [EHR e CONTAINS] COMPOSITION c[archetype]?
//       [CONTAINS <expr>]
// where <expr> nests classes with an archetype predicate (id, `.v*` pattern or $param, nothing
// else), AND, OR and NOT CONTAINS; no WHERE, DISTINCT, ORDER BY, LIMIT/OFFSET/TOP. The
// reference's binding count per composition follows its Match literally: a class matches the
// index rows of its types (subtypes included) and archetype strictly inside its scope (num in
// (scope.num, scope.num_cap]), not keyed by archetype_details; a class with CONTAINS adds its
// inner count per matching node (NOT CONTAINS: 1 when that is 0); AND multiplies, OR adds, a
// NOT CONTAINS operand is 1 when its operand's count is 0. Compositions with no row of any of
// the query's archetypes count as the expression over no rows does. Latest non-deleted
// compositions of EHRs with is_queryable only (no EHR predicate).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/store/store_types.hpp"

namespace kjerne::aql {

struct CountExpr {
    enum class Kind { kClass, kAnd, kOr, kNot };
    Kind kind = Kind::kClass;
    std::string archetype;              // kClass: id or pattern
    std::vector<std::string> rm_types;  // kClass: the class and its subtypes
    bool not_contains = false;          // kClass: CONTAINS is NOT CONTAINS
    std::vector<CountExpr> children;    // kAnd/kOr: two; kNot: one; kClass: its CONTAINS, if any
};

struct IndexCount {
    std::optional<std::string> composition_archetype;  // c's archetype predicate, if any
    bool not_contains = false;                         // c NOT CONTAINS <expr>
    std::optional<CountExpr> inner;                    // c's CONTAINS expression
    std::vector<std::string> archetypes;               // every archetype the expressions name
};

std::optional<IndexCount> PlanIndexCount(const Query& query, const QueryParameters& params);

// The bindings of one composition, from its index rows of the plan's archetypes (pre-order,
// without rows keyed by archetype_details); an empty list gives the count of a composition
// without such rows.
int64_t CountBindings(const IndexCount& plan, const std::vector<store::IndexRow>& rows);

}  // namespace kjerne::aql
