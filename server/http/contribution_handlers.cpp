// server/http/contribution_handlers.cpp — CONTRIBUTION resources (see openehr_routes.hpp).
#include <utility>

#include "server/http/negotiation.hpp"
#include "server/http/openehr_routes.hpp"
#include "server/http/responses.hpp"
#include "server/http/rest_json.hpp"

namespace kjerne::server::http {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

void AddContributionRoutes(Router& router, std::shared_ptr<OpenEhrServices> services) {
    auto s = std::move(services);

    router.AddResource(
        "POST", "/ehr/{ehr_id}/contribution",
        [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
            // The request body is the REST API's JSON-only NewContribution; the CONTRIBUTION
            // answered is an RM object, so it may be XML.
            KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
            KJ_ASSIGN_OR_RETURN(codec::Format in, RequestFormat(req));
            if (in != codec::Format::kJson) {
                return UnsupportedMediaType("a contribution is accepted as application/json");
            }
            const std::string& ehr_id = req.Param("ehr_id");
            KJ_ASSIGN_OR_RETURN(std::string id, s->contributions.Commit(ehr_id, req.body));
            SetETag(resp, id);
            resp.set("Location", LocationUrl(req, "/ehr/" + ehr_id + "/contribution/" + id));
            return SendByPrefer(req, resp, HTTPResponse::HTTP_CREATED, HTTPResponse::HTTP_CREATED, id,
                                [&]() -> Result<Representation> {
                                    KJ_ASSIGN_OR_RETURN(services::ContributionInfo info,
                                                        s->contributions.Get(ehr_id, id));
                                    SetLastModified(resp, info.record.audit.time_committed);
                                    KJ_ASSIGN_OR_RETURN(std::string body,
                                                        RenderDocument(ContributionJson(info), out));
                                    return Representation{MediaType(out), std::move(body)};
                                });
        });

    router.AddResource("GET", "/ehr/{ehr_id}/contribution/{contribution_uid}",
                       [s](RestRequest& req, HTTPServerResponse& resp) -> Status {
                           KJ_ASSIGN_OR_RETURN(codec::Format out, ResponseFormat(req));
                           KJ_ASSIGN_OR_RETURN(services::ContributionInfo info,
                                               s->contributions.Get(req.Param("ehr_id"),
                                                                    req.Param("contribution_uid")));
                           SetETag(resp, info.record.contribution_id);
                           SetLastModified(resp, info.record.audit.time_committed);
                           KJ_ASSIGN_OR_RETURN(std::string body, RenderDocument(ContributionJson(info), out));
                           SendText(resp, HTTPResponse::HTTP_OK, MediaType(out), body);
                           return OkStatus();
                       });
}

}  // namespace kjerne::server::http
