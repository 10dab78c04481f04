// engine/store/sqlite/stored_query_sql.cpp — see stored_query_sql.hpp.
#include "engine/store/sqlite/stored_query_sql.hpp"

#include <utility>

namespace kjerne::store::sqlite {

Result<StoredQueryRecord> InsertStoredQuery(Connection& c, StoredQueryRecord record,
                                            const std::string& now) {
    if (record.name.empty() || record.version.empty()) {
        return Error::InvalidArgument("store: a stored query needs a name and a version");
    }
    KJ_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(c));
    {
        // Checked inside the write transaction, so of two racing stores of one version
        // exactly one wins; the other gets a readable conflict instead of a constraint text.
        KJ_ASSIGN_OR_RETURN(
            Statement q, c.Prepare("SELECT 1 FROM stored_query WHERE name = ?1 AND version = ?2"));
        q.Bind(1, record.name).Bind(2, record.version);
        KJ_ASSIGN_OR_RETURN(bool exists, q.Step());
        if (exists) {
            return Error::Conflict("stored query '" + record.name + "' version " + record.version +
                                   " already exists");
        }
    }
    record.saved = now;
    {
        KJ_ASSIGN_OR_RETURN(
            Statement ins,
            c.Prepare("INSERT INTO stored_query (name, version, query_type, q, saved) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)"));
        ins.Bind(1, record.name)
            .Bind(2, record.version)
            .Bind(3, record.query_type)
            .Bind(4, record.q)
            .Bind(5, record.saved);
        KJ_TRY(ins.Run());
    }
    KJ_TRY(tx.Commit());
    return record;
}

Result<std::vector<StoredQueryRecord>> SelectStoredQueries(Connection& c,
                                                           const std::string& name_prefix) {
    KJ_ASSIGN_OR_RETURN(Statement st,
                        c.Prepare("SELECT name, version, query_type, q, saved FROM stored_query "
                                  "WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name, version"));
    st.Bind(1, name_prefix);
    std::vector<StoredQueryRecord> out;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back(
            StoredQueryRecord{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
    }
    return out;
}

}  // namespace kjerne::store::sqlite
