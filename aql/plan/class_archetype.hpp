// aql/plan/class_archetype.hpp
//
// The archetype a FROM class predicate asks for, as the index answers (index_count,
// index_aggregate, top_k) need it: its node id or a string $parameter's value — an exact id or
// a `*`/`?` pattern — when the literal part before the first wildcard is shaped like an
// archetype id, so that every node it can match is a containment index row.
// Also the small questions about FROM classes every planner step asks (is it this class, is it
// a pattern, which RM types does it cover), answered without building strings: the planner
// runs per query, and these were most of its cost.
// Thread-safety: pure functions (ConformingTypes reads a table built once, then constant).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"

namespace kjerne::aql {

enum class PredicateExtras {
    kAllow,   // a name / name code / path comparison beside the id is evaluated elsewhere
    kRefuse,  // the caller answers from the index alone: such a predicate says more than it
              // can check, so nullopt
};

std::optional<std::string> ClassArchetype(const NodePredicate& p, const QueryParameters& params,
                                          PredicateExtras extras);

// Where a node id's first '*' or '?' wildcard is (npos for an exact id). Two memchr scans:
// find_first_of("*?") looks the set up once per character.
inline size_t FirstWildcard(std::string_view id) {
    return std::min(id.find('*'), id.find('?'));
}
inline bool HasWildcard(std::string_view id) { return FirstWildcard(id) != std::string_view::npos; }

// Whether every node id `pattern` can match looks like an archetype id: true when the literal
// part before the first wildcard does (it fixes the first dot, the dashes before it and a ".v"
// after it), so that the containment index holds every node it matches.
bool IndexableArchetype(std::string_view pattern);

// a == b for the short names the planner compares (variables, attributes) without a call to
// memcmp for every pair of equal length.
inline bool SameName(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// Whether `rm_type` (a FROM class as written) is the class `upper`, ignoring ASCII case as the
// RM's class names do (AsciiUpper(rm_type) == upper, without the copy).
inline bool IsRmClass(std::string_view rm_type, std::string_view upper) {
    if (rm_type.size() != upper.size()) return false;
    for (size_t i = 0; i < upper.size(); ++i) {
        char ch = rm_type[i];
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        if (ch != upper[i]) return false;
    }
    return true;
}

// A FROM class with nothing but its type and predicate: no NOT CONTAINS, no version
// predicate or condition (the shapes the index-only plans take apart).
bool PlainClass(const ContainsExpr& c);

// The RM class `rm_type` (upper case) and all its descendants' names, the rm_type values a
// FROM class of that name binds; nullptr for a class the RM does not have. Computed once:
// planners ask per query.
const std::vector<std::string>* ConformingTypes(std::string_view rm_type);

}  // namespace kjerne::aql
