// aql/plan/index_count.cpp — see index_count.hpp.
#include "aql/plan/index_count.hpp"

#include <algorithm>

#include "aql/plan/class_archetype.hpp"
#include "engine/bmm/rm_schema.hpp"
#include "engine/common/ascii.hpp"
#include "engine/common/glob.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {
namespace {

// '*' any run, '?' one character, the rest literal (as the reference's NodeIdMatches).
bool Matches(const std::string& pattern, std::string_view text) { return GlobMatch(pattern, text); }

class Builder {
public:
    explicit Builder(const QueryParameters& params) : params_(params), schema_(bmm::Schema::Rm()) {}

    std::optional<CountExpr> Build(const ContainsExpr& c, std::vector<std::string>& archetypes) {
        CountExpr out;
        switch (c.kind) {
            case ContainsExpr::Kind::kAnd:
            case ContainsExpr::Kind::kOr: {
                out.kind = c.kind == ContainsExpr::Kind::kAnd ? CountExpr::Kind::kAnd
                                                              : CountExpr::Kind::kOr;
                auto l = Build(*c.left, archetypes);
                auto r = l ? Build(*c.right, archetypes) : std::nullopt;
                if (!r) return std::nullopt;
                // Moved one by one: a braced list would copy both subtrees.
                out.children.reserve(2);
                out.children.push_back(std::move(*l));
                out.children.push_back(std::move(*r));
                return out;
            }
            case ContainsExpr::Kind::kNotContains: {
                out.kind = CountExpr::Kind::kNot;
                auto l = Build(*c.left, archetypes);
                if (!l) return std::nullopt;
                out.children.push_back(std::move(*l));
                return out;
            }
            case ContainsExpr::Kind::kClass:
                break;
        }
        if (!c.predicate || !c.version_predicate.empty() || c.version_condition)
            return std::nullopt;
        std::optional<std::string> archetype = ClassArchetype(*c.predicate, params_, PredicateExtras::kRefuse);
        bmm::TypeId type = schema_.Find(AsciiUpper(c.rm_type));
        if (!archetype || type == bmm::kNoType) return std::nullopt;
        out.archetype = std::move(*archetype);
        out.rm_types = *ConformingTypes(schema_.Name(type));  // the table built once
        out.not_contains = c.not_contains;
        archetypes.push_back(out.archetype);
        if (c.contains) {
            auto inner = Build(*c.contains, archetypes);
            if (!inner) return std::nullopt;
            out.children.push_back(std::move(*inner));
        }
        return out;
    }

private:
    const QueryParameters& params_;
    const bmm::Schema& schema_;
};

// Bindings of `e` strictly inside (lo, hi] of `rows` (pre-order).
int64_t Count(const CountExpr& e, const std::vector<store::IndexRow>& rows, int64_t lo,
              int64_t hi) {
    switch (e.kind) {
        case CountExpr::Kind::kAnd: {
            int64_t l = Count(e.children[0], rows, lo, hi);
            return l == 0 ? 0 : l * Count(e.children[1], rows, lo, hi);
        }
        case CountExpr::Kind::kOr:
            return Count(e.children[0], rows, lo, hi) + Count(e.children[1], rows, lo, hi);
        case CountExpr::Kind::kNot:
            return Count(e.children[0], rows, lo, hi) == 0 ? 1 : 0;
        case CountExpr::Kind::kClass:
            break;
    }
    int64_t n = 0;
    for (const store::IndexRow& r : rows) {
        if (r.num <= lo || r.num > hi) continue;
        if (std::find(e.rm_types.begin(), e.rm_types.end(), r.rm_type) == e.rm_types.end())
            continue;
        if (!Matches(e.archetype, r.archetype_id)) continue;
        if (e.children.empty()) {
            ++n;
            continue;
        }
        int64_t inner = Count(e.children[0], rows, r.num, r.num_cap);
        n += e.not_contains ? (inner == 0 ? 1 : 0) : inner;
    }
    return n;
}

}  // namespace

std::optional<IndexCount> PlanIndexCount(const Query& q, const QueryParameters& params) {
    if (q.distinct || q.where || !q.order_by.empty() || q.limit || q.offset || q.top ||
        q.columns.empty() || !q.from)
        return std::nullopt;
    for (const SelectColumn& col : q.columns) {
        auto* a = std::get_if<AggregateCall>(&col.expr);
        if (!a || !a->star || a->name != "COUNT") return std::nullopt;
    }
    const ContainsExpr* c = q.from.get();
    if (c->kind != ContainsExpr::Kind::kClass) return std::nullopt;
    if (IsRmClass(c->rm_type, "EHR")) {
        if (c->predicate || c->not_contains || !c->contains) return std::nullopt;
        c = c->contains.get();
        if (c->kind != ContainsExpr::Kind::kClass) return std::nullopt;
    }
    if (!IsRmClass(c->rm_type, "COMPOSITION") || !c->version_predicate.empty() || c->version_condition)
        return std::nullopt;
    IndexCount plan;
    plan.archetypes.reserve(4);  // a few classes: one allocation, not one per growth
    if (c->predicate) {
        plan.composition_archetype = ClassArchetype(*c->predicate, params, PredicateExtras::kRefuse);
        if (!plan.composition_archetype) return std::nullopt;
        plan.archetypes.push_back(*plan.composition_archetype);
    }
    plan.not_contains = c->not_contains;
    if (c->contains) {
        Builder b(params);
        plan.inner = b.Build(*c->contains, plan.archetypes);
        if (!plan.inner) return std::nullopt;
    }
    if (plan.archetypes.empty() && plan.inner) return std::nullopt;
    return plan;
}

int64_t CountBindings(const IndexCount& plan, const std::vector<store::IndexRow>& rows) {
    const store::IndexRow* root = !rows.empty() && rows.front().num == 0 ? &rows.front() : nullptr;
    if (plan.composition_archetype &&
        (!root || !Matches(*plan.composition_archetype, root->archetype_id)))
        return 0;
    if (!plan.inner) return 1;
    int64_t hi = root ? root->num_cap : INT64_MAX;
    int64_t inner = Count(*plan.inner, rows, 0, hi);
    return plan.not_contains ? (inner == 0 ? 1 : 0) : inner;
}

}  // namespace kjerne::aql
