// archetypes/aom/odin_value.hpp
//
// A generic ODIN value tree: what ADL's ODIN sections (language, description, terminology,
// annotations, rm_overlay, component_terminologies) and ADL 1.4's domain-type blocks
// (C_DV_QUANTITY <...>) hold before anything interprets them. A node is either an object
// (children keyed by attribute name or by ["key"]) or a primitive (one value or a list of
// atoms, each kept as its source text plus its lexical kind). Plain value; children owned.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kjerne::archetypes::aom {

enum class OdinAtomKind : uint8_t {
    kString, kCharacter, kInteger, kReal, kBoolean, kDate, kTime, kDateTime, kDuration,
    kInterval, kTermCode, kUri,
};

struct OdinAtom {
    OdinAtomKind kind = OdinAtomKind::kString;
    std::string text;  // unquoted string; raw text of numbers, dates, |intervals|, [term::codes]
};

struct OdinValue {
    std::string key;                 // attribute name or key in the parent ("" at the top)
    bool keyed = false;              // key came from ["key"] (else an attribute name)
    std::string type_name;           // (TYPE) marker, if any
    bool is_object = false;          // object block; else primitive
    std::vector<OdinValue> children; // object members, in source order
    std::vector<OdinAtom> atoms;     // primitive value(s)
    bool is_list = false;            // primitive list ("a", "b" or "a", ...)
    uint32_t line = 0, col = 0;

    // Child by attribute name or key, or nullptr.
    const OdinValue* Get(std::string_view name) const {
        for (const auto& c : children)
            if (c.key == name) return &c;
        return nullptr;
    }
    // The first atom's text, or "" (for a primitive value).
    std::string_view Text() const { return atoms.empty() ? std::string_view() : std::string_view(atoms[0].text); }
};

}  // namespace kjerne::archetypes::aom
