// aql/plan/projection.hpp
//
// Decode only what the query reads: the codec::Projection (engine/codec/projection.hpp) the
// executor gives the JSON reader for every candidate composition. The evaluator then sees a
// tree with the same bindings, predicate outcomes and values as the whole composition:
// - FROM classes below the EHR are COMPOSITION (the document root, always kept) or classes
//   with archetype predicates (ids or `*`/`?` patterns, literal or $parameter): each becomes an
//   anchor, so every node that can bind the class is kept with its ancestors, and with its
//   RM type, archetype_node_id, name and archetype_details — all that containment and the
//   predicates (ids, names, name codes, `name/value` comparisons) look at;
// - every identified path of SELECT, WHERE, ORDER BY, aggregates and function arguments
//   adds its attribute chain below its variable's nodes, and everything below its last
//   step (a path ending in an object yields the whole object); a step whose predicate reads
//   other paths keeps everything below that step;
// - EHR paths read no composition.
// Whole compositions are decoded instead (nullopt, with the reason for EXPLAIN) when FROM
// has a class without an archetype predicate (it could match any node), an at-code or other
// non-archetype predicate, VERSION / FOLDER / EHR_STATUS classes, or when a query selects a
// whole COMPOSITION — nothing would be left out.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "aql/exec/scalar.hpp"
#include "aql/parser/ast.hpp"
#include "engine/codec/projection.hpp"

namespace kjerne::aql {

struct DecodePlan {
    std::optional<codec::Projection> projection;  // nullopt: decode whole compositions
    std::string whole_reason;                     // why, when nullopt
};

DecodePlan PlanDecode(const Query& query, const QueryParameters& params);

// "COMPOSITION root: context/start_time/value; anchor 'openEHR-EHR-OBSERVATION.bp.v2': data/events/..."
std::string DescribeProjection(const codec::Projection& p);

}  // namespace kjerne::aql
