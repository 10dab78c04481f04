// engine/store/sqlite/leaf_scan_sql.hpp
//
// Store::CountRoots and Store::ScanRootLeaves for the SQLite backend (engine/store/
// leaf_scan.hpp): contains_index joined with versioned_object and ehr for the nodes, and
// leaf_value (its key (path_num, value, ...) narrowed by leaf_path) for their values, sorted
// into evaluation order. Each runs in one read transaction.
// Thread-safety: uses the given connection only; the caller holds it exclusively.
#pragma once

#include <functional>

#include "engine/common/result.hpp"
#include "engine/store/leaf_scan.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"

namespace kjerne::store::sqlite {

Result<int64_t> CountRoots(Connection& c, const RootScan& scan);
Result<RootLeaves> ScanRootLeaves(Connection& c, const RootScan& scan);
Result<int64_t> ScanArchetypeRows(
    Connection& c, const ArchetypeRowScan& scan,
    const std::function<bool(int64_t, const std::vector<IndexRow>&)>& visit);
Result<bool> ScanLeafOrder(Connection& c, const LeafOrderScan& scan,
                           const std::function<bool(int64_t, const RootLeaf&)>& visit);
// `known_ready`: the caller saw leaf_index_state.ready (it never goes back to 0 while a
// store is open), so the scan is one statement, in its own snapshot.
Result<bool> ScanIndexRows(Connection& c, const IndexRowScan& scan, bool known_ready,
                           const std::function<bool(const IndexRowNode&)>& visit);

}  // namespace kjerne::store::sqlite
