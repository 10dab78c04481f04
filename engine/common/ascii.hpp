// engine/common/ascii.hpp
//
// ASCII case folding for identifiers that the openEHR formats compare case-insensitively
// (AQL keywords and RM type names, ADL keywords). Locale-free on purpose: std::toupper on a
// plain char is undefined for bytes above 0x7F and follows the C locale otherwise, and a
// type name must not change meaning with the process's locale.
#pragma once

#include <string>
#include <string_view>

namespace kjerne {

inline std::string AsciiUpper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace kjerne
