// templates/validation/leaf_checks.hpp
//
// The leaf constraints of the validator, each a pure function from an RM value and one
// constraint to "" (conforms) or a finding: primitive constraints (C_STRING list and RE2
// pattern, C_INTEGER / C_REAL list and interval, C_BOOLEAN, ISO 8601 patterns) and the
// domain types (C_CODE_PHRASE, C_DV_QUANTITY, C_DV_ORDINAL). Patterns are compiled once per
// RegexCache (one per Validate call).
// Thread-safety: a RegexCache is used by one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "archetypes/aom/c_domain_types.hpp"
#include "archetypes/aom/c_primitive.hpp"
#include "engine/rm/node.hpp"

namespace kjerne::templates::validation {

namespace aom = kjerne::archetypes::aom;

class RegexCache {
public:
    // The compiled pattern, or nullptr when RE2 cannot compile it.
    const RE2* Get(const std::string& pattern);

private:
    std::map<std::string, std::unique_ptr<RE2>, std::less<>> cache_;
};

struct Finding {
    const char* code = nullptr;  // nullptr = conforms
    std::string message;
    explicit operator bool() const { return code != nullptr; }
};

// A primitive RM value (string, integer, real, boolean) against a C_PRIMITIVE.
Finding CheckPrimitive(const rm::Value& value, const aom::CPrimitive& c, RegexCache& regexes);

// CODE_PHRASE parts against C_CODE_PHRASE.
Finding CheckCodePhrase(std::string_view terminology, std::string_view code, const aom::CCodePhrase& c);

// DV_QUANTITY parts against C_DV_QUANTITY (precision < 0 or absent = not stated).
Finding CheckQuantity(std::string_view units, std::optional<double> magnitude, std::optional<long long> precision,
                      const aom::CDvQuantity& c);

// DV_ORDINAL / DV_SCALE value and symbol code against C_DV_ORDINAL.
Finding CheckOrdinal(std::optional<double> value, std::string_view terminology, std::string_view code,
                     const aom::CDvOrdinal& c);

}  // namespace kjerne::templates::validation
