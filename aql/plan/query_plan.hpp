// aql/plan/query_plan.hpp
//
// The planner: from a parsed query (and its parameters) to what the store must read — the
// candidate compositions, as a condition on the containment index (engine/store/
// candidate_scan.hpp), and the EHRs to visit. Per composition the executor then runs the
// reference semantics (aql/exec/reference_evaluator.hpp), so a plan only has to be
// conservative: every composition that could bind a FROM variable, or decide a NOT CONTAINS,
// must be among the candidates; extra ones cost time, never correctness.
//
// How FROM becomes a condition (the reference's containment semantics, read backwards):
// - a class with an archetype predicate ([openEHR-EHR-OBSERVATION.bp.v1], the `.v*` pattern
//   form, or [$param]) needs an index row with that archetype id, nested inside its
//   container's row when that has one too; other predicates and classes without an archetype
//   add no condition (their nodes need not be archetype roots);
// - inside one composition, AND needs both operands, OR either, NOT CONTAINS nothing;
// - at the EHR level AND spans compositions, so each composition needs only one operand, and
//   the compositions a NOT CONTAINS tests are candidates too (they decide it);
// - EHR and EHR_STATUS bind no composition; VERSION / VERSIONED_OBJECT, FOLDER and
//   e/directory paths read whole EHRs (history and directory are not in the index).
// - an unknown class, or a predicate whose evaluation can fail, reads everything: errors
//   must come from the same node as in the reference.
// EHRs: `EHR e[ehr_id/value='…']` and WHERE conjuncts `e/ehr_id/value = '…'|$p` (or MATCHES
// {…}) restrict them; without an EHR predicate, EHRs with is_queryable=false are left out,
// as the reference does; EHRs without a candidate are skipped when every binding needs a
// composition, and EHRs without a live directory when every binding needs a folder of it
// (FOLDER in FROM at the EHR level; an e/directory path alone yields null, not no row).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include "aql/exec/scalar.hpp"
#include "aql/plan/index_aggregate.hpp"
#include "aql/plan/index_count.hpp"
#include "aql/plan/index_rows.hpp"
#include "aql/plan/projection.hpp"
#include "aql/plan/top_k.hpp"
#include "aql/parser/ast.hpp"
#include "engine/store/candidate_scan.hpp"

namespace kjerne::aql {

struct QueryPlan {
    store::CandidateScan scan;
    // VERSION / VERSIONED_OBJECT or FOLDER in FROM: each visited EHR is read whole, with its
    // history and directory (aql/exec/store_data_source.hpp), and scan.compositions is unused.
    bool whole_ehrs = false;
    // FOLDER in FROM or an e/directory path (whole_ehrs is then set too): the directory is
    // read with each EHR.
    bool directory = false;
    // FROM names a class the RM does not have, or has a predicate whose evaluation can fail
    // (missing $parameter ...): every EHR and composition is read, so the evaluator reports
    // the error exactly where the reference does.
    bool unknown_class = false;
    // LIMIT without ORDER BY, aggregates or DISTINCT: stop reading once the rows are there.
    bool streams = false;
    std::vector<std::string> variables;  // the FROM variables bound per composition, in order
    // Per FROM class, in order: "o OBSERVATION: archetype 'openEHR-EHR-OBSERVATION.bp.v2'",
    // or why the index cannot narrow it (for EXPLAIN).
    std::vector<std::string> classes;
    // Aggregates the indexes answer alone (index_aggregate.hpp); the executor falls back to
    // the scan above when the store's leaf index is not ready.
    std::optional<IndexAggregate> index_aggregate;
    // COUNT(*) over a CONTAINS expression of archetyped classes (index_count.hpp).
    std::optional<IndexCount> index_count;
    // ORDER BY a numeric leaf + LIMIT read in the leaf index's value order (top_k.hpp).
    std::optional<TopK> top_k;
    // Rows the indexes answer without decoding (index_rows.hpp); not when top_k applies,
    // which decodes a few compositions instead of reading every node's leaves.
    std::optional<IndexRows> index_rows;
    // What of each candidate composition is decoded (projection.hpp). Not planned when
    // index_rows answers (decode_deferred): only a store without a ready leaf index needs it,
    // and then the executor plans it.
    DecodePlan decode;
    bool decode_deferred = false;
};

QueryPlan PlanQuery(const Query& query, const QueryParameters& params = {});

}  // namespace kjerne::aql
