// aql/plan/index_aggregate.cpp — see index_aggregate.hpp.
#include "aql/plan/index_aggregate.hpp"

#include <algorithm>

#include "aql/plan/class_archetype.hpp"
#include "aql/plan/leaf_paths.hpp"
#include "engine/bmm/rm_schema.hpp"
#include "engine/common/ascii.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {
std::optional<IndexAggregate> PlanIndexAggregate(const Query& q, const QueryParameters& params) {
    if (q.distinct || !q.order_by.empty() || q.limit || q.offset || q.top || q.columns.empty() ||
        !q.from)
        return std::nullopt;
    const ContainsExpr* c = q.from.get();
    if (!PlainClass(*c)) return std::nullopt;
    if (IsRmClass(c->rm_type, "EHR")) {
        if (c->predicate || !c->contains) return std::nullopt;
        c = c->contains.get();
        if (!PlainClass(*c)) return std::nullopt;
    }
    if (!IsRmClass(c->rm_type, "COMPOSITION") || c->predicate || !c->contains) return std::nullopt;
    const ContainsExpr& o = *c->contains;
    if (!PlainClass(o) || o.contains || !o.predicate) return std::nullopt;
    std::optional<std::string> archetype = ClassArchetype(*o.predicate, params, PredicateExtras::kRefuse);
    if (!archetype) return std::nullopt;
    const bmm::Schema& schema = bmm::Schema::Rm();
    bmm::TypeId type = schema.Find(AsciiUpper(o.rm_type));
    if (type == bmm::kNoType) return std::nullopt;

    IndexAggregate plan;
    plan.scan.archetype = std::move(*archetype);
    plan.scan.queryable_only = true;  // no EHR predicate: the reference's population rule
    plan.scan.rm_types = *ConformingTypes(schema.Name(type));  // the table built once
    plan.columns.reserve(q.columns.size());
    for (const SelectColumn& col : q.columns) {
        auto* a = std::get_if<AggregateCall>(&col.expr);
        if (!a || a->distinct) return std::nullopt;
        IndexAggregate::Column out;
        if (a->star) {
            if (a->name != "COUNT") return std::nullopt;
            plan.needs_count = true;
            plan.columns.push_back(out);
            continue;
        }
        if (!a->path || a->path->variable != o.variable || o.variable.empty() || a->path->predicate)
            return std::nullopt;
        std::optional<std::string> leaf = LeafPathOf(a->path->path);
        if (!leaf) return std::nullopt;
        if (a->name == "COUNT")
            out.fn = IndexAggregate::Fn::kCount;
        else if (a->name == "SUM")
            out.fn = IndexAggregate::Fn::kSum;
        else if (a->name == "AVG")
            out.fn = IndexAggregate::Fn::kAvg;
        else if (a->name == "MIN")
            out.fn = IndexAggregate::Fn::kMin;
        else if (a->name == "MAX")
            out.fn = IndexAggregate::Fn::kMax;
        else
            return std::nullopt;
        auto at = std::find(plan.scan.paths.begin(), plan.scan.paths.end(), *leaf);
        out.path = static_cast<size_t>(at - plan.scan.paths.begin());
        if (at == plan.scan.paths.end()) plan.scan.paths.push_back(std::move(*leaf));
        plan.needs_leaves = true;
        plan.columns.push_back(out);
    }
    if (q.where) {
        auto conds = WhereOnlyLeafConditions(*q.where, o.variable, params);
        if (!conds || o.variable.empty()) return std::nullopt;
        for (const store::IndexCondition& c : *conds) {
            auto at = std::find(plan.scan.paths.begin(), plan.scan.paths.end(), c.leaf_path);
            plan.where_paths.push_back(static_cast<size_t>(at - plan.scan.paths.begin()));
            if (at == plan.scan.paths.end()) plan.scan.paths.push_back(c.leaf_path);
        }
        plan.where = std::move(*conds);
        plan.needs_leaves = true;
    }
    return plan;
}

}  // namespace kjerne::aql
