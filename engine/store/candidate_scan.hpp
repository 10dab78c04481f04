// engine/store/candidate_scan.hpp
//
// What a query engine asks the store for instead of "every composition": the compositions
// that satisfy a condition on their containment-index rows (containment_index.hpp), EHR by
// EHR, with their latest payloads. The AQL planner (aql/plan/) derives the condition from
// FROM/CONTAINS; the backend evaluates it without decoding a payload (SQL on SQLite), so
// only candidates are read and decoded. A condition is necessary, not sufficient: the
// engine still evaluates the query on each candidate.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kjerne::store {

// A value compared with leaf-index values (engine/store/containment_index.hpp): an integer
// or a real, as the query wrote it; SQLite compares INTEGER and REAL values exactly.
struct LeafBound {
    bool is_int = false;
    int64_t i = 0;
    double d = 0;
};

// A condition on one composition's index rows.
struct IndexCondition {
    enum class Kind { kTrue, kFalse, kAnd, kOr, kArchetype, kLeaf };
    Kind kind = Kind::kTrue;
    // kArchetype: an index row whose archetype_id matches `archetype` ('*' any run, '?' one
    // character, else literal) lies strictly inside the row matched by the enclosing
    // kArchetype (anywhere in the composition when there is none), and every one of
    // `children` holds inside that row.
    std::string archetype;
    std::vector<IndexCondition> children;  // kAnd / kOr operands; kArchetype: nested conditions
    // kLeaf, only among a kArchetype's children: that row (the node it stands for) has a
    // leaf-index value at `leaf_path` (relative to it, in leaf_path's form) with
    // `value leaf_op leaf_bound` (leaf_op: < <= > >= =). A store whose leaf index is not
    // ready (leaf_index_state) treats it as true.
    std::string leaf_path;
    std::string leaf_op;
    LeafBound leaf_bound;

    static IndexCondition True() { return {}; }
    static IndexCondition False() {
        IndexCondition c;
        c.kind = Kind::kFalse;
        return c;
    }
};

struct CandidateScan {
    IndexCondition compositions;           // kFalse: read no compositions at all
    bool restrict_ehrs = false;            // only the EHRs in `ehr_ids` (possibly none)
    std::vector<std::string> ehr_ids;
    bool queryable_only = false;           // leave out EHRs whose EHR_STATUS.is_queryable is false
    bool skip_ehrs_without_compositions = false;  // visit only EHRs with a candidate
    // Visit only EHRs with a live directory: EHR.directory as aql::LoadFromStore reads it —
    // the EHR's FOLDER object (the first, should a damaged store hold more) whose latest
    // version is not a deletion. A query whose every row binds one of its folders reads no
    // other EHR.
    bool only_ehrs_with_directory = false;
    bool ehr_status = false;               // also read each EHR's latest EHR_STATUS
    bool payloads = true;                  // false: vo ids only (counting, EXPLAIN)
    // Only these compositions (versioned_object.vo_num, from ScanLeafOrder), besides the
    // condition above: an ORDER BY + LIMIT reads the ones that can hold its first rows.
    bool restrict_compositions = false;
    std::vector<int64_t> vo_nums;
};

struct CandidateComposition {
    std::string vo_id;
    std::string json;                      // latest version, canonical JSON (empty without payloads)
};

// One EHR of a scan, with its candidate compositions (latest, non-deleted versions), oldest first.
struct CandidateEhr {
    std::string ehr_id;
    std::string system_id;
    std::string time_created;
    bool is_queryable = true;
    std::string ehr_status_json;           // when CandidateScan::ehr_status
    std::vector<CandidateComposition> compositions;
};

}  // namespace kjerne::store
