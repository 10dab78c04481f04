// templates/validation/iso8601.hpp
//
// Just enough ISO 8601 for template validation: which components a date / time /
// date-time value has (for ADL 1.4 patterns such as "YYYY-MM-DDTHH:??:XX"), and the fields
// and approximate length of a duration (for C_DURATION patterns "PYMWDTHMS" and ranges).
// Pure functions over strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kjerne::templates::validation {

// Components present in a date, time or date-time value; nullopt when it is not valid
// ISO 8601 (extended or basic form, partial values allowed).
struct TemporalParts {
    bool has_date = false, has_time = false;
    bool year = false, month = false, day = false;
    bool hour = false, minute = false, second = false;
};
std::optional<TemporalParts> ParseDate(std::string_view v);
std::optional<TemporalParts> ParseTime(std::string_view v);
std::optional<TemporalParts> ParseDateTime(std::string_view v);

// Checks `parts` against an ADL 1.4 pattern; returns "" when it conforms, else why not.
// Pattern letters: a component written with letters is mandatory, "??" optional, "XX"
// not allowed (e.g. "YYYY-MM-??", "HH:MM:XX", "YYYY-MM-DDTHH:MM:SS").
std::string CheckTemporalPattern(const TemporalParts& parts, std::string_view pattern, bool is_time_only);

// A position on one time line, for C_DATE / C_TIME / C_DATE_TIME ranges: dates are their
// midnight (UTC), times seconds of the day, date-times seconds since 1970 with their UTC offset
// applied (a value without one is taken as UTC). Missing components count as their first value
// (2019 = 2019-01-01, 10:30 = 10:30:00), which is how a partial value sorts against a bound.
// kind: 0 date, 1 time, 2 date-time; nullopt when `v` is not such a value.
std::optional<double> TemporalPosition(std::string_view v, int kind);

// ISO 8601 duration "P1Y2M3W4DT5H6M7.5S" (optionally negative).
struct DurationParts {
    std::string fields;  // designators present, date part letters upper-case, time part lower-case ("YD" + "hm")
    double seconds = 0;  // approximate length (1Y = 365.2425 D, 1M = 30.436875 D)
};
std::optional<DurationParts> ParseDuration(std::string_view v);
// Checks the fields present against a C_DURATION pattern such as "PYMWDTHMS" or "PTH";
// returns "" when it conforms, else why not.
std::string CheckDurationPattern(const DurationParts& parts, std::string_view pattern);

}  // namespace kjerne::templates::validation
