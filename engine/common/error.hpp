// engine/common/error.hpp
//
// Error values for the whole core. No public function of a Kjerne module throws:
// failures travel as `Error` inside `Result<T>` (engine/common/result.hpp), so the
// HTTP edge can map every failure to one status and validators can report many
// findings at once. Adapters around throwing libraries (Xerces, Poco) catch at
// their edge and convert.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kjerne {

enum class ErrorCode : uint8_t {
    kInvalidArgument,     // malformed input: syntax, wrong type, unknown attribute
    kNotFound,
    kConflict,
    kPreconditionFailed,
    kValidation,          // input well-formed but violates a model or template rule
    kUnsupported,
    kLimitExceeded,       // a configured limit (size, depth, time, rows) was hit
    kCorruption,
    kIo,
    kInternal,
};

const char* ErrorCodeName(ErrorCode code);

// A place in a text input (JSON, XML, ADL, AQL). line and col are 1-based; 0 = unknown.
struct SourcePos {
    std::string file;
    uint32_t line = 0;
    uint32_t col = 0;
};

// One finding, Archie-style: a stable machine code plus where it happened.
struct Issue {
    std::string code;            // "RM_UNKNOWN_TYPE", "VCORM", "AQL_SYNTAX", ...
    std::string rm_path;         // instance path, e.g. /content[2]/data/events[1]/time/value
    std::string archetype_path;  // constraint path, when a template/archetype is involved
    std::optional<SourcePos> pos;
    std::string message;

    // "3:14 /content[1]/name: RM_UNKNOWN_ATTRIBUTE: ..." (parts that are empty are left out)
    std::string ToString() const;
};

class Error {
public:
    Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
    Error(ErrorCode code, std::string message, std::vector<Issue> issues)
        : code_(code), message_(std::move(message)), issues_(std::move(issues)) {}

    static Error InvalidArgument(std::string msg) { return {ErrorCode::kInvalidArgument, std::move(msg)}; }
    static Error NotFound(std::string msg) { return {ErrorCode::kNotFound, std::move(msg)}; }
    static Error Conflict(std::string msg) { return {ErrorCode::kConflict, std::move(msg)}; }
    static Error Unsupported(std::string msg) { return {ErrorCode::kUnsupported, std::move(msg)}; }
    static Error LimitExceeded(std::string msg) { return {ErrorCode::kLimitExceeded, std::move(msg)}; }
    static Error Io(std::string msg) { return {ErrorCode::kIo, std::move(msg)}; }
    static Error Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg)}; }
    // A malformed document: the single issue carries code, position and RM path.
    static Error Parse(Issue issue);
    static Error Validation(std::vector<Issue> issues);

    ErrorCode code() const { return code_; }
    const std::string& message() const { return message_; }
    const std::vector<Issue>& issues() const { return issues_; }

    // "invalid_argument: 12:7 /content[1]/data: RM_UNKNOWN_ATTRIBUTE: ..."
    std::string ToString() const;

private:
    ErrorCode code_;
    std::string message_;
    std::vector<Issue> issues_;
};

}  // namespace kjerne
