// aql/plan/index_rows.cpp — see index_rows.hpp.
#include "aql/plan/index_rows.hpp"

#include <algorithm>
#include <string_view>

#include "aql/plan/class_archetype.hpp"
#include "aql/plan/ehr_ids.hpp"
#include "aql/plan/leaf_paths.hpp"
#include "engine/common/ascii.hpp"

namespace kjerne::aql {
namespace {


bool PathIs(const ObjectPath& p, std::initializer_list<std::string_view> steps) {
    if (p.parts.size() != steps.size()) return false;
    size_t i = 0;
    for (std::string_view step : steps) {
        if (!SameName(p.parts[i].attribute, step) || p.parts[i].predicate) return false;
        ++i;
    }
    return true;
}

struct Vars {
    std::string ehr, composition, node;
};

// A view, so that the literal header paths are compared without building a string first.
size_t Intern(std::vector<std::string>& paths, std::string_view path) {
    auto at = std::find(paths.begin(), paths.end(), path);
    if (at != paths.end()) return static_cast<size_t>(at - paths.begin());
    paths.emplace_back(path);
    return paths.size() - 1;
}
// The same for a path the caller built: moved in, not copied.
size_t InternOwned(std::vector<std::string>& paths, std::string&& path) {
    auto at = std::find(paths.begin(), paths.end(), path);
    if (at != paths.end()) return static_cast<size_t>(at - paths.begin());
    paths.push_back(std::move(path));
    return paths.size() - 1;
}

// Where an identified path's values come from; nullopt when the index does not hold them.
std::optional<IndexRows::Source> SourceOf(const IdentifiedPath& p, const Vars& v, store::IndexRowScan& scan) {
    if (p.predicate || p.variable.empty()) return std::nullopt;
    IndexRows::Source s;
    if (p.variable == v.ehr && PathIs(p.path, {"ehr_id", "value"})) {
        s.kind = IndexRows::Source::Kind::kEhrId;
        return s;
    }
    if (p.variable == v.composition) {
        s.kind = IndexRows::Source::Kind::kHeader;
        if (PathIs(p.path, {"uid", "value"})) s.path = Intern(scan.header_paths, "/uid/value");
        else if (PathIs(p.path, {"context", "start_time", "value"}))
            s.path = Intern(scan.header_paths, "/context/start_time/value");
        else return std::nullopt;
        return s;
    }
    if (p.variable == v.node) {
        std::optional<std::string> leaf = LeafPathOf(p.path);
        if (!leaf) return std::nullopt;
        s.kind = IndexRows::Source::Kind::kNode;
        s.path = InternOwned(scan.node_paths, std::move(*leaf));
        return s;
    }
    return std::nullopt;
}

// ORDER BY <alias>, as the reference reads it: a bare name that is no FROM variable.
bool NamesAlias(const IdentifiedPath& p, const Query& q, const Vars& v) {
    if (!p.path.parts.empty() || p.predicate || p.variable == v.ehr || p.variable == v.composition ||
        p.variable == v.node)
        return false;
    return std::any_of(q.columns.begin(), q.columns.end(), [&](const SelectColumn& c) { return c.alias == p.variable; });
}

}  // namespace

std::optional<IndexRows> PlanIndexRows(const Query& q, const QueryParameters& params) {
    if (q.columns.empty() || !q.from) return std::nullopt;
    const ContainsExpr* c = q.from.get();
    if (!PlainClass(*c)) return std::nullopt;
    Vars vars;
    IndexRows plan;
    EhrIds ids;
    plan.scan.queryable_only = true;
    if (IsRmClass(c->rm_type, "EHR")) {
        if (!c->contains) return std::nullopt;
        if (c->predicate) {
            // The planner's restriction (query_plan.cpp) holds exactly these EHRs; the reference
            // then ignores is_queryable, as the scan does.
            if (!OnlyEhrIds(*c->predicate, params)) return std::nullopt;
            plan.scan.queryable_only = false;
            ids = PredicateEhrIds(*c->predicate, params);
        }
        vars.ehr = c->variable;
        c = c->contains.get();
        if (!PlainClass(*c)) return std::nullopt;
    }
    if (!IsRmClass(c->rm_type, "COMPOSITION") || c->predicate || !c->contains) return std::nullopt;
    vars.composition = c->variable;
    const ContainsExpr& o = *c->contains;
    if (!PlainClass(o) || o.contains || !o.predicate || o.variable.empty()) return std::nullopt;
    vars.node = o.variable;
    std::optional<std::string> archetype = ClassArchetype(*o.predicate, params, PredicateExtras::kRefuse);
    if (!archetype) return std::nullopt;
    const std::vector<std::string>* types = ConformingTypes(AsciiUpper(o.rm_type));
    if (!types) return std::nullopt;
    plan.scan.archetype = std::move(*archetype);
    plan.scan.rm_types = *types;
    // One allocation each: a column or key adds at most one path.
    plan.columns.reserve(q.columns.size());
    plan.order_keys.reserve(q.order_by.size());
    plan.scan.node_paths.reserve(q.columns.size() + q.order_by.size());
    plan.scan.header_paths.reserve(q.columns.size() + q.order_by.size());
    // WHERE: top-level conjuncts that are ehr_id tests on e (they narrow the EHRs exactly; the
    // is_queryable rule stays, as in the reference) or leaf conditions on o (a binding passes
    // when each has a satisfying value: the reference's existential comparison). Leaf
    // conditions only over named EHRs: over the population, the leaf index's value range
    // drives a decoding scan to the few passing compositions faster than every node's leaves.
    if (q.where) {
        std::vector<const WhereExpr*> conjuncts;
        WhereConjuncts(*q.where, conjuncts);
        for (const WhereExpr* w : conjuncts) {
            if (!vars.ehr.empty() && OnlyEhrIds(*w, vars.ehr, params)) {
                ids = IntersectEhrIds(std::move(ids), WhereEhrIds(*w, vars.ehr, params));
                continue;
            }
            // (an ehr_id test above cannot fail: its values are strings, no terminology)
            auto cond = WhereCannotFail(*w, params) ? LeafConditionOf(*w, params) : std::nullopt;
            if (!cond || cond->first != vars.node) return std::nullopt;
            plan.where_paths.push_back(Intern(plan.scan.node_paths, cond->second.leaf_path));
            plan.where.push_back(std::move(cond->second));
        }
        if (!plan.where.empty() && !ids) return std::nullopt;
    }
    if (ids) {
        plan.scan.restrict_ehrs = true;
        plan.scan.ehr_ids = std::move(*ids);
    }
    for (const SelectColumn& col : q.columns) {
        auto* p = std::get_if<IdentifiedPath>(&col.expr);
        if (!p) return std::nullopt;
        std::optional<IndexRows::Source> s = SourceOf(*p, vars, plan.scan);
        if (!s) return std::nullopt;
        plan.columns.push_back(*s);
    }
    for (const OrderBy& ob : q.order_by) {
        if (NamesAlias(ob.path, q, vars)) {
            plan.order_keys.push_back(std::nullopt);
            continue;
        }
        std::optional<IndexRows::Source> s = SourceOf(ob.path, vars, plan.scan);
        if (!s) return std::nullopt;
        plan.order_keys.push_back(*s);
    }
    return plan;
}

}  // namespace kjerne::aql
