// aql/plan/leaf_paths.cpp — see leaf_paths.hpp.
#include "aql/plan/leaf_paths.hpp"

#include <cmath>
#include <cstring>
#include <unordered_set>

#include "engine/bmm/rm_schema.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::aql {
namespace {

bool IsAtCode(const std::string& id) {
    if (id.empty()) return false;
    // One pass over the (short) id: a wildcard rules it out, and without a '.' it cannot look
    // like an archetype id, so LooksLikeArchetypeId's scans are needed only with one.
    bool dot = false;
    for (char ch : id) {
        if (ch == '*' || ch == '?') return false;
        dot = dot || ch == '.';
    }
    return !dot || !store::LooksLikeArchetypeId(id);
}

bool PredicateCannotFail(const NodePredicate* p, const QueryParameters& params);

bool PathCannotFail(const ObjectPath& path, const QueryParameters& params) {
    for (const PathPart& part : path.parts)
        if (!PredicateCannotFail(part.predicate.get(), params)) return false;
    return true;
}

bool PredicateCannotFail(const NodePredicate* p, const QueryParameters& params) {
    if (!p) return true;
    if (!PredicateCannotFail(p->left.get(), params) || !PredicateCannotFail(p->right.get(), params))
        return false;
    if (p->parameter && !params.count(p->parameter->name)) return false;
    if (p->kind == NodePredicate::Kind::kMatches) return false;  // a regex may not compile
    if (p->path && !PathCannotFail(*p->path, params)) return false;
    if (p->operand) {
        if (std::holds_alternative<std::unique_ptr<ObjectPath>>(p->operand->value)) return false;
        if (auto* par = std::get_if<Parameter>(&p->operand->value); par && !params.count(par->name))
            return false;
    }
    return true;
}

bool TerminalCannotFail(const Terminal& t, const QueryParameters& params) {
    if (std::holds_alternative<Primitive>(t.value)) return true;
    if (auto* par = std::get_if<Parameter>(&t.value)) return params.count(par->name) > 0;
    if (auto* p = std::get_if<IdentifiedPath>(&t.value))
        return PredicateCannotFail(p->predicate.get(), params) && PathCannotFail(p->path, params);
    return false;  // a function call
}

void Conjuncts(const WhereExpr& w, std::vector<const WhereExpr*>& out) {
    if (w.kind == WhereExpr::Kind::kAnd) {
        Conjuncts(*w.left, out);
        Conjuncts(*w.right, out);
    } else {
        out.push_back(&w);
    }
}

std::string Flipped(const std::string& op) {
    if (op == "<") return ">";
    if (op == "<=") return ">=";
    if (op == ">") return "<";
    if (op == ">=") return "<=";
    return op;
}

// Attribute names that some RM class gives a type a LOCATABLE can conform to (data,
// events, items, content, ... and those typed Any). A step naming one without a node id
// could reach LOCATABLEs of any node id, which the index stores under "attr[id]" paths, so
// such a path is not a leaf path; a bare step is exact only for attributes never holding
// one (value, magnitude, normal_range, lower ...).
// Hashed: every leaf path asks once per step without a node id, for every query.
const std::unordered_set<std::string>& LocatableAttributes() {
    static const std::unordered_set<std::string> names = [] {
        const bmm::Schema& s = bmm::Schema::Rm();
        const bmm::TypeId locatable = s.Find("LOCATABLE");
        std::unordered_set<std::string> out;
        for (bmm::TypeId t = 0; t < static_cast<bmm::TypeId>(s.size()); ++t) {
            for (const bmm::PropDef& p : s.Class(t).props) {
                bmm::TypeId pt = p.type;
                if (pt == bmm::kNoType || s.IsSubtypeOf(pt, locatable) ||
                    s.IsSubtypeOf(locatable, pt) ||
                    (p.open_generic &&
                     (p.generic_arg == bmm::kNoType || s.IsSubtypeOf(p.generic_arg, locatable))))
                    out.insert(p.name);
            }
        }
        return out;
    }();
    return names;
}

}  // namespace

std::optional<std::string> LeafPathOf(const ObjectPath& path) {
    if (path.parts.empty()) return std::nullopt;
    const std::string& last = path.parts.back().attribute;
    if (last != "magnitude" && last != "numerator" && last != "denominator") return std::nullopt;
    // Checked first, then written into one reserved string: the planner asks per query.
    size_t length = 0;
    for (const PathPart& part : path.parts) {
        length += part.attribute.size() + 1;
        if (!part.predicate) {
            if (LocatableAttributes().count(part.attribute)) return std::nullopt;
            continue;
        }
        const NodePredicate& p = *part.predicate;
        if (p.kind != NodePredicate::Kind::kNodeId || !IsAtCode(p.node_id) || p.name ||
            !p.name_code.empty() || p.parameter || p.path || p.operand)
            return std::nullopt;
        length += p.node_id.size() + 2;
    }
    std::string out(length, '/');
    char* w = out.data();
    auto put = [&w](const std::string& text) {
        std::memcpy(w, text.data(), text.size());
        w += text.size();
    };
    for (const PathPart& part : path.parts) {
        ++w;  // the '/' the string was filled with
        put(part.attribute);
        if (!part.predicate) continue;
        *w++ = '[';
        put(part.predicate->node_id);
        *w++ = ']';
    }
    return out;
}

bool WhereCannotFail(const WhereExpr& w, const QueryParameters& params) {
    switch (w.kind) {
        case WhereExpr::Kind::kAnd:
        case WhereExpr::Kind::kOr:
            return WhereCannotFail(*w.left, params) && WhereCannotFail(*w.right, params);
        case WhereExpr::Kind::kNot:
            return WhereCannotFail(*w.left, params);
        case WhereExpr::Kind::kExists:
            return TerminalCannotFail(w.lhs, params);
        case WhereExpr::Kind::kCompare:
            return TerminalCannotFail(w.lhs, params) && TerminalCannotFail(w.rhs, params);
        case WhereExpr::Kind::kLike:
        case WhereExpr::Kind::kMatches:
            return false;
    }
    return false;
}

std::optional<store::LeafBound> LeafBoundOf(const Terminal& t, const QueryParameters& params) {
    constexpr double kExact = 4503599627370496.0;  // 2^52
    store::LeafBound b;
    if (auto* p = std::get_if<Primitive>(&t.value)) {
        if (p->kind == Primitive::Kind::kInteger) {
            b.is_int = true;
            b.i = p->integer;
        } else if (p->kind == Primitive::Kind::kReal) {
            b.d = p->real;
        } else {
            return std::nullopt;
        }
    } else if (auto* par = std::get_if<Parameter>(&t.value)) {
        auto it = params.find(par->name);
        if (it == params.end()) return std::nullopt;
        if (it->second.kind == Scalar::Kind::kInt) {
            b.is_int = true;
            b.i = it->second.i;
        } else if (it->second.kind == Scalar::Kind::kReal) {
            b.d = it->second.d;
        } else {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    double v = b.is_int ? static_cast<double>(b.i) : b.d;
    if (!std::isfinite(v) || std::fabs(v) > kExact) return std::nullopt;
    return b;
}

std::optional<std::pair<std::string, store::IndexCondition>> LeafConditionOf(const WhereExpr& c,
                                                                             const QueryParameters& params) {
    if (c.kind != WhereExpr::Kind::kCompare) return std::nullopt;
    if (c.op != "<" && c.op != "<=" && c.op != ">" && c.op != ">=" && c.op != "=") return std::nullopt;
    const Terminal* path_side = &c.lhs;
    const Terminal* value_side = &c.rhs;
    std::string op = c.op;
    if (!std::holds_alternative<IdentifiedPath>(c.lhs.value)) {
        std::swap(path_side, value_side);
        op = Flipped(op);
    }
    auto* p = std::get_if<IdentifiedPath>(&path_side->value);
    if (!p || p->predicate) return std::nullopt;
    std::optional<std::string> leaf = LeafPathOf(p->path);
    std::optional<store::LeafBound> bound = LeafBoundOf(*value_side, params);
    if (!leaf || !bound) return std::nullopt;
    store::IndexCondition cond;
    cond.kind = store::IndexCondition::Kind::kLeaf;
    cond.leaf_path = *leaf;
    cond.leaf_op = op;
    cond.leaf_bound = *bound;
    return std::make_pair(p->variable, std::move(cond));
}

void WhereConjuncts(const WhereExpr& w, std::vector<const WhereExpr*>& out) { Conjuncts(w, out); }

bool LeafValueSatisfies(const Scalar& value, const store::IndexCondition& c) {
    Scalar bound = c.leaf_bound.is_int ? Scalar::Int(c.leaf_bound.i) : Scalar::Real(c.leaf_bound.d);
    std::optional<int> cmp = CompareScalars(value, bound);
    if (!cmp) return false;
    const std::string& op = c.leaf_op;
    return op == "="    ? *cmp == 0
           : op == "<"  ? *cmp < 0
           : op == "<=" ? *cmp <= 0
           : op == ">"  ? *cmp > 0
                        : *cmp >= 0;
}

std::map<std::string, std::vector<store::IndexCondition>> WhereLeafConditions(
    const WhereExpr& w, const QueryParameters& params) {
    std::map<std::string, std::vector<store::IndexCondition>> out;
    if (!WhereCannotFail(w, params)) return out;
    std::vector<const WhereExpr*> conjuncts;
    Conjuncts(w, conjuncts);
    for (const WhereExpr* c : conjuncts)
        if (auto cond = LeafConditionOf(*c, params)) out[cond->first].push_back(std::move(cond->second));
    return out;
}

std::optional<std::vector<store::IndexCondition>> WhereOnlyLeafConditions(
    const WhereExpr& w, const std::string& variable, const QueryParameters& params) {
    std::vector<const WhereExpr*> conjuncts;
    Conjuncts(w, conjuncts);
    auto all = WhereLeafConditions(w, params);
    auto it = all.find(variable);
    if (all.size() != 1 || it == all.end() || it->second.size() != conjuncts.size())
        return std::nullopt;
    return it->second;
}

}  // namespace kjerne::aql
