// tests/server/server_config_test.cpp
//
// Settings of `kjerne serve`: port parsing, the config file layer and the environment layer,
// including the failures a user can cause (bad port, unknown key, missing file).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "server/app/database_handle.hpp"
#include "server/app/server_config.hpp"
#include "tests/server/temp_db_path.hpp"

using kjerne::ErrorCode;
using kjerne::server::app::ApplyConfigFile;
using kjerne::server::app::ApplyEnvironment;
using kjerne::server::app::ParsePort;
using kjerne::server::app::ServerConfig;

TEST_CASE("defaults are the embedded file on loopback:8080", "[server][config]") {
    ServerConfig config;
    CHECK(config.db_path == "kjerne.db");
    CHECK(config.host == "127.0.0.1");
    CHECK(config.port == 8080);
}

TEST_CASE("ParsePort accepts 0..65535 and nothing else", "[server][config]") {
    CHECK(*ParsePort("0") == 0);
    CHECK(*ParsePort("8080") == 8080);
    CHECK(*ParsePort("65535") == 65535);
    for (const char* bad : {"", "65536", "-1", "80x", " 80", "http"}) {
        INFO("input: '" << bad << "'");
        auto port = ParsePort(bad);
        REQUIRE_FALSE(port.ok());
        CHECK(port.error().code() == ErrorCode::kInvalidArgument);
    }
}

TEST_CASE("a config file overrides the keys it names", "[server][config]") {
    kjerne::test::TempDbPath file("kjerne-config-test");  // any unique temp path will do
    ServerConfig config;

    SECTION("known keys") {
        std::ofstream(file.path()) << "# Kjerne\ndb = /var/lib/kjerne/ehr.db\nport = 9090\n";
        REQUIRE(ApplyConfigFile(file.str(), config).ok());
        CHECK(config.db_path == "/var/lib/kjerne/ehr.db");
        CHECK(config.port == 9090);
        CHECK(config.host == "127.0.0.1");
    }
    SECTION("unknown key is rejected") {
        std::ofstream(file.path()) << "prot = 9090\n";
        auto status = ApplyConfigFile(file.str(), config);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code() == ErrorCode::kInvalidArgument);
        CHECK_THAT(status.error().message(), Catch::Contains("prot"));
    }
    SECTION("bad port is rejected") {
        std::ofstream(file.path()) << "port = 99999\n";
        CHECK(ApplyConfigFile(file.str(), config).error().code() == ErrorCode::kInvalidArgument);
    }
    SECTION("missing file is kIo") {
        CHECK(ApplyConfigFile(file.str(), config).error().code() == ErrorCode::kIo);
    }
}

TEST_CASE("KJERNE_DB, KJERNE_HOST and KJERNE_PORT override the config", "[server][config]") {
    setenv("KJERNE_DB", "env.db", 1);
    setenv("KJERNE_HOST", "0.0.0.0", 1);
    setenv("KJERNE_PORT", "18080", 1);
    ServerConfig config;
    REQUIRE(ApplyEnvironment(config).ok());
    CHECK(config.db_path == "env.db");
    CHECK(config.host == "0.0.0.0");
    CHECK(config.port == 18080);

    setenv("KJERNE_PORT", "not-a-port", 1);
    auto status = ApplyEnvironment(config);
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message(), Catch::Contains("KJERNE_PORT"));

    unsetenv("KJERNE_DB");
    unsetenv("KJERNE_HOST");
    unsetenv("KJERNE_PORT");
}

TEST_CASE("max_body_bytes comes from the config file and KJERNE_MAX_BODY_BYTES", "[server][config]") {
    ServerConfig config;
    CHECK(config.max_body_bytes == 16u << 20);
    kjerne::test::TempDbPath file("kjerne-config-body");
    std::ofstream(file.path()) << "max_body_bytes = 4096\n";
    REQUIRE(ApplyConfigFile(file.str(), config).ok());
    CHECK(config.max_body_bytes == 4096);

    setenv("KJERNE_MAX_BODY_BYTES", "65536", 1);
    REQUIRE(ApplyEnvironment(config).ok());
    CHECK(config.max_body_bytes == 65536);
    for (const char* bad : {"0", "-1", "12k", ""}) {
        INFO("input: '" << bad << "'");
        CHECK_FALSE(kjerne::server::app::ParseByteCount(bad).ok());
    }
    setenv("KJERNE_MAX_BODY_BYTES", "lots", 1);
    CHECK(ApplyEnvironment(config).error().code() == ErrorCode::kInvalidArgument);
    unsetenv("KJERNE_MAX_BODY_BYTES");
}

TEST_CASE("auth must be chosen explicitly; open mode only when asked for", "[server][config]") {
    using kjerne::server::app::CheckAuthConfig;
    ServerConfig config;
    CHECK(config.auth.empty());
    auto unset = CheckAuthConfig(config);
    REQUIRE_FALSE(unset.ok());
    CHECK(unset.error().code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(unset.error().message(), Catch::Contains("--auth none"));
    config.auth = "none";
    CHECK(CheckAuthConfig(config).ok());
    config.auth = "basic";
    CHECK_FALSE(CheckAuthConfig(config).ok());  // needs a users file
    config.users_file = "users.txt";
    CHECK(CheckAuthConfig(config).ok());
    config.auth = "jwt";
    CHECK_THAT(CheckAuthConfig(config).error().message(), Catch::Contains("jwt"));  // needs a key
    config.auth = "open";
    CHECK_FALSE(CheckAuthConfig(config).ok());
}

TEST_CASE("limits come from the config file and the environment", "[server][config]") {
    kjerne::test::TempDbPath file("kjerne-config-limits");
    ServerConfig config;
    std::ofstream(file.path()) << "max_concurrent_requests = 4\nquery_timeout_ms = 1500\n";
    REQUIRE(ApplyConfigFile(file.str(), config).ok());
    CHECK(config.max_concurrent_requests == 4);
    CHECK(config.query_timeout_ms == 1500);
    CHECK(config.max_result_rows == 100000);

    ::setenv("KJERNE_MAX_RESULT_ROWS", "250", 1);
    ::setenv("KJERNE_MAX_QUEUED_REQUESTS", "0", 1);
    auto bad = ApplyEnvironment(config);
    ::unsetenv("KJERNE_MAX_QUEUED_REQUESTS");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message(), Catch::Contains("KJERNE_MAX_QUEUED_REQUESTS"));
    REQUIRE(ApplyEnvironment(config).ok());
    ::unsetenv("KJERNE_MAX_RESULT_ROWS");
    CHECK(config.max_result_rows == 250);
}

TEST_CASE("system_id is configurable and names the versions the server writes", "[server][config]") {
    ServerConfig config;
    CHECK(config.system_id == "kjerne.local");
    ::setenv("KJERNE_SYSTEM_ID", "kommune-0301.kjerne", 1);
    REQUIRE(ApplyEnvironment(config).ok());
    ::unsetenv("KJERNE_SYSTEM_ID");
    CHECK(config.system_id == "kommune-0301.kjerne");

    kjerne::test::TempDbPath db("kjerne-config-system-id");
    auto handle = kjerne::server::app::DatabaseHandle::Open(db.str(), config.system_id);
    REQUIRE(handle.ok());
    auto ehr = handle->store().CreateEhr({});
    REQUIRE(ehr.ok());
    auto status = handle->store().ReadEhrStatus(ehr->ehr_id);
    REQUIRE(status.ok());
    CHECK_THAT(status->version.uid, Catch::EndsWith("::kommune-0301.kjerne::1"));
}

TEST_CASE("opt_schema picks the OPT schema policy of template uploads", "[server][config]") {
    ServerConfig config;
    CHECK(config.opt_schema == kjerne::templates::XsdCheck::kWarn);
    kjerne::test::TempDbPath file("kjerne-config-opt-schema");

    std::ofstream(file.path()) << "opt_schema = strict\n";
    REQUIRE(ApplyConfigFile(file.str(), config).ok());
    CHECK(config.opt_schema == kjerne::templates::XsdCheck::kStrict);

    ::setenv("KJERNE_OPT_SCHEMA", "off", 1);
    REQUIRE(ApplyEnvironment(config).ok());
    ::unsetenv("KJERNE_OPT_SCHEMA");
    CHECK(config.opt_schema == kjerne::templates::XsdCheck::kOff);

    std::ofstream(file.path()) << "opt_schema = lenient\n";
    auto bad = ApplyConfigFile(file.str(), config);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(bad.error().message(), Catch::Contains("opt_schema") && Catch::Contains("lenient") &&
                                          Catch::Contains("warn, strict or off"));
    CHECK(config.opt_schema == kjerne::templates::XsdCheck::kOff);  // a refused value changes nothing
}
