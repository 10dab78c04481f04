// engine/common/json_string.hpp
//
// JSON string escaping (RFC 8259 §7): the one implementation every hand-written JSON writer in
// Kjerne uses (the canonical codec, result sets, web templates, AOM JSON, lint output), so they
// all escape alike. Bytes are passed through as UTF-8; '"', '\\' and control characters are
// escaped (the short forms where JSON has them, else \u00XX).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kjerne {

// Appends `s` escaped, without quotes.
void AppendJsonEscaped(std::string& out, std::string_view s);

// Appends `s` as a JSON string, quotes included.
inline void AppendJsonString(std::string& out, std::string_view s) {
    out += '"';
    AppendJsonEscaped(out, s);
    out += '"';
}

// `s` as a JSON string, quotes included.
inline std::string JsonQuote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    AppendJsonString(out, s);
    return out;
}

}  // namespace kjerne
