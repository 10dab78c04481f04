// server/http/openehr_routes.hpp
//
// Owns the openEHR REST resources (ITS-REST 1.0.3) served below the base path: EHR and
// EHR_STATUS (ehr_handlers.cpp), COMPOSITION and VERSIONED_COMPOSITION
// (composition_handlers.cpp), CONTRIBUTION (contribution_handlers.cpp), DIRECTORY
// (directory_handlers.cpp), DEFINITION templates
// ADL 1.4 (template_handlers.cpp), ADL 2 templates and archetypes (archetype_handlers.cpp). Each
// handler parses the request (path, query, headers, body format), calls one service method
// and renders the result with the spec's status and headers; every failure is an Error the
// router turns into problem+json.
// Ownership: the handlers share ownership of `services` (it lives as long as the router).
// Thread-safety: handlers run concurrently; the services are thread-safe.
#pragma once

#include <memory>

#include "engine/store/store.hpp"
#include "server/http/router.hpp"
#include "server/services/archetype_service.hpp"
#include "server/services/composition_service.hpp"
#include "server/services/contribution_service.hpp"
#include "server/services/directory_service.hpp"
#include "server/services/ehr_service.hpp"
#include "server/services/template_service.hpp"

namespace kjerne::server::http {

// The services of one running application, over one store (which must outlive them).
// `opt_schema` is the OPT 1.4 schema policy of template uploads (TemplateService).
struct OpenEhrServices {
    explicit OpenEhrServices(store::Store& store,
                             templates::XsdCheck opt_schema = templates::XsdCheck::kWarn)
        : templates(store, opt_schema),
          ehrs(store),
          compositions(store, templates),
          contributions(store, compositions),
          directories(store),
          archetypes(store) {}
    services::TemplateService templates;
    services::EhrService ehrs;
    services::CompositionService compositions;
    services::ContributionService contributions;
    services::DirectoryService directories;
    services::ArchetypeService archetypes;
};

void AddEhrRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);
void AddCompositionRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);
void AddTemplateRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);
void AddContributionRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);
void AddDirectoryRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);
void AddArchetypeRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);

// All of the above.
void AddOpenEhrRoutes(Router& router, std::shared_ptr<OpenEhrServices> services);

}  // namespace kjerne::server::http
