// tests/store/stored_query_test.cpp
//
// The stored_query table through the Store interface: versions are immutable rows, a second
// store of one (name, version) is a conflict that names them (not the SQL), listing filters by
// name prefix, and the rows survive reopening the file.
#include <catch2/catch.hpp>

#include "engine/store/store_check.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

TEST_CASE("Stored queries: one immutable row per name and version, listed by prefix", "[store]") {
    TempDbPath db("kjerne-stored-query");
    {
        auto s = kjerne::test::OpenTestStore(db);
        StoredQueryRecord q{"org.example::bp", "1.0.0", "AQL", "SELECT e/ehr_id/value FROM EHR e",
                            ""};
        auto put = s->PutStoredQuery(q);
        REQUIRE(put.ok());
        CHECK(put->saved.size() >= 20);  // ISO 8601 UTC with fraction
        CHECK(put->q == q.q);

        auto again = s->PutStoredQuery(q);
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().code() == ErrorCode::kConflict);
        CHECK(again.error().message().find("org.example::bp") != std::string::npos);
        CHECK(again.error().message().find("UNIQUE") == std::string::npos);

        q.version = "1.1.0";
        q.q = "SELECT c FROM EHR e CONTAINS COMPOSITION c";
        REQUIRE(s->PutStoredQuery(q).ok());
        REQUIRE(s->PutStoredQuery({"other::q", "2.0.0", "AQL", "SELECT e FROM EHR e", ""}).ok());

        auto empty = s->PutStoredQuery({"", "1.0.0", "AQL", "x", ""});
        CHECK(empty.error().code() == ErrorCode::kInvalidArgument);
    }
    auto s = kjerne::test::OpenTestStore(db);  // reopened: the rows are durable
    auto all = s->ListStoredQueries("");
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    auto org = s->ListStoredQueries("org.example");
    REQUIRE(org.ok());
    REQUIRE(org->size() == 2);
    CHECK((*org)[0].version == "1.0.0");
    CHECK((*org)[1].q == "SELECT c FROM EHR e CONTAINS COMPOSITION c");
    CHECK(s->ListStoredQueries("nothing")->empty());

    auto report = CheckStore(db.str());  // the schema check knows the new version
    REQUIRE(report.ok());
    for (const auto& f : report->findings) UNSCOPED_INFO(f);
    CHECK(report->clean());
}
