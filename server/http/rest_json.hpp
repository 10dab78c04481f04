// server/http/rest_json.hpp
//
// Owns the JSON shapes of the openEHR REST resources that are not RM documents the codec
// writes: the EHR resource, VERSIONED_OBJECT info, REVISION_HISTORY, ORIGINAL_VERSION (whose
// `data` is the stored canonical JSON spliced in unchanged) and the template list. Field names
// and nesting follow the ITS-REST 1.0.3 OpenAPI schemas (Ehr, VersionedComposition,
// RevisionHistory, UMOriginalVersionOf*, TemplateMetadata).
// Thread-safety: stateless functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerResponse.h>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "engine/store/store_types.hpp"
#include "server/http/router.hpp"
#include "server/services/contribution_service.hpp"
#include "server/services/ehr_service.hpp"
#include "server/services/template_service.hpp"

namespace kjerne::server::http {

std::string EhrJson(const services::EhrInfo& info);
// VERSIONED_COMPOSITION / VERSIONED_EHR_STATUS from the object's versions (oldest first).
std::string VersionedObjectJson(const std::string& type,
                                const std::vector<store::VersionRecord>& versions);
std::string RevisionHistoryJson(const std::vector<store::VersionRecord>& versions);
std::string OriginalVersionJson(const store::StoredVersion& version);
// 200 with the ORIGINAL_VERSION body and its uid as ETag (the versioned-object endpoints).
void SendOriginalVersion(Poco::Net::HTTPServerResponse& response, const store::StoredVersion& version);
// CONTRIBUTION: uid, versions as OBJECT_REFs with their kind, audit.
std::string ContributionJson(const services::ContributionInfo& info);
std::string TemplateListJson(const std::vector<services::TemplateInfo>& templates);
// {"uid":"<id>"} (ITS-REST Identifier, for Prefer: return=identifier).
std::string IdentifierJson(const std::string& uid);

// A body and its media type, for SendByPrefer.
struct Representation {
    std::string media_type;
    std::string body;
};

// The answer to a successful write, as the request's `Prefer: return=` asks (ITS-REST):
// `representation` (called only then) with `with_body`; `identifier` as {"uid": id} with
// `with_body`; `minimal` as an empty body with `minimal_status`. Headers are the caller's.
Status SendByPrefer(const RestRequest& req, Poco::Net::HTTPServerResponse& response,
                    Poco::Net::HTTPResponse::HTTPStatus with_body,
                    Poco::Net::HTTPResponse::HTTPStatus minimal_status, const std::string& id,
                    const std::function<Result<Representation>()>& representation);

// A stored canonical JSON document in `format` (JSON as stored, XML re-written).
Result<std::string> RenderDocument(const std::string& json, codec::Format format);

}  // namespace kjerne::server::http
