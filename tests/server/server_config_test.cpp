// tests/server/server_config_test.cpp
//
// Settings of `kjerne serve`: port parsing, the config file layer and the environment layer,
// including the failures a user can cause (bad port, unknown key, missing file).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

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

TEST_CASE("auth mode: none, or basic with a users file", "[server][config]") {
    ServerConfig config;
    CHECK(config.auth == "none");
    CHECK(kjerne::server::app::CheckAuthConfig(config).ok());
    config.auth = "basic";
    CHECK(kjerne::server::app::CheckAuthConfig(config).error().code() == ErrorCode::kInvalidArgument);
    config.users_file = "users.txt";
    CHECK(kjerne::server::app::CheckAuthConfig(config).ok());
    config.auth = "jwt";
    CHECK_THAT(kjerne::server::app::CheckAuthConfig(config).error().message(),
               Catch::Contains("jwt"));
}
