// aql/parser/ast_walk.hpp
//
// Visits the identified paths of a query — SELECT columns, aggregate and function arguments
// (nested calls too), WHERE operands (comparisons, LIKE, MATCHES values, EXISTS) and ORDER BY
// keys — for the planner's questions "which paths does this query read?". Predicates inside
// the paths are the caller's to look into.
// The walk is a template so that the planner, which asks per query, calls its visitor
// directly; ForEachIdentifiedPath is the same walk behind a std::function.
// Thread-safety: pure functions.
#pragma once

#include <functional>

#include "aql/parser/ast.hpp"

namespace kjerne::aql {

namespace ast_walk_detail {

template <class Visit>
void VisitTerminal(const Terminal& t, Visit& visit) {
    if (auto* p = std::get_if<IdentifiedPath>(&t.value)) visit(*p);
    if (auto* f = std::get_if<std::unique_ptr<FunctionCall>>(&t.value); f && *f)
        for (const Terminal& a : (*f)->args) VisitTerminal(a, visit);
}

template <class Visit>
void VisitWhere(const WhereExpr* w, Visit& visit) {
    if (!w) return;
    VisitTerminal(w->lhs, visit);
    VisitTerminal(w->rhs, visit);
    for (const Terminal& t : w->matches.values) VisitTerminal(t, visit);
    VisitWhere(w->left.get(), visit);
    VisitWhere(w->right.get(), visit);
}

}  // namespace ast_walk_detail

// `visit(const IdentifiedPath&)` for every identified path, in the order above.
template <class Visit>
void VisitIdentifiedPaths(const Query& query, Visit&& visit) {
    for (const SelectColumn& c : query.columns) {
        if (auto* p = std::get_if<IdentifiedPath>(&c.expr)) visit(*p);
        if (auto* a = std::get_if<AggregateCall>(&c.expr); a && a->path) visit(*a->path);
        if (auto* f = std::get_if<FunctionCall>(&c.expr))
            for (const Terminal& t : f->args) ast_walk_detail::VisitTerminal(t, visit);
    }
    ast_walk_detail::VisitWhere(query.where.get(), visit);
    for (const OrderBy& o : query.order_by) visit(o.path);
}

void ForEachIdentifiedPath(const Query& query, const std::function<void(const IdentifiedPath&)>& visit);

}  // namespace kjerne::aql
