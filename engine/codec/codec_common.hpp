// engine/codec/codec_common.hpp
//
// Pieces shared by the JSON and XML codecs, so both formats resolve types, convert
// primitive text and word their errors identically:
// - ResolveType: the RM type of a value from its type tag (`_type` / xsi:type) and the
//   property's static type (inferred when the tag is absent and the static type is
//   concrete).
// - ParsePrimitiveText: XML text content (or a JSON string in a lenient spot) to a
//   typed primitive Value.
// - FormatReal: shortest round-trip decimal text of a double.
// - Issue codes used by both readers (RM_UNKNOWN_TYPE, RM_UNKNOWN_ATTRIBUTE, ...).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::codec {

// Stable issue codes of the readers.
inline constexpr const char* kSyntax = "SYNTAX";                    // not well-formed JSON/XML
inline constexpr const char* kUnknownType = "RM_UNKNOWN_TYPE";      // tag names no RM class
inline constexpr const char* kTypeMismatch = "RM_TYPE_MISMATCH";    // tag not a subtype of the static type
inline constexpr const char* kAbstractType = "RM_ABSTRACT_TYPE";    // tag names an abstract class
inline constexpr const char* kTypeRequired = "RM_TYPE_REQUIRED";    // no tag and static type abstract
inline constexpr const char* kUnknownAttribute = "RM_UNKNOWN_ATTRIBUTE";
inline constexpr const char* kWrongValueType = "RM_WRONG_VALUE_TYPE";  // e.g. string where a number is due
inline constexpr const char* kDuplicateAttribute = "RM_DUPLICATE_ATTRIBUTE";
inline constexpr const char* kTooDeep = "LIMIT_DEPTH";
inline constexpr const char* kTooLarge = "LIMIT_SIZE";

struct ResolvedType {
    bmm::TypeId type = bmm::kNoType;
    bmm::TypeId generic_arg = bmm::kNoType;
};

// `tag` is the `_type`/xsi:type text, empty when absent. `static_type` is the
// property's effective static type (kNoType at a root without a declared type).
// On failure returns the issue code in `code` and a message.
struct TypeError {
    const char* code;
    std::string message;
};
std::variant<ResolvedType, TypeError> ResolveType(const bmm::Schema& schema, std::string_view tag,
                                                  bmm::TypeId static_type, bmm::TypeId static_generic_arg);

// Text to a primitive of `kind` (XML element text). Booleans: true/false/1/0; integers:
// optional sign and digits, range-checked; reals: decimal or exponent form, finite.
// Strings are copied into `doc`'s arena.
std::variant<rm::Value, TypeError> ParsePrimitiveText(rm::Document& doc, bmm::PrimKind kind, std::string_view text);

// Completes RM-mandatory attributes that canonical inputs often leave out but the RM
// defines (both readers call it on every node before Document::NewNode, so a tree is
// RM-complete whichever format it came from, and writers need no special cases):
// DV_INTERVAL lower_unbounded / upper_unbounded follow from the absence of lower /
// upper (an RM invariant); an absent lower_included / upper_included is false on an
// unbounded side (invariant) and true on a bounded one (the closed-interval default
// that Archie and EHRbase apply). `attrs` may be unsorted.
void ApplyRmDefaults(const bmm::Schema& schema, bmm::TypeId type, std::vector<rm::Attr>& attrs);

// Shortest text that reads back to the same double ("120", "0.1", "1e+300").
std::string FormatReal(double v);

// An Error for a reader: code, message, RM path and 1-based line:col.
Error ReadError(const char* code, std::string message, std::string rm_path, uint32_t line, uint32_t col,
                const std::string& source_name);

}  // namespace kjerne::codec
