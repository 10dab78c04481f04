// server/services/template_service.hpp
//
// Owns operational templates as the application uses them: an OPT 1.4 upload is compiled
// (templates/opt LoadOpt) before it is stored, so an unreadable OPT never reaches the store's
// template table; reads return the stored bytes; and Compiled() hands the validator a compiled
// Template, built once per template id and cached for the life of the service (templates are
// immutable once stored: the store refuses other bytes under an existing id).
// Used by the REST handlers and by CompositionService; the CLI can link the same code.
// Thread-safety: all methods may be called from many threads; the cache is guarded by mu_.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/store.hpp"
#include "templates/flat/flat.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::server::services {

// One row of the template list (ITS-REST TemplateMetadata).
struct TemplateInfo {
    std::string template_id;
    std::string concept_name;
    std::string archetype_id;       // the root archetype of the definition
    std::string created_timestamp;  // when the store received it
};

class TemplateService {
public:
    // `store` must outlive the service.
    explicit TemplateService(store::Store& store) : store_(store) {}

    // Compiles and stores an OPT. kInvalidArgument (400) with the loader's issues when the
    // OPT cannot be compiled; kConflict (409) when a template with its id is already stored.
    Result<TemplateInfo> Upload(std::string_view opt_xml);
    // Every stored template, ordered by id. Compiles (and caches) each to read its header.
    Result<std::vector<TemplateInfo>> List();
    // The OPT bytes as uploaded; kNotFound (404).
    Result<std::string> GetOpt(const std::string& template_id);
    // The compiled template; kNotFound when no template of that id is stored.
    Result<std::shared_ptr<const templates::Template>> Compiled(const std::string& template_id);
    // The template's FLAT context (its web templates, templates/flat/flat.hpp), built on first
    // use and cached like the compiled template: FLAT requests and the web template resource
    // would otherwise generate the web template on every call.
    Result<std::shared_ptr<const templates::flat::FlatContext>> Flat(const std::string& template_id);

private:
    Result<TemplateInfo> Info(const store::TemplateRecord& record);

    store::Store& store_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<const templates::Template>> cache_;  // guarded by mu_
    std::map<std::string, std::shared_ptr<const templates::flat::FlatContext>> flat_;  // guarded by mu_
};

}  // namespace kjerne::server::services
