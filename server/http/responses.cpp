// server/http/responses.cpp — see responses.hpp.
#include "server/http/responses.hpp"

#include <sstream>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSONString.h>

namespace kjerne::server::http {

using Poco::Net::HTTPResponse;

HTTPResponse::HTTPStatus HttpStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return HTTPResponse::HTTP_BAD_REQUEST;
        case ErrorCode::kNotFound:
            return HTTPResponse::HTTP_NOT_FOUND;
        case ErrorCode::kConflict:
            return HTTPResponse::HTTP_CONFLICT;
        case ErrorCode::kPreconditionFailed:
            return HTTPResponse::HTTP_PRECONDITION_FAILED;
        case ErrorCode::kValidation:
            return HTTPResponse::HTTP_UNPROCESSABLE_ENTITY;
        case ErrorCode::kUnsupported:
            return HTTPResponse::HTTP_NOT_IMPLEMENTED;
        case ErrorCode::kLimitExceeded:
            return HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE;
        case ErrorCode::kCorruption:
        case ErrorCode::kIo:
        case ErrorCode::kInternal:
            return HTTPResponse::HTTP_INTERNAL_SERVER_ERROR;
    }
    return HTTPResponse::HTTP_INTERNAL_SERVER_ERROR;
}

namespace {
constexpr const char* kUnsupportedMediaTypeCode = "HTTP_UNSUPPORTED_MEDIA_TYPE";
constexpr const char* kNotAcceptableCode = "HTTP_NOT_ACCEPTABLE";
constexpr const char* kUnauthenticatedCode = "HTTP_UNAUTHORIZED";
constexpr const char* kForbiddenCode = "HTTP_FORBIDDEN";

Error Marked(ErrorCode code, const char* issue_code, std::string message) {
    Issue issue;
    issue.code = issue_code;
    issue.message = message;
    return Error(code, std::move(message), {std::move(issue)});
}
}  // namespace

HTTPResponse::HTTPStatus HttpStatusFor(const Error& error) {
    if (error.code() == ErrorCode::kUnsupported && error.issues().size() == 1) {
        const std::string& code = error.issues().front().code;
        if (code == kUnsupportedMediaTypeCode) return HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE;
        if (code == kNotAcceptableCode) return HTTPResponse::HTTP_NOT_ACCEPTABLE;
    }
    if (error.code() == ErrorCode::kPreconditionFailed && error.issues().size() == 1) {
        const std::string& code = error.issues().front().code;
        if (code == kUnauthenticatedCode) return HTTPResponse::HTTP_UNAUTHORIZED;
        if (code == kForbiddenCode) return HTTPResponse::HTTP_FORBIDDEN;
    }
    return HttpStatusFor(error.code());
}

Error UnsupportedMediaType(std::string message) {
    Issue issue;
    issue.code = kUnsupportedMediaTypeCode;
    issue.message = message;
    return Error(ErrorCode::kUnsupported, std::move(message), {std::move(issue)});
}

Error NotAcceptable(std::string message) {
    Issue issue;
    issue.code = kNotAcceptableCode;
    issue.message = message;
    return Error(ErrorCode::kUnsupported, std::move(message), {std::move(issue)});
}

Error Unauthenticated(std::string message) {
    return Marked(ErrorCode::kPreconditionFailed, kUnauthenticatedCode, std::move(message));
}

Error Forbidden(std::string message) {
    return Marked(ErrorCode::kPreconditionFailed, kForbiddenCode, std::move(message));
}

Poco::JSON::Object OrderedObject() { return Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

namespace {

void SendBody(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
              std::string_view content_type, const Poco::JSON::Object& body) {
    std::ostringstream out;
    body.stringify(out);
    const std::string text = out.str();
    response.setStatusAndReason(status);
    response.setContentType(std::string(content_type));
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.send() << text;
}

}  // namespace

void SendJson(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
              const Poco::JSON::Object& body) {
    SendBody(response, status, kJsonType, body);
}

void SendProblem(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
                 std::string_view message) {
    Poco::JSON::Object body = OrderedObject();
    body.set("status", static_cast<int>(status));
    body.set("error", HTTPResponse::getReasonForStatus(status));
    body.set("message", std::string(message));
    SendBody(response, status, kProblemJsonType, body);
}

void SendError(Poco::Net::HTTPServerResponse& response, const Error& error) {
    HTTPResponse::HTTPStatus status = HttpStatusFor(error);
    if (status == HTTPResponse::HTTP_INTERNAL_SERVER_ERROR) {
        // Internal details (paths, library messages) stay in the server log.
        SendProblem(response, status, "internal error; see the server log");
        return;
    }
    Poco::JSON::Object body = OrderedObject();
    body.set("status", static_cast<int>(status));
    body.set("error", HTTPResponse::getReasonForStatus(status));
    body.set("message", error.message());
    if (!error.issues().empty() && status != HTTPResponse::HTTP_NOT_ACCEPTABLE &&
        status != HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE &&
        status != HTTPResponse::HTTP_UNAUTHORIZED && status != HTTPResponse::HTTP_FORBIDDEN) {
        Poco::JSON::Array issues;
        for (const Issue& issue : error.issues()) {
            Poco::JSON::Object item = OrderedObject();
            item.set("code", issue.code);
            item.set("path", issue.rm_path);
            item.set("archetype_path", issue.archetype_path);
            if (issue.pos && issue.pos->line > 0) {
                item.set("line", static_cast<int>(issue.pos->line));
                item.set("col", static_cast<int>(issue.pos->col));
            }
            item.set("message", issue.message);
            issues.add(item);
        }
        body.set("issues", issues);
    }
    SendBody(response, status, kProblemJsonType, body);
}

}  // namespace kjerne::server::http
