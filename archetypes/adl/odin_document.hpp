// archetypes/adl/odin_document.hpp
//
// A whole ODIN document (not a section of an ADL file) into the generic aom::OdinValue tree:
// what openEHR publishes as ODIN beside archetypes, such as the BMM schemas of reference models
// (validity/bmm_reference_model.hpp reads one). The same parser as the ADL sections; a syntax
// error is one ADL_SYNTAX Issue with file:line:col. Pure function; thread-safe.
#pragma once

#include <string_view>

#include "archetypes/aom/odin_value.hpp"
#include "engine/common/result.hpp"

namespace kjerne::archetypes::adl {

// The document's top-level attribute list as an object; an error when anything follows it.
Result<aom::OdinValue> ParseOdinDocument(std::string_view text, std::string_view file);

}  // namespace kjerne::archetypes::adl
