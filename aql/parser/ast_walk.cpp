// aql/parser/ast_walk.cpp — see ast_walk.hpp.
#include "aql/parser/ast_walk.hpp"

namespace kjerne::aql {
namespace {

void VisitTerminal(const Terminal& t, const std::function<void(const IdentifiedPath&)>& visit) {
    if (auto* p = std::get_if<IdentifiedPath>(&t.value)) visit(*p);
    if (auto* f = std::get_if<std::unique_ptr<FunctionCall>>(&t.value); f && *f)
        for (const Terminal& a : (*f)->args) VisitTerminal(a, visit);
}

void Where(const WhereExpr* w, const std::function<void(const IdentifiedPath&)>& visit) {
    if (!w) return;
    VisitTerminal(w->lhs, visit);
    VisitTerminal(w->rhs, visit);
    for (const Terminal& t : w->matches.values) VisitTerminal(t, visit);
    Where(w->left.get(), visit);
    Where(w->right.get(), visit);
}

}  // namespace

void ForEachIdentifiedPath(const Query& query, const std::function<void(const IdentifiedPath&)>& visit) {
    for (const SelectColumn& c : query.columns) {
        if (auto* p = std::get_if<IdentifiedPath>(&c.expr)) visit(*p);
        if (auto* a = std::get_if<AggregateCall>(&c.expr); a && a->path) visit(*a->path);
        if (auto* f = std::get_if<FunctionCall>(&c.expr))
            for (const Terminal& t : f->args) VisitTerminal(t, visit);
    }
    Where(query.where.get(), visit);
    for (const OrderBy& o : query.order_by) visit(o.path);
}

}  // namespace kjerne::aql
