// server/audit/audit_log.cpp — see audit_log.hpp.
#include "server/audit/audit_log.hpp"

#include <utility>

#include "engine/common/sha256.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/version_data.hpp"

namespace kjerne::server::audit {
namespace {

using store::sqlite::Connection;
using store::sqlite::Statement;

// The chain starts from a fixed, documented value rather than "" so a verifier can tell an
// empty prev_hash (tampering) from the first event.
constexpr const char* kGenesis = "kjerne-audit-v1";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit_event (
    seq          INTEGER PRIMARY KEY,
    time         TEXT NOT NULL,
    principal    TEXT NOT NULL,
    action       TEXT NOT NULL,
    resource     TEXT NOT NULL,
    ehr_id       TEXT NOT NULL,
    outcome      INTEGER NOT NULL,
    request_id   TEXT NOT NULL,
    query_sha256 TEXT NOT NULL,
    rows         INTEGER,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
)sql";

constexpr const char* kColumns =
    "seq, time, principal, action, resource, ehr_id, outcome, request_id, query_sha256, rows, prev_hash, hash";

AuditEvent RowToEvent(const Statement& st) {
    AuditEvent e;
    e.seq = st.Int(0);
    e.time = st.Text(1);
    e.principal = st.Text(2);
    e.action = st.Text(3);
    e.resource = st.Text(4);
    e.ehr_id = st.Text(5);
    e.outcome = static_cast<int>(st.Int(6));
    e.request_id = st.Text(7);
    e.query_sha256 = st.Text(8);
    if (!st.IsNull(9)) e.rows = st.Int(9);
    e.prev_hash = st.Text(10);
    e.hash = st.Text(11);
    return e;
}

}  // namespace

std::string EventHash(const AuditEvent& e) {
    // Length-prefixed fields: no separator inside a value can make two events hash alike.
    std::string input;
    auto field = [&input](const std::string& v) {
        input += std::to_string(v.size());
        input += ':';
        input += v;
    };
    field(e.prev_hash);
    field(std::to_string(e.seq));
    field(e.time);
    field(e.principal);
    field(e.action);
    field(e.resource);
    field(e.ehr_id);
    field(std::to_string(e.outcome));
    field(e.request_id);
    field(e.query_sha256);
    field(e.rows ? std::to_string(*e.rows) : std::string("-"));
    return Sha256Hex(input);
}

struct AuditLog::Impl {
    Connection conn;
    Statement insert;
    int64_t last_seq = 0;
    std::string last_hash = kGenesis;
};

AuditLog::AuditLog(std::unique_ptr<Impl> impl, std::string path)
    : impl_(std::move(impl)), path_(std::move(path)) {}

AuditLog::~AuditLog() = default;

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    KJ_ASSIGN_OR_RETURN(impl->conn, Connection::Open(path, store::Synchronous::kNormal, 5000, false));
    KJ_TRY(impl->conn.Exec(kSchema));
    {
        KJ_ASSIGN_OR_RETURN(Statement head,
                            impl->conn.Prepare("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"));
        KJ_ASSIGN_OR_RETURN(bool row, head.Step());
        if (row) {
            impl->last_seq = head.Int(0);
            impl->last_hash = head.Text(1);
        }
    }
    KJ_ASSIGN_OR_RETURN(impl->insert,
                        impl->conn.Prepare(std::string("INSERT INTO audit_event (") + kColumns +
                                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
    return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl), path));
}

Result<AuditEvent> AuditLog::Append(AuditEvent e) {
    std::lock_guard<std::mutex> lock(mu_);
    e.seq = impl_->last_seq + 1;
    e.time = store::NowUtc();
    e.prev_hash = impl_->last_hash;
    e.hash = EventHash(e);
    Statement& ins = impl_->insert;
    ins.Reset();
    ins.Bind(1, e.seq)
        .Bind(2, e.time)
        .Bind(3, e.principal)
        .Bind(4, e.action)
        .Bind(5, e.resource)
        .Bind(6, e.ehr_id)
        .Bind(7, static_cast<int64_t>(e.outcome))
        .Bind(8, e.request_id)
        .Bind(9, e.query_sha256);
    if (e.rows) ins.Bind(10, *e.rows); else ins.BindNull(10);
    ins.Bind(11, e.prev_hash).Bind(12, e.hash);
    Status run = ins.Run();
    ins.Reset();
    KJ_TRY(run);
    impl_->last_seq = e.seq;
    impl_->last_hash = e.hash;
    return e;
}

Result<AuditVerifyReport> VerifyAuditLog(const std::string& path) {
    KJ_ASSIGN_OR_RETURN(Connection conn, Connection::Open(path, store::Synchronous::kNormal, 5000, true));
    KJ_ASSIGN_OR_RETURN(Statement st,
                        conn.Prepare(std::string("SELECT ") + kColumns + " FROM audit_event ORDER BY seq"));
    AuditVerifyReport report;
    std::string prev = kGenesis;
    int64_t expected_seq = 1;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        AuditEvent e = RowToEvent(st);
        ++report.events;
        std::string problem;
        if (e.seq != expected_seq) {
            problem = "sequence gap: expected event " + std::to_string(expected_seq) + ", found " +
                      std::to_string(e.seq) + " (events deleted?)";
        } else if (e.prev_hash != prev) {
            problem = "prev_hash does not match the previous event's hash (event removed or reordered?)";
        } else if (EventHash(e) != e.hash) {
            problem = "hash does not match the event's fields (event edited?)";
        }
        if (!problem.empty()) {
            report.first_bad_seq = e.seq;
            report.problem = std::move(problem);
            return report;
        }
        prev = e.hash;
        ++expected_seq;
    }
    return report;
}

}  // namespace kjerne::server::audit
