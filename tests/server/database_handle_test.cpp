// tests/server/database_handle_test.cpp
//
// The embedded default: opening a path creates the SQLite file in WAL mode; paths that cannot
// hold a database come back as kIo errors, not crashes or exceptions.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "server/app/database_handle.hpp"
#include "tests/server/temp_db_path.hpp"

using kjerne::server::app::DatabaseHandle;

TEST_CASE("Open creates the database file in WAL mode", "[server][sqlite]") {
    kjerne::test::TempDbPath path("kjerne-dbhandle-test");
    REQUIRE_FALSE(std::filesystem::exists(path.path()));

    auto db = DatabaseHandle::Open(path.str());
    REQUIRE(db.ok());
    CHECK(std::filesystem::exists(path.path()));
    CHECK(db->path() == path.str());
    auto mode = db->JournalMode();
    REQUIRE(mode.ok());
    CHECK(*mode == "wal");

    SECTION("a second open of the same file works (WAL is persistent)") {
        auto again = DatabaseHandle::Open(path.str());
        REQUIRE(again.ok());
        CHECK(*again->JournalMode() == "wal");
    }
}

TEST_CASE("Open reports unusable paths as kIo", "[server][sqlite]") {
    SECTION("directory does not exist") {
        auto db = DatabaseHandle::Open("/nonexistent-kjerne-dir/sub/kjerne.db");
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code() == kjerne::ErrorCode::kIo);
    }
    SECTION("file is not a SQLite database") {
        kjerne::test::TempDbPath path("kjerne-not-a-db");
        std::ofstream(path.path()) << "this is plain text, long enough to be read as a header "
                                      "and rejected by SQLite as not a database file\n";
        auto db = DatabaseHandle::Open(path.str());
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code() == kjerne::ErrorCode::kIo);
    }
    SECTION("in-memory databases cannot use WAL") {
        auto db = DatabaseHandle::Open(":memory:");
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code() == kjerne::ErrorCode::kIo);
    }
    SECTION("empty path") {
        auto db = DatabaseHandle::Open("");
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code() == kjerne::ErrorCode::kInvalidArgument);
    }
}

TEST_CASE("Open brings up the versioned store on the same file", "[server][sqlite][store]") {
    kjerne::test::TempDbPath path("kjerne-dbhandle-store");
    std::string ehr_id;
    {
        auto db = DatabaseHandle::Open(path.str());
        REQUIRE(db.ok());
        auto ehr = db->store().CreateEhr({});
        REQUIRE(ehr.ok());
        ehr_id = ehr->ehr_id;
    }
    auto again = DatabaseHandle::Open(path.str());  // migrations are not re-applied
    REQUIRE(again.ok());
    CHECK(again->store().GetEhr(ehr_id).ok());
}
