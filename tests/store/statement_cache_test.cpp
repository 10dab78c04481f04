// tests/store/statement_cache_test.cpp
//
// The SQLite connection's recycled prepared statements (engine/store/sqlite/sqlite_db.hpp):
// a statement that ends comes back reset and unbound, two live statements of one text are two
// statements, the cache stays bounded, and a statement that outlives its connection is safe.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>
#include <vector>

#include "engine/store/sqlite/sqlite_db.hpp"
#include "tests/server/temp_db_path.hpp"

using namespace kjerne;
using store::sqlite::Connection;
using store::sqlite::Statement;

namespace {

int CompiledStatements(const Connection& c) {
    int n = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(c.raw(), nullptr); s; s = sqlite3_next_stmt(c.raw(), s)) ++n;
    return n;
}

Connection OpenScratch(const std::string& path) {
    auto c = Connection::Open(path, store::Synchronous::kOff, 1000, false);
    REQUIRE(c.ok());
    REQUIRE(c->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')").ok());
    return std::move(*c);
}

}  // namespace

TEST_CASE("a recycled statement comes back reset and unbound, and is the same compiled statement") {
    test::TempDbPath temp("stmt-cache");
    const std::string path = temp.str();
    Connection c = OpenScratch(path);
    const char* sql = "SELECT v FROM t WHERE k = ?1";
    int compiled = 0;
    {
        auto st = c.Prepare(sql);
        REQUIRE(st.ok());
        st->Bind(1, int64_t{2});
        auto row = st->Step();
        REQUIRE(row.ok());
        REQUIRE(*row);  // left on a row: the cache must reset it
        CHECK(st->Text(0) == "b");
        compiled = CompiledStatements(c);
    }
    for (sqlite3_stmt* s = sqlite3_next_stmt(c.raw(), nullptr); s; s = sqlite3_next_stmt(c.raw(), s))
        CHECK(sqlite3_stmt_busy(s) == 0);  // reset in the cache: no read transaction pinned
    auto again = c.Prepare(sql);
    REQUIRE(again.ok());
    CHECK(CompiledStatements(c) == compiled);  // taken from the cache, not compiled again
    auto row = again->Step();
    REQUIRE(row.ok());
    CHECK_FALSE(*row);  // ?1 unbound is NULL: no row, not the old binding's
}

TEST_CASE("two live statements of one text are distinct, and both return to the cache") {
    test::TempDbPath temp("stmt-cache");
    const std::string path = temp.str();
    Connection c = OpenScratch(path);
    const char* sql = "SELECT v FROM t ORDER BY k";
    auto a = c.Prepare(sql);
    auto b = c.Prepare(sql);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(*a->Step());
    REQUIRE(*b->Step());
    REQUIRE(*b->Step());
    CHECK(a->Text(0) == "a");  // each keeps its own cursor
    CHECK(b->Text(0) == "b");
}

TEST_CASE("the cache is bounded: many distinct texts do not pile up compiled statements") {
    test::TempDbPath temp("stmt-cache");
    const std::string path = temp.str();
    Connection c = OpenScratch(path);
    for (int i = 0; i < 500; ++i) {
        auto st = c.Prepare("SELECT " + std::to_string(i) + " FROM t");
        REQUIRE(st.ok());
        REQUIRE(*st->Step());
        CHECK(st->Int(0) == i);
    }
    int compiled = CompiledStatements(c);
    CHECK(compiled > 0);
    CHECK(compiled <= 64);
}

TEST_CASE("a statement that outlives its connection finalizes itself") {
    test::TempDbPath temp("stmt-cache");
    const std::string path = temp.str();
    Statement kept;
    {
        Connection c = OpenScratch(path);
        auto st = c.Prepare("SELECT v FROM t");
        REQUIRE(st.ok());
        kept = std::move(*st);
    }
    // The connection is gone; ending the statement must not touch its freed cache (ASan checks).
    kept = Statement();
    SUCCEED("no use after free");
}

TEST_CASE("Exec of one statement goes through the cache and reports errors with the text") {
    test::TempDbPath temp("stmt-cache");
    const std::string path = temp.str();
    Connection c = OpenScratch(path);
    REQUIRE(c.Exec("BEGIN").ok());
    REQUIRE(c.Exec("COMMIT").ok());
    auto bad = c.Exec("INSERT INTO t VALUES (1, 'dup')");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code() == ErrorCode::kConflict);
    CHECK(bad.error().message().find("(in: INSERT INTO t") != std::string::npos);
}
