// server/http/negotiation.hpp
//
// Owns the HTTP conventions of the openEHR REST API (ITS-REST 1.0.3) that are not specific to
// one resource: which representation a request body is in (Content-Type -> JSON / XML, else
// 415), which one the client wants back (Accept -> JSON / XML, else 406), the `Prefer: return=`
// preference, the `If-Match` version uid, and the versioning headers of a response (ETag as the
// quoted version uid, Location as an absolute URL under the base path the client used,
// Last-Modified as an HTTP date). Handlers call these so every resource answers alike.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include <Poco/Net/HTTPServerResponse.h>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "server/http/router.hpp"

namespace kjerne::server::http {

inline constexpr std::string_view kXmlType = "application/xml";

// The format of the request body from Content-Type: application/json (or any +json) -> JSON,
// application/xml or text/xml (or any +xml) -> XML; no Content-Type -> sniffed from the body.
// Anything else is 415.
Result<codec::Format> RequestFormat(const RestRequest& request);

// The response format from Accept: absent, */*, application/*, application/json -> JSON;
// application/xml, text/xml -> XML; the acceptable entry with the highest q wins, ties in the
// header's order (entries with q=0 are not acceptable). Nothing acceptable is 406. `xml_allowed`
// false means the resource only speaks JSON (then only JSON is acceptable).
Result<codec::Format> ResponseFormat(const RestRequest& request, bool xml_allowed = true);

// The media type for a format: "application/json" / "application/xml".
std::string MediaType(codec::Format format);

enum class Prefer { kMinimal, kRepresentation, kIdentifier };
// `Prefer: return=representation | minimal | identifier`; absent or other -> kMinimal.
Prefer PreferReturn(const RestRequest& request);

// The version uid of `If-Match` without quotes or a W/ prefix; 400 when absent or empty.
Result<std::string> IfMatchVersion(const RestRequest& request);

// "http://<Host><base_path><relative>" (relative starts with '/').
std::string LocationUrl(const RestRequest& request, const std::string& relative);

// ETag: "<id>" (quoted, strong).
void SetETag(Poco::Net::HTTPServerResponse& response, const std::string& id);
// Last-Modified from a store time (ISO 8601 UTC); left out when the time is unreadable.
void SetLastModified(Poco::Net::HTTPServerResponse& response, const std::string& iso_time);

// Sends `body` with `status` and the media type of `format`.
void SendText(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              std::string_view content_type, const std::string& body);
// Sends a response without a body (201 minimal, 204).
void SendEmpty(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status);

}  // namespace kjerne::server::http
