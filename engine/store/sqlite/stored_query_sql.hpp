// engine/store/sqlite/stored_query_sql.hpp
//
// The SQL of the stored_query table (migration V002) for the SQLite backend, kept apart from
// the version store's statements because stored queries share nothing with them. Stored
// queries are written rarely, so the statements are prepared per call rather than cached.
// Thread-safety: each call uses the given connection only; the caller holds it exclusively
// (InsertStoredQuery: the writer connection under the store's write mutex).
#pragma once

#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/stored_query_record.hpp"

namespace kjerne::store::sqlite {

// Inserts `record` (saved = `now`) in its own transaction; kConflict when that name and
// version are already stored (the message names them, never the SQL).
Result<StoredQueryRecord> InsertStoredQuery(Connection& c, StoredQueryRecord record,
                                            const std::string& now);

// Every stored query whose name starts with `name_prefix` ("" = all), by name then version
// text (callers order versions as SEMVER).
Result<std::vector<StoredQueryRecord>> SelectStoredQueries(Connection& c,
                                                           const std::string& name_prefix);

}  // namespace kjerne::store::sqlite
