// archetypes/aom/c_domain_types.hpp
//
// The openEHR archetype profile's domain-type constraints (AOM 1.4 openEHR profile):
// C_CODE_PHRASE (terminology + code list, or a value set reference as C_CODE_REFERENCE),
// C_DV_QUANTITY (property, and per-unit magnitude/precision items), C_DV_ORDINAL (allowed
// value/symbol pairs; also used for C_DV_SCALE, whose values are reals). Plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archetypes/aom/interval.hpp"

namespace kjerne::archetypes::aom {

struct CodeRef {
    std::string terminology_id;  // "local", "openehr", "SNOMED-CT", ...
    std::string code_string;
};

struct CCodePhrase {
    std::string terminology_id;           // empty = any terminology
    std::vector<std::string> code_list;   // empty = any code of that terminology
    std::string reference_set_uri;        // C_CODE_REFERENCE (external value set), if any
    std::optional<std::string> assumed_value;
};

struct CQuantityItem {
    std::string units;                         // empty = any units
    std::optional<Interval<double>> magnitude;
    std::optional<Interval<int>> precision;
};

struct CDvQuantity {
    std::optional<CodeRef> property;      // openehr property code, e.g. 125 (mass)
    std::vector<CQuantityItem> list;      // empty = any units
    std::optional<double> assumed_magnitude;  // assumed_value, when given
    std::optional<std::string> assumed_units;
};

struct OrdinalItem {
    double value = 0;   // DV_ORDINAL.value (an Integer) or DV_SCALE.value (a Real)
    CodeRef symbol;     // symbol/defining_code
};

struct CDvOrdinal {
    bool is_scale = false;  // C_DV_SCALE
    std::vector<OrdinalItem> list;
    std::optional<CodeRef> assumed_symbol;  // assumed_value's symbol, when given
};

}  // namespace kjerne::archetypes::aom
