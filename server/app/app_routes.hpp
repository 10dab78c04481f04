// server/app/app_routes.hpp
//
// Owns the route table of the running application: which handler answers which (method,
// path). One place so `kjerne serve` and the in-process server tests run the same table.
// Today: GET /health. The openEHR REST resources are added here as their handlers land.
// Ownership: the returned Router is shared with the HTTP server (Poco::SharedPtr).
#pragma once

#include <Poco/SharedPtr.h>

#include "server/app/database_handle.hpp"
#include "server/http/router.hpp"

namespace kjerne::server::app {

// `db` must outlive the returned router and any server running it.
Poco::SharedPtr<http::Router> BuildRouter(const DatabaseHandle& db);

}  // namespace kjerne::server::app
