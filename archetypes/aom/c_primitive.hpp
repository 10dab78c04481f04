// archetypes/aom/c_primitive.hpp
//
// Constraints on primitive values (AOM 1.4 C_PRIMITIVE subtypes), the leaves that a
// C_PRIMITIVE_OBJECT holds: strings (list or regex pattern), integers and reals (list or
// interval), booleans, and ISO 8601 dates, times, date-times and durations (a pattern such
// as "YYYY-MM-DDTHH:??:??" or "PDTH", and/or an interval of ISO strings). Plain values.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "archetypes/aom/interval.hpp"

namespace kjerne::archetypes::aom {

struct CString {
    std::vector<std::string> list;      // allowed values (empty = no list)
    std::optional<std::string> pattern; // regex the whole value must match
    bool list_open = false;             // other values allowed besides the list
    std::optional<std::string> assumed_value;
};

struct CInteger {
    std::vector<long long> list;
    std::optional<Interval<long long>> range;
    std::optional<long long> assumed_value;
};

struct CReal {
    std::vector<double> list;
    std::optional<Interval<double>> range;
    std::optional<double> assumed_value;
};

struct CBoolean {
    bool true_valid = true;
    bool false_valid = true;
    std::optional<bool> assumed_value;
};

// Dates, times and date-times share one shape; `pattern` uses the ADL 1.4 letters
// (YYYY MM DD HH MM SS; "??" optional, "XX" not allowed).
struct CTemporal {
    std::optional<std::string> pattern;
    std::optional<Interval<std::string>> range;  // ISO 8601 strings, compared as such
    std::optional<std::string> assumed_value;
};
struct CDate : CTemporal {};
struct CTime : CTemporal {};
struct CDateTime : CTemporal {};
struct CDuration : CTemporal {};  // pattern like "PYMWDTHMS" (the allowed fields)

using CPrimitive = std::variant<CString, CInteger, CReal, CBoolean, CDate, CTime, CDateTime, CDuration>;

// "C_STRING", "C_INTEGER", ... for messages.
const char* PrimitiveKindName(const CPrimitive& p);

}  // namespace kjerne::archetypes::aom
