// engine/store/sqlite/sqlite_store.cpp
//
// The SQLite backend of Store (engine/store/store.hpp) over the schema of
// engine/store/migrations/V001__init.sql.
//
// Connections: one writer connection behind mu_ (SQLite has one writer per file anyway; taking
// the mutex first keeps threads of this process from spinning in the busy handler), and a pool
// of reader connections, so reads run in parallel and, in WAL mode, never block the writer and
// see committed transactions only. Other processes may write the same file: every write
// transaction starts with BEGIN IMMEDIATE and re-reads what it checks (EHR flags, latest
// version) after taking the lock, so the optimistic check holds across processes too.
//
// A write is prepared outside the lock (payload JSON, zstd, index rows: the CPU part) and then
// applied in one transaction: contribution (with its audit), versioned_object, version (the
// previous row's sys_period_upper is closed), contains_index rows, ehr flags.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/common/uuid.hpp"
#include "engine/common/sha256.hpp"
#include "engine/rm/views.hpp"
#include "engine/store/containment_index.hpp"
#include "engine/store/payload.hpp"
#include "engine/store/sqlite/candidate_scan_sql.hpp"
#include "engine/store/sqlite/leaf_scan_sql.hpp"
#include "engine/store/sqlite/migrations.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/sqlite/archetype_sql.hpp"
#include "engine/store/sqlite/stored_query_sql.hpp"
#include "engine/store/store.hpp"
#include "engine/store/version_data.hpp"

namespace kjerne::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr const char* kDefaultCommitter = R"({"_type":"PARTY_IDENTIFIED","name":"kjerne"})";

// --- SQL (kept here: the dialect is this backend's business) ---------------------------------
constexpr const char* kSelectVersion =
    "SELECT o.vo_id, v.sys_version, e.ehr_id, v.system_id, o.kind, v.lifecycle_state, "
    "o.template_id, c.contribution_id, c.system_id, c.committer, v.change_type, c.description, "
    "v.sys_period_lower, v.sys_period_upper, v.encoding, v.data, "
    "(SELECT p.system_id FROM version p WHERE p.vo_num = v.vo_num AND p.sys_version = v.sys_version - 1) "
    "FROM version v JOIN versioned_object o ON o.vo_num = v.vo_num JOIN ehr e ON e.ehr_num = o.ehr_num "
    "JOIN contribution c ON c.contribution_num = v.contribution_num ";
const std::string kReadByUid = std::string(kSelectVersion) + "WHERE o.vo_id = ?1 AND v.sys_version = ?2";
const std::string kReadLatest = std::string(kSelectVersion) +
                                "WHERE o.vo_id = ?1 AND v.sys_version = o.latest_version";
const std::string kReadAtTime = std::string(kSelectVersion) +
                                "WHERE o.vo_id = ?1 AND v.sys_period_lower <= ?2 AND "
                                "(v.sys_period_upper IS NULL OR v.sys_period_upper > ?2) "
                                "ORDER BY v.sys_version DESC LIMIT 1";
const std::string kListVersions = std::string(kSelectVersion) + "WHERE o.vo_id = ?1 ORDER BY v.sys_version";
// The directory is found through versioned_object_by_ehr rather than kept in a column of ehr:
// the schema needs no migration and the one-FOLDER-per-EHR rule is checked on commit.
constexpr const char* kSelectEhr =
    "SELECT ehr_id, system_id, time_created, ehr_status_vo_id, subject_id, subject_namespace, "
    "is_queryable, is_modifiable, (SELECT d.vo_id FROM versioned_object d WHERE d.ehr_num = ehr.ehr_num "
    "AND d.kind = 'FOLDER' ORDER BY d.vo_num LIMIT 1) FROM ehr ";
const std::string kEhrById = std::string(kSelectEhr) + "WHERE ehr_id = ?1";
const std::string kEhrBySubject = std::string(kSelectEhr) + "WHERE subject_namespace = ?1 AND subject_id = ?2";

constexpr const char* kInsertEhr =
    "INSERT INTO ehr (ehr_id, system_id, time_created, ehr_status_vo_id) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kInsertContribution =
    "INSERT INTO contribution (contribution_id, ehr_num, system_id, committer, time_committed, change_type, "
    "description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertVo =
    "INSERT INTO versioned_object (vo_id, ehr_num, kind, time_created, latest_version, template_id) "
    "VALUES (?1, ?2, ?3, ?4, 1, ?5)";
constexpr const char* kSelectVo =
    "SELECT o.ehr_num, o.kind, o.latest_version, o.template_id, v.lifecycle_state, v.sys_period_lower, o.vo_num, "
    "v.system_id "
    "FROM versioned_object o JOIN version v ON v.vo_num = o.vo_num AND v.sys_version = o.latest_version "
    "WHERE o.vo_id = ?1";
constexpr const char* kCloseVersion =
    "UPDATE version SET sys_period_upper = ?3 WHERE vo_num = ?1 AND sys_version = ?2 AND sys_period_upper IS NULL";
constexpr const char* kBumpVo = "UPDATE versioned_object SET latest_version = ?2 WHERE vo_num = ?1";
constexpr const char* kInsertVersion =
    "INSERT INTO version (vo_num, sys_version, system_id, contribution_num, change_type, lifecycle_state, "
    "encoding, raw_size, data, sys_period_lower) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kDeleteIndex = "DELETE FROM contains_index WHERE vo_num = ?1";
constexpr const char* kInsertIndex =
    "INSERT INTO contains_index (vo_num, num, num_cap, parent_num, rm_type, archetype_id, ehr_num) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// The leaf index (V004): paths are interned (looked up first: almost every path exists).
constexpr const char* kSelectLeafPath = "SELECT path_num FROM leaf_path WHERE archetype_id = ?1 AND path = ?2";
constexpr const char* kInsertLeafPath = "INSERT INTO leaf_path (archetype_id, path) VALUES (?1, ?2)";
constexpr const char* kDeleteLeaves = "DELETE FROM leaf_value WHERE vo_num = ?1";
constexpr const char* kInsertLeaf =
    "INSERT INTO leaf_value (path_num, value, vo_num, root_num, ord, list_at, list_index) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kDeleteByDetails = "DELETE FROM contains_by_details WHERE vo_num = ?1";
constexpr const char* kInsertByDetails = "INSERT INTO contains_by_details (vo_num, num) VALUES (?1, ?2)";
// Latest non-deleted composition / folder payloads after a vo_num, a batch at a time.
constexpr const char* kLatestPayloads =
    "SELECT o.vo_num, v.encoding, v.data FROM versioned_object o JOIN version v ON v.vo_num = o.vo_num AND "
    "v.sys_version = o.latest_version WHERE o.vo_num > ?1 AND o.kind IN ('COMPOSITION', 'FOLDER') AND "
    "v.data IS NOT NULL ORDER BY o.vo_num LIMIT 2000";
constexpr const char* kSelectEhrFlags = "SELECT ehr_num, is_modifiable FROM ehr WHERE ehr_id = ?1";
constexpr const char* kUpdateEhrStatus =
    "UPDATE ehr SET subject_id = ?2, subject_namespace = ?3, is_queryable = ?4, is_modifiable = ?5 "
    "WHERE ehr_num = ?1";
constexpr const char* kTemplateExists = "SELECT 1 FROM template WHERE template_id = ?1";
constexpr const char* kSelectDirectory =
    "SELECT vo_id FROM versioned_object WHERE ehr_num = ?1 AND kind = 'FOLDER' LIMIT 1";

// A connection plus its prepared statements, keyed by the SQL text's address (every SQL string
// above is a constant, so the address identifies it).
struct CachedConnection {
    Connection conn;
    std::unordered_map<const void*, Statement> stmts;

    Result<Statement*> Get(const char* sql) {
        auto it = stmts.find(sql);
        if (it != stmts.end()) {
            it->second.Reset();
            return &it->second;
        }
        KJ_ASSIGN_OR_RETURN(Statement st, conn.Prepare(sql));
        auto [pos, _] = stmts.emplace(sql, std::move(st));
        return &pos->second;
    }
    Result<Statement*> Get(const std::string& sql) { return Get(sql.c_str()); }

    // A statement left on a row keeps a read transaction open on its connection: in WAL mode
    // that pins a snapshot, so checkpoints cannot recycle the log and it grows without bound.
    // Every operation ends with this.
    void ResetAll() {
        for (auto& [_, st] : stmts) st.Reset();
    }
};

// Resets every cached statement of a connection when the scope ends.
class ResetOnExit {
public:
    explicit ResetOnExit(CachedConnection& c) : c_(c) {}
    ~ResetOnExit() { c_.ResetAll(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    CachedConnection& c_;
};

Error Validation(const char* code, std::string rm_path, std::string message) {
    Issue i;
    i.code = code;
    i.rm_path = std::move(rm_path);
    i.message = message;
    return Error(ErrorCode::kValidation, std::move(message), {std::move(i)});
}

Error Precondition(std::string message) { return Error(ErrorCode::kPreconditionFailed, std::move(message)); }

// A trunk version_tree_id ("1", "42") as a number; nullopt for branches ("1.2.1") and for
// numbers no store could have reached.
std::optional<int64_t> TrunkVersion(const std::string& tree) {
    if (tree.empty() || tree.size() > 15) return std::nullopt;
    int64_t n = 0;
    for (char c : tree) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

// Fills a VersionRecord from a kSelectVersion row; the payload columns (14, 15) are left.
VersionRecord RowToVersion(const Statement& st) {
    VersionRecord r;
    r.vo_id = st.Text(0);
    r.sys_version = st.Int(1);
    r.ehr_id = st.Text(2);
    std::string system_id = st.Text(3);
    r.uid = r.vo_id + "::" + system_id + "::" + std::to_string(r.sys_version);
    if (r.sys_version > 1) r.preceding_version_uid = r.vo_id + "::" + st.Text(16) + "::" + std::to_string(r.sys_version - 1);
    r.kind = ParseObjectKind(st.Text(4)).value_or(ObjectKind::kComposition);
    r.lifecycle_state = static_cast<int>(st.Int(5));
    r.template_id = st.Text(6);
    r.contribution_id = st.Text(7);
    r.audit.system_id = st.Text(8);
    r.audit.committer_json = st.Text(9);
    r.audit.change_type = static_cast<int>(st.Int(10));
    r.audit.description = st.Text(11);
    r.time_committed = st.Text(12);
    r.audit.time_committed = r.time_committed;
    r.superseded_at = st.Text(13);
    return r;
}

Result<StoredVersion> RowToStored(const Statement& st) {
    StoredVersion out;
    out.version = RowToVersion(st);
    if (!st.IsNull(15)) {
        KJ_ASSIGN_OR_RETURN(out.json, DecodePayload(st.Blob(15), static_cast<int>(st.Int(14))));
    }
    return out;
}

EhrRecord RowToEhr(const Statement& st) {
    EhrRecord e;
    e.ehr_id = st.Text(0);
    e.system_id = st.Text(1);
    e.time_created = st.Text(2);
    e.ehr_status_vo_id = st.Text(3);
    e.subject_id = st.Text(4);
    e.subject_namespace = st.Text(5);
    e.is_queryable = st.Int(6) != 0;
    e.is_modifiable = st.Int(7) != 0;
    e.directory_vo_id = st.Text(8);
    return e;
}

// One change, with everything computed that needs no database: ids, payload, index rows.
struct PreparedChange {
    ObjectKind kind = ObjectKind::kComposition;
    ChangeType change = ChangeType::kCreation;
    std::string vo_id;
    int64_t vo_num = 0;          // known once the object is found or inserted
    std::string preceding_system_id;  // creating system of the preceding version (from its uid)
    int64_t sys_version = 1;
    std::string uid;
    std::string template_id;
    int lifecycle = 532;
    std::string payload;         // encoded; empty when deleted
    int encoding = 0;
    int64_t raw_size = 0;
    ObjectIndex index;
    EhrStatusFields status;
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(StoreOptions options) : Store(std::move(options)) {}

    Status Init() {
        KJ_ASSIGN_OR_RETURN(Connection c, OpenConnection());
        writer_.conn = std::move(c);
        if (!options_.read_only) {
            KJ_TRY(sqlite::Migrate(writer_.conn));
            KJ_TRY(BuildLeafIndex());
        }
        // A store opened read-only keeps the schema it has; what an older one lacks is not read.
        KJ_ASSIGN_OR_RETURN(schema_version_, writer_.conn.QueryInt("PRAGMA user_version"));
        return OkStatus();
    }

    // A store that had objects before migration V004 has no leaf rows for them
    // (leaf_index_state.ready = 0): computed here once, from the latest payloads, a batch of
    // objects per write transaction so other writers wait briefly; their own commits write
    // leaves already, and an object they change is recomputed from its new payload anyway.
    // Costs about a decode per object (~1 minute per million), once.
    Status BuildLeafIndex() {
        KJ_ASSIGN_OR_RETURN(int64_t ready, writer_.conn.QueryInt("SELECT ready FROM leaf_index_state"));
        if (ready) return OkStatus();
        std::lock_guard<std::mutex> lock(mu_);
        int64_t after = -1;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(writer_.conn));
            ResetOnExit reset(writer_);
            KJ_ASSIGN_OR_RETURN(Statement * batch, writer_.Get(kLatestPayloads));
            batch->Bind(1, after);
            std::vector<std::pair<int64_t, std::string>> objects;
            for (;;) {
                KJ_ASSIGN_OR_RETURN(bool row, batch->Step());
                if (!row) break;
                KJ_ASSIGN_OR_RETURN(std::string json, DecodePayload(batch->Blob(2), static_cast<int>(batch->Int(1))));
                objects.emplace_back(batch->Int(0), std::move(json));
            }
            batch->Reset();
            if (objects.empty()) {
                KJ_TRY(writer_.conn.Exec("UPDATE leaf_index_state SET ready = 1"));
                writer_.ResetAll();
                return tx.Commit();
            }
            for (const auto& [vo_num, json] : objects) {
                KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(json, codec::ReadOptions{}));
                PreparedChange p;
                p.vo_num = vo_num;
                p.index = ComputeObjectIndex(*doc.root());
                for (const char* sql : {kDeleteLeaves, kDeleteByDetails}) {
                    KJ_ASSIGN_OR_RETURN(Statement * del, writer_.Get(sql));
                    del->Bind(1, vo_num);
                    KJ_TRY(del->Run());
                }
                KJ_TRY(InsertIndex(p, /*ehr_num=*/0, /*containment=*/false));
                after = vo_num;
            }
            writer_.ResetAll();
            KJ_TRY(tx.Commit());
        }
    }

    // --- EHR ------------------------------------------------------------------------------
    Result<EhrRecord> CreateEhr(const CreateEhrRequest& req) override {
        KJ_ASSIGN_OR_RETURN(PreparedEhr e, PrepareEhr(req));
        {
            std::lock_guard<std::mutex> lock(mu_);
            KJ_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(writer_.conn));
            ResetOnExit reset(writer_);  // runs before tx's rollback and before the lock is released
            KJ_TRY(InsertEhr(e));
            writer_.ResetAll();
            KJ_TRY(tx.Commit());
        }
        return GetEhr(e.ehr_id);  // committed: any reader sees it
    }

    Result<ContributionResult> CreateEhrAndCommit(const CreateEhrRequest& req,
                                                  const ContributionRequest& first) override {
        ContributionRequest with_ehr = first;
        with_ehr.create_ehr = &req;
        return CommitContribution(with_ehr);
    }

    Result<EhrRecord> GetEhr(const std::string& ehr_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        return LoadEhr(*r.conn, ehr_id);
    }

    Result<std::vector<std::string>> ListEhrIds() override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get("SELECT ehr_id FROM ehr ORDER BY ehr_num"));
        std::vector<std::string> out;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st->Step());
            if (!row) break;
            out.push_back(st->Text(0));
        }
        return out;
    }

    Result<EhrRecord> FindEhrBySubject(const std::string& ns, const std::string& id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(kEhrBySubject));
        st->Bind(1, ns).Bind(2, id);
        KJ_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) return Error::NotFound("store: no EHR for subject " + ns + "::" + id);
        return RowToEhr(*st);
    }

    // --- Templates ------------------------------------------------------------------------
    Result<bool> PutTemplate(const std::string& template_id, std::string_view opt) override {
        if (template_id.empty()) return Error::InvalidArgument("store: empty template id");
        std::string sha = Sha256Hex(opt);
        std::lock_guard<std::mutex> lock(mu_);
        KJ_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(writer_.conn));
        ResetOnExit reset(writer_);  // runs before tx's rollback and before the lock is released
        KJ_ASSIGN_OR_RETURN(Statement * q, writer_.Get("SELECT sha256 FROM template WHERE template_id = ?1"));
        q->Bind(1, template_id);
        KJ_ASSIGN_OR_RETURN(bool row, q->Step());
        if (row) {
            if (q->Text(0) == sha) return false;
            return Error::Conflict("store: template '" + template_id +
                                   "' is already stored with different content (sha256 " + q->Text(0) + ")");
        }
        KJ_ASSIGN_OR_RETURN(Statement * ins, writer_.Get(
            "INSERT INTO template (template_id, sha256, opt, time_uploaded) VALUES (?1, ?2, ?3, ?4)"));
        ins->Bind(1, template_id).Bind(2, sha).BindBlob(3, opt).Bind(4, Now());
        KJ_TRY(ins->Run());
        writer_.ResetAll();
        KJ_TRY(tx.Commit());
        return true;
    }

    Result<TemplateRecord> GetTemplate(const std::string& template_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(
            "SELECT template_id, sha256, time_uploaded, opt FROM template WHERE template_id = ?1"));
        st->Bind(1, template_id);
        KJ_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) return Error::NotFound("store: no template '" + template_id + "'");
        return TemplateRecord{st->Text(0), st->Text(1), st->Text(2), std::string(st->Blob(3))};
    }

    Result<std::vector<TemplateRecord>> ListTemplates() override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(
            "SELECT template_id, sha256, time_uploaded FROM template ORDER BY template_id"));
        std::vector<TemplateRecord> out;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st->Step());
            if (!row) break;
            out.push_back(TemplateRecord{st->Text(0), st->Text(1), st->Text(2), {}});
        }
        return out;
    }

    // --- Archetypes (SQL in archetype_sql.cpp) -------------------------------------------------
    Result<bool> PutArchetype(const ArchetypeRecord& record) override {
        std::lock_guard<std::mutex> lock(mu_);
        return sqlite::InsertArchetype(writer_.conn, record, Now());
    }

    Result<ArchetypeRecord> GetArchetype(const std::string& archetype_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        return sqlite::SelectArchetype(r.conn->conn, archetype_id);
    }

    Result<std::vector<ArchetypeRecord>> ListArchetypes(const std::string& artefact_type) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        return sqlite::SelectArchetypes(r.conn->conn, artefact_type);
    }

    // --- Stored queries (SQL in stored_query_sql.cpp) ----------------------------------------
    Result<StoredQueryRecord> PutStoredQuery(const StoredQueryRecord& query) override {
        std::lock_guard<std::mutex> lock(mu_);
        return sqlite::InsertStoredQuery(writer_.conn, query, Now());
    }

    Result<std::vector<StoredQueryRecord>> ListStoredQueries(const std::string& name_prefix) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        return sqlite::SelectStoredQueries(r.conn->conn, name_prefix);
    }

    // --- Writes ---------------------------------------------------------------------------
    Result<ContributionResult> CommitContribution(const ContributionRequest& req) override {
        KJ_ASSIGN_OR_RETURN(PreparedContribution prepared, PrepareContribution(req));
        std::lock_guard<std::mutex> lock(mu_);
        KJ_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(writer_.conn));
        ResetOnExit reset(writer_);  // runs before tx's rollback and before the lock is released
        KJ_ASSIGN_OR_RETURN(ContributionResult out, ApplyContribution(req, prepared));
        writer_.ResetAll();
        KJ_TRY(tx.Commit());
        return out;
    }

    Result<std::vector<Result<ContributionResult>>> CommitBatch(
        const std::vector<ContributionRequest>& requests) override {
        std::vector<Result<PreparedContribution>> prepared;
        prepared.reserve(requests.size());
        for (const auto& req : requests) prepared.push_back(PrepareContribution(req));
        std::vector<Result<ContributionResult>> out;
        out.reserve(requests.size());
        std::lock_guard<std::mutex> lock(mu_);
        KJ_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(writer_.conn));
        ResetOnExit reset(writer_);  // runs before tx's rollback and before the lock is released
        for (size_t i = 0; i < requests.size(); ++i) {
            if (!prepared[i].ok()) {
                out.push_back(prepared[i].error());
                continue;
            }
            KJ_TRY(writer_.conn.Exec("SAVEPOINT contribution"));
            Result<ContributionResult> r = ApplyContribution(requests[i], *prepared[i]);
            if (!r.ok()) {
                writer_.ResetAll();
                KJ_TRY(writer_.conn.Exec("ROLLBACK TO contribution"));
            }
            KJ_TRY(writer_.conn.Exec("RELEASE contribution"));
            out.push_back(std::move(r));
        }
        writer_.ResetAll();
        KJ_TRY(tx.Commit());
        return out;
    }

    // --- Reads ----------------------------------------------------------------------------
    Result<StoredVersion> ReadLatest(const std::string& vo_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(kReadLatest));
        st->Bind(1, vo_id);
        return OneVersion(st, "store: no versioned object " + vo_id);
    }

    Result<StoredVersion> ReadVersion(const std::string& version_uid) override {
        auto id = rm::ObjectVersionId::Parse(version_uid);
        if (!id) return Error::InvalidArgument("store: '" + version_uid + "' is not an OBJECT_VERSION_ID");
        auto n = TrunkVersion(id->version_tree_id);
        if (!n) return Error::NotFound("store: no version " + version_uid + " (only trunk versions are stored)");
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(kReadByUid));
        st->Bind(1, id->object_id).Bind(2, *n);
        KJ_ASSIGN_OR_RETURN(StoredVersion v, OneVersion(st, "store: no version " + version_uid));
        if (v.version.uid != version_uid) return Error::NotFound("store: no version " + version_uid);
        return v;
    }

    Result<StoredVersion> ReadAtTime(const std::string& vo_id, const std::string& time) override {
        auto t = NormalizeTime(time);
        if (!t) return Error::InvalidArgument("store: '" + time + "' is not an ISO 8601 date-time");
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(kReadAtTime));
        st->Bind(1, vo_id).Bind(2, *t);
        return OneVersion(st, "store: no version of " + vo_id + " at " + *t);
    }

    Result<std::vector<VersionRecord>> ListVersions(const std::string& vo_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(kListVersions));
        st->Bind(1, vo_id);
        std::vector<VersionRecord> out;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st->Step());
            if (!row) break;
            out.push_back(RowToVersion(*st));
        }
        if (out.empty()) return Error::NotFound("store: no versioned object " + vo_id);
        return out;
    }

    Result<StoredVersion> ReadEhrStatus(const std::string& ehr_id) override {
        KJ_ASSIGN_OR_RETURN(EhrRecord ehr, GetEhr(ehr_id));
        return ReadLatest(ehr.ehr_status_vo_id);
    }

    Result<std::vector<std::string>> ListCompositions(const std::string& ehr_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(
            "SELECT o.vo_id FROM versioned_object o JOIN ehr e ON e.ehr_num = o.ehr_num "
            "WHERE e.ehr_id = ?1 AND o.kind = 'COMPOSITION' ORDER BY o.vo_num"));
        st->Bind(1, ehr_id);
        std::vector<std::string> out;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st->Step());
            if (!row) break;
            out.push_back(st->Text(0));
        }
        return out;
    }

    Result<ContributionRecord> GetContribution(const std::string& contribution_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(
            "SELECT e.ehr_id, c.system_id, c.committer, c.time_committed, c.change_type, c.description, "
            "c.contribution_num FROM contribution c JOIN ehr e ON e.ehr_num = c.ehr_num "
            "WHERE c.contribution_id = ?1"));
        st->Bind(1, contribution_id);
        KJ_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) return Error::NotFound("store: no contribution " + contribution_id);
        ContributionRecord c;
        c.contribution_id = contribution_id;
        c.ehr_id = st->Text(0);
        c.audit = AuditRecord{st->Text(1), st->Text(2), st->Text(3), static_cast<int>(st->Int(4)), st->Text(5)};
        int64_t contribution_num = st->Int(6);
        KJ_ASSIGN_OR_RETURN(Statement * vs, r.conn->Get(
            "SELECT o.vo_id || '::' || v.system_id || '::' || v.sys_version FROM version v "
            "JOIN versioned_object o ON o.vo_num = v.vo_num WHERE v.contribution_num = ?1 ORDER BY v.rowid"));
        vs->Bind(1, contribution_num);
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool more, vs->Step());
            if (!more) break;
            c.version_uids.push_back(vs->Text(0));
        }
        return c;
    }

    Result<std::vector<IndexRow>> ReadIndex(const std::string& vo_id) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        KJ_ASSIGN_OR_RETURN(Statement * st, r.conn->Get(
            "SELECT i.num, i.num_cap, i.parent_num, i.rm_type, i.archetype_id FROM contains_index i "
            "JOIN versioned_object o ON o.vo_num = i.vo_num WHERE o.vo_id = ?1 ORDER BY i.num"));
        st->Bind(1, vo_id);
        std::vector<IndexRow> out;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st->Step());
            if (!row) break;
            out.push_back(IndexRow{st->Int(0), st->Int(1), st->Int(2), st->Text(3), st->Text(4)});
        }
        return out;
    }

    Status ScanCandidates(const CandidateScan& scan,
                          const std::function<bool(const CandidateEhr&)>& visit) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);  // no cached statement may pin the scan's snapshot
        return sqlite::ScanCandidates(r.conn->conn, scan, visit);
    }

    Result<int64_t> CountRoots(const RootScan& scan) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);
        return sqlite::CountRoots(r.conn->conn, scan);
    }

    Result<RootLeaves> ScanRootLeaves(const RootScan& scan) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);
        return sqlite::ScanRootLeaves(r.conn->conn, scan);
    }

    Result<bool> ScanLeafOrder(const LeafOrderScan& scan,
                               const std::function<bool(int64_t, const RootLeaf&)>& visit) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);
        return sqlite::ScanLeafOrder(r.conn->conn, scan, visit);
    }

    Result<bool> ScanIndexRows(const IndexRowScan& scan,
                               const std::function<bool(const IndexRowNode&)>& visit) override {
        if (schema_version_ < kIndexRowsSchema) return false;  // read-only, not migrated: decode instead
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);
        const bool known = leaves_ready_.load(std::memory_order_relaxed);
        KJ_ASSIGN_OR_RETURN(std::optional<sqlite::ScanPathNums> nums, PathNums(r.conn->conn, scan));
        KJ_ASSIGN_OR_RETURN(bool ready,
                            sqlite::ScanIndexRows(r.conn->conn, scan, known, nums ? &*nums : nullptr, visit));
        if (ready) leaves_ready_.store(true, std::memory_order_relaxed);
        return ready;
    }

    // The leaf_path numbers of an exact-archetype scan's paths (header paths are stored under
    // archetype ""), from path_nums_, re-read once when one is missing; nullopt when one is
    // still missing (no value has it yet, or a writer is adding it) or the archetype is a
    // pattern (new archetypes may match it): the scan then joins leaf_path in its snapshot.
    Result<std::optional<sqlite::ScanPathNums>> PathNums(Connection& c, const IndexRowScan& scan) {
        if (scan.archetype.find_first_of("*?") != std::string::npos) return std::optional<sqlite::ScanPathNums>();
        std::lock_guard<std::mutex> lock(path_nums_mu_);
        for (int attempt = 0; attempt < 2; ++attempt) {
            sqlite::ScanPathNums out;
            bool all = true;
            auto look = [&](const std::string& archetype, const std::vector<std::string>& paths, std::vector<int64_t>& to) {
                for (const std::string& p : paths) {
                    auto it = path_nums_.find(std::pair<std::string_view, std::string_view>(archetype, p));
                    if (it == path_nums_.end()) all = false;
                    else to.push_back(it->second);
                }
            };
            look(scan.archetype, scan.node_paths, out.node);
            look("", scan.header_paths, out.header);
            if (all) return std::optional<sqlite::ScanPathNums>(std::move(out));
            if (attempt == 1) break;
            KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare("SELECT path_num, archetype_id, path FROM leaf_path"));
            for (;;) {
                KJ_ASSIGN_OR_RETURN(bool row, st.Step());
                if (!row) break;
                path_nums_[{st.Text(1), st.Text(2)}] = st.Int(0);
            }
        }
        return std::optional<sqlite::ScanPathNums>();
    }

    Result<int64_t> ScanArchetypeRows(
        const ArchetypeRowScan& scan,
        const std::function<bool(int64_t, const std::vector<IndexRow>&)>& visit) override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        ResetOnExit reset(*r.conn);
        return sqlite::ScanArchetypeRows(r.conn->conn, scan, visit);
    }

    Result<StoreStats> Stats() override {
        KJ_ASSIGN_OR_RETURN(Lease r, AcquireReader());
        Connection& c = r.conn->conn;
        StoreStats s;
        KJ_ASSIGN_OR_RETURN(s.ehrs, c.QueryInt("SELECT count(*) FROM ehr"));
        KJ_ASSIGN_OR_RETURN(s.versioned_objects, c.QueryInt("SELECT count(*) FROM versioned_object"));
        KJ_ASSIGN_OR_RETURN(s.compositions,
                            c.QueryInt("SELECT count(*) FROM versioned_object WHERE kind = 'COMPOSITION'"));
        KJ_ASSIGN_OR_RETURN(s.versions, c.QueryInt("SELECT count(*) FROM version"));
        KJ_ASSIGN_OR_RETURN(s.index_rows, c.QueryInt("SELECT count(*) FROM contains_index"));
        KJ_ASSIGN_OR_RETURN(s.payload_bytes, c.QueryInt("SELECT coalesce(sum(length(data)), 0) FROM version"));
        KJ_ASSIGN_OR_RETURN(s.payload_raw_bytes, c.QueryInt("SELECT coalesce(sum(raw_size), 0) FROM version"));
        KJ_ASSIGN_OR_RETURN(int64_t pages, c.QueryInt("PRAGMA page_count"));
        KJ_ASSIGN_OR_RETURN(int64_t page_size, c.QueryInt("PRAGMA page_size"));
        s.file_bytes = pages * page_size;
        return s;
    }

private:
    // A reader connection borrowed from the pool; returned when the lease ends.
    struct Lease {
        SqliteStore* owner = nullptr;
        std::unique_ptr<CachedConnection> conn;
        Lease() = default;
        Lease(SqliteStore* o, std::unique_ptr<CachedConnection> c) : owner(o), conn(std::move(c)) {}
        Lease(Lease&& o) noexcept : owner(o.owner), conn(std::move(o.conn)) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (owner && conn) owner->Release(std::move(conn));
        }
    };

    Result<Connection> OpenConnection() {
        return Connection::Open(options_.path, options_.synchronous, options_.busy_timeout_ms, options_.read_only);
    }

    Result<Lease> AcquireReader() {
        {
            std::lock_guard<std::mutex> lock(pool_mu_);
            if (!pool_.empty()) {
                auto c = std::move(pool_.back());
                pool_.pop_back();
                return Lease(this, std::move(c));
            }
        }
        KJ_ASSIGN_OR_RETURN(Connection c, OpenConnection());
        auto cc = std::make_unique<CachedConnection>();
        cc->conn = std::move(c);
        return Lease(this, std::move(cc));
    }

    void Release(std::unique_ptr<CachedConnection> c) {
        c->ResetAll();  // no snapshot may stay pinned by a pooled connection
        std::lock_guard<std::mutex> lock(pool_mu_);
        if (pool_.size() < 8) pool_.push_back(std::move(c));
    }

    Result<StoredVersion> OneVersion(Statement* st, std::string not_found) {
        KJ_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) return Error::NotFound(std::move(not_found));
        return RowToStored(*st);
    }

    // An EHR to create: its id and its EHR_STATUS version 1, prepared outside the lock.
    struct PreparedEhr {
        std::string ehr_id;
        std::vector<PreparedChange> status;  // exactly one
        AuditInput audit;
    };

    Result<PreparedEhr> PrepareEhr(const CreateEhrRequest& req) {
        PreparedEhr e;
        e.ehr_id = req.ehr_id.empty() ? NewUuidV4() : req.ehr_id;
        if (!IsUuid(e.ehr_id)) return Error::InvalidArgument("store: ehr_id '" + e.ehr_id + "' is not a UUID");
        std::optional<rm::Document> fallback;
        const rm::Document* status = req.ehr_status;
        if (!status) {
            if (req.subject_id.empty() != req.subject_namespace.empty()) {
                return Error::InvalidArgument("store: subject id and namespace go together");
            }
            KJ_ASSIGN_OR_RETURN(rm::Document d, DefaultEhrStatus(req.subject_id, req.subject_namespace));
            fallback.emplace(std::move(d));
            status = &*fallback;
        }
        VersionChange change;
        change.kind = ObjectKind::kEhrStatus;
        change.change = ChangeType::kCreation;
        change.data = status;
        KJ_ASSIGN_OR_RETURN(PreparedChange prepared, Prepare(change, /*allow_status_creation=*/true));
        e.status.push_back(std::move(prepared));
        e.audit = req.audit;
        return e;
    }

    // The ehr row and the EHR_STATUS contribution. REQUIRES: mu_ held, a transaction open.
    Status InsertEhr(PreparedEhr& e) {
        std::string now = Now();
        KJ_ASSIGN_OR_RETURN(Statement * ins, writer_.Get(kInsertEhr));
        ins->Bind(1, e.ehr_id).Bind(2, options_.system_id).Bind(3, now).Bind(4, e.status.front().vo_id);
        if (Status s = ins->Run(); !s.ok()) {
            if (s.error().code() == ErrorCode::kConflict) {
                return Error::Conflict("store: EHR " + e.ehr_id + " already exists");
            }
            return std::move(s).error();
        }
        KJ_TRY(Apply(e.ehr_id, e.status, e.audit, now, /*ehr_is_new=*/true));
        return OkStatus();
    }

    // A contribution prepared outside the lock: its changes and, optionally, the EHR to create.
    struct PreparedContribution {
        std::optional<PreparedEhr> ehr;
        std::vector<PreparedChange> changes;
    };

    Result<PreparedContribution> PrepareContribution(const ContributionRequest& req) {
        PreparedContribution p;
        if (req.create_ehr) {
            KJ_ASSIGN_OR_RETURN(PreparedEhr e, PrepareEhr(*req.create_ehr));
            p.ehr.emplace(std::move(e));
        }
        KJ_ASSIGN_OR_RETURN(p.changes, PrepareAll(req));
        return p;
    }

    // REQUIRES: mu_ held, a transaction open.
    Result<ContributionResult> ApplyContribution(const ContributionRequest& req, PreparedContribution& p) {
        if (p.ehr) KJ_TRY(InsertEhr(*p.ehr));
        return Apply(p.ehr ? p.ehr->ehr_id : req.ehr_id, p.changes, req.audit, Now(), false);
    }

    Result<EhrRecord> LoadEhr(CachedConnection& c, const std::string& ehr_id) {
        KJ_ASSIGN_OR_RETURN(Statement * st, c.Get(kEhrById));
        st->Bind(1, ehr_id);
        KJ_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) return Error::NotFound("store: no EHR " + ehr_id);
        EhrRecord e = RowToEhr(*st);
        st->Reset();
        return e;
    }

    // Strictly increasing within this process, so versions committed in one process never
    // share a time (time travel needs sys_period_lower < sys_period_upper).
    // REQUIRES: mu_ held.
    std::string Now() {
        std::string now = NowUtc();
        if (now <= last_time_) now = NextMicrosecond(last_time_);
        last_time_ = now;
        return now;
    }

    Result<std::vector<PreparedChange>> PrepareAll(const ContributionRequest& req) {
        if (req.changes.empty()) return Error::InvalidArgument("store: a contribution needs at least one version");
        std::vector<PreparedChange> out;
        out.reserve(req.changes.size());
        for (const VersionChange& c : req.changes) {
            KJ_ASSIGN_OR_RETURN(PreparedChange p, Prepare(c, false));
            out.push_back(std::move(p));
        }
        return out;
    }

    Result<PreparedChange> Prepare(const VersionChange& c, bool allow_status_creation) {
        PreparedChange p;
        p.kind = c.kind;
        p.change = c.change;
        if (c.change == ChangeType::kCreation) {
            if (c.kind == ObjectKind::kEhrStatus && !allow_status_creation) {
                return Error::InvalidArgument("store: an EHR_STATUS is created with its EHR only");
            }
            p.vo_id = c.vo_id.empty() ? NewUuidV7() : c.vo_id;  // time-ordered: index grows at its end
            if (!IsUuid(p.vo_id)) return Error::InvalidArgument("store: object id '" + p.vo_id + "' is not a UUID");
            p.sys_version = 1;
        } else {
            if (c.kind == ObjectKind::kEhrStatus && c.change == ChangeType::kDeleted) {
                return Error::InvalidArgument("store: an EHR_STATUS cannot be deleted");
            }
            auto prev = rm::ObjectVersionId::Parse(c.preceding_version_uid);
            if (!prev) {
                return Error::InvalidArgument("store: preceding version uid '" + c.preceding_version_uid +
                                              "' is not an OBJECT_VERSION_ID");
            }
            auto n = TrunkVersion(prev->version_tree_id);
            if (!n) return Precondition("store: " + c.preceding_version_uid + " is not the latest version");
            p.preceding_system_id = prev->creating_system_id;  // checked against the stored version
            p.vo_id = prev->object_id;
            p.sys_version = *n + 1;
        }
        p.uid = p.vo_id + "::" + options_.system_id + "::" + std::to_string(p.sys_version);
        if (c.change == ChangeType::kDeleted) {
            p.lifecycle = static_cast<int>(Lifecycle::kDeleted);
            return p;
        }
        if (c.lifecycle == Lifecycle::kDeleted) {
            return Error::InvalidArgument("store: lifecycle 'deleted' is only for deletions");
        }
        p.lifecycle = static_cast<int>(c.lifecycle);
        if (!c.data || !c.data->root()) return Error::InvalidArgument("store: version without data");
        const rm::Node& root = *c.data->root();
        const char* want = ObjectKindName(c.kind);
        if (c.data->schema().Name(root.type) != want) {
            return Validation("STORE_WRONG_TYPE", "/",
                              std::string("store: expected a ") + want + ", got " +
                                  std::string(c.data->schema().Name(root.type)));
        }
        if (c.kind == ObjectKind::kComposition) {
            p.template_id = std::string(rm::LocatableView(&root).template_id());
            if (p.template_id.empty()) {
                return Validation("STORE_NO_TEMPLATE_ID", "/archetype_details/template_id",
                                  "store: the composition names no template (archetype_details/template_id)");
            }
        }
        if (c.kind == ObjectKind::kEhrStatus) p.status = ReadEhrStatusFields(root);
        if (c.kind != ObjectKind::kEhrStatus) p.index = ComputeObjectIndex(root, p.uid);
        std::string json = VersionJson(*c.data, p.uid);
        p.raw_size = static_cast<int64_t>(json.size());
        PayloadEncoding enc = options_.compress ? PayloadEncoding::kZstdJson : PayloadEncoding::kJson;
        p.payload = EncodePayload(json, enc, options_.compression_level);
        p.encoding = static_cast<int>(enc);
        return p;
    }

    // Writes one contribution inside the open transaction. REQUIRES: mu_ held.
    Result<ContributionResult> Apply(const std::string& ehr_id, std::vector<PreparedChange>& changes,
                                     const AuditInput& audit, std::string now, bool ehr_is_new) {
        CachedConnection& w = writer_;
        // The EHR and its flags, read under the write lock.
        KJ_ASSIGN_OR_RETURN(Statement * flags, w.Get(kSelectEhrFlags));
        flags->Bind(1, ehr_id);
        KJ_ASSIGN_OR_RETURN(bool found, flags->Step());
        if (!found) return Error::NotFound("store: no EHR " + ehr_id);
        int64_t ehr_num = flags->Int(0);
        bool modifiable = flags->Int(1) != 0;
        flags->Reset();

        // First pass: every check, before anything is written.
        bool creates_directory = false;
        for (PreparedChange& p : changes) {
            if (p.kind != ObjectKind::kEhrStatus && !modifiable) {
                return Error::Conflict("store: EHR " + ehr_id + " is not modifiable (EHR_STATUS.is_modifiable)");
            }
            if (p.kind == ObjectKind::kFolder && p.change == ChangeType::kCreation) {
                // One directory per EHR (EHR.directory): read under the write lock, so of two
                // racing creations exactly one wins.
                KJ_ASSIGN_OR_RETURN(Statement * d, w.Get(kSelectDirectory));
                d->Bind(1, ehr_num);
                KJ_ASSIGN_OR_RETURN(bool has, d->Step());
                std::string existing = has ? d->Text(0) : std::string();
                d->Reset();
                if (has || creates_directory) {
                    return Error::Conflict("store: EHR " + ehr_id + " already has a directory" +
                                           (has ? " (" + existing + ")" : std::string()));
                }
                creates_directory = true;
            }
            if (p.kind == ObjectKind::kComposition && p.change != ChangeType::kDeleted) {
                KJ_ASSIGN_OR_RETURN(Statement * t, w.Get(kTemplateExists));
                t->Bind(1, p.template_id);
                KJ_ASSIGN_OR_RETURN(bool has, t->Step());
                t->Reset();
                if (!has) {
                    return Validation("STORE_UNKNOWN_TEMPLATE", "/archetype_details/template_id",
                                      "store: template '" + p.template_id + "' is not stored");
                }
            }
            if (p.change == ChangeType::kCreation) continue;
            KJ_ASSIGN_OR_RETURN(Statement * vo, w.Get(kSelectVo));
            vo->Bind(1, p.vo_id);
            KJ_ASSIGN_OR_RETURN(bool exists, vo->Step());
            if (!exists || vo->Int(0) != ehr_num) {
                vo->Reset();
                return Error::NotFound("store: no versioned object " + p.vo_id + " in EHR " + ehr_id);
            }
            std::string kind = vo->Text(1);
            int64_t latest = vo->Int(2);
            std::string template_id = vo->Text(3);
            int64_t latest_lifecycle = vo->Int(4);
            std::string latest_time = vo->Text(5);
            p.vo_num = vo->Int(6);
            std::string latest_system = vo->Text(7);
            vo->Reset();
            if (kind != ObjectKindName(p.kind)) {
                return Error::InvalidArgument("store: " + p.vo_id + " is a " + kind + ", not a " +
                                              ObjectKindName(p.kind));
            }
            if (latest != p.sys_version - 1 || latest_system != p.preceding_system_id) {
                return Precondition("store: " + p.vo_id + "::" + p.preceding_system_id + "::" +
                                    std::to_string(p.sys_version - 1) + " is not the latest version; latest is " +
                                    p.vo_id + "::" + latest_system + "::" + std::to_string(latest));
            }
            if (p.change == ChangeType::kDeleted && latest_lifecycle == static_cast<int>(Lifecycle::kDeleted)) {
                return Error::Conflict("store: " + p.vo_id + " is already deleted");
            }
            if (p.kind == ObjectKind::kComposition) {
                if (p.change == ChangeType::kDeleted) {
                    p.template_id = template_id;
                } else if (p.template_id != template_id) {
                    return Validation("STORE_TEMPLATE_CHANGED", "/archetype_details/template_id",
                                      "store: a new version must keep template '" + template_id + "', not '" +
                                          p.template_id + "'");
                }
            }
            // Another process's clock may be ahead: never start a version before its predecessor.
            if (now <= latest_time) now = NextMicrosecond(latest_time);
        }
        if (now > last_time_) last_time_ = now;

        std::string committer = audit.committer_json.empty() ? kDefaultCommitter : audit.committer_json;
        std::string contribution_id = NewUuidV7();
        KJ_ASSIGN_OR_RETURN(Statement * ins_c, w.Get(kInsertContribution));
        ins_c->Bind(1, contribution_id).Bind(2, ehr_num).Bind(3, options_.system_id).Bind(4, committer)
            .Bind(5, now).Bind(6, static_cast<int64_t>(changes.front().change)).BindTextOrNull(7, audit.description);
        KJ_TRY(ins_c->Run());
        int64_t contribution_num = sqlite3_last_insert_rowid(w.conn.raw());

        ContributionResult result;
        result.contribution_id = contribution_id;
        for (PreparedChange& p : changes) {
            if (p.change == ChangeType::kCreation) {
                KJ_ASSIGN_OR_RETURN(Statement * ins_vo, w.Get(kInsertVo));
                ins_vo->Bind(1, p.vo_id).Bind(2, ehr_num).Bind(3, ObjectKindName(p.kind)).Bind(4, now)
                    .BindTextOrNull(5, p.template_id);
                if (Status s = ins_vo->Run(); !s.ok()) {
                    if (s.error().code() == ErrorCode::kConflict) {
                        return Error::Conflict("store: versioned object " + p.vo_id + " already exists");
                    }
                    return std::move(s).error();
                }
                p.vo_num = sqlite3_last_insert_rowid(w.conn.raw());
            } else {
                KJ_ASSIGN_OR_RETURN(Statement * close, w.Get(kCloseVersion));
                close->Bind(1, p.vo_num).Bind(2, p.sys_version - 1).Bind(3, now);
                KJ_TRY(close->Run());
                if (w.conn.Changes() != 1) {
                    return Error(ErrorCode::kCorruption, "store: latest version of " + p.vo_id + " already closed");
                }
                KJ_ASSIGN_OR_RETURN(Statement * bump, w.Get(kBumpVo));
                bump->Bind(1, p.vo_num).Bind(2, p.sys_version);
                KJ_TRY(bump->Run());
            }
            KJ_ASSIGN_OR_RETURN(Statement * ins_v, w.Get(kInsertVersion));
            ins_v->Bind(1, p.vo_num).Bind(2, p.sys_version).Bind(3, options_.system_id).Bind(4, contribution_num)
                .Bind(5, static_cast<int64_t>(p.change)).Bind(6, static_cast<int64_t>(p.lifecycle))
                .Bind(7, static_cast<int64_t>(p.encoding)).Bind(8, p.raw_size).Bind(10, now);
            if (p.change == ChangeType::kDeleted) {
                ins_v->BindNull(9);
            } else {
                ins_v->BindBlob(9, p.payload);
            }
            KJ_TRY(ins_v->Run());

            if (p.kind != ObjectKind::kEhrStatus) {
                if (p.change != ChangeType::kCreation) {
                    for (const char* sql : {kDeleteIndex, kDeleteLeaves, kDeleteByDetails}) {
                        KJ_ASSIGN_OR_RETURN(Statement * del, w.Get(sql));
                        del->Bind(1, p.vo_num);
                        KJ_TRY(del->Run());
                    }
                }
                if (p.change != ChangeType::kDeleted) KJ_TRY(InsertIndex(p, ehr_num));
            } else {
                KJ_ASSIGN_OR_RETURN(Statement * upd, w.Get(kUpdateEhrStatus));
                upd->Bind(1, ehr_num).BindTextOrNull(2, p.status.subject_id)
                    .BindTextOrNull(3, p.status.subject_id.empty() ? std::string() : p.status.subject_namespace)
                    .Bind(4, int64_t{p.status.is_queryable}).Bind(5, int64_t{p.status.is_modifiable});
                if (Status s = upd->Run(); !s.ok()) {
                    if (s.error().code() == ErrorCode::kConflict) {
                        return Error::Conflict("store: subject " + p.status.subject_namespace + "::" +
                                               p.status.subject_id + " already has an EHR");
                    }
                    return std::move(s).error();
                }
            }

            VersionRecord v;
            v.uid = p.uid;
            v.vo_id = p.vo_id;
            v.ehr_id = ehr_id;
            v.kind = p.kind;
            v.sys_version = p.sys_version;
            if (p.sys_version > 1) {
                v.preceding_version_uid = p.vo_id + "::" + p.preceding_system_id + "::" + std::to_string(p.sys_version - 1);
            }
            v.lifecycle_state = p.lifecycle;
            v.template_id = p.template_id;
            v.contribution_id = contribution_id;
            v.audit = AuditRecord{options_.system_id, committer, now, static_cast<int>(p.change), audit.description};
            v.time_committed = now;
            result.versions.push_back(std::move(v));
        }
        (void)ehr_is_new;
        return result;
    }

    // The containment rows (unless !containment), leaves and by-details marks of one new
    // version. REQUIRES: mu_ held.
    // `ehr_num` is the object's EHR (contains_index rows only).
    Status InsertIndex(const PreparedChange& p, int64_t ehr_num, bool containment = true) {
        CachedConnection& w = writer_;
        if (containment) {
            KJ_ASSIGN_OR_RETURN(Statement * ins_i, w.Get(kInsertIndex));
            for (const IndexRow& row : p.index.rows) {
                ins_i->Reset();
                ins_i->Bind(1, p.vo_num).Bind(2, row.num).Bind(3, row.num_cap).Bind(4, row.parent_num)
                    .Bind(5, row.rm_type).Bind(6, row.archetype_id).Bind(7, ehr_num);
                KJ_TRY(ins_i->Run());
            }
        }
        if (!p.index.by_details.empty()) {
            KJ_ASSIGN_OR_RETURN(Statement * ins_d, w.Get(kInsertByDetails));
            for (int64_t num : p.index.by_details) {
                ins_d->Reset();
                ins_d->Bind(1, p.vo_num).Bind(2, num);
                KJ_TRY(ins_d->Run());
            }
        }
        if (p.index.leaves.empty()) return OkStatus();
        KJ_ASSIGN_OR_RETURN(Statement * sel_p, w.Get(kSelectLeafPath));
        KJ_ASSIGN_OR_RETURN(Statement * ins_p, w.Get(kInsertLeafPath));
        KJ_ASSIGN_OR_RETURN(Statement * ins_l, w.Get(kInsertLeaf));
        // Each distinct path is interned once per version (an observation's events repeat them).
        std::unordered_map<std::string, int64_t> nums;
        for (const LeafRow& leaf : p.index.leaves) {
            std::string key = leaf.archetype_id + '\n' + leaf.path;
            auto it = nums.find(key);
            if (it == nums.end()) {
                sel_p->Reset();
                sel_p->Bind(1, leaf.archetype_id).Bind(2, leaf.path);
                KJ_ASSIGN_OR_RETURN(bool found, sel_p->Step());
                int64_t num = found ? sel_p->Int(0) : 0;
                sel_p->Reset();
                if (!found) {
                    ins_p->Reset();
                    ins_p->Bind(1, leaf.archetype_id).Bind(2, leaf.path);
                    KJ_TRY(ins_p->Run());
                    num = sqlite3_last_insert_rowid(w.conn.raw());
                }
                it = nums.emplace(std::move(key), num).first;
            }
            const int64_t path_num = it->second;
            ins_l->Reset();
            ins_l->Bind(1, path_num);
            if (leaf.is_text) ins_l->Bind(2, leaf.text);
            else if (leaf.is_int) ins_l->Bind(2, leaf.i);
            else ins_l->BindReal(2, leaf.d);
            ins_l->Bind(3, p.vo_num).Bind(4, leaf.root_num).Bind(5, leaf.ord).Bind(6, leaf.list_at)
                .Bind(7, leaf.list_index);
            KJ_TRY(ins_l->Run());
        }
        return OkStatus();
    }

    std::mutex mu_;                 // serialises writes; guards writer_ and last_time_
    // Once the leaf index is seen ready it stays so while the store is open (only a migration
    // at open resets it), so index-only reads stop asking.
    std::atomic<bool> leaves_ready_{false};
    // PRAGMA user_version when opened; V005 (kIndexRowsSchema) brought what ScanIndexRows reads.
    static constexpr int64_t kIndexRowsSchema = 5;
    int64_t schema_version_ = 0;
    // leaf_path numbers by (archetype, path) (PathNums): a number never changes once assigned.
    struct PathLess {  // compares (string, string) keys with (string_view, string_view) probes
        using is_transparent = void;
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const {
            int c = std::string_view(a.first).compare(b.first);
            return c < 0 || (c == 0 && std::string_view(a.second) < std::string_view(b.second));
        }
    };
    std::mutex path_nums_mu_;
    std::map<std::pair<std::string, std::string>, int64_t, PathLess> path_nums_;
    CachedConnection writer_;
    std::string last_time_;
    std::mutex pool_mu_;            // guards pool_
    std::vector<std::unique_ptr<CachedConnection>> pool_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
    auto store = std::make_unique<SqliteStore>(options);
    KJ_TRY(store->Init());
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kjerne::store
