// engine/store/sqlite/archetype_sql.hpp
//
// The SQL of the archetype table (migration V003) for the SQLite backend. Archetypes are
// written rarely (a modeller's upload), so statements are prepared per call, not cached.
// Thread-safety: each call uses the given connection only; the caller holds it exclusively
// (InsertArchetype: the writer connection under the store's write mutex).
#pragma once

#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/archetype_record.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"

namespace kjerne::store::sqlite {

// Stores `record` (sha256 and time_uploaded filled in here) in its own transaction. Returns
// false when the same bytes are already stored under that id (nothing written); kConflict
// when other bytes are.
Result<bool> InsertArchetype(Connection& c, ArchetypeRecord record, const std::string& now);

// One artefact with its source; kNotFound when absent.
Result<ArchetypeRecord> SelectArchetype(Connection& c, const std::string& archetype_id);

// Every artefact of `artefact_type` ("" = all), by id, without sources.
Result<std::vector<ArchetypeRecord>> SelectArchetypes(Connection& c, const std::string& artefact_type);

}  // namespace kjerne::store::sqlite
