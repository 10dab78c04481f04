// engine/store/containment_index.hpp
//
// What the AQL engine needs to answer CONTAINS without decoding payloads: one row per
// archetype root of a version (COMPOSITION, SECTION, the ENTRYs, CLUSTER, ITEM_TREE ... that
// carry an archetype id), with its pre-order number `num` and `num_cap`, the largest number in
// its subtree. Every LOCATABLE node is numbered, only roots get a row, so
//   X CONTAINS Y  <=>  same vo_id AND y.num BETWEEN x.num AND x.num_cap
// holds for roots and stays valid if finer rows are added later. Why not a row per node
// (EHRbase's comp_data): ARCHITECTURE.md §12 measures that at ~10x the cost of the payload per
// commit; a composition has a handful of roots but dozens to hundreds of nodes.
// Thread-safety: pure functions over an immutable tree.
#pragma once

#include <string_view>
#include <vector>

#include "engine/rm/node.hpp"
#include "engine/store/store_types.hpp"

namespace kjerne::store {

// The index rows of one RM object (a COMPOSITION, FOLDER ...), in pre-order.
std::vector<IndexRow> ComputeIndexRows(const rm::Node& root);

// The leaf value index (migration V004), computed in the same walk as the rows above: the
// numeric leaves AQL filters, sorts and aggregates on — DV_QUANTITY.magnitude,
// DV_COUNT.magnitude, DV_ORDINAL.value, DV_SCALE.value, DV_PROPORTION.numerator/denominator,
// wherever they sit (inside intervals and reference ranges too). Dates and durations are not
// kept: their order is not their text's, and a numeric form would need the evaluator's rules.
// Each leaf is keyed by its NEAREST root whose archetype_node_id is an archetype id (a node
// an AQL archetype predicate can match) and its path from there with every LOCATABLE step's
// node id ('/data[at0001]/events[at0006]/data[at0003]/items[at0004]/value/magnitude'). So a
// query path from a variable whose every LOCATABLE step names an at-code reaches exactly the
// leaves stored under that variable's node and that path: an at-code step never enters a
// nested root, whose leaves are keyed by it. Leaves above the first such root are not kept.
// Why only these: a row per node costs ~10x a commit (ARCHITECTURE §12); numbers are what
// population queries range over, sort by and aggregate.
// Besides, each leaf records the first list its path goes through item by item
// (LeafRow::list_at), so SELECT columns can be zipped as the AQL reference does without the
// payload; and the root's header texts uid/value and context/start_time/value are leaves of
// the root (num 0, whatever its node id), the uid last. `stored_uid`, when not empty, is the
// uid the store writes into the version (VersionJson) and replaces the tree's.
ObjectIndex ComputeObjectIndex(const rm::Node& root, std::string_view stored_uid = {});

// True for text shaped like an archetype id ("openEHR-EHR-OBSERVATION.bp.v2"), as opposed
// to an at-/id-code.
bool LooksLikeArchetypeId(std::string_view text);

}  // namespace kjerne::store
