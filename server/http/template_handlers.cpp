// server/http/template_handlers.cpp — DEFINITION: operational templates ADL 1.4
// (see openehr_routes.hpp).
#include <utility>

#include <Poco/URI.h>

#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/http/rest_json.hpp"
#include "server/http/warning_header.hpp"
#include "templates/webtemplate/web_template.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

const char* const kAdl14 = "/definition/template/adl1.4";

const char* const kWebTemplateType = "application/openehr.wt+json";

// Whether the client asks for the web template (EHRbase's media type for it).
bool WantsWebTemplate(const RestRequest& req) {
    return req.Header("Accept").find(kWebTemplateType) != std::string::npos;
}

// An OPT is XML; otherwise Accept must allow XML (406).
Status RequireXmlAccept(const RestRequest& req) {
    KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
    const std::string accept = req.Header("Accept");
    if (out == codec::Format::kXml) return OkStatus();
    if (accept.empty() || accept.find("*/*") != std::string::npos ||
        accept.find("application/*") != std::string::npos) {
        return OkStatus();
    }
    return NotAcceptable("a template is served as application/xml (OPT); '" + accept +
                         "' cannot be produced");
}

}  // namespace

void AddTemplateRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    auto s = std::move(services);

    router.AddResource("POST", kAdl14, [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
        if (in != codec::Format::kXml) {
            return UnsupportedMediaType("an OPT 1.4 is uploaded as application/xml");
        }
        KJ_ASSIGN_OR_RETURN(services::TemplateUpload upload, s->templates.Upload(req.body));
        const services::TemplateInfo& info = upload.info;
        // The findings ride in Warning headers: the body is the OPT or empty (ITS-REST), and
        // the upload is the only time they are reported (server/README.md).
        AddWarnings(resp, upload.warnings);
        SetETag(resp, info.template_id);
        std::string encoded;
        Poco::URI::encode(info.template_id, "/?#&=+%", encoded);
        resp.set("Location", LocationUrl(req, std::string(kAdl14) + "/" + encoded));
        if (PreferReturn(req) == Prefer::kRepresentation) {
            SendText(resp, HTTPResponse::HTTP_CREATED, kXmlType, req.body);
        } else {
            SendEmpty(resp, HTTPResponse::HTTP_CREATED);
        }
        return OkStatus();
    });

    router.AddResource("GET", kAdl14, [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_TRY(ResponseFormat(req, false));
        KJ_ASSIGN_OR_RETURN(auto list, s->templates.List());
        SendText(resp, HTTPResponse::HTTP_OK, kJsonType, TemplateListJson(list));
        return OkStatus();
    });

    router.AddResource("GET", std::string(kAdl14) + "/{template_id}",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           if (WantsWebTemplate(req)) {
                               KJ_ASSIGN_OR_RETURN(auto tpl, s->templates.Compiled(req.Param("template_id")));
                               KJ_ASSIGN_OR_RETURN(auto wt, templates::webtemplate::GenerateWebTemplate(*tpl));
                               SetETag(resp, req.Param("template_id"));
                               SendText(resp, HTTPResponse::HTTP_OK, kWebTemplateType,
                                        templates::webtemplate::WebTemplateToJson(wt));
                               return OkStatus();
                           }
                           KJ_TRY(RequireXmlAccept(req));
                           KJ_ASSIGN_OR_RETURN(std::string opt,
                                               s->templates.GetOpt(req.Param("template_id")));
                           SetETag(resp, req.Param("template_id"));
                           SendText(resp, HTTPResponse::HTTP_OK, kXmlType, opt);
                           return OkStatus();
                       });
}

}  // namespace kjerne::server::http
