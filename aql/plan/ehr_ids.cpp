// aql/plan/ehr_ids.cpp — see ehr_ids.hpp.
#include "aql/plan/ehr_ids.hpp"

#include <algorithm>
#include <iterator>

namespace kjerne::aql {
namespace {

// Sorted and without duplicates, as a std::set would hold them, but one allocation for the
// usual single id.
EhrIds One(std::string id) {
    std::vector<std::string> out;
    out.push_back(std::move(id));
    return out;
}

EhrIds Union(EhrIds a, EhrIds b) {
    if (!a || !b) return std::nullopt;
    std::vector<std::string> out;
    out.reserve(a->size() + b->size());
    std::set_union(std::make_move_iterator(a->begin()), std::make_move_iterator(a->end()),
                   std::make_move_iterator(b->begin()), std::make_move_iterator(b->end()), std::back_inserter(out));
    return out;
}

bool IsEhrIdPath(const ObjectPath& p) {
    return p.parts.size() == 2 && p.parts[0].attribute == "ehr_id" && p.parts[1].attribute == "value" &&
           !p.parts[0].predicate && !p.parts[1].predicate;
}

// A string the reference compares ehr_id/value with; nullopt when it is not one.
std::optional<std::string> StringOf(const Primitive& p) {
    if (p.kind == Primitive::Kind::kInteger || p.kind == Primitive::Kind::kReal ||
        p.kind == Primitive::Kind::kBoolean || p.kind == Primitive::Kind::kNull)
        return std::nullopt;
    return p.text;
}
std::optional<std::string> StringOf(const Parameter& p, const QueryParameters& params) {
    auto it = params.find(p.name);
    if (it == params.end() || it->second.kind != Scalar::Kind::kString) return std::nullopt;
    return it->second.s;
}
std::optional<std::string> ValueOf(const Terminal& t, const QueryParameters& params) {
    if (auto* prim = std::get_if<Primitive>(&t.value)) return StringOf(*prim);
    if (auto* par = std::get_if<Parameter>(&t.value)) return StringOf(*par, params);
    return std::nullopt;
}

bool IsEhrIdOf(const Terminal& t, const std::string& variable) {
    auto* p = std::get_if<IdentifiedPath>(&t.value);
    return p && p->variable == variable && !p->predicate && IsEhrIdPath(p->path);
}

}  // namespace

EhrIds IntersectEhrIds(EhrIds a, EhrIds b) {
    if (!a) return b;
    if (!b) return a;
    std::vector<std::string> out;
    std::set_intersection(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(out));
    return out;
}

EhrIds PredicateEhrIds(const NodePredicate& p, const QueryParameters& params) {
    switch (p.kind) {
        case NodePredicate::Kind::kAnd:
            return IntersectEhrIds(PredicateEhrIds(*p.left, params), PredicateEhrIds(*p.right, params));
        case NodePredicate::Kind::kOr: return Union(PredicateEhrIds(*p.left, params), PredicateEhrIds(*p.right, params));
        case NodePredicate::Kind::kComparison: {
            if (p.op != "=" || !p.path || !IsEhrIdPath(*p.path) || !p.operand) return std::nullopt;
            std::optional<std::string> v;
            if (auto* prim = std::get_if<Primitive>(&p.operand->value)) v = StringOf(*prim);
            else if (auto* par = std::get_if<Parameter>(&p.operand->value)) v = StringOf(*par, params);
            if (!v) return std::nullopt;
            return One(std::move(*v));
        }
        default: return std::nullopt;
    }
}

EhrIds WhereEhrIds(const WhereExpr& w, const std::string& variable, const QueryParameters& params) {
    switch (w.kind) {
        case WhereExpr::Kind::kAnd:
            return IntersectEhrIds(WhereEhrIds(*w.left, variable, params), WhereEhrIds(*w.right, variable, params));
        case WhereExpr::Kind::kOr:
            return Union(WhereEhrIds(*w.left, variable, params), WhereEhrIds(*w.right, variable, params));
        case WhereExpr::Kind::kCompare: {
            if (w.op != "=") return std::nullopt;
            std::optional<std::string> v;
            if (IsEhrIdOf(w.lhs, variable)) v = ValueOf(w.rhs, params);
            else if (IsEhrIdOf(w.rhs, variable)) v = ValueOf(w.lhs, params);
            if (!v) return std::nullopt;
            return One(std::move(*v));
        }
        case WhereExpr::Kind::kMatches: {
            if (!w.matches.uri.empty() || !IsEhrIdOf(w.lhs, variable)) return std::nullopt;
            std::vector<std::string> out;
            for (const Terminal& t : w.matches.values) {
                auto v = ValueOf(t, params);
                if (!v) return std::nullopt;
                out.push_back(std::move(*v));
            }
            std::sort(out.begin(), out.end());
            out.erase(std::unique(out.begin(), out.end()), out.end());
            return out;
        }
        default: return std::nullopt;
    }
}

bool OnlyEhrIds(const NodePredicate& p, const QueryParameters& params) {
    if (p.kind == NodePredicate::Kind::kAnd || p.kind == NodePredicate::Kind::kOr)
        return p.left && p.right && OnlyEhrIds(*p.left, params) && OnlyEhrIds(*p.right, params);
    return p.kind == NodePredicate::Kind::kComparison && PredicateEhrIds(p, params).has_value();
}

bool OnlyEhrIds(const WhereExpr& w, const std::string& variable, const QueryParameters& params) {
    if (w.kind == WhereExpr::Kind::kAnd || w.kind == WhereExpr::Kind::kOr)
        return w.left && w.right && OnlyEhrIds(*w.left, variable, params) && OnlyEhrIds(*w.right, variable, params);
    return (w.kind == WhereExpr::Kind::kCompare || w.kind == WhereExpr::Kind::kMatches) &&
           WhereEhrIds(w, variable, params).has_value();
}

}  // namespace kjerne::aql
