// engine/store/store_check.cpp — see store_check.hpp.
#include "engine/store/store_check.hpp"

#include <filesystem>
#include <map>

#include "engine/codec/codec.hpp"
#include "engine/rm/views.hpp"
#include "engine/store/containment_index.hpp"
#include "engine/store/payload.hpp"
#include "engine/store/sqlite/migrations.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/version_data.hpp"

namespace kjerne::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;

// Runs `sql`; each row's columns joined by ' ' become one finding prefixed by `what`.
Status Findings(Connection& c, const char* what, const char* sql, int cols, std::vector<std::string>& out) {
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        std::string line = what;
        for (int i = 0; i < cols; ++i) line += (i ? " " : ": ") + st.Text(i);
        out.push_back(std::move(line));
    }
    return OkStatus();
}

std::string Describe(const IndexRow& r) {
    return std::to_string(r.num) + ".." + std::to_string(r.num_cap) + " parent " + std::to_string(r.parent_num) +
           " " + r.rm_type + " " + r.archetype_id;
}

}  // namespace

Result<CheckReport> CheckStore(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Error::NotFound("check: no such file '" + path + "'");
    // Read-write open (no migration, no writes): a read-only connection could not recover a
    // WAL left behind by a killed writer.
    KJ_ASSIGN_OR_RETURN(Connection c, Connection::Open(path, Synchronous::kFull, 30000, false));
    CheckReport report;
    auto& f = report.findings;

    // 1. SQLite's own view of the file.
    {
        KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare("PRAGMA integrity_check"));
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool row, st.Step());
            if (!row) break;
            if (st.Text(0) != "ok") f.push_back("sqlite integrity_check: " + st.Text(0));
        }
    }
    KJ_ASSIGN_OR_RETURN(int64_t schema, c.QueryInt("PRAGMA user_version"));
    KJ_ASSIGN_OR_RETURN(int64_t tables, c.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
    if (schema == 0 && tables == 0) return report;  // created, never migrated (e.g. killed at once): empty
    if (schema != sqlite::LatestSchemaVersion()) {
        f.push_back("schema version " + std::to_string(schema) + ", expected " +
                    std::to_string(sqlite::LatestSchemaVersion()));
        return report;  // the queries below assume the current schema
    }
    KJ_TRY(c.Exec("BEGIN"));  // one snapshot for everything below
    KJ_TRY(Findings(c, "foreign key violation", "PRAGMA foreign_key_check", 4, f));

    // 2. EHRs and their EHR_STATUS.
    KJ_TRY(Findings(c, "EHR without its EHR_STATUS object",
                    "SELECT e.ehr_id, e.ehr_status_vo_id FROM ehr e LEFT JOIN versioned_object o "
                    "ON o.vo_id = e.ehr_status_vo_id AND o.ehr_num = e.ehr_num AND o.kind = 'EHR_STATUS' "
                    "WHERE o.vo_id IS NULL", 2, f));
    KJ_TRY(Findings(c, "EHR with more than one EHR_STATUS object",
                    "SELECT e.ehr_id, count(*) FROM versioned_object o JOIN ehr e ON e.ehr_num = o.ehr_num "
                    "WHERE o.kind = 'EHR_STATUS' GROUP BY o.ehr_num HAVING count(*) > 1", 2, f));
    KJ_TRY(Findings(c, "EHR with more than one directory (FOLDER object)",
                    "SELECT e.ehr_id, count(*) FROM versioned_object o JOIN ehr e ON e.ehr_num = o.ehr_num "
                    "WHERE o.kind = 'FOLDER' GROUP BY o.ehr_num HAVING count(*) > 1", 2, f));

    // 3. Version chains.
    KJ_TRY(Findings(c, "versioned object without versions 1..latest",
                    "SELECT o.vo_id, o.latest_version, count(v.sys_version), min(v.sys_version), max(v.sys_version) "
                    "FROM versioned_object o LEFT JOIN version v ON v.vo_num = o.vo_num GROUP BY o.vo_num "
                    "HAVING count(v.sys_version) != o.latest_version OR min(v.sys_version) != 1 "
                    "OR max(v.sys_version) != o.latest_version", 5, f));
    KJ_TRY(Findings(c, "version not closed when its successor began",
                    "SELECT o.vo_id, a.sys_version, a.sys_period_upper, b.sys_period_lower FROM version a "
                    "JOIN version b ON b.vo_num = a.vo_num AND b.sys_version = a.sys_version + 1 "
                    "JOIN versioned_object o ON o.vo_num = a.vo_num "
                    "WHERE a.sys_period_upper IS NOT b.sys_period_lower OR b.sys_period_lower < a.sys_period_lower",
                    4, f));
    KJ_TRY(Findings(c, "latest version closed",
                    "SELECT o.vo_id, v.sys_version FROM version v JOIN versioned_object o ON o.vo_num = v.vo_num "
                    "WHERE v.sys_version = o.latest_version AND v.sys_period_upper IS NOT NULL", 2, f));
    KJ_TRY(Findings(c, "version in another EHR than its contribution",
                    "SELECT o.vo_id, v.sys_version FROM version v JOIN versioned_object o ON o.vo_num = v.vo_num "
                    "JOIN contribution k ON k.contribution_num = v.contribution_num WHERE k.ehr_num != o.ehr_num",
                    2, f));
    KJ_TRY(Findings(c, "contribution without versions",
                    "SELECT c.contribution_id FROM contribution c WHERE NOT EXISTS "
                    "(SELECT 1 FROM version v WHERE v.contribution_num = c.contribution_num)", 1, f));
    KJ_TRY(Findings(c, "deletion carrying data or data missing",
                    "SELECT vo_num, sys_version FROM version WHERE (lifecycle_state = 523) != (data IS NULL)", 2, f));
    KJ_TRY(Findings(c, "containment row naming another EHR than its object's",
                    "SELECT x.vo_num, x.num FROM contains_index x JOIN versioned_object o ON o.vo_num = x.vo_num "
                    "WHERE x.ehr_num <> o.ehr_num", 2, f));

    // 4. Payloads and the containment index, one version at a time.
    KJ_ASSIGN_OR_RETURN(Statement versions, c.Prepare(
        "SELECT o.vo_id, v.sys_version, v.system_id, o.kind, v.lifecycle_state, o.template_id, o.template_id, "
        "v.encoding, v.raw_size, v.data, o.latest_version, e.ehr_id, e.is_queryable, e.is_modifiable, "
        "e.subject_id, e.subject_namespace, o.vo_num FROM version v JOIN versioned_object o ON o.vo_num = v.vo_num "
        "JOIN ehr e ON e.ehr_num = o.ehr_num ORDER BY v.vo_num, v.sys_version"));
    KJ_ASSIGN_OR_RETURN(Statement index, c.Prepare(
        "SELECT num, num_cap, parent_num, rm_type, archetype_id FROM contains_index WHERE vo_num = ?1 ORDER BY num"));
    KJ_ASSIGN_OR_RETURN(Statement leaves, c.Prepare(
        "SELECT p.archetype_id, p.path, l.root_num, l.ord, l.value, l.list_at, l.list_index FROM leaf_value l "
        "JOIN leaf_path p ON p.path_num = l.path_num WHERE l.vo_num = ?1 ORDER BY l.ord"));
    KJ_ASSIGN_OR_RETURN(Statement details, c.Prepare(
        "SELECT num FROM contains_by_details WHERE vo_num = ?1 ORDER BY num"));
    // A store migrated to V004 with objects in it has no leaf rows for them (see the migration).
    KJ_ASSIGN_OR_RETURN(int64_t leaves_ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
    codec::ReadOptions ropts;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, versions.Step());
        if (!row) break;
        ++report.versions;
        std::string vo_id = versions.Text(0);
        int64_t n = versions.Int(1);
        std::string uid = vo_id + "::" + versions.Text(2) + "::" + std::to_string(n);
        std::string kind = versions.Text(3);
        bool deleted = versions.Int(4) == 523;
        bool latest = n == versions.Int(10);
        std::string template_id = versions.Text(5);
        if (kind == "COMPOSITION" && template_id.empty()) f.push_back(uid + ": composition object without template_id");
        std::optional<rm::Document> doc;
        if (!deleted) {
            Result<std::string> json = DecodePayload(versions.Blob(9), static_cast<int>(versions.Int(7)));
            if (!json.ok()) {
                f.push_back(uid + ": " + json.error().ToString());
                continue;
            }
            if (static_cast<int64_t>(json->size()) != versions.Int(8)) {
                f.push_back(uid + ": payload is " + std::to_string(json->size()) + " bytes, raw_size says " +
                            std::to_string(versions.Int(8)));
            }
            Result<rm::Document> parsed = codec::ReadJson(*json, ropts);
            if (!parsed.ok()) {
                f.push_back(uid + ": payload does not read: " + parsed.error().ToString());
                continue;
            }
            doc.emplace(std::move(parsed).value());
            const rm::Node* root = doc->root();
            if (doc->schema().Name(root->type) != kind) {
                f.push_back(uid + ": payload is a " + std::string(doc->schema().Name(root->type)) + ", object a " + kind);
            }
            rm::LocatableView view(root);
            if (view.uid() != uid) f.push_back(uid + ": payload uid is '" + std::string(view.uid()) + "'");
            if (kind == "COMPOSITION" && view.template_id() != template_id) {
                f.push_back(uid + ": payload template_id is '" + std::string(view.template_id()) + "'");
            }
            if (kind == "EHR_STATUS" && latest) {
                EhrStatusFields s = ReadEhrStatusFields(*root);
                if ((versions.Int(12) != 0) != s.is_queryable || (versions.Int(13) != 0) != s.is_modifiable ||
                    versions.Text(14) != s.subject_id ||
                    (!s.subject_id.empty() && versions.Text(15) != s.subject_namespace)) {
                    f.push_back("EHR " + versions.Text(11) + ": ehr row disagrees with EHR_STATUS " + uid);
                }
            }
        }
        if (!latest || kind == "EHR_STATUS") continue;
        ++report.versioned_objects;
        ObjectIndex want_all = doc ? ComputeObjectIndex(*doc->root()) : ObjectIndex{};
        const std::vector<IndexRow>& want = want_all.rows;
        index.Reset();
        index.Bind(1, versions.Int(16));
        std::vector<IndexRow> have;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool irow, index.Step());
            if (!irow) break;
            ++report.index_rows;
            have.push_back(IndexRow{index.Int(0), index.Int(1), index.Int(2), index.Text(3), index.Text(4)});
        }
        if (have != want) {
            std::string detail;
            size_t i = 0;
            while (i < have.size() && i < want.size() && have[i] == want[i]) ++i;
            detail = i < want.size() ? "expected " + Describe(want[i]) : "unexpected " + Describe(have[i]);
            f.push_back(uid + ": index has " + std::to_string(have.size()) + " rows, payload gives " +
                        std::to_string(want.size()) + " (first difference: " + detail + ")");
        }
        details.Reset();
        details.Bind(1, versions.Int(16));
        std::vector<int64_t> have_details;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool drow, details.Step());
            if (!drow) break;
            have_details.push_back(details.Int(0));
        }
        report.by_details_rows += static_cast<int64_t>(have_details.size());
        if (have_details != want_all.by_details) f.push_back(uid + ": contains_by_details disagrees with the payload");
        if (!leaves_ready) continue;
        leaves.Reset();
        leaves.Bind(1, versions.Int(16));
        std::vector<LeafRow> have_leaves;
        for (;;) {
            KJ_ASSIGN_OR_RETURN(bool lrow, leaves.Step());
            if (!lrow) break;
            LeafRow l;
            l.archetype_id = leaves.Text(0);
            l.path = leaves.Text(1);
            l.root_num = leaves.Int(2);
            l.ord = leaves.Int(3);
            l.is_text = leaves.IsText(4);
            l.is_int = leaves.IsInteger(4);
            if (l.is_text) l.text = leaves.Text(4);
            else if (l.is_int) l.i = leaves.Int(4);
            else l.d = leaves.Real(4);
            l.list_at = leaves.Int(5);
            l.list_index = leaves.Int(6);
            have_leaves.push_back(std::move(l));
        }
        report.leaf_rows += static_cast<int64_t>(have_leaves.size());
        if (have_leaves != want_all.leaves) {
            size_t i = 0;
            while (i < have_leaves.size() && i < want_all.leaves.size() && have_leaves[i] == want_all.leaves[i]) ++i;
            const LeafRow& d = i < want_all.leaves.size() ? want_all.leaves[i] : have_leaves[i];
            f.push_back(uid + ": leaf index has " + std::to_string(have_leaves.size()) + " values, payload gives " +
                        std::to_string(want_all.leaves.size()) + " (first difference: " +
                        (i < want_all.leaves.size() ? "expected " : "unexpected ") + d.archetype_id + d.path + " #" +
                        std::to_string(d.ord) + ")");
        }
    }
    KJ_ASSIGN_OR_RETURN(report.ehrs, c.QueryInt("SELECT count(*) FROM ehr"));
    KJ_ASSIGN_OR_RETURN(int64_t all_index, c.QueryInt("SELECT count(*) FROM contains_index"));
    if (all_index != report.index_rows) {
        f.push_back("contains_index has " + std::to_string(all_index - report.index_rows) +
                    " rows of no latest composition/folder version");
    }
    KJ_ASSIGN_OR_RETURN(int64_t all_details, c.QueryInt("SELECT count(*) FROM contains_by_details"));
    if (all_details != report.by_details_rows) {
        f.push_back("contains_by_details has " + std::to_string(all_details - report.by_details_rows) +
                    " rows of no latest composition/folder version");
    }
    if (leaves_ready) {
        KJ_ASSIGN_OR_RETURN(int64_t all_leaves, c.QueryInt("SELECT count(*) FROM leaf_value"));
        if (all_leaves != report.leaf_rows) {
            f.push_back("leaf_value has " + std::to_string(all_leaves - report.leaf_rows) +
                        " rows of no latest composition/folder version");
        }
    } else {
        KJ_ASSIGN_OR_RETURN(report.leaf_rows, c.QueryInt("SELECT count(*) FROM leaf_value"));
    }
    report.leaf_index_ready = leaves_ready != 0;
    KJ_ASSIGN_OR_RETURN(report.versioned_objects, c.QueryInt("SELECT count(*) FROM versioned_object"));
    KJ_TRY(c.Exec("COMMIT"));
    return report;
}

}  // namespace kjerne::store
