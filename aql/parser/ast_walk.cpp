// aql/parser/ast_walk.cpp — see ast_walk.hpp.
#include "aql/parser/ast_walk.hpp"

namespace kjerne::aql {

void ForEachIdentifiedPath(const Query& query, const std::function<void(const IdentifiedPath&)>& visit) {
    VisitIdentifiedPaths(query, visit);
}

}  // namespace kjerne::aql
