// server/http/responses.hpp
//
// Owns how the HTTP edge writes bodies: JSON documents and RFC 9457-style problem reports,
// and the single ErrorCode -> HTTP status table. Handlers never pick a status for an Error
// themselves (cf. ehrbase's one DefaultExceptionHandler), so the mapping stays consistent.
// Problem body: {"status":404,"error":"Not Found","message":"..."} plus, when the Error carries
// issues (422 validation, 400 syntax with line:col), "issues": [{code, path, archetype_path,
// message}]; it never carries stack traces or internal exception text (kInternal errors are
// reported generically). 415, 406, 401 and 403 have no ErrorCode of their own: they are
// kUnsupported / kPreconditionFailed Errors made by UnsupportedMediaType(), NotAcceptable(),
// Unauthenticated() and Forbidden(), recognised by their issue code.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "engine/common/error.hpp"

namespace kjerne::server::http {

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kProblemJsonType = "application/problem+json";

// The status an Error maps to at the REST edge.
Poco::Net::HTTPResponse::HTTPStatus HttpStatusFor(ErrorCode code);
// The same, refined by the Error's issue code (415, 406).
Poco::Net::HTTPResponse::HTTPStatus HttpStatusFor(const Error& error);

// 415: the request's Content-Type is not one the resource reads.
Error UnsupportedMediaType(std::string message);
// 406: none of the types in the request's Accept can be produced.
Error NotAcceptable(std::string message);
// 401: no valid credentials (the caller adds WWW-Authenticate).
Error Unauthenticated(std::string message);
// 403: valid credentials without the role the request needs.
Error Forbidden(std::string message);

// Serialises `body` and sends it with `status` and Content-Type application/json.
void SendJson(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              const Poco::JSON::Object& body);

// Sends an application/problem+json report for `status` with a human-readable message.
void SendProblem(Poco::Net::HTTPServerResponse& response,
                 Poco::Net::HTTPResponse::HTTPStatus status, std::string_view message);

// Sends the problem report for `error` (status from HttpStatusFor).
void SendError(Poco::Net::HTTPServerResponse& response, const Error& error);

// An Object that keeps keys in insertion order, so responses read in a stable order.
Poco::JSON::Object OrderedObject();

}  // namespace kjerne::server::http
