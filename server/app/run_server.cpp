// server/app/run_server.cpp — see run_server.hpp.
#include "server/app/run_server.hpp"

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>

#include "server/app/app_routes.hpp"
#include "server/audit/audit_log.hpp"
#include "server/auth/basic_auth.hpp"
#include "server/auth/jwt_auth.hpp"
#include "server/app/database_handle.hpp"
#include "server/app/termination_signal.hpp"
#include "server/http/http_server.hpp"

namespace kjerne::server::app {

Status RunServer(const ServerConfig& config) {
    KJ_TRY(BlockTerminationSignals());  // before HttpServer creates its threads
    KJ_TRY(CheckAuthConfig(config));
    http::RouterOptions router_options;
    router_options.max_body_bytes = config.max_body_bytes;
    if (config.auth == "basic") {
        KJ_ASSIGN_OR_RETURN(auth::BasicAuthenticator users,
                            auth::BasicAuthenticator::Load(config.users_file));
        router_options.authenticator =
            std::make_shared<const auth::BasicAuthenticator>(std::move(users));
    } else if (config.auth == "jwt") {
        auth::JwtOptions jwt;
        jwt.hs256_secret = config.jwt_secret;
        jwt.rs256_public_key = config.jwt_public_key;
        jwt.issuer = config.jwt_issuer;
        jwt.audience = config.jwt_audience;
        KJ_ASSIGN_OR_RETURN(router_options.authenticator, auth::JwtAuthenticator::Create(jwt));
    }
    KJ_ASSIGN_OR_RETURN(DatabaseHandle db, DatabaseHandle::Open(config.db_path, config.system_id));
    // Every resource request is an audit event; there is no switch to turn it off.
    const std::string audit_path = config.audit_log.empty() ? config.db_path + ".audit" : config.audit_log;
    KJ_ASSIGN_OR_RETURN(router_options.audit, audit::AuditLog::Open(audit_path));

    services::QueryLimits limits;
    limits.max_rows = config.max_result_rows;
    limits.timeout = std::chrono::milliseconds(config.query_timeout_ms);
    http::HttpServerOptions options;
    options.host = config.host;
    options.port = config.port;
    options.max_threads = static_cast<int>(config.max_concurrent_requests);
    options.max_queued = static_cast<int>(config.max_queued_requests);
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<http::HttpServer> server,
                        http::HttpServer::Start(options, BuildRouter(db, router_options, limits, config.opt_schema)));

    std::cout << "kjerne: serving http://" << server->host() << ':' << server->port()
              << " (database " << db.path() << ", audit log " << audit_path << ", auth " << config.auth
              << "); stop with Ctrl-C"
              << std::endl;
    if (config.auth == "none") {
        std::cout << "kjerne: WARNING auth none: anyone who can reach this port may read and write "
                     "every record"
                  << std::endl;
    }

    KJ_ASSIGN_OR_RETURN(int signal_number, WaitForTerminationSignal());
    std::cout << "kjerne: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
              << " received, shutting down" << std::endl;
    server->Stop();
    return OkStatus();  // db closes after the server has stopped (reverse declaration order)
}

}  // namespace kjerne::server::app
