// engine/store/sqlite/archetype_sql.cpp — see archetype_sql.hpp.
#include "engine/store/sqlite/archetype_sql.hpp"

#include <utility>

#include "engine/common/sha256.hpp"

namespace kjerne::store::sqlite {
namespace {

// Columns 0..6 of the SELECTs below, in that order; the source is read by the caller.
ArchetypeRecord RowToRecord(const Statement& st) {
    ArchetypeRecord r;
    r.archetype_id = st.Text(0);
    r.artefact_type = st.Text(1);
    r.adl_version = st.Text(2);
    r.parent_id = st.Text(3);
    r.concept_text = st.Text(4);
    r.sha256 = st.Text(5);
    r.time_uploaded = st.Text(6);
    return r;
}

}  // namespace

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
            "INSERT INTO archetype (archetype_id, artefact_type, adl_version, parent_id, concept, sha256, "
            "source, time_uploaded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
        ins.Bind(1, record.archetype_id)
            .Bind(2, record.artefact_type)
            .Bind(3, record.adl_version)
            .Bind(4, record.parent_id)
            .Bind(5, record.concept_text)
            .Bind(6, record.sha256)
            .BindBlob(7, record.source)
            .Bind(8, now);
        KJ_TRY(ins.Run());
    }
    KJ_TRY(tx.Commit());
    return true;
}

Result<ArchetypeRecord> SelectArchetype(Connection& c, const std::string& archetype_id) {
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(
        "SELECT archetype_id, artefact_type, adl_version, parent_id, concept, sha256, time_uploaded, "
        "source FROM archetype WHERE archetype_id = ?1"));
    st.Bind(1, archetype_id);
    KJ_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Error::NotFound("store: no archetype '" + archetype_id + "'");
    ArchetypeRecord out = RowToRecord(st);
    out.source = std::string(st.Blob(7));
    return out;
}

Result<std::vector<ArchetypeRecord>> SelectArchetypes(Connection& c, const std::string& artefact_type) {
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(
        "SELECT archetype_id, artefact_type, adl_version, parent_id, concept, sha256, time_uploaded "
        "FROM archetype "
        "WHERE ?1 = '' OR artefact_type = ?1 ORDER BY archetype_id"));
    st.Bind(1, artefact_type);
    std::vector<ArchetypeRecord> out;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back(RowToRecord(st));
    }
    return out;
}

}  // namespace kjerne::store::sqlite
