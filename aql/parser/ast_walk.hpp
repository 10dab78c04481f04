// aql/parser/ast_walk.hpp
//
// Visits the identified paths of a query — SELECT columns, aggregate and function arguments
// (nested calls too), WHERE operands (comparisons, LIKE, MATCHES values, EXISTS) and ORDER BY
// keys — for the planner's questions "which paths does this query read?". Predicates inside
// the paths are the caller's to look into.
// Thread-safety: pure function.
#pragma once

#include <functional>

#include "aql/parser/ast.hpp"

namespace kjerne::aql {

void ForEachIdentifiedPath(const Query& query, const std::function<void(const IdentifiedPath&)>& visit);

}  // namespace kjerne::aql
