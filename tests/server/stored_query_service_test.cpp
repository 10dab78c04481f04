// tests/server/stored_query_service_test.cpp
//
// Stored-query names and versions as tables: which qualified names and SEMVER texts are
// accepted, which stored version a pattern resolves to (SEMVER order, not text order), and
// that of racing stores of one version exactly one wins.
#include "server/services/stored_query_service.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/app/database_handle.hpp"
#include "tests/server/temp_db_path.hpp"

using kjerne::ErrorCode;
using namespace kjerne::server::services;

TEST_CASE("Stored query names: [namespace::]query-name of [a-zA-Z0-9_.-], not 'aql'",
          "[server][query]") {
    const std::vector<std::pair<std::string, bool>> names = {
        {"org.openehr::my_compositions", true},
        {"my_compositions", true},
        {"ehr::all_influenza_vacc-candidates", true},
        {"a.b.c::x.y", true},
        {"", false},
        {"::x", false},
        {"org::", false},
        {"my query", false},
        {"org/x::q", false},
        {"aql", false},
        {"AQL", false},
        {"org::Aql", false},
    };
    for (const auto& [name, ok] : names) {
        INFO(name);
        CHECK(CheckQueryName(name).ok() == ok);
    }
}

TEST_CASE("SEMVER versions and prefixes", "[server][query]") {
    struct Case {
        std::string text;
        bool allow_prefix;
        bool ok;
        int major;
        std::optional<int> minor, patch;
    };
    const std::vector<Case> cases = {
        {"1.2.3", false, true, 1, 2, 3},     {"10.0.12", false, true, 10, 0, 12},
        {"1.2", false, false, 0, {}, {}},    {"1.2", true, true, 1, 2, {}},
        {"1", true, true, 1, {}, {}},        {"1.2.3.4", true, false, 0, {}, {}},
        {"01.2.3", false, false, 0, {}, {}}, {"1..3", false, false, 0, {}, {}},
        {"1.x", true, false, 0, {}, {}},     {"", true, false, 0, {}, {}},
        {"-1.0.0", false, false, 0, {}, {}},
    };
    for (const Case& c : cases) {
        INFO(c.text << " prefix=" << c.allow_prefix);
        auto v = ParseSemVer(c.text, c.allow_prefix);
        REQUIRE(v.ok() == c.ok);
        if (!c.ok) continue;
        CHECK(v->major == c.major);
        CHECK(v->minor == c.minor);
        CHECK(v->patch == c.patch);
    }
}

TEST_CASE("A version pattern resolves to the highest matching stored version", "[server][query]") {
    kjerne::test::TempDbPath path("kjerne-stored-query-service");
    auto db = kjerne::server::app::DatabaseHandle::Open(path.str());
    REQUIRE(db.ok());
    StoredQueryService queries(db->store());
    for (const char* v : {"1.10.0", "1.2.0", "1.9.3", "2.0.1", "1.0.0"}) {
        REQUIRE(queries.Store("org.example::q", v, "AQL", "SELECT e FROM EHR e").ok());
    }
    REQUIRE(queries.Store("org.example::other", "", "", "SELECT e FROM EHR e")->version == "1.0.0");

    const std::vector<std::pair<std::string, std::string>> resolved = {
        {"", "2.0.1"},  {"1", "1.10.0"}, {"1.9", "1.9.3"}, {"1.2.0", "1.2.0"},
        {"2", "2.0.1"}, {"3", ""},       {"1.3", ""},      {"1.2.1", ""},
    };
    for (const auto& [pattern, version] : resolved) {
        INFO("pattern '" << pattern << "'");
        auto got = queries.Get("org.example::q", pattern);
        if (version.empty()) {
            REQUIRE_FALSE(got.ok());
            CHECK(got.error().code() == ErrorCode::kNotFound);
        } else {
            REQUIRE(got.ok());
            CHECK(got->version == version);
        }
    }
    // Without a version: the latest's patch + 1; the same version again is a conflict.
    CHECK(queries.Store("org.example::q", "", "AQL", "SELECT e FROM EHR e")->version == "2.0.2");
    CHECK(queries.Store("org.example::q", "1.2.0", "AQL", "SELECT e FROM EHR e").error().code() ==
          ErrorCode::kConflict);
    // Invalid AQL is refused before anything is stored, with its position.
    auto bad = queries.Store("org.example::bad", "1.0.0", "AQL", "SELECT e FROM");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code() == ErrorCode::kInvalidArgument);
    REQUIRE_FALSE(bad.error().issues().empty());
    CHECK(bad.error().issues().front().pos.has_value());
    CHECK(queries.Store("org.example::q", "1.0.0", "SQL", "SELECT 1").error().code() ==
          ErrorCode::kInvalidArgument);

    auto list = queries.List("org.example");
    REQUIRE(list.ok());
    std::vector<std::string> order;
    for (const auto& q : *list) order.push_back(q.name + " " + q.version);
    CHECK(order == std::vector<std::string>{"org.example::other 1.0.0", "org.example::q 1.0.0",
                                            "org.example::q 1.2.0", "org.example::q 1.9.3",
                                            "org.example::q 1.10.0", "org.example::q 2.0.1",
                                            "org.example::q 2.0.2"});
}

TEST_CASE("Racing stores of one version: exactly one wins, the others are conflicts",
          "[server][query]") {
    kjerne::test::TempDbPath path("kjerne-stored-query-race");
    auto db = kjerne::server::app::DatabaseHandle::Open(path.str());
    REQUIRE(db.ok());
    StoredQueryService queries(db->store());
    std::atomic<int> won{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            auto r = queries.Store("org.example::race", "1.0.0", "AQL",
                                   "SELECT e FROM EHR e LIMIT " + std::to_string(i + 1));
            if (r.ok()) {
                ++won;
            } else if (r.error().code() == ErrorCode::kConflict) {
                ++conflicts;
            } else {
                ++other;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(won == 1);
    CHECK(conflicts == 7);
    CHECK(other == 0);
    CHECK(queries.List("org.example::race")->size() == 1);
}
