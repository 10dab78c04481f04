// server/http/archetype_handlers.cpp — DEFINITION: ADL 2 templates (ITS-REST 1.0.3
// /definition/template/adl2) and archetypes (/definition/archetype, a Kjerne extension: REST
// 1.0.3 has no archetype resource, yet modellers upload archetypes before the templates that
// use them). Both take ADL as text/plain and answer with the archetype validity findings.
// `?validate_only=true` checks without storing: 200 with the findings as JSON (the lint
// service; `kjerne lint --format json` gives the same fields per finding).
#include <utility>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/services/poco_json.hpp"

namespace kjerne::server::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;
using services::ArtefactKind;

const char* const kAdl2Templates = "/definition/template/adl2";
const char* const kArchetypes = "/definition/archetype";
const char* const kTextType = "text/plain; charset=UTF-8";

// ADL is text: text/plain (or no Content-Type at all, as curl --data-binary sends
// x-www-form-urlencoded only when told to). JSON or XML bodies are 415.
Status RequireAdlBody(const RestRequest& req) {
    const std::string type = req.Header("Content-Type");
    if (type.empty() || type.rfind("text/plain", 0) == 0 || type.rfind("application/octet-stream", 0) == 0) {
        return OkStatus();
    }
    return UnsupportedMediaType("ADL is uploaded as text/plain, not '" + type + "'");
}

// "…t_clinical_info_ds_sf.v1.0.0" -> "1.0.0"; "" when the id carries no version.
std::string VersionOf(const std::string& archetype_id) {
    size_t v = archetype_id.rfind(".v");
    return v == std::string::npos ? std::string() : archetype_id.substr(v + 2);
}

std::string FindingsJson(const services::ArchetypeUpload& upload) {
    Array findings;
    for (const auto& f : upload.findings) {
        Object o = OrderedObject();
        o.set("severity", f.severity == archetypes::validity::Severity::kError ? "error" : "warning");
        o.set("code", f.issue.code);
        o.set("line", f.issue.pos ? f.issue.pos->line : 0);
        o.set("col", f.issue.pos ? f.issue.pos->col : 0);
        o.set("path", f.issue.archetype_path);
        o.set("message", f.issue.message);
        findings.add(o);
    }
    Object o = OrderedObject();
    o.set("archetype_id", upload.record.archetype_id);
    o.set("artefact_type", upload.record.artefact_type);
    o.set("adl_version", upload.record.adl_version);
    o.set("valid", upload.errors == 0);
    o.set("errors", upload.errors);
    o.set("warnings", upload.warnings);
    o.set("findings", findings);
    return JsonText(o);
}

std::string ListJson(const std::vector<store::ArchetypeRecord>& records, ArtefactKind kind) {
    Array list;
    for (const auto& r : records) {
        Object o = OrderedObject();
        // TemplateList of the ADL 2 definition API: template_id, version, concept, archetype_id
        // (the specialised parent), created_timestamp. Archetypes use the same shape.
        o.set(kind == ArtefactKind::kTemplate ? "template_id" : "archetype_id", r.archetype_id);
        o.set("version", VersionOf(r.archetype_id));
        o.set("concept", r.concept_text);
        o.set(kind == ArtefactKind::kTemplate ? "archetype_id" : "parent_archetype_id", r.parent_id);
        o.set("adl_version", r.adl_version);
        o.set("created_timestamp", r.time_uploaded);
        list.add(o);
    }
    return JsonText(list);
}

void AddAdlResource(Router& router, std::shared_ptr<OpenEhrServices> s, const std::string& base,
                    ArtefactKind kind) {
    router.AddResource("POST", base, [s, base, kind](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_TRY(RequireAdlBody(req));
        const bool validate_only = req.Query("validate_only").value_or("false") == "true";
        KJ_ASSIGN_OR_RETURN(services::ArchetypeUpload upload,
                            s->archetypes.Upload(req.body, kind, validate_only));
        if (validate_only) {
            SendText(resp, HTTPResponse::HTTP_OK, kJsonType, FindingsJson(upload));
            return OkStatus();
        }
        SetETag(resp, upload.record.archetype_id);
        std::string encoded;
        Poco::URI::encode(upload.record.archetype_id, "/?#&=+%", encoded);
        resp.set("Location", LocationUrl(req, base + "/" + encoded));
        if (PreferReturn(req) == Prefer::kRepresentation) {
            SendText(resp, HTTPResponse::HTTP_CREATED, kTextType, req.body);
        } else {
            // The findings (warnings only: errors were 422) are the useful minimal answer.
            SendText(resp, HTTPResponse::HTTP_CREATED, kJsonType, FindingsJson(upload));
        }
        return OkStatus();
    });

    router.AddResource("GET", base, [s, kind](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_TRY(ResponseFormat(req, false));
        KJ_ASSIGN_OR_RETURN(auto list, s->archetypes.List(kind));
        SendText(resp, HTTPResponse::HTTP_OK, kJsonType, ListJson(list, kind));
        return OkStatus();
    });

    auto get_one = [s, kind](RestRequest& req, HTTPServerResponse& resp) -> Status {
        std::string id = req.Param("id");
        if (!req.Param("version").empty()) id += ".v" + req.Param("version");  // …/{id}/{version}
        const std::string accept = req.Header("Accept");
        if (!accept.empty() && accept.find("text/plain") == std::string::npos &&
            accept.find("*/*") == std::string::npos && accept.find("text/*") == std::string::npos) {
            return NotAcceptable("ADL is served as text/plain; '" + accept + "' cannot be produced");
        }
        KJ_ASSIGN_OR_RETURN(store::ArchetypeRecord record, s->archetypes.Get(id, kind));
        SetETag(resp, record.archetype_id);
        SendText(resp, HTTPResponse::HTTP_OK, kTextType, record.source);
        return OkStatus();
    };
    router.AddResource("GET", base + "/{id}", get_one);
    if (kind == ArtefactKind::kTemplate) router.AddResource("GET", base + "/{id}/{version}", get_one);
}

}  // namespace

void AddArchetypeRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    AddAdlResource(router, services, kAdl2Templates, ArtefactKind::kTemplate);
    AddAdlResource(router, services, kArchetypes, ArtefactKind::kArchetype);
}

}  // namespace kjerne::server::http
