// server/app/run_server.hpp
//
// Owns the lifecycle of `kjerne serve`: open (or create) the database, build the routes, start
// the HTTP server, block until SIGINT/SIGTERM, then stop the server and close the database, in
// that order. Tools call this; tests drive the pieces (DatabaseHandle, BuildRouter,
// HttpServer) directly because they cannot wait for a signal.
// Thread-safety: call from the main thread, before any other thread exists.
#pragma once

#include "engine/common/result.hpp"
#include "server/app/server_config.hpp"

namespace kjerne::server::app {

// Returns OkStatus() after a clean shutdown, or the Error that prevented start-up.
Status RunServer(const ServerConfig& config);

}  // namespace kjerne::server::app
