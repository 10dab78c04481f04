// archetypes/serialise/text_out.cpp — see text_out.hpp.
#include "archetypes/serialise/text_out.hpp"

#include <charconv>
#include <cmath>

namespace kjerne::archetypes::serialise {

void AppendQuoted(std::string& out, std::string_view text) {
    out.push_back('"');
    for (char c : text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string FormatReal(double v) {
    if (!std::isfinite(v)) return "0.0";  // the parser never produces these
    char buf[400];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
}

std::string FormatNumber(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return FormatReal(v);
}

}  // namespace kjerne::archetypes::serialise
