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

// True for text shaped like an archetype id ("openEHR-EHR-OBSERVATION.bp.v2"), as opposed
// to an at-/id-code.
bool LooksLikeArchetypeId(std::string_view text);

}  // namespace kjerne::store
