// server/services/template_service.cpp — see template_service.hpp.
#include "server/services/template_service.hpp"

#include <utility>

#include "templates/opt/opt_loader.hpp"

namespace kjerne::server::services {
namespace {

TemplateInfo InfoOf(const templates::Template& tpl, std::string created) {
    TemplateInfo info;
    info.template_id = tpl.template_id;
    info.concept_name = tpl.concept_name;
    if (tpl.definition != nullptr) info.archetype_id = tpl.definition->archetype_id;
    info.created_timestamp = std::move(created);
    return info;
}

bool OnlySchemaFindings(const Error& e) {
    if (e.issues().empty()) return false;
    for (const Issue& i : e.issues()) {
        if (i.code != "OPT_XSD") return false;
    }
    return true;
}

}  // namespace

Result<TemplateUpload> TemplateService::Upload(std::string_view opt_xml) {
    templates::OptLoadOptions options;
    options.source_name = "template";
    options.xsd = upload_schema_;
    auto loaded = templates::LoadOpt(opt_xml, options);
    if (!loaded.ok()) {
        const Error& e = loaded.error();
        // Say why an OPT the loader understands was refused: the operator chose strict.
        const char* why = upload_schema_ == templates::XsdCheck::kStrict && OnlySchemaFindings(e)
                              ? "the OPT fails the OPT 1.4 schema (schema policy strict): "
                              : "the OPT cannot be loaded: ";
        return Error(ErrorCode::kInvalidArgument, why + e.message(), e.issues());
    }
    std::shared_ptr<const templates::Template> tpl = std::move(loaded).value();
    if (store_.GetTemplate(tpl->template_id).ok()) {
        return Error::Conflict("a template with id '" + tpl->template_id + "' already exists");
    }
    KJ_TRY(store_.PutTemplate(tpl->template_id, opt_xml));
    KJ_ASSIGN_OR_RETURN(store::TemplateRecord record, store_.GetTemplate(tpl->template_id));
    {
        std::lock_guard<std::mutex> lock(mu_);
        cache_[tpl->template_id] = tpl;
    }
    return TemplateUpload{InfoOf(*tpl, record.time_uploaded), tpl->warnings};
}

Result<TemplateInfo> TemplateService::Info(const store::TemplateRecord& record) {
    KJ_ASSIGN_OR_RETURN(std::shared_ptr<const templates::Template> tpl,
                        Compiled(record.template_id));
    return InfoOf(*tpl, record.time_uploaded);
}

Result<std::vector<TemplateInfo>> TemplateService::List() {
    KJ_ASSIGN_OR_RETURN(std::vector<store::TemplateRecord> records, store_.ListTemplates());
    std::vector<TemplateInfo> out;
    out.reserve(records.size());
    for (const store::TemplateRecord& record : records) {
        Result<TemplateInfo> info = Info(record);
        if (info.ok()) {
            out.push_back(std::move(info).value());
        } else {
            // Stored by another tool without compiling: list it with what the store knows.
            TemplateInfo bare;
            bare.template_id = record.template_id;
            bare.created_timestamp = record.time_uploaded;
            out.push_back(std::move(bare));
        }
    }
    return out;
}

Result<std::string> TemplateService::GetOpt(const std::string& template_id) {
    KJ_ASSIGN_OR_RETURN(store::TemplateRecord record, store_.GetTemplate(template_id));
    return std::move(record.opt);
}

Result<std::shared_ptr<const templates::Template>> TemplateService::Compiled(
    const std::string& template_id) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = cache_.find(template_id);
        if (it != cache_.end()) return it->second;
    }
    KJ_ASSIGN_OR_RETURN(store::TemplateRecord record, store_.GetTemplate(template_id));
    templates::OptLoadOptions options;
    options.source_name = template_id;
    // Schema findings are warnings, reported when the OPT was uploaded; compiling a stored
    // OPT again after a restart need not pay for the second, validating parse (about half
    // of the load time).
    options.xsd = templates::XsdCheck::kOff;
    auto loaded = templates::LoadOpt(record.opt, options);
    if (!loaded.ok()) {
        return Error::Internal("stored template '" + template_id +
                               "' does not compile: " + loaded.error().message());
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, inserted] = cache_.emplace(template_id, std::move(loaded).value());
    return it->second;
}

Result<std::shared_ptr<const templates::flat::FlatContext>> TemplateService::Flat(
    const std::string& template_id) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = flat_.find(template_id);
        if (it != flat_.end()) return it->second;
    }
    // The context points into the compiled template, which the cache keeps alive as long.
    KJ_ASSIGN_OR_RETURN(std::shared_ptr<const templates::Template> tpl, Compiled(template_id));
    KJ_ASSIGN_OR_RETURN(std::shared_ptr<const templates::flat::FlatContext> ctx, templates::flat::PrepareFlat(*tpl));
    std::lock_guard<std::mutex> lock(mu_);
    return flat_.emplace(template_id, std::move(ctx)).first->second;
}

}  // namespace kjerne::server::services
