// aql/plan/top_k.cpp — see top_k.hpp.
#include "aql/plan/top_k.hpp"

#include "aql/plan/class_archetype.hpp"
#include "aql/plan/leaf_paths.hpp"
#include "engine/common/ascii.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {
namespace {

const ContainsExpr* ClassOf(const ContainsExpr* c, const std::string& variable) {
    if (!c) return nullptr;
    if (c->kind == ContainsExpr::Kind::kClass && c->variable == variable) return c;
    for (const ContainsExpr* next : {c->contains.get(), c->left.get(), c->right.get()})
        if (const ContainsExpr* found = ClassOf(next, variable)) return found;
    return nullptr;
}

}  // namespace

std::optional<TopK> PlanTopK(const Query& q, const QueryParameters& params, bool queryable_only) {
    if (!q.limit || q.top || q.distinct || q.order_by.size() != 1 || !q.from || *q.limit <= 0)
        return std::nullopt;
    if (q.where && !WhereCannotFail(*q.where, params)) return std::nullopt;
    // One composition per binding: under EHR, a single class chain.
    const ContainsExpr& top = *q.from;
    if (top.kind != ContainsExpr::Kind::kClass || top.not_contains) return std::nullopt;
    if (IsRmClass(top.rm_type, "EHR")) {
        if (!top.contains || top.contains->kind != ContainsExpr::Kind::kClass) return std::nullopt;
    }
    // The key: the alias of a column `v/leafpath`, or the path `v/leafpath` itself.
    for (const SelectColumn& c : q.columns)
        if (!std::holds_alternative<IdentifiedPath>(c.expr) && !std::holds_alternative<Primitive>(c.expr))
            return std::nullopt;  // functions can fail; aggregates are not rows
    const OrderBy& ob = q.order_by[0];
    const IdentifiedPath* key = nullptr;
    if (!ob.path.path.parts.empty()) {
        key = &ob.path;
    } else {
        // A bare name that is no FROM variable names a column by alias (the reference's rule;
        // the first column of that alias).
        if (ob.path.predicate || ClassOf(q.from.get(), ob.path.variable)) return std::nullopt;
        for (const SelectColumn& c : q.columns)
            if (c.alias == ob.path.variable) {
                key = std::get_if<IdentifiedPath>(&c.expr);
                if (!key) return std::nullopt;
                break;
            }
    }
    if (!key || key->predicate) return std::nullopt;
    std::optional<std::string> leaf = LeafPathOf(key->path);
    const ContainsExpr* cls = ClassOf(q.from.get(), key->variable);
    if (!leaf || !cls || !cls->predicate) return std::nullopt;
    std::optional<std::string> archetype = ClassArchetype(*cls->predicate, params, PredicateExtras::kAllow);
    if (!archetype) return std::nullopt;
    TopK t;
    t.scan.archetype = std::move(*archetype);
    t.scan.path = std::move(*leaf);
    t.scan.descending = ob.descending;
    t.scan.queryable_only = queryable_only;
    t.rows = static_cast<size_t>(*q.limit) +
             static_cast<size_t>(q.offset ? std::max<int64_t>(0, *q.offset) : 0);
    return t;
}

}  // namespace kjerne::aql
