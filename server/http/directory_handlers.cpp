// server/http/directory_handlers.cpp — the DIRECTORY resource: the EHR's one VERSIONED_FOLDER
// (see openehr_routes.hpp; semantics in server/services/directory_service.hpp).
#include <utility>

#include "server/http/audit_header.hpp"
#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/http/rest_json.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

std::string DirectoryPath(const std::string& ehr_id, const std::string& uid) {
    return "/ehr/" + ehr_id + "/directory/" + uid;
}

void SetVersionHeaders(RestRequest& req, HTTPServerResponse& resp, const store::VersionRecord& v) {
    SetETag(resp, v.uid);
    SetLastModified(resp, v.time_committed);
    resp.set("Location", LocationUrl(req, DirectoryPath(v.ehr_id, v.uid)));
}

// A committed version: ETag, Location, Last-Modified and the body Prefer asks for.
Status SendCommitted(OpenEhrServices& s, RestRequest& req, HTTPServerResponse& resp,
                     const store::VersionRecord& v, HTTPResponse::HTTPStatus with_body,
                     HTTPResponse::HTTPStatus minimal, codec::Format out) {
    SetVersionHeaders(req, resp, v);
    return SendByPrefer(req, resp, with_body, minimal, v.uid, [&]() -> Result<Representation> {
        KJ_ASSIGN_OR_RETURN(services::DirectoryVersion stored,
                            s.directories.Get(v.ehr_id, v.uid, std::nullopt, std::nullopt));
        KJ_ASSIGN_OR_RETURN(std::string body, RenderDocument(stored.json, out));
        return Representation{MediaType(out), std::move(body)};
    });
}

// A 412 carries the latest version uid in ETag, as the spec asks.
Status WithLatestETag(OpenEhrServices& s, const std::string& ehr_id, HTTPServerResponse& resp,
                      Error error) {
    if (error.code() == ErrorCode::kPreconditionFailed) {
        auto latest = s.directories.LatestUid(ehr_id);
        if (latest.ok()) SetETag(resp, *latest);
    }
    return error;
}

// GET: the folder (or the sub-folder at ?path=) in the negotiated format; 204 when the
// version read is a deletion.
Status SendFolder(RestRequest& req, HTTPServerResponse& resp,
                  const services::DirectoryVersion& version, codec::Format out) {
    SetVersionHeaders(req, resp, version.stored.version);
    if (version.deleted()) {
        SendEmpty(resp, HTTPResponse::HTTP_NO_CONTENT);
        return OkStatus();
    }
    KJ_ASSIGN_OR_RETURN(std::string body, RenderDocument(version.json, out));
    SendText(resp, HTTPResponse::HTTP_OK, MediaType(out), body);
    return OkStatus();
}

}  // namespace

void AddDirectoryRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    auto s = std::move(services);

    router.AddResource("POST", "/ehr/{ehr_id}/directory",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
                           KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
                           KJ_ASSIGN_OR_RETURN(
                               store::VersionRecord v,
                               s->directories.Create(req.Param("ehr_id"), req.body, in, audit));
                           return SendCommitted(*s, req, resp, v, HTTPResponse::HTTP_CREATED,
                                                HTTPResponse::HTTP_CREATED, out);
                       });

    router.AddResource("PUT", "/ehr/{ehr_id}/directory",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           const std::string& ehr_id = req.Param("ehr_id");
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
                           KJ_ASSIGN_OR_RETURN(std::string if_match, IfMatchVersion(req));
                           KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
                           auto updated =
                               s->directories.Update(ehr_id, if_match, req.body, in, audit);
                           if (!updated.ok())
                               return WithLatestETag(*s, ehr_id, resp, std::move(updated).error());
                           return SendCommitted(*s, req, resp, *updated, HTTPResponse::HTTP_OK,
                                                HTTPResponse::HTTP_NO_CONTENT, out);
                       });

    router.AddResource("DELETE", "/ehr/{ehr_id}/directory",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           const std::string& ehr_id = req.Param("ehr_id");
                           KJ_ASSIGN_OR_RETURN(std::string if_match, IfMatchVersion(req));
                           KJ_ASSIGN_OR_RETURN(store::AuditInput audit, AuditFromRequest(req));
                           auto deleted = s->directories.Delete(ehr_id, if_match, audit);
                           if (!deleted.ok())
                               return WithLatestETag(*s, ehr_id, resp, std::move(deleted).error());
                           SetETag(resp, deleted->uid);
                           SetLastModified(resp, deleted->time_committed);
                           SendEmpty(resp, HTTPResponse::HTTP_NO_CONTENT);
                           return OkStatus();
                       });

    router.AddResource("GET", "/ehr/{ehr_id}/directory",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(
                               services::DirectoryVersion version,
                               s->directories.Get(req.Param("ehr_id"), std::nullopt,
                                                  req.Query("version_at_time"), req.Query("path")));
                           return SendFolder(req, resp, version, out);
                       });

    router.AddResource("GET", "/ehr/{ehr_id}/directory/{version_uid}",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(
                               services::DirectoryVersion version,
                               s->directories.Get(req.Param("ehr_id"), req.Param("version_uid"),
                                                  std::nullopt, req.Query("path")));
                           return SendFolder(req, resp, version, out);
                       });
}

}  // namespace kjerne::server::http
