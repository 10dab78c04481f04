// engine/store/sqlite/migrations.hpp
//
// Brings a SQLite store file to the current schema: applies, in order and each in its own
// transaction, the numbered migrations engine/store/migrations/V<NNN>__<name>.sql compiled
// into the binary, recording the last one in PRAGMA user_version. A file newer than this
// binary (user_version beyond the last known migration) is refused rather than guessed at.
// Thread-safety: call with exclusive use of the connection.
#pragma once

#include "engine/common/result.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"

namespace kjerne::store::sqlite {

Status Migrate(Connection& c);
int LatestSchemaVersion();

}  // namespace kjerne::store::sqlite
