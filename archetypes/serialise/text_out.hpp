// archetypes/serialise/text_out.hpp
//
// Internal to archetypes/serialise: the small text helpers the ADL, ODIN and rules writers
// share — indentation, quoting a string the way the ADL scanner unquotes it (a backslash
// escapes only a quote or a backslash there), and numbers written so that the parser reads
// back the same value and the same kind (a real always carries a '.', never an exponent,
// because "1.5e-05" would be taken for a date by the primitive-constraint classifier).
#pragma once

#include <string>
#include <string_view>

namespace kjerne::archetypes::serialise {

inline void Indent(std::string& out, int depth) { out.append(static_cast<size_t>(depth), '\t'); }

// "text" with \ and " escaped.
void AppendQuoted(std::string& out, std::string_view text);
// Shortest fixed-notation text that reads back as exactly `v`, with a '.' (e.g. "5.0").
std::string FormatReal(double v);
// `v` as an integer when it is one (ordinal values), else FormatReal.
std::string FormatNumber(double v);

}  // namespace kjerne::archetypes::serialise
