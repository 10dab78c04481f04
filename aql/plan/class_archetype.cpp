// aql/plan/class_archetype.cpp — see class_archetype.hpp.
#include "aql/plan/class_archetype.hpp"

#include <map>

#include "engine/bmm/rm_schema.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {

std::optional<std::string> ClassArchetype(const NodePredicate& p, const QueryParameters& params,
                                          PredicateExtras extras) {
    const std::string* id = nullptr;
    if (p.kind == NodePredicate::Kind::kNodeId) {
        if (extras == PredicateExtras::kRefuse &&
            (p.name || !p.name_code.empty() || p.parameter || p.path || p.operand))
            return std::nullopt;
        id = &p.node_id;
    } else if (p.kind == NodePredicate::Kind::kParameter && p.parameter) {
        auto it = params.find(p.parameter->name);
        if (it == params.end() || it->second.kind != Scalar::Kind::kString) return std::nullopt;
        id = &it->second.s;
    } else {
        return std::nullopt;
    }
    if (!IndexableArchetype(*id)) return std::nullopt;
    return *id;
}

bool IndexableArchetype(std::string_view pattern) {
    return store::LooksLikeArchetypeId(pattern.substr(0, FirstWildcard(pattern)));
}

bool PlainClass(const ContainsExpr& c) {
    return c.kind == ContainsExpr::Kind::kClass && !c.not_contains && c.version_predicate.empty() &&
           !c.version_condition;
}

const std::vector<std::string>* ConformingTypes(std::string_view rm_type) {
    static const std::map<std::string, std::vector<std::string>, std::less<>> table = [] {
        const bmm::Schema& schema = bmm::Schema::Rm();
        std::map<std::string, std::vector<std::string>, std::less<>> out;
        for (bmm::TypeId type = 0; type < static_cast<bmm::TypeId>(schema.size()); ++type) {
            std::vector<std::string>& names = out[std::string(schema.Name(type))];
            for (bmm::TypeId t = 0; t < static_cast<bmm::TypeId>(schema.size()); ++t)
                if (schema.IsSubtypeOf(t, type)) names.emplace_back(schema.Name(t));
        }
        return out;
    }();
    auto it = table.find(rm_type);
    return it == table.end() ? nullptr : &it->second;
}

}  // namespace kjerne::aql
