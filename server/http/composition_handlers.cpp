// server/http/composition_handlers.cpp — COMPOSITION and VERSIONED_COMPOSITION resources
// (see openehr_routes.hpp).
#include <utility>

#include "server/http/audit_header.hpp"
#include "server/http/flat_representation.hpp"
#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/http/rest_json.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

std::string CompositionPath(const std::string& ehr_id, const std::string& uid) {
    return "/ehr/" + ehr_id + "/composition/" + uid;
}

// The representation a response carries: canonical JSON / XML, or FLAT (flat_type non-empty).
struct OutFormat {
    codec::Format format = codec::Format::kJson;
    std::string flat_type;
};

Result<OutFormat> ResponseOut(const RestRequest& req) {
    OutFormat out;
    out.flat_type = AcceptedFlatType(req);
    if (out.flat_type.empty()) {
        KJ_ASSIGN_OR_RETURN(out.format, ResponseFormat(req));
    }
    return out;
}

Result<std::string> Render(OpenEhrServices& s, const std::string& json, const OutFormat& out) {
    if (!out.flat_type.empty()) return RenderFlat(s.templates, json);
    return RenderDocument(json, out.format);
}

std::string OutType(const OutFormat& out) {
    return out.flat_type.empty() ? MediaType(out.format) : out.flat_type;
}

// The request body as the store takes it: FLAT (Content-Type) becomes canonical JSON first.
struct InBody {
    std::string converted;  // the canonical JSON of a FLAT body
    codec::Format format = codec::Format::kJson;
};

Result<InBody> RequestBody(OpenEhrServices& s, const RestRequest& req) {
    InBody in;
    if (RequestIsFlat(req)) {
        KJ_ASSIGN_OR_RETURN(in.converted, FlatBodyToCanonical(s.templates, req));
        return in;
    }
    KJ_ASSIGN_OR_RETURN(in.format, RequestFormat(req));
    return in;
}

// A committed version: ETag, Location, Last-Modified and the body Prefer asks for.
Status SendCommitted(OpenEhrServices& s, RestRequest& req, HTTPServerResponse& resp,
                     const store::VersionRecord& v, HTTPResponse::HTTPStatus with_body,
                     HTTPResponse::HTTPStatus minimal, const OutFormat& out) {
    SetETag(resp, v.uid);
    SetLastModified(resp, v.time_committed);
    resp.set("Location", LocationUrl(req, CompositionPath(v.ehr_id, v.uid)));
    return SendByPrefer(req, resp, with_body, minimal, v.uid, [&]() -> Result<Representation> {
        KJ_ASSIGN_OR_RETURN(store::StoredVersion stored, s.compositions.Get(v.ehr_id, v.uid, std::nullopt));
        KJ_ASSIGN_OR_RETURN(std::string body, Render(s, stored.json, out));
        return Representation{OutType(out), std::move(body)};
    });
}

// 412 and 409 carry the latest version uid in ETag, as the spec asks.
Status WithLatestETag(OpenEhrServices& s, const std::string& ehr_id, const std::string& vo_id,
                      HTTPServerResponse& resp, Error error) {
    if (error.code() == ErrorCode::kPreconditionFailed || error.code() == ErrorCode::kConflict) {
        auto latest = s.compositions.LatestUid(ehr_id, vo_id);
        if (latest.ok()) SetETag(resp, *latest);
    }
    return error;
}

}  // namespace

void AddCompositionRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    auto s = std::move(services);

    router.AddResource(
        "POST", "/ehr/{ehr_id}/composition",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(OutFormat out, ResponseOut(req));
            KJ_ASSIGN_OR_RETURN(InBody in, RequestBody(*s, req));
            KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
            KJ_ASSIGN_OR_RETURN(store::Lifecycle lifecycle, LifecycleFromRequest(req));
            const std::string_view body =
                in.converted.empty() ? std::string_view(req.body) : in.converted;
            KJ_ASSIGN_OR_RETURN(
                store::VersionRecord v,
                s->compositions.Create(req.Param("ehr_id"), body, in.format, audit, lifecycle));
            return SendCommitted(*s, req, resp, v, HTTPResponse::HTTP_CREATED,
                                 HTTPResponse::HTTP_CREATED, out);
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/composition/{uid_based_id}",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_ASSIGN_OR_RETURN(OutFormat out, ResponseOut(req));
            KJ_ASSIGN_OR_RETURN(store::StoredVersion version,
                                s->compositions.Get(req.Param("ehr_id"), req.Param("uid_based_id"),
                                                    req.Query("version_at_time")));
            SetETag(resp, version.version.uid);
            SetLastModified(resp, version.version.time_committed);
            if (version.version.lifecycle_state == static_cast<int>(store::Lifecycle::kDeleted)) {
                SendEmpty(resp, HTTPResponse::HTTP_NO_CONTENT);  // deleted (at that time)
                return OkStatus();
            }
            KJ_ASSIGN_OR_RETURN(std::string body, Render(*s, version.json, out));
            SendText(resp, HTTPResponse::HTTP_OK, OutType(out), body);
            return OkStatus();
        });

    router.AddResource(
        "PUT", "/ehr/{ehr_id}/composition/{uid_based_id}",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            const std::string& ehr_id = req.Param("ehr_id");
            const std::string vo_id = services::ObjectIdOf(req.Param("uid_based_id"));
            KJ_ASSIGN_OR_RETURN(OutFormat out, ResponseOut(req));
            KJ_ASSIGN_OR_RETURN(InBody in, RequestBody(*s, req));
            KJ_ASSIGN_OR_RETURN(std::string if_match, IfMatchVersion(req));
            KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
            KJ_ASSIGN_OR_RETURN(store::Lifecycle lifecycle, LifecycleFromRequest(req));
            const std::string_view body =
                in.converted.empty() ? std::string_view(req.body) : in.converted;
            auto updated =
                s->compositions.Update(ehr_id, vo_id, if_match, body, in.format, audit, lifecycle);
            if (!updated.ok())
                return WithLatestETag(*s, ehr_id, vo_id, resp, std::move(updated).error());
            return SendCommitted(*s, req, resp, *updated, HTTPResponse::HTTP_OK,
                                 HTTPResponse::HTTP_NO_CONTENT, out);
        });

    router.AddResource("DELETE", "/ehr/{ehr_id}/composition/{uid_based_id}",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           const std::string& ehr_id = req.Param("ehr_id");
                           const std::string& uid = req.Param("uid_based_id");
                           KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
                           auto deleted = s->compositions.Delete(ehr_id, uid, audit);
                           if (!deleted.ok()) {
                               return WithLatestETag(*s, ehr_id, services::ObjectIdOf(uid), resp,
                                                     std::move(deleted).error());
                           }
                           SetETag(resp, deleted->uid);
                           SetLastModified(resp, deleted->time_committed);
                           SendEmpty(resp, HTTPResponse::HTTP_NO_CONTENT);
                           return OkStatus();
                       });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(
                auto versions,
                s->compositions.History(req.Param("ehr_id"), req.Param("versioned_object_uid")));
            SendText(resp, HTTPResponse::HTTP_OK, kJsonType,
                     VersionedObjectJson("VERSIONED_COMPOSITION", versions));
            return OkStatus();
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/revision_history",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(
                auto versions,
                s->compositions.History(req.Param("ehr_id"), req.Param("versioned_object_uid")));
            SendText(resp, HTTPResponse::HTTP_OK, kJsonType, RevisionHistoryJson(versions));
            return OkStatus();
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/version",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            KJ_ASSIGN_OR_RETURN(
                store::StoredVersion version,
                s->compositions.Get(req.Param("ehr_id"),
                                    services::ObjectIdOf(req.Param("versioned_object_uid")),
                                    req.Query("version_at_time")));
            SendOriginalVersion(resp, version);
            return OkStatus();
        });

    router.AddResource(
        "GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/version/{version_uid}",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            KJ_TRY(ResponseFormat(req, false));
            const std::string& version_uid = req.Param("version_uid");
            if (services::ObjectIdOf(version_uid) != req.Param("versioned_object_uid")) {
                return Error::NotFound("version " + version_uid + " is not a version of " +
                                       req.Param("versioned_object_uid"));
            }
            KJ_ASSIGN_OR_RETURN(
                store::StoredVersion version,
                s->compositions.Get(req.Param("ehr_id"), version_uid, std::nullopt));
            SendOriginalVersion(resp, version);
            return OkStatus();
        });
}

}  // namespace kjerne::server::http
