// aql/plan/ehr_ids.hpp
//
// Which EHRs an EHR predicate (`EHR e[ehr_id/value='…']`) or a WHERE condition on
// e/ehr_id/value (`= '…' | $p`, `MATCHES {…}`, under AND / OR) admits: the ids as the reference
// compares them (string literals and string parameters), sorted without duplicates; nullopt
// when it restricts nothing the planner can name. AND intersects, OR unites, so under AND a
// part that names no ids leaves the other's (a superset: the condition still runs), and
// `Only…` says whether the ids are the whole condition.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"

namespace kjerne::aql {

using EhrIds = std::optional<std::vector<std::string>>;  // nullopt = unrestricted

EhrIds IntersectEhrIds(EhrIds a, EhrIds b);
EhrIds PredicateEhrIds(const NodePredicate& p, const QueryParameters& params);
EhrIds WhereEhrIds(const WhereExpr& w, const std::string& ehr_variable, const QueryParameters& params);

// True when every part of the predicate / condition is such an ehr_id test, so the ids
// decide it exactly.
bool OnlyEhrIds(const NodePredicate& p, const QueryParameters& params);
bool OnlyEhrIds(const WhereExpr& w, const std::string& ehr_variable, const QueryParameters& params);

}  // namespace kjerne::aql
