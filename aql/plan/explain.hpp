// aql/plan/explain.hpp
//
// EXPLAIN: a plan (aql/plan/query_plan.hpp) as text — the candidate selection (the
// containment-index condition on archetype ids, the EHR restriction, is_queryable, which EHRs
// are skipped), optional counts, and what runs per composition and after. `kjerne query
// --explain 'AQL'` and `kjerne query 'EXPLAIN AQL'` print it. The format is for people: lines
// of "what: how", stable enough for tests to look for a line, not a grammar.
// Thread-safety: pure functions, except CountCandidates, which reads the store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aql/plan/query_plan.hpp"
#include "engine/store/store.hpp"

namespace kjerne::aql {

struct PlanCounts {
    size_t ehrs = 0;                 // EHRs the executor would visit
    size_t compositions = 0;         // candidate compositions it would decode
    int64_t stored_compositions = 0; // all compositions in the store, for scale
};

// A scan without payloads: index and key columns only, no decoding.
Result<PlanCounts> CountCandidates(const QueryPlan& plan, store::Store& store);

std::string ExplainPlan(const QueryPlan& plan, const Query& query, const std::optional<PlanCounts>& counts = {});

// "EXPLAIN <query>" (keyword in any case, after optional whitespace): the query text; else nullopt.
std::optional<std::string_view> StripExplain(std::string_view text);

}  // namespace kjerne::aql
