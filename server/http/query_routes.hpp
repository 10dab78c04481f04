// server/http/query_routes.hpp
//
// Owns the openEHR REST query resources below the base path: QUERY (ad-hoc and stored AQL
// execution, query_handlers.cpp) and DEFINITION stored queries (stored_query_handlers.cpp).
// Kept beside openehr_routes.hpp rather than in it: the query side needs its own limits
// (services::QueryLimits) and shares no service with the EHR resources.
// Ownership: the handlers share ownership of `services` (it lives as long as the router).
// Thread-safety: handlers run concurrently; the services are thread-safe.
#pragma once

#include <memory>

#include "engine/store/store.hpp"
#include "server/http/router.hpp"
#include "server/services/query_service.hpp"
#include "server/services/stored_query_service.hpp"

namespace kjerne::server::http {

// The query services of one running application, over one store (which must outlive them).
struct QueryServices {
    QueryServices(store::Store& store, services::QueryLimits limits)
        : queries(store, limits), stored_queries(store) {}
    services::QueryService queries;
    services::StoredQueryService stored_queries;
};

void AddQueryRoutes(Router& router, std::shared_ptr<QueryServices> services);
void AddStoredQueryRoutes(Router& router, std::shared_ptr<QueryServices> services);

}  // namespace kjerne::server::http
