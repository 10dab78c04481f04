// server/app/app_routes.hpp
//
// Owns the route table of the running application: which handler answers which (method,
// path). One place so `kjerne serve` and the in-process server tests run the same table.
// GET /health, GET /metrics (Prometheus text; a Metrics is created unless options has one),
// and the openEHR REST resources (server/http/openehr_routes.hpp, query_routes.hpp) below the base
// paths of `options` (/rest/openehr/v1 and /ehrbase/rest/openehr/v1 by default).
// Ownership: the returned Router is shared with the HTTP server (Poco::SharedPtr).
#pragma once

#include <Poco/SharedPtr.h>

#include "server/app/database_handle.hpp"
#include "server/http/router.hpp"
#include "server/services/query_service.hpp"
#include "templates/opt/xsd_check.hpp"

namespace kjerne::server::app {

// `db` must outlive the returned router and any server running it. `query_limits` bound AQL
// execution (rows, time); `opt_schema` is the OPT 1.4 schema policy of template uploads.
Poco::SharedPtr<http::Router> BuildRouter(const DatabaseHandle& db,
                                          http::RouterOptions options = {},
                                          services::QueryLimits query_limits = {},
                                          templates::XsdCheck opt_schema = templates::XsdCheck::kWarn);

}  // namespace kjerne::server::app
