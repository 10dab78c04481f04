// server/app/app_routes.cpp — see app_routes.hpp.
#include "server/app/app_routes.hpp"

#include <memory>
#include <utility>

#include "server/http/health_handler.hpp"
#include "server/http/metrics.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/query_routes.hpp"

namespace kjerne::server::app {

Poco::SharedPtr<http::Router> BuildRouter(const DatabaseHandle& db, http::RouterOptions options,
                                          services::QueryLimits query_limits,
                                          templates::XsdCheck opt_schema) {
    if (!options.metrics) options.metrics = std::make_shared<http::Metrics>();
    auto metrics = options.metrics;
    Poco::SharedPtr<http::Router> router = new http::Router(std::move(options));
    router->Add("GET", "/health", http::MakeHealthHandler(db.path()));
    router->Add("GET", "/metrics", http::MakeMetricsHandler(metrics));
    http::AddOpenEhrRoutes(*router, std::make_shared<http::OpenEhrServices>(db.store(), opt_schema));
    auto queries = std::make_shared<http::QueryServices>(db.store(), query_limits);
    http::AddQueryRoutes(*router, queries);
    http::AddStoredQueryRoutes(*router, queries);
    return router;
}

}  // namespace kjerne::server::app
