// archetypes/serialise/aom_json_writer.hpp
//
// The AOM as JSON, for tools and clients that do not parse ADL. The shape follows the
// openEHR AOM / Archie JSON where the model allows: objects carry "_type" with the AOM class
// (ARCHETYPE, C_COMPLEX_OBJECT, C_ATTRIBUTE, ARCHETYPE_SLOT, C_STRING, …) and snake_case
// attribute names of the AOM spec. Differences, because this AOM keeps the openEHR archetype
// profile types and generic ODIN:
//   - intervals are {"lower", "upper", "lower_included", "upper_included",
//     "lower_unbounded", "upper_unbounded"} (BASE Interval);
//   - C_DV_QUANTITY, C_DV_ORDINAL / C_DV_SCALE and C_CODE_PHRASE / C_TERMINOLOGY_CODE are
//     written with their AOM 1.4 profile attributes ("property", "list", "terminology_id",
//     "code_list"), not re-expressed as ADL 2 tuples;
//   - primitive constraints carry "constraint" as a list (strings and "/regex/", or
//     intervals / values), as Archie does, with "assumed_value" when present;
//   - ODIN sections (language, description, annotations, rm_overlay, …) are generic: an
//     object is a JSON object (keyed lists too), a single value a JSON string (numbers and
//     booleans as JSON numbers and booleans), a list an array, a term code
//     {"terminology_id": {"value"}, "code_string"}, a type marker "_type";
//   - rules and slot assertions are expression trees: {"_type": "BINARY_OPERATOR",
//     "operator", "left_operand", "right_operand"}, UNARY_OPERATOR, CONSTANT, MODEL_REFERENCE
//     ("path"), VARIABLE_REFERENCE, FUNCTION_CALL, FOR_ALL_STATEMENT, C_CONSTRAINT ("item",
//     the constraint text), VARIABLE_DECLARATION; "tag" when labelled;
//   - a C_ATTRIBUTE's "differential_path" is the path before its name ("/data[id2]" for
//     `/data[id2]/events`, "/" for `/state`), absent on plain attributes.
// Strings are written as given (the parser keeps UTF-8); control characters are escaped.
// There is no JSON reader yet: ADL is the exchange format. Pure functions; thread-safe.
#pragma once

#include <string>

#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::serialise {

std::string WriteAomJson(const aom::Archetype& archetype);

}  // namespace kjerne::archetypes::serialise
