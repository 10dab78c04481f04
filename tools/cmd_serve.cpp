// tools/cmd_serve.cpp
//
// `kjerne serve [--db FILE] [--port N] [--host H] [--max-body-bytes N] [--opt-schema P]
// [--config FILE]`: runs the HTTP server (GET /health and the openEHR REST API below
// /rest/openehr/v1) on the embedded SQLite file until SIGINT/SIGTERM. Settings, lowest
// precedence first: defaults (kjerne.db, 127.0.0.1, 8080, opt schema warn) < --config file <
// KJERNE_DB / KJERNE_HOST / KJERNE_PORT / KJERNE_OPT_SCHEMA ... < flags. The server itself
// lives in server/app/run_server.cpp.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/common/result.hpp"
#include "server/app/run_server.hpp"
#include "server/app/server_config.hpp"
#include "templates/opt/xsd_check.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

struct ServeArgs {
    std::string db;
    std::string host;
    int port = 0;
    size_t max_body_bytes = 0;
    std::string auth;
    std::string users;
    std::string jwt_secret, jwt_public_key, jwt_issuer, jwt_audience;
    std::string config_file;
    std::string opt_schema;
    CLI::Option* db_opt = nullptr;
    CLI::Option* host_opt = nullptr;
    CLI::Option* port_opt = nullptr;
    CLI::Option* max_body_opt = nullptr;
    CLI::Option* auth_opt = nullptr;
    CLI::Option* users_opt = nullptr;
    CLI::Option* jwt_secret_opt = nullptr;
    CLI::Option* jwt_public_key_opt = nullptr;
    CLI::Option* jwt_issuer_opt = nullptr;
    CLI::Option* jwt_audience_opt = nullptr;
    CLI::Option* opt_schema_opt = nullptr;
};

Result<server::app::ServerConfig> ResolveConfig(const ServeArgs& args) {
    server::app::ServerConfig config;
    if (!args.config_file.empty()) KJ_TRY(server::app::ApplyConfigFile(args.config_file, config));
    KJ_TRY(server::app::ApplyEnvironment(config));
    if (args.db_opt->count() > 0) config.db_path = args.db;
    if (args.host_opt->count() > 0) config.host = args.host;
    if (args.port_opt->count() > 0) config.port = static_cast<uint16_t>(args.port);
    if (args.max_body_opt->count() > 0) config.max_body_bytes = args.max_body_bytes;
    if (args.auth_opt->count() > 0) config.auth = args.auth;
    if (args.users_opt->count() > 0) config.users_file = args.users;
    if (args.jwt_secret_opt->count() > 0) config.jwt_secret = args.jwt_secret;
    if (args.jwt_public_key_opt->count() > 0) config.jwt_public_key = args.jwt_public_key;
    if (args.jwt_issuer_opt->count() > 0) config.jwt_issuer = args.jwt_issuer;
    if (args.jwt_audience_opt->count() > 0) config.jwt_audience = args.jwt_audience;
    if (args.opt_schema_opt->count() > 0) {
        KJ_ASSIGN_OR_RETURN(config.opt_schema, templates::ParseXsdCheck(args.opt_schema));
    }
    return config;
}

int RunServe(const ServeArgs& args) {
    Result<server::app::ServerConfig> config = ResolveConfig(args);
    if (!config.ok()) {
        std::cerr << "kjerne serve: " << config.error().ToString() << '\n';
        return 1;
    }
    Status status = server::app::RunServer(*config);
    if (!status.ok()) {
        std::cerr << "kjerne serve: " << status.error().ToString() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* cmd = app.add_subcommand(
        "serve", "Run the HTTP server on the embedded SQLite database until SIGINT/SIGTERM");
    args->db_opt = cmd->add_option("--db", args->db,
                                   "SQLite database file, created if absent "
                                   "(env KJERNE_DB; default kjerne.db)");
    args->port_opt = cmd->add_option("--port", args->port,
                                     "TCP port, 0 = any free port (env KJERNE_PORT; default 8080)")
                         ->check(CLI::Range(0, 65535));
    args->host_opt = cmd->add_option("--host", args->host,
                                     "Address to listen on (env KJERNE_HOST; default 127.0.0.1)");
    args->max_body_opt =
        cmd->add_option("--max-body-bytes", args->max_body_bytes,
                        "Largest accepted request body; larger is 413 "
                        "(env KJERNE_MAX_BODY_BYTES; default 16777216)")
            ->check(CLI::PositiveNumber);
    args->auth_opt = cmd->add_option("--auth", args->auth,
                                     "Required (or env KJERNE_AUTH / config auth): jwt (bearer "
                                     "tokens), basic (users file, development) or none (open, "
                                     "local development only)")
                         ->check(CLI::IsMember({"none", "basic", "jwt"}));
    args->users_opt = cmd->add_option("--users", args->users,
                                      "Users file for --auth basic: name:sha256-hex:roles per line "
                                      "(env KJERNE_USERS)");
    args->jwt_secret_opt = cmd->add_option("--jwt-secret", args->jwt_secret,
                                           "HS256 shared secret for --auth jwt "
                                           "(env KJERNE_JWT_SECRET)");
    args->jwt_public_key_opt = cmd->add_option("--jwt-public-key", args->jwt_public_key,
                                               "RS256 public key (PEM file) for --auth jwt "
                                               "(env KJERNE_JWT_PUBLIC_KEY)");
    args->jwt_issuer_opt = cmd->add_option("--jwt-issuer", args->jwt_issuer,
                                           "Required iss claim (env KJERNE_JWT_ISSUER)");
    args->jwt_audience_opt = cmd->add_option("--jwt-audience", args->jwt_audience,
                                             "Required aud claim (env KJERNE_JWT_AUDIENCE)");
    args->opt_schema_opt =
        cmd->add_option("--opt-schema", args->opt_schema,
                        "OPT 1.4 schema policy of template uploads: warn (findings returned in "
                        "Warning headers, template stored), strict (an OPT with findings is 400, "
                        "not stored) or off (no schema check) (env KJERNE_OPT_SCHEMA; default warn)")
            ->check(CLI::IsMember({"warn", "strict", "off"}));
    cmd->add_option("--config", args->config_file,
                    "Properties file (keys db, host, port, max_body_bytes, auth, users, jwt_*, "
                    "max_concurrent_requests, max_queued_requests, query_timeout_ms, "
                    "max_result_rows, opt_schema; each also KJERNE_<KEY>), overridden by env and "
                    "flags");
    cmd->callback([args, &exit_code] { exit_code = RunServe(*args); });
}

}  // namespace kjerne::tools
