// server/http/warning_header.cpp — see warning_header.hpp.
#include "server/http/warning_header.hpp"

namespace kjerne::server::http {
namespace {

// Header-safe text: printable ASCII, with the quoted-string's two special characters escaped.
std::string QuotedText(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7f) {
            out += ' ';
        } else if (c >= 0x80) {
            out += '?';
        } else {
            out += ch;
        }
    }
    out += '"';
    return out;
}

std::string FindingText(const Issue& issue) {
    std::string text = issue.code;
    if (issue.pos && issue.pos->line > 0) {
        text += (text.empty() ? "" : " ") + std::to_string(issue.pos->line) + ":" +
                std::to_string(issue.pos->col);
    }
    const std::string& path = issue.archetype_path.empty() ? issue.rm_path : issue.archetype_path;
    if (!path.empty()) text += (text.empty() ? "" : " ") + path;
    return text + (text.empty() ? "" : ": ") + issue.message;
}

std::string WarningValue(const std::string& text) { return "299 kjerne " + QuotedText(text); }

std::string TruncationValue(size_t more) {
    return WarningValue("OPT_WARNINGS_TRUNCATED: " + std::to_string(more) +
                        (more == 1 ? " more finding" : " more findings") +
                        " not listed (response headers are kept small); `kjerne webtemplate` "
                        "on the OPT prints them all");
}

}  // namespace

std::vector<std::string> WarningValues(const std::vector<Issue>& issues, size_t budget_bytes) {
    std::vector<std::string> values;
    size_t used = 0;
    const size_t n = issues.size();
    for (size_t i = 0; i < n; ++i) {
        std::string value = WarningValue(FindingText(issues[i]));
        // Room is kept for the summary that stopping after this finding would need (the one
        // for n - i is never shorter than that for n - i - 1), so it fits when it is needed.
        const size_t reserve = i + 1 == n ? 0 : TruncationValue(n - i).size();
        if (used + value.size() + reserve > budget_bytes) {
            values.push_back(TruncationValue(n - i));
            break;
        }
        used += value.size();
        values.push_back(std::move(value));
    }
    return values;
}

void AddWarnings(Poco::Net::HTTPServerResponse& response, const std::vector<Issue>& issues) {
    for (const std::string& value : WarningValues(issues)) response.add("Warning", value);
}

}  // namespace kjerne::server::http
