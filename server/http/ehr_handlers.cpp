// server/http/ehr_handlers.cpp — EHR, EHR_STATUS and VERSIONED_EHR_STATUS resources
// (see openehr_routes.hpp).
#include <utility>

#include "server/http/audit_header.hpp"
#include "server/auth/access_policy.hpp"
#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/http/rest_json.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

// The EHR resource in the negotiated format: its JSON, or that JSON read as the RM class EHR
// (the root carries no _type) and written as ITS-XML, so both go through the one RM model.
Result<Representation> EhrRepresentation(const services::EhrInfo& info, codec::Format format) {
    std::string json = EhrJson(info);
    if (format == codec::Format::kJson) return Representation{std::string(kJsonType), std::move(json)};
    codec::ReadOptions options;
    options.root_type = "EHR";
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(json, options));
    return Representation{MediaType(format), codec::WriteXml(doc)};
}

// 201 (create) with ETag = ehr_id, Location, and the body Prefer asks for.
Status SendEhrCreated(RestRequest& req, HTTPServerResponse& resp, const services::EhrInfo& info,
                      codec::Format out) {
    SetETag(resp, info.ehr.ehr_id);
    resp.set("Location", LocationUrl(req, "/ehr/" + info.ehr.ehr_id));
    SetLastModified(resp, info.ehr.time_created);
    return SendByPrefer(req, resp, HTTPResponse::HTTP_CREATED, HTTPResponse::HTTP_CREATED, info.ehr.ehr_id,
                        [&]() { return EhrRepresentation(info, out); });
}

Status SendEhr(HTTPServerResponse& resp, const services::EhrInfo& info, codec::Format out) {
    KJ_ASSIGN_OR_RETURN(Representation r, EhrRepresentation(info, out));
    SetETag(resp, info.ehr.ehr_id);
    SetLastModified(resp, info.ehr.time_created);
    SendText(resp, HTTPResponse::HTTP_OK, r.media_type, r.body);
    return OkStatus();
}

// The EHR_STATUS document of `version` in the negotiated format.
Status SendStatus(RestRequest& req, HTTPServerResponse& resp, const store::StoredVersion& version,
                  codec::Format format) {
    KJ_ASSIGN_OR_RETURN(std::string body, RenderDocument(version.json, format));
    SetETag(resp, version.version.uid);
    SetLastModified(resp, version.version.time_committed);
    resp.set("Location", LocationUrl(req, "/ehr/" + version.version.ehr_id + "/ehr_status/" +
                                              version.version.uid));
    SendText(resp, HTTPResponse::HTTP_OK, MediaType(format), body);
    return OkStatus();
}

// On a stale If-Match the current version goes out in ETag with the 412.
Status WithCurrentStatusETag(OpenEhrServices& s, const std::string& ehr_id,
                             HTTPServerResponse& resp, Error error) {
    if (error.code() == ErrorCode::kPreconditionFailed) {
        auto info = s.ehrs.Get(ehr_id);
        if (info.ok()) SetETag(resp, info->status_uid);
    }
    return error;
}

}  // namespace

void AddEhrRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    auto s = std::move(services);

    router.AddResource("POST", "/ehr", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
        KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
        KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
        KJ_ASSIGN_OR_RETURN(services::EhrInfo info, s->ehrs.Create("", req.body, in, audit));
        return SendEhrCreated(req, resp, info, out);
    });

    router.AddResource(
        "PUT", "/ehr/{ehr_id}", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
            KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
            KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
            KJ_ASSIGN_OR_RETURN(services::EhrInfo info,
                                s->ehrs.Create(req.Param("ehr_id"), req.body, in, audit));
            return SendEhrCreated(req, resp, info, out);
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
            KJ_ASSIGN_OR_RETURN(services::EhrInfo info, s->ehrs.Get(req.Param("ehr_id")));
            return SendEhr(resp, info, out);
        });

    router.AddResource("GET", "/ehr", [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
        KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
        KJ_ASSIGN_OR_RETURN(services::EhrInfo info,
                            s->ehrs.FindBySubject(req.Query("subject_id").value_or(""),
                                                  req.Query("subject_namespace").value_or("")));
        // Need-to-know: an EHR outside the caller's scope is answered as not found, so the
        // lookup cannot be used to learn that a person has a record here.
        if (!auth::CanAccessEhr(req.principal, info.ehr.ehr_id)) {
            return Error::NotFound("no EHR for that subject");
        }
        return SendEhr(resp, info, out);
    });

    router.AddResource("GET", "/ehr/{ehr_id}/ehr_status",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(store::StoredVersion version,
                                               s->ehrs.GetStatus(req.Param("ehr_id"),
                                                                 req.Query("version_at_time")));
                           return SendStatus(req, resp, version, out);
                       });

    router.AddResource("GET", "/ehr/{ehr_id}/ehr_status/{version_uid}",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(store::StoredVersion version,
                                               s->ehrs.GetStatusVersion(req.Param("ehr_id"),
                                                                        req.Param("version_uid")));
                           return SendStatus(req, resp, version, out);
                       });

    router.AddResource(
        "PUT", "/ehr/{ehr_id}/ehr_status",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            const std::string& ehr_id = req.Param("ehr_id");
            KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
            KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
            KJ_ASSIGN_OR_RETURN(std::string if_match, IfMatchVersion(req));
            KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
            auto updated = s->ehrs.UpdateStatus(ehr_id, if_match, req.body, in, audit);
            if (!updated.ok())
                return WithCurrentStatusETag(*s, ehr_id, resp, std::move(updated).error());
            const store::VersionRecord& v = *updated;
            SetETag(resp, v.uid);
            SetLastModified(resp, v.time_committed);
            resp.set("Location", LocationUrl(req, "/ehr/" + ehr_id + "/ehr_status/" + v.uid));
            return SendByPrefer(req, resp, HTTPResponse::HTTP_OK, HTTPResponse::HTTP_NO_CONTENT, v.uid,
                                [&]() -> Result<Representation> {
                                    KJ_ASSIGN_OR_RETURN(store::StoredVersion stored,
                                                        s->ehrs.GetStatusVersion(ehr_id, v.uid));
                                    KJ_ASSIGN_OR_RETURN(std::string body, RenderDocument(stored.json, out));
                                    return Representation{MediaType(out), std::move(body)};
                                });
        });

    router.AddResource("GET", "/ehr/{ehr_id}/versioned_ehr_status",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_TRY(ResponseFormat(req, false));
                           KJ_ASSIGN_OR_RETURN(auto versions,
                                               s->ehrs.StatusHistory(req.Param("ehr_id")));
                           SendText(resp, HTTPResponse::HTTP_OK, kJsonType,
                                    VersionedObjectJson("VERSIONED_EHR_STATUS", versions));
                           return OkStatus();
                       });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_ehr_status/revision_history",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(auto versions, s->ehrs.StatusHistory(req.Param("ehr_id")));
            SendText(resp, HTTPResponse::HTTP_OK, kJsonType, RevisionHistoryJson(versions));
            return OkStatus();
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_ehr_status/version",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(
                store::StoredVersion version,
                s->ehrs.GetStatus(req.Param("ehr_id"), req.Query("version_at_time")));
            SendOriginalVersion(resp, version);
            return OkStatus();
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_ehr_status/version/{version_uid}",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(
                store::StoredVersion version,
                s->ehrs.GetStatusVersion(req.Param("ehr_id"), req.Param("version_uid")));
            SendOriginalVersion(resp, version);
            return OkStatus();
        });
}

void AddOpenEhrRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    AddEhrRoutes(router, services);
    AddCompositionRoutes(router, services);
    AddTemplateRoutes(router, services);
    AddContributionRoutes(router, services);
    AddDirectoryRoutes(router, services);
    AddArchetypeRoutes(router, services);
}

}  // namespace kjerne::server::http
