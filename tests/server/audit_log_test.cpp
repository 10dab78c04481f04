// tests/server/audit_log_test.cpp
//
// The access audit log (server/audit/audit_log.hpp): events chain by hash across reopen, and
// every kind of tampering with the file — an edited field, a deleted event, a re-chained edit
// without the hash, a reordered pair — is found by VerifyAuditLog at the first bad event.
#include <string>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "engine/common/sha256.hpp"
#include "server/audit/audit_log.hpp"
#include "tests/server/temp_db_path.hpp"

using kjerne::server::audit::AuditEvent;
using kjerne::server::audit::AuditLog;
using kjerne::server::audit::VerifyAuditLog;

namespace {

AuditEvent Event(const std::string& principal, int outcome) {
    AuditEvent e;
    e.principal = principal;
    e.action = "GET /ehr/{ehr_id}";
    e.resource = "/rest/openehr/v1/ehr/7d44b88c-4199-4bad-97dc-d78268e01398";
    e.ehr_id = "7d44b88c-4199-4bad-97dc-d78268e01398";
    e.outcome = outcome;
    e.request_id = "r-" + principal;
    return e;
}

void Exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

// Five events written across two opens of the file.
void WriteFive(const std::string& path) {
    {
        auto log = AuditLog::Open(path);
        REQUIRE(log.ok());
        for (const char* who : {"ada", "rita", "rex"}) REQUIRE((*log)->Append(Event(who, 200)).ok());
    }
    auto log = AuditLog::Open(path);
    REQUIRE(log.ok());
    auto fourth = (*log)->Append(Event("mo", 403));
    REQUIRE(fourth.ok());
    CHECK(fourth->seq == 4);  // the chain continues after a reopen
    AuditEvent query = Event("rex", 200);
    query.action = "POST /query/aql";
    query.ehr_id.clear();
    query.query_sha256 = kjerne::Sha256Hex("SELECT c FROM EHR e CONTAINS COMPOSITION c");
    query.rows = 42;
    REQUIRE((*log)->Append(query).ok());
}

}  // namespace

TEST_CASE("SHA-256 gives the FIPS 180-4 test vectors", "[server][audit]") {
    CHECK(kjerne::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(kjerne::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("audit events chain by hash and verify clean", "[server][audit]") {
    kjerne::test::TempDbPath file("kjerne-audit");
    WriteFive(file.str());
    auto report = VerifyAuditLog(file.str());
    REQUIRE(report.ok());
    CHECK(report->events == 5);
    CHECK(report->first_bad_seq == 0);
    CHECK(report->problem.empty());
}

TEST_CASE("tampering with the audit file is found at the first bad event", "[server][audit]") {
    kjerne::test::TempDbPath file("kjerne-audit-tamper");
    WriteFive(file.str());
    std::string expected_problem;
    int64_t expected_seq = 0;
    SECTION("an edited field") {
        Exec(file.str(), "UPDATE audit_event SET principal = 'someone' WHERE seq = 2");
        expected_seq = 2;
        expected_problem = "edited";
    }
    SECTION("an edited outcome with a recomputed-looking but wrong hash chain") {
        Exec(file.str(), "UPDATE audit_event SET outcome = 200, hash = prev_hash WHERE seq = 4");
        expected_seq = 4;
        expected_problem = "edited";
    }
    SECTION("a deleted event") {
        Exec(file.str(), "DELETE FROM audit_event WHERE seq = 3");
        expected_seq = 4;
        expected_problem = "gap";
    }
    SECTION("the last event deleted and the rest renumbered cannot hide a middle deletion") {
        Exec(file.str(), "DELETE FROM audit_event WHERE seq = 2; UPDATE audit_event SET seq = seq - 1 WHERE seq > 2");
        expected_seq = 2;
        expected_problem = "prev_hash";
    }
    auto report = VerifyAuditLog(file.str());
    REQUIRE(report.ok());
    CHECK(report->first_bad_seq == expected_seq);
    CHECK_THAT(report->problem, Catch::Contains(expected_problem));
}

TEST_CASE("a missing audit file is an error, not a clean report", "[server][audit]") {
    CHECK_FALSE(VerifyAuditLog("/nonexistent-dir/kjerne-audit.db").ok());
}
