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

// Rows answered from the indexes alone (aql/plan/index_rows.hpp): the nodes whose
// archetype_node_id matches `archetype` ('*' / '?' wildcards) and whose rm_type is one of
// `rm_types`, strictly inside latest non-deleted compositions (not folders), not keyed by
// archetype_details; of the EHRs `ehr_ids` when `restrict_ehrs`, else of every EHR (with
// is_queryable when `queryable_only`). They come EHR by EHR in creation order, each EHR's
// compositions oldest first, nodes in pre-order: the AQL reference's binding order.
struct IndexRowScan {
    std::string archetype;
    std::vector<std::string> rm_types;
    bool restrict_ehrs = false;
    std::vector<std::string> ehr_ids;
    bool queryable_only = true;
    std::vector<std::string> node_paths;    // leaf paths read under each node (leaf_path's form)
    std::vector<std::string> header_paths;  // header texts read from the composition's root
};

// One leaf of an IndexRowNode: a number, or a header text.
struct IndexLeaf {
    size_t path = 0;  // into IndexRowScan::node_paths or header_paths
    int64_t list_at = 0;  // LeafRow::list_at / list_index
    int64_t list_index = 0;
    enum class Kind { kInt, kReal, kText } kind = Kind::kInt;
    int64_t i = 0;
    double d = 0;
    std::string text;
};

// One node of an IndexRowScan with the leaves it asked for, each list in pre-order.
struct IndexRowNode {
    std::string ehr_id;
    int64_t vo_num = 0;  // its composition
    int64_t num = 0;     // its contains_index num
    std::vector<IndexLeaf> header;  // the composition's: the same for each node of it
    std::vector<IndexLeaf> leaves;
};

}  // namespace kjerne::store
