// server/app/server_config.hpp
//
// Owns the settings of `kjerne serve` and where they come from. Precedence, lowest first:
// built-in defaults < config file (--config) < environment (KJERNE_<KEY> for every config key,
// e.g. KJERNE_DB, KJERNE_PORT, KJERNE_AUTH) < flags. The flags are applied by tools/cmd_serve.cpp;
// this file provides the other layers so they can be tested without a CLI. Every key is named
// once, in the settings table of server_config.cpp, which both layers read.
// There is no default authentication mode on purpose: an open server (auth none) runs only when
// someone asked for it, so a forgotten setting cannot expose health data.
// Thread-safety: plain values; ApplyEnvironment reads the process environment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "templates/opt/xsd_check.hpp"

namespace kjerne::server::app {

struct ServerConfig {
    std::string db_path = "kjerne.db";  // SQLite file, created when absent
    std::string host = "127.0.0.1";     // loopback by default: nothing is exposed unasked
    uint16_t port = 8080;               // 0 = any free port
    size_t max_body_bytes = 16u << 20;  // request bodies above this are 413
    std::string auth;                   // "none" (open, explicit only), "basic" or "jwt"; must be set
    std::string users_file;             // name:sha256:roles per line (server/auth/basic_auth.hpp)
    std::string jwt_secret;             // HS256 shared secret (server/auth/jwt_auth.hpp)
    std::string jwt_public_key;         // RS256 public key, PEM file
    std::string jwt_issuer;             // required iss, when set
    std::string jwt_audience;           // required aud, when set
    size_t max_concurrent_requests = 16;  // requests handled at once (worker threads)
    size_t max_queued_requests = 256;     // accepted connections waiting for a worker; beyond: refused
    size_t query_timeout_ms = 30000;      // AQL execution time limit
    size_t max_result_rows = 100000;      // AQL rows returned at most (fetch may ask for fewer)
    std::string audit_log;                // access audit log file; "" = db_path + ".audit"
    std::string system_id = "kjerne.local";  // this system's id in version uids and audits
    // OPT 1.4 schema policy of template uploads: warn (findings reported, template stored),
    // strict (an OPT with findings is 400), off (no schema pass). Key `opt_schema`.
    templates::XsdCheck opt_schema = templates::XsdCheck::kWarn;
};

// kInvalidArgument unless auth is "none", "basic" with a users file, or "jwt" with a key; an
// unset auth is refused with a message naming the three choices.
Status CheckAuthConfig(const ServerConfig& config);

// "1048576" -> 1048576. kInvalidArgument unless a positive decimal integer.
Result<size_t> ParseByteCount(std::string_view text);
Result<size_t> ParsePositive(std::string_view text);  // the same, for counts and milliseconds

// "8080" -> 8080. kInvalidArgument unless `text` is a decimal integer in [0, 65535].
Result<uint16_t> ParsePort(std::string_view text);

// Reads a Java-properties style file ("key = value", '#' comments) with the keys `db`, `host`,
// `port`, `max_body_bytes`, `auth`, `users`, `jwt_secret`, `jwt_public_key`, `jwt_issuer`,
// `jwt_audience`, `max_concurrent_requests`, `max_queued_requests`, `query_timeout_ms`,
// `max_result_rows`, `audit_log`, `system_id`, `opt_schema` (warn, strict or off), overriding
// the fields it names. Unknown keys are rejected (kInvalidArgument) so a typo is not silently
// ignored; an unreadable file is kIo.
Status ApplyConfigFile(const std::string& file, ServerConfig& config);

// Overrides fields from KJERNE_<KEY> (the config key upper-cased: KJERNE_DB, KJERNE_PORT,
// KJERNE_AUTH, KJERNE_USERS, KJERNE_JWT_SECRET, KJERNE_QUERY_TIMEOUT_MS, KJERNE_OPT_SCHEMA,
// ...) when set and non-empty.
Status ApplyEnvironment(ServerConfig& config);

}  // namespace kjerne::server::app
