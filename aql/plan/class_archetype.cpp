// aql/plan/class_archetype.cpp — see class_archetype.hpp.
#include "aql/plan/class_archetype.hpp"

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

const std::vector<std::string>& RmTypeAndSubtypes(bmm::TypeId type) {
    static const std::vector<std::vector<std::string>> table = [] {
        const bmm::Schema& s = bmm::Schema::Rm();
        const auto n = static_cast<bmm::TypeId>(s.size());
        std::vector<std::vector<std::string>> out(s.size());
        for (bmm::TypeId super = 0; super < n; ++super)
            for (bmm::TypeId t = 0; t < n; ++t)
                if (s.IsSubtypeOf(t, super)) out[super].emplace_back(s.Name(t));
        return out;
    }();
    static const std::vector<std::string> none;
    return type == bmm::kNoType || type >= table.size() ? none : table[type];
}

}  // namespace kjerne::aql
