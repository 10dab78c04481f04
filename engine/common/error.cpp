// engine/common/error.cpp
#include "engine/common/error.hpp"

namespace kjerne {

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kPreconditionFailed: return "precondition_failed";
        case ErrorCode::kValidation: return "validation";
        case ErrorCode::kUnsupported: return "unsupported";
        case ErrorCode::kLimitExceeded: return "limit_exceeded";
        case ErrorCode::kCorruption: return "corruption";
        case ErrorCode::kIo: return "io";
        case ErrorCode::kInternal: return "internal";
    }
    return "unknown";
}

std::string Issue::ToString() const {
    std::string out;
    if (pos) {
        if (!pos->file.empty()) out += pos->file + ":";
        if (pos->line) out += std::to_string(pos->line) + ":" + std::to_string(pos->col) + ": ";
        else if (!pos->file.empty()) out += " ";
    }
    if (!rm_path.empty()) out += rm_path + ": ";
    if (!archetype_path.empty()) out += "[" + archetype_path + "] ";
    if (!code.empty()) out += code + ": ";
    out += message;
    return out;
}

Error Error::Parse(Issue issue) {
    std::string msg = issue.ToString();
    std::vector<Issue> issues;
    issues.push_back(std::move(issue));
    return Error(ErrorCode::kInvalidArgument, std::move(msg), std::move(issues));
}

Error Error::Validation(std::vector<Issue> issues) {
    std::string msg = std::to_string(issues.size()) + (issues.size() == 1 ? " issue" : " issues");
    if (!issues.empty()) msg += "; first: " + issues.front().ToString();
    return Error(ErrorCode::kValidation, std::move(msg), std::move(issues));
}

std::string Error::ToString() const { return std::string(ErrorCodeName(code_)) + ": " + message_; }

}  // namespace kjerne
