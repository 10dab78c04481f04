// aql/plan/class_archetype.cpp — see class_archetype.hpp.
#include "aql/plan/class_archetype.hpp"

#include "engine/store/containment_index.hpp"

namespace kjerne::aql {

std::optional<std::string> ClassArchetype(const NodePredicate& p, const QueryParameters& params,
                                          PredicateExtras extras) {
    std::string id;
    if (p.kind == NodePredicate::Kind::kNodeId) {
        if (extras == PredicateExtras::kRefuse &&
            (p.name || !p.name_code.empty() || p.parameter || p.path || p.operand))
            return std::nullopt;
        id = p.node_id;
    } else if (p.kind == NodePredicate::Kind::kParameter && p.parameter) {
        auto it = params.find(p.parameter->name);
        if (it == params.end() || it->second.kind != Scalar::Kind::kString) return std::nullopt;
        id = it->second.s;
    } else {
        return std::nullopt;
    }
    if (!store::LooksLikeArchetypeId(id.substr(0, id.find_first_of("*?")))) return std::nullopt;
    return id;
}

}  // namespace kjerne::aql
