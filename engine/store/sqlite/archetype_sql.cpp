// engine/store/sqlite/archetype_sql.cpp — see archetype_sql.hpp.
#include "engine/store/sqlite/archetype_sql.hpp"

#include <utility>

#include "engine/common/sha256.hpp"

namespace kjerne::store::sqlite {

Result<bool> InsertArchetype(Connection& c, ArchetypeRecord record, const std::string& now) {
    if (record.archetype_id.empty()) return Error::InvalidArgument("store: empty archetype id");
    record.sha256 = Sha256Hex(record.source);
    KJ_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(c));
    {
        // Inside the write transaction: of two racing uploads of one id exactly one stores.
        KJ_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT sha256 FROM archetype WHERE archetype_id = ?1"));
        q.Bind(1, record.archetype_id);
        KJ_ASSIGN_OR_RETURN(bool exists, q.Step());
        if (exists) {
            if (q.Text(0) == record.sha256) return false;
            return Error::Conflict("archetype '" + record.archetype_id +
                                   "' is already stored with different content (sha256 " + q.Text(0) + ")");
        }
    }
    {
        KJ_ASSIGN_OR_RETURN(Statement ins, c.Prepare(
            "INSERT INTO archetype (archetype_id, artefact_type, adl_version, sha256, source, time_uploaded) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        ins.Bind(1, record.archetype_id)
            .Bind(2, record.artefact_type)
            .Bind(3, record.adl_version)
            .Bind(4, record.sha256)
            .BindBlob(5, record.source)
            .Bind(6, now);
        KJ_TRY(ins.Run());
    }
    KJ_TRY(tx.Commit());
    return true;
}

Result<ArchetypeRecord> SelectArchetype(Connection& c, const std::string& archetype_id) {
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(
        "SELECT archetype_id, artefact_type, adl_version, sha256, time_uploaded, source "
        "FROM archetype WHERE archetype_id = ?1"));
    st.Bind(1, archetype_id);
    KJ_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Error::NotFound("store: no archetype '" + archetype_id + "'");
    return ArchetypeRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), std::string(st.Blob(5))};
}

Result<std::vector<ArchetypeRecord>> SelectArchetypes(Connection& c, const std::string& artefact_type) {
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(
        "SELECT archetype_id, artefact_type, adl_version, sha256, time_uploaded FROM archetype "
        "WHERE ?1 = '' OR artefact_type = ?1 ORDER BY archetype_id"));
    st.Bind(1, artefact_type);
    std::vector<ArchetypeRecord> out;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back(ArchetypeRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), {}});
    }
    return out;
}

}  // namespace kjerne::store::sqlite
