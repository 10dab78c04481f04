// server/http/health_handler.hpp
//
// GET /health: a liveness probe for operators and load balancers. Answers 200
// {"status":"UP","db":"<database file>"} while the process serves requests. It does not touch
// the database (the connection is single-threaded and handlers run concurrently); it reports
// which file this instance was started on, which is what an operator checks first.
// Thread-safety: the returned handler is immutable and may run on many threads at once.
#pragma once

#include <string>

#include "server/http/router.hpp"

namespace kjerne::server::http {

RouteHandler MakeHealthHandler(std::string db_path);

}  // namespace kjerne::server::http
