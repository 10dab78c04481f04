// aql/exec/scalar.hpp
//
// The primitive values AQL compares, computes functions over and binds as $parameters:
// null, boolean, integer, real, string. ISO 8601 date/time strings compare as instants
// (CompareScalars), as openEHR's DV_DATE_TIME ordering says, not as text; ISO 8601
// durations compare by their length.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace kjerne::aql {

struct Scalar {
    enum class Kind { kNull, kBool, kInt, kReal, kString };
    Kind kind = Kind::kNull;
    bool b = false;
    int64_t i = 0;
    double d = 0;
    std::string s;

    static Scalar Null() { return {}; }
    static Scalar Bool(bool v) { Scalar x; x.kind = Kind::kBool; x.b = v; return x; }
    static Scalar Int(int64_t v) { Scalar x; x.kind = Kind::kInt; x.i = v; return x; }
    static Scalar Real(double v) { Scalar x; x.kind = Kind::kReal; x.d = v; return x; }
    static Scalar String(std::string v) { Scalar x; x.kind = Kind::kString; x.s = std::move(v); return x; }

    bool is_null() const { return kind == Kind::kNull; }
    bool is_number() const { return kind == Kind::kInt || kind == Kind::kReal; }
    double number() const { return kind == Kind::kInt ? static_cast<double>(i) : d; }
    std::string ToJson() const;
};

using QueryParameters = std::map<std::string, Scalar>;

// A parameter value given as bare text (a URL query parameter, `kjerne query --param`), typed
// as JSON would read it: true / false, an integer, a finite real, else the text as a string.
Scalar ParamFromText(std::string_view text);

// <0, 0, >0, or nullopt when the two are not comparable (null, or different kinds).
std::optional<int> CompareScalars(const Scalar& a, const Scalar& b);

// An ISO 8601 date, time or date-time (extended or basic form, optional fraction and
// zone) as microseconds, for ordering: dates and date-times since 1970-01-01 UTC (a
// date-time without zone is taken as UTC), times since midnight. nullopt if not ISO 8601.
std::optional<int64_t> IsoInstant(const std::string& text);

// An ISO 8601 duration (P1Y2M3DT4H5M6.5S, P2W, -P1D) in seconds, for ordering DV_DURATION
// values; nullopt if not one. Years and months count at their Gregorian average lengths.
std::optional<double> IsoDurationSeconds(const std::string& text);

}  // namespace kjerne::aql
