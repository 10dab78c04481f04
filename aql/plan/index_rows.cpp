// aql/plan/index_rows.cpp — see index_rows.hpp.
#include "aql/plan/index_rows.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "aql/plan/class_archetype.hpp"
#include "aql/plan/leaf_paths.hpp"
#include "engine/common/ascii.hpp"

namespace kjerne::aql {
namespace {

bool PlainClass(const ContainsExpr& c) {
    return c.kind == ContainsExpr::Kind::kClass && !c.not_contains && c.version_predicate.empty() &&
           !c.version_condition;
}

bool PathIs(const ObjectPath& p, std::initializer_list<std::string_view> steps) {
    if (p.parts.size() != steps.size()) return false;
    size_t i = 0;
    for (std::string_view step : steps) {
        if (!SameName(p.parts[i].attribute, step) || p.parts[i].predicate) return false;
        ++i;
    }
    return true;
}

// The EHR predicate says nothing but which EHR ids: `ehr_id/value = 'id' | $string` under
// AND / OR, which the planner's EHR restriction (the store's ehr_id IN list) then decides
// exactly.
bool OnlyEhrIds(const NodePredicate& p, const QueryParameters& params) {
    switch (p.kind) {
        case NodePredicate::Kind::kAnd:
        case NodePredicate::Kind::kOr:
            return p.left && p.right && OnlyEhrIds(*p.left, params) && OnlyEhrIds(*p.right, params);
        case NodePredicate::Kind::kComparison: {
            if (p.op != "=" || !p.path || !PathIs(*p.path, {"ehr_id", "value"}) || !p.operand) return false;
            if (auto* prim = std::get_if<Primitive>(&p.operand->value))
                return prim->kind != Primitive::Kind::kInteger && prim->kind != Primitive::Kind::kReal &&
                       prim->kind != Primitive::Kind::kBoolean && prim->kind != Primitive::Kind::kNull;
            if (auto* par = std::get_if<Parameter>(&p.operand->value)) {
                auto it = params.find(par->name);
                return it != params.end() && it->second.kind == Scalar::Kind::kString;
            }
            return false;
        }
        default: return false;
    }
}

// The EHR ids such a predicate admits (AND intersects, OR unites), as the planner's EHR
// restriction computes them.
std::set<std::string> EhrIdsOf(const NodePredicate& p, const QueryParameters& params) {
    if (p.kind == NodePredicate::Kind::kComparison) {
        if (auto* prim = std::get_if<Primitive>(&p.operand->value)) return {prim->text};
        return {params.at(std::get<Parameter>(p.operand->value).name).s};
    }
    std::set<std::string> left = EhrIdsOf(*p.left, params), right = EhrIdsOf(*p.right, params), out;
    if (p.kind == NodePredicate::Kind::kOr) {
        left.insert(right.begin(), right.end());
        return left;
    }
    for (const std::string& id : left)
        if (right.count(id)) out.insert(id);
    return out;
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
    if (q.where || q.columns.empty() || !q.from) return std::nullopt;
    const ContainsExpr* c = q.from.get();
    if (!PlainClass(*c)) return std::nullopt;
    Vars vars;
    IndexRows plan;
    plan.scan.queryable_only = true;
    if (IsRmClass(c->rm_type, "EHR")) {
        if (!c->contains) return std::nullopt;
        if (c->predicate) {
            // The planner's restriction (query_plan.cpp) holds exactly these EHRs; the reference
            // then ignores is_queryable, as the scan does.
            if (!OnlyEhrIds(*c->predicate, params)) return std::nullopt;
            plan.scan.queryable_only = false;
            plan.scan.restrict_ehrs = true;
            std::set<std::string> ids = EhrIdsOf(*c->predicate, params);
            plan.scan.ehr_ids.assign(ids.begin(), ids.end());
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
