// engine/common/glob.hpp
//
// The wildcard form of archetype id patterns (`openEHR-EHR-OBSERVATION.blood_pressure.v*`):
// '*' matches any run of characters, '?' exactly one, every other character itself. Linear in
// practice (one backtrack point), no allocation: it runs per node while a composition is
// decoded and per index row while counting, where compiling a regex per pattern would cost
// more than the match.
#pragma once

#include <string_view>

namespace kjerne {

inline bool IsGlobPattern(std::string_view pattern) { return pattern.find_first_of("*?") != std::string_view::npos; }

inline bool GlobMatch(std::string_view pattern, std::string_view text) {
    size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace kjerne
