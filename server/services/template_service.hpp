// server/services/template_service.hpp
//
// Owns operational templates as the application uses them: an OPT 1.4 upload is compiled
// (templates/opt LoadOpt) before it is stored, so an unreadable OPT never reaches the store's
// template table, under the operator's OPT 1.4 schema policy (XsdCheck: warn reports the
// findings with the upload, strict rejects an OPT that has any, off skips the check); reads
// return the stored bytes; and Compiled() hands the validator a compiled
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
#include "templates/opt/xsd_check.hpp"

namespace kjerne::server::services {

// One row of the template list (ITS-REST TemplateMetadata).
struct TemplateInfo {
    std::string template_id;
    std::string concept_name;
    std::string archetype_id;       // the root archetype of the definition
    std::string created_timestamp;  // when the store received it
};

// What an accepted upload reports: the stored template's row and the load's warnings
// (OPT_XSD schema findings under XsdCheck::kWarn, OPT_IGNORED_ELEMENT, OPT_LEGACY_ATTRIBUTE),
// in the loader's order; they are not stored, so this is the only time they are told.
struct TemplateUpload {
    TemplateInfo info;
    std::vector<Issue> warnings;
};

class TemplateService {
public:
    // `store` must outlive the service. `upload_schema` is the schema policy of Upload; stored
    // templates are compiled again (Compiled) without the schema pass whatever it is.
    explicit TemplateService(store::Store& store,
                             templates::XsdCheck upload_schema = templates::XsdCheck::kWarn)
        : store_(store), upload_schema_(upload_schema) {}

    // Compiles and stores an OPT. kInvalidArgument (400) with the loader's issues when the
    // OPT cannot be compiled, and under XsdCheck::kStrict when it has schema findings (the
    // OPT_XSD issues, line:col each); nothing is stored then. kConflict (409) when a template
    // with its id is already stored.
    Result<TemplateUpload> Upload(std::string_view opt_xml);
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
    const templates::XsdCheck upload_schema_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<const templates::Template>> cache_;  // guarded by mu_
    std::map<std::string, std::shared_ptr<const templates::flat::FlatContext>> flat_;  // guarded by mu_
};

}  // namespace kjerne::server::services
