// aql/plan/query_plan.cpp — see query_plan.hpp.
#include "aql/plan/query_plan.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

#include <re2/re2.h>

#include "aql/parser/ast_walk.hpp"
#include "aql/plan/class_archetype.hpp"
#include "aql/plan/ehr_ids.hpp"
#include "aql/plan/leaf_paths.hpp"
#include "engine/bmm/rm_schema.hpp"
#include "engine/common/ascii.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {
namespace {

using store::IndexCondition;
using Kind = IndexCondition::Kind;

// Classes the containment index does not hold: VERSION / VERSIONED_OBJECT (history) and
// FOLDER (the directory: its rows are not indexed, and what a folder contains depends on its
// items' references). The EHRs such a query visits are read whole.
bool IsWholeEhrClass(std::string_view type) {
    return IsRmClass(type, "VERSION") || IsRmClass(type, "VERSIONED_OBJECT") || IsRmClass(type, "FOLDER");
}

// --- condition algebra (folding constants keeps EXPLAIN and the SQL small) -----------------
IndexCondition Combine(Kind kind, IndexCondition a, IndexCondition b) {
    const Kind absorbing = kind == Kind::kAnd ? Kind::kFalse : Kind::kTrue;
    const Kind neutral = kind == Kind::kAnd ? Kind::kTrue : Kind::kFalse;
    if (a.kind == absorbing || b.kind == neutral) return a;
    if (b.kind == absorbing || a.kind == neutral) return b;
    IndexCondition out;
    out.kind = kind;
    out.children.reserve((a.kind == kind ? a.children.size() : 1) + (b.kind == kind ? b.children.size() : 1));
    for (IndexCondition* c : {&a, &b}) {
        if (c->kind == kind) {
            for (auto& child : c->children) out.children.push_back(std::move(child));
        } else {
            out.children.push_back(std::move(*c));
        }
    }
    return out;
}
IndexCondition And(IndexCondition a, IndexCondition b) { return Combine(Kind::kAnd, std::move(a), std::move(b)); }
IndexCondition Or(IndexCondition a, IndexCondition b) { return Combine(Kind::kOr, std::move(a), std::move(b)); }

// A node whose archetype_node_id matches `pattern` is an index row exactly when every such
// id looks like an archetype id (class_archetype.hpp).
IndexCondition Archetype(const std::string& pattern) {
    if (!IndexableArchetype(pattern)) return IndexCondition::True();
    IndexCondition c;
    c.kind = Kind::kArchetype;
    c.archetype = pattern;
    return c;
}

// Whether `attribute` is a step of a path in `p` (its comparisons' paths, either side).
bool PathMentions(const ObjectPath& p, const std::string& attribute);
bool PredicateMentions(const NodePredicate* n, const std::string& attribute) {
    if (!n) return false;
    if (n->path && PathMentions(*n->path, attribute)) return true;
    if (n->operand)
        if (auto* p = std::get_if<std::unique_ptr<ObjectPath>>(&n->operand->value);
            p && *p && PathMentions(**p, attribute))
            return true;
    return PredicateMentions(n->left.get(), attribute) || PredicateMentions(n->right.get(), attribute);
}
// Whether a predicate has paths at all: most steps' predicates are a node id only.
bool HasPaths(const NodePredicate& n) { return n.path || n.operand || n.left || n.right; }
bool PathMentions(const ObjectPath& p, const std::string& attribute) {
    for (const PathPart& part : p.parts)
        if (SameName(part.attribute, attribute) ||
            (part.predicate && HasPaths(*part.predicate) && PredicateMentions(part.predicate.get(), attribute)))
            return true;
    return false;
}
// ... or `rm_class` is a class of FROM, or `attribute` is on a path of its predicates.
bool FromMentions(const ContainsExpr* c, const std::string& attribute, const std::string& rm_class) {
    if (!c) return false;
    if (c->kind == ContainsExpr::Kind::kClass && IsRmClass(c->rm_type, rm_class)) return true;
    return PredicateMentions(c->predicate.get(), attribute) || FromMentions(c->contains.get(), attribute, rm_class) ||
           FromMentions(c->left.get(), attribute, rm_class) || FromMentions(c->right.get(), attribute, rm_class);
}

class Planner {
public:
    Planner(const Query& q, const QueryParameters& params) : q_(q), params_(params) {}

    QueryPlan Plan() {
        QueryPlan plan;
        const ContainsExpr& from = *q_.from;
        if (q_.where) leaf_conditions_ = WhereLeafConditions(*q_.where, params_);
        CollectVariables(from, plan.variables, plan.classes);
        // FOLDER in FROM, or e/directory/... (the reference resolves EHR.directory's OBJECT_REF
        // to the folder tree, as it does e/ehr_status): the EHRs are read whole, directory too.
        if (Mentions("directory", "FOLDER")) whole_ehrs_ = directory_ = true;
        plan.whole_ehrs = whole_ehrs_;
        plan.directory = directory_;
        plan.unknown_class = unknown_class_;
        plan.scan.compositions = whole_ehrs_       ? IndexCondition::False()
                                 : unknown_class_ ? IndexCondition::True()
                                                  : Relevant(from);
        plan.scan.skip_ehrs_without_compositions = !whole_ehrs_ && !unknown_class_ && NeedsComposition(from);
        // Every binding has a folder of the EHR's directory: an EHR without one has no row.
        // Not with an unknown class or a failing predicate: the reference may fail in any EHR.
        plan.scan.only_ehrs_with_directory = directory_ && !unknown_class_ && NeedsDirectory(from);
        const bool ehr_class = from.kind == ContainsExpr::Kind::kClass && IsRmClass(from.rm_type, "EHR");
        plan.scan.queryable_only = !(ehr_class && from.predicate);  // the reference's rule
        EhrIds ids;
        if (ehr_class && from.predicate) ids = PredicateEhrIds(*from.predicate, params_);
        if (ehr_class && !from.variable.empty() && q_.where)
            ids = IntersectEhrIds(ids, WhereEhrIds(*q_.where, from.variable, params_));
        if (ids) {
            plan.scan.restrict_ehrs = true;
            plan.scan.ehr_ids = std::move(*ids);
        }
        plan.scan.ehr_status = Mentions("ehr_status", "EHR_STATUS");
        bool aggregates = std::any_of(q_.columns.begin(), q_.columns.end(),
                                      [](const SelectColumn& c) { return std::holds_alternative<AggregateCall>(c.expr); });
        plan.streams = (q_.limit || q_.top) && q_.order_by.empty() && !aggregates && !q_.distinct;
        if (!whole_ehrs_ && !unknown_class_) plan.index_aggregate = PlanIndexAggregate(q_, params_);
        if (!whole_ehrs_ && !unknown_class_ && !plan.index_aggregate) plan.index_count = PlanIndexCount(q_, params_);
        if (!whole_ehrs_ && !unknown_class_ && !aggregates && plan.scan.skip_ehrs_without_compositions &&
            !plan.scan.restrict_ehrs)
            plan.top_k = PlanTopK(q_, params_, plan.scan.queryable_only);
        if (!whole_ehrs_ && !unknown_class_ && !aggregates && !plan.top_k) {
            plan.index_rows = PlanIndexRows(q_, params_);
        }
        if (whole_ehrs_) plan.decode.whole_reason = "whole EHRs are read";
        else if (unknown_class_) plan.decode.whole_reason = "FROM has an unknown class or a predicate that can fail";
        else if (plan.index_rows) plan.decode_deferred = true;
        else plan.decode = PlanDecode(q_, params_);
        return plan;
    }

private:
    void CollectVariables(const ContainsExpr& c, std::vector<std::string>& out, std::vector<std::string>& classes) {
        if (out.capacity() == 0) {  // the first call: one allocation each, not one per growth
            out.reserve(ClassCount(c));
            classes.reserve(out.capacity());
        }
        if (c.kind == ContainsExpr::Kind::kClass) {
            const std::string type = AsciiUpper(c.rm_type);
            const bool rm_class = bmm::Schema::Rm().Find(type) != bmm::kNoType;
            classes.push_back(ClassNote(c, type, rm_class));
            if (IsWholeEhrClass(type)) whole_ehrs_ = true;
            else if (!IsRmClass(type, "EHR") && !IsRmClass(type, "EHR_STATUS") && !rm_class) unknown_class_ = true;
            if (c.predicate && !Harmless(*c.predicate)) unknown_class_ = true;
            // VERSION v[commit_audit/time_committed > $missing] fails like a class predicate.
            if (c.version_condition && !Harmless(*c.version_condition)) unknown_class_ = true;
            out.push_back(c.variable.empty() ? type : c.variable);
            if (c.contains) CollectVariables(*c.contains, out, classes);
            return;
        }
        if (c.left) CollectVariables(*c.left, out, classes);
        if (c.right) CollectVariables(*c.right, out, classes);
    }

    static size_t ClassCount(const ContainsExpr& c) {
        size_t n = c.kind == ContainsExpr::Kind::kClass ? 1 : 0;
        for (const ContainsExpr* next : {c.contains.get(), c.left.get(), c.right.get()})
            if (next) n += ClassCount(*next);
        return n;
    }

    // How the index sees one FROM class (`type` upper case; `rm_class`: the RM has it),
    // built in one string: the planner runs per query.
    std::string ClassNote(const ContainsExpr& c, const std::string& type, bool rm_class) {
        std::string note;
        note.reserve(c.variable.size() + type.size() + 160);  // the longest note, with an archetype id
        if (!c.variable.empty()) note.append(c.variable).append(" ");
        note.append(type).append(": ");
        const char* tail = nullptr;
        if (IsRmClass(type, "EHR")) tail = c.predicate ? "the EHR predicate" : "every EHR";
        else if (IsRmClass(type, "EHR_STATUS")) tail = "the EHR's status, no composition";
        else if (IsRmClass(type, "FOLDER")) tail = "the EHR's directory (not in the index), read whole";
        else if (IsWholeEhrClass(type)) tail = "the EHR's versions, read whole";
        else if (!rm_class) tail = "not an RM class";
        else if (!c.predicate) tail = "any (no archetype predicate: not narrowed)";
        if (tail) {
            note.append(tail);
            return note;
        }
        ArchetypeKind self = PredicateArchetypeKind(*c.predicate);
        if (self.kind == Kind::kArchetype) {
            bool pattern = HasWildcard(*self.archetype);
            note.append(pattern ? "archetype pattern '" : "archetype '")
                .append(*self.archetype)
                .append("' in the index");
            if (auto it = leaf_conditions_.find(c.variable); it != leaf_conditions_.end())
                note.append("; WHERE pushed into the leaf index (")
                    .append(std::to_string(it->second.size()))
                    .append(" condition(s))");
        } else {
            note.append(self.kind == Kind::kTrue ? "predicate without an indexable archetype: not narrowed"
                                                 : "archetype conditions in the index");
        }
        return note;
    }

    // False when evaluating the predicate on a node can fail (a missing parameter, a path on
    // the right, an invalid regex): the reference fails on the first node it tests, so the
    // plan must test the same nodes — it reads everything, like for an unknown class.
    bool Harmless(const NodePredicate& p) const {
        if (p.left && !Harmless(*p.left)) return false;
        if (p.right && !Harmless(*p.right)) return false;
        if (p.parameter && !params_.count(p.parameter->name)) return false;
        if (p.operand) {
            if (std::holds_alternative<std::unique_ptr<ObjectPath>>(p.operand->value)) return false;
            if (auto* par = std::get_if<Parameter>(&p.operand->value); par && !params_.count(par->name)) return false;
        }
        if (p.kind == NodePredicate::Kind::kMatches) {
            size_t a = p.regex.find('/'), b = p.regex.rfind('/');
            std::string rx = (a != std::string::npos && b > a) ? p.regex.substr(a + 1, b - a - 1) : "";
            if (!RE2(rx, RE2::Quiet).ok()) return false;
        }
        return true;
    }

    // The archetype condition a class predicate implies on the node itself.
    IndexCondition PredicateArchetype(const NodePredicate& p) {
        switch (p.kind) {
            case NodePredicate::Kind::kNodeId: return Archetype(p.node_id);
            case NodePredicate::Kind::kParameter: {
                auto it = params_.find(p.parameter->name);
                if (it == params_.end() || it->second.kind != Scalar::Kind::kString) return IndexCondition::True();
                return Archetype(it->second.s);
            }
            case NodePredicate::Kind::kAnd: return And(PredicateArchetype(*p.left), PredicateArchetype(*p.right));
            case NodePredicate::Kind::kOr: return Or(PredicateArchetype(*p.left), PredicateArchetype(*p.right));
            default: return IndexCondition::True();
        }
    }

    // What PredicateArchetype(p) is — its kind, and its archetype when that is kArchetype —
    // without building it (ClassNote needs no more): the same cases and the same folding of
    // kTrue (And's neutral, Or's absorbing element; kFalse never arises here).
    struct ArchetypeKind {
        Kind kind = Kind::kTrue;
        const std::string* archetype = nullptr;  // kArchetype
    };
    ArchetypeKind PredicateArchetypeKind(const NodePredicate& p) const {
        auto single = [](const std::string& pattern) {
            return IndexableArchetype(pattern) ? ArchetypeKind{Kind::kArchetype, &pattern} : ArchetypeKind{};
        };
        switch (p.kind) {
            case NodePredicate::Kind::kNodeId: return single(p.node_id);
            case NodePredicate::Kind::kParameter: {
                auto it = params_.find(p.parameter->name);
                if (it == params_.end() || it->second.kind != Scalar::Kind::kString) return {};
                return single(it->second.s);
            }
            case NodePredicate::Kind::kAnd: {
                ArchetypeKind l = PredicateArchetypeKind(*p.left), r = PredicateArchetypeKind(*p.right);
                if (r.kind == Kind::kTrue) return l;
                if (l.kind == Kind::kTrue) return r;
                return {Kind::kAnd, nullptr};
            }
            case NodePredicate::Kind::kOr: {
                ArchetypeKind l = PredicateArchetypeKind(*p.left), r = PredicateArchetypeKind(*p.right);
                if (l.kind == Kind::kTrue || r.kind == Kind::kTrue) return {};
                return {Kind::kOr, nullptr};
            }
            default: return {};
        }
    }

    // Holds for every composition that contributes a node to a match of `c` below a node of
    // a composition (within the enclosing archetype row, if any).
    IndexCondition Required(const ContainsExpr& c) {
        switch (c.kind) {
            case ContainsExpr::Kind::kAnd: return And(Required(*c.left), Required(*c.right));
            case ContainsExpr::Kind::kOr: return Or(Required(*c.left), Required(*c.right));
            case ContainsExpr::Kind::kNotContains: return IndexCondition::True();
            case ContainsExpr::Kind::kClass: break;
        }
        // never below a composition node
        if (IsRmClass(c.rm_type, "EHR") || IsRmClass(c.rm_type, "EHR_STATUS")) return IndexCondition::False();
        if (IsWholeEhrClass(c.rm_type)) return IndexCondition::True();
        IndexCondition self = c.predicate ? PredicateArchetype(*c.predicate) : IndexCondition::True();
        IndexCondition inner = c.contains && !c.not_contains ? Required(*c.contains) : IndexCondition::True();
        if (self.kind == Kind::kTrue) return inner;  // And(self, inner), without the moves through Combine
        if (self.kind == Kind::kArchetype) {
            // WHERE's leaf conditions on this variable: a passing row binds it to a node with
            // such a value, so only compositions with one can contribute (leaf_paths.hpp).
            auto leaves = leaf_conditions_.find(c.variable);
            if (leaves != leaf_conditions_.end())
                for (const IndexCondition& leaf : leaves->second) self.children.push_back(leaf);
            if (inner.kind == Kind::kFalse) return inner;
            if (inner.kind != Kind::kTrue) self.children.push_back(std::move(inner));
            return self;
        }
        return And(std::move(self), std::move(inner));
    }

    // The compositions that can change an EHR's bindings of `c` (matched at the EHR level).
    IndexCondition Relevant(const ContainsExpr& c) {
        switch (c.kind) {
            case ContainsExpr::Kind::kAnd:
            case ContainsExpr::Kind::kOr: return Or(Relevant(*c.left), Relevant(*c.right));
            case ContainsExpr::Kind::kNotContains: return Relevant(*c.left);
            case ContainsExpr::Kind::kClass: break;
        }
        if (IsRmClass(c.rm_type, "EHR")) return c.contains ? Relevant(*c.contains) : IndexCondition::False();
        if (IsRmClass(c.rm_type, "EHR_STATUS")) return IndexCondition::False();
        return Required(c);
    }

    // Whether every binding of `c` at the EHR level binds a class for which `has` holds: AND
    // needs one side, OR both, NOT CONTAINS binds nothing, EHR passes to what it contains.
    template <typename ClassTest>
    static bool EveryBinding(const ContainsExpr& c, const ClassTest& has) {
        switch (c.kind) {
            case ContainsExpr::Kind::kAnd: return EveryBinding(*c.left, has) || EveryBinding(*c.right, has);
            case ContainsExpr::Kind::kOr: return EveryBinding(*c.left, has) && EveryBinding(*c.right, has);
            case ContainsExpr::Kind::kNotContains: return false;
            case ContainsExpr::Kind::kClass: break;
        }
        if (IsRmClass(c.rm_type, "EHR")) return c.contains && !c.not_contains && EveryBinding(*c.contains, has);
        return has(c);
    }

    // Whether every binding of `c` at the EHR level includes a composition node.
    bool NeedsComposition(const ContainsExpr& c) {
        return EveryBinding(c, [](const ContainsExpr& k) {
            return !IsRmClass(k.rm_type, "EHR_STATUS") && !IsWholeEhrClass(k.rm_type);
        });
    }

    // Whether every binding of `c` at the EHR level includes a folder of the EHR's directory
    // (the reference binds FOLDER there, at the top or below EHR, to EHR.directory's folders
    // only; aql/exec/folders.hpp). Below any other class a FOLDER is not the directory — below
    // VERSION it is a version's tree, kept after a deletion — so it does not count; its own
    // NOT CONTAINS still binds it to a directory folder.
    bool NeedsDirectory(const ContainsExpr& c) {
        return EveryBinding(c, [](const ContainsExpr& k) { return IsRmClass(k.rm_type, "FOLDER"); });
    }

    // `rm_class` in FROM or `attribute` on any path (EHR_STATUS / ehr_status: only then is
    // the status read; FOLDER / directory: the directory).
    bool Mentions(const std::string& attribute, const std::string& rm_class) const {
        if (FromMentions(q_.from.get(), attribute, rm_class)) return true;
        bool found = false;
        VisitIdentifiedPaths(q_, [&](const IdentifiedPath& p) {
            if (!found) found = PredicateMentions(p.predicate.get(), attribute) || PathMentions(p.path, attribute);
        });
        return found;
    }

private:
    const Query& q_;
    const QueryParameters& params_;
    bool whole_ehrs_ = false;
    bool directory_ = false;
    bool unknown_class_ = false;
    std::map<std::string, std::vector<IndexCondition>> leaf_conditions_;  // per FROM variable
};

}  // namespace

QueryPlan PlanQuery(const Query& query, const QueryParameters& params) {
    Planner planner(query, params);
    return planner.Plan();
}

}  // namespace kjerne::aql
