// engine/codec/json_locate.hpp
//
// Error positions for the JSON reader. simdjson's DOM does not keep byte offsets, so
// when reading fails the reader asks this small scanner where the failing value is:
// it walks the raw text along the RM path (object keys and 1-based array indices) and
// returns the line:col of that value, or of the first place the text stops being
// well-formed JSON. Only used on the error path; speed is not a concern, robustness on
// hostile input is (iterative, bounded, never reads past the end).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kjerne::codec {

struct JsonStep {
    std::string_view key;  // object key; empty for an array step
    size_t index = 0;      // 1-based array index when key is empty
};

struct LineCol {
    uint32_t line = 0;
    uint32_t col = 0;
};

// Position of the value reached by `steps` from the root (the key itself for the last
// step when `at_key` is true). Falls back to the deepest position reached.
LineCol LocateJsonPath(std::string_view text, const std::vector<JsonStep>& steps, bool at_key);

// Position of the first syntax error in `text` (1:1 when the text is empty).
LineCol LocateJsonSyntaxError(std::string_view text);

LineCol OffsetToLineCol(std::string_view text, size_t offset);

}  // namespace kjerne::codec
