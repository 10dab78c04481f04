// aql/plan/class_archetype.hpp
//
// The archetype a FROM class predicate asks for, as the index answers (index_count,
// index_aggregate, top_k) need it: its node id or a string $parameter's value — an exact id or
// a `*`/`?` pattern — when the literal part before the first wildcard is shaped like an
// archetype id, so that every node it can match is a containment index row.
// Thread-safety: pure function.
#pragma once

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

// The RM class `rm_type` (upper case) and all its descendants' names, the rm_type values a
// FROM class of that name binds; nullptr for a class the RM does not have. Computed once:
// planners ask per query.
const std::vector<std::string>* ConformingTypes(std::string_view rm_type);

}  // namespace kjerne::aql
