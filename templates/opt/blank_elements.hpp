// templates/opt/blank_elements.hpp
//
// BlankElements: the XML text with chosen elements overwritten by spaces. Why: some tools
// write elements the official OPT 1.4 schema lacks but whose meaning the loader understands
// (Archetype Designer's `<match_negated>false</match_negated>` in every C_ATTRIBUTE); the
// schema check runs on a copy with exactly those elements blanked, so it reports everything
// else. Each character becomes one space and line breaks stay, so every other line:col in
// the copy is the same as in the original and findings point into the file as it is.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kjerne::templates {

// A position as the XML reader reports an element (engine/codec/xml_tree.hpp): the 1-based
// line and column just after the '>' of its start tag, columns counted in characters.
struct TagEnd {
    uint32_t line = 0, col = 0;
    friend bool operator==(const TagEnd&, const TagEnd&) = default;
    friend auto operator<=>(const TagEnd&, const TagEnd&) = default;
};

struct BlankedText {
    std::string text;
    size_t blanked = 0;  // how many of the requested elements were found and blanked
};

// Blanks each element whose start tag ends at one of `at` (start tag, content, end tag).
// Comments, CDATA, processing instructions and quoted attribute values are skipped over, so
// a '<' or '>' inside them is not taken for a tag.
BlankedText BlankElements(std::string_view xml, std::span<const TagEnd> at);

}  // namespace kjerne::templates
