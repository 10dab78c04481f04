// engine/store/sqlite/archetype_glob.hpp
//
// Archetype ids and `*` / `?` patterns (AQL `[openEHR-EHR-OBSERVATION.bp.v*]`) as the SQLite
// scans match them: `= id`, or GLOB, which has the same two wildcards.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kjerne::store::sqlite {

inline bool IsPattern(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// The GLOB pattern of an archetype pattern: '[' opens a class in GLOB, so a literal one is
// written as a one-character class.
inline std::string GlobOf(std::string_view pattern) {
    std::string g;
    g.reserve(pattern.size());
    for (char ch : pattern) {
        if (ch == '[') g += "[[]";
        else g += ch;
    }
    return g;
}

}  // namespace kjerne::store::sqlite
