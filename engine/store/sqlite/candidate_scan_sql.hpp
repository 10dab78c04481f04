// engine/store/sqlite/candidate_scan_sql.hpp
//
// Store::ScanCandidates for the SQLite backend (engine/store/candidate_scan.hpp): the index
// condition becomes SQL over contains_index (IN / EXISTS subqueries with the num ranges of
// containment_index.hpp) in one statement for the candidates' keys in EHR order, stepped
// lazily beside the EHR rows and payload reads, so a caller that stops early (AQL LIMIT)
// leaves the rest unread. Everything runs in one read transaction: one snapshot.
// Thread-safety: uses the given connection only; the caller holds it exclusively.
#pragma once

#include <functional>

#include "engine/common/result.hpp"
#include "engine/store/candidate_scan.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"

namespace kjerne::store::sqlite {

Status ScanCandidates(Connection& c, const CandidateScan& scan,
                      const std::function<bool(const CandidateEhr&)>& visit);

}  // namespace kjerne::store::sqlite
