// server/app/app_routes.cpp — see app_routes.hpp.
#include "server/app/app_routes.hpp"

#include "server/http/health_handler.hpp"

namespace kjerne::server::app {

Poco::SharedPtr<http::Router> BuildRouter(const DatabaseHandle& db) {
    Poco::SharedPtr<http::Router> router = new http::Router;
    router->Add("GET", "/health", http::MakeHealthHandler(db.path()));
    return router;
}

}  // namespace kjerne::server::app
