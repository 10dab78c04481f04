// engine/store/store_check.hpp
//
// The integrity check behind `kjerne check --db FILE`: everything the store promises that
// can be verified from the file alone. SQLite's own PRAGMA integrity_check and
// foreign_key_check; every versioned object's chain (versions 1..latest, each closed exactly
// when the next begins, only the latest open); every uid; every payload decodes to the RM
// type of its object and carries its own version uid (and template id); deletions carry no
// data; every EHR has exactly its one EHR_STATUS and the ehr row mirrors its latest version;
// and the containment index, its by-details marks and (once leaf_index_state says it is
// ready) the leaf value index equal what ComputeObjectIndex gives for each latest payload.
// Thread-safety: opens its own connection; safe beside a running writer (reads one snapshot).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::store {

struct CheckReport {
    std::vector<std::string> findings;   // one line each; empty = clean
    int64_t ehrs = 0;
    int64_t versioned_objects = 0;
    int64_t versions = 0;
    int64_t index_rows = 0;
    int64_t leaf_rows = 0;
    int64_t by_details_rows = 0;
    bool leaf_index_ready = true;        // false: a pre-V004 store's leaf index is not built

    bool clean() const { return findings.empty(); }
};

// kNotFound when `path` does not exist; kIo / kCorruption when it cannot be read at all
// (a file SQLite refuses is a failure, not a finding).
Result<CheckReport> CheckStore(const std::string& path);

}  // namespace kjerne::store
