// engine/store/leaf_scan.hpp
//
// Reads a query engine answers from the indexes alone, without a payload: the archetype
// roots of one kind across the population, and their leaf values (containment_index.hpp).
// The AQL planner uses them for aggregates over `EHR e CONTAINS COMPOSITION c CONTAINS
// X o[archetype]` (aql/plan/index_aggregate.hpp); it checks that the rows are the reference
// evaluator's bindings, this only reads.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/store_types.hpp"

namespace kjerne::store {

// The nodes: contains_index rows of the latest non-deleted compositions (not folders), below
// the composition's root (num > 0), whose archetype_id matches `archetype` ('*' / '?'
// wildcards as in IndexCondition) and whose rm_type is one of `rm_types`, keyed by their own
// archetype_node_id (not by archetype_details: contains_by_details), in EHRs with
// is_queryable when `queryable_only`.
struct RootScan {
    std::string archetype;
    std::vector<std::string> rm_types;
    bool queryable_only = true;
    // Leaf paths (leaf_path's form) whose values ScanRootLeaves reads.
    std::vector<std::string> paths;
};

// One leaf value of such a node.
struct RootLeaf {
    size_t path = 0;     // index into RootScan::paths
    int64_t vo_num = 0;  // the node: its composition and contains_index num
    int64_t root_num = 0;
    bool is_int = false;
    int64_t i = 0;
    double d = 0;
};

// What a leaf read gives: whether the leaf index is ready (leaf_index_state; if not, the
// caller must decode instead), and the values in the order an evaluator meets them: EHR
// creation, composition creation, node pre-order, leaf pre-order.
struct RootLeaves {
    bool ready = false;
    std::vector<RootLeaf> values;
};

// The compositions holding values of one leaf path in value order, for ORDER BY + LIMIT:
// each leaf value of `path` under a root whose archetype_node_id matches `archetype`, in
// latest non-deleted compositions (of EHRs with is_queryable when `queryable_only`), largest
// first when `descending`, else smallest first (SQLite's order: INTEGER and REAL exactly).
struct LeafOrderScan {
    std::string archetype;
    std::string path;
    bool descending = false;
    bool queryable_only = true;
};

// The containment rows of some archetypes, composition by composition, for counting
// bindings without a payload: every row whose archetype_id matches one of `archetypes`
// ('*' / '?' wildcards), not keyed by archetype_details, of the latest non-deleted
// compositions (of EHRs with is_queryable when `queryable_only`); each composition's rows
// in pre-order. `compositions` is how many such compositions there are in all, rows or not.
struct ArchetypeRowScan {
    std::vector<std::string> archetypes;
    bool queryable_only = true;
    bool count_compositions = true;  // false: the count is not needed (0 is returned)
};

}  // namespace kjerne::store
