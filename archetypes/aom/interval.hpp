// archetypes/aom/interval.hpp
//
// Interval<T>: the AOM's occurrences, existence, cardinality and primitive ranges
// (openEHR BASE Interval<T>). An absent bound is unbounded; each bound is inclusive or not.
// A plain value type.
#pragma once

#include <optional>
#include <string>
#include <type_traits>

namespace kjerne::archetypes::aom {

template <class T>
struct Interval {
    std::optional<T> lower;  // nullopt = unbounded below
    std::optional<T> upper;  // nullopt = unbounded above
    bool lower_included = true;
    bool upper_included = true;

    static Interval Closed(T lo, T hi) { return Interval{lo, hi, true, true}; }
    static Interval AtLeast(T lo) { return Interval{lo, std::nullopt, true, true}; }

    bool Has(T v) const {
        if (lower && (lower_included ? v < *lower : v <= *lower)) return false;
        if (upper && (upper_included ? v > *upper : v >= *upper)) return false;
        return true;
    }
    bool IsUnbounded() const { return !lower && !upper; }
    // The interval is "no more than one": upper bound 1 (or 0).
    bool AtMostOne() const { return upper && *upper <= 1; }

    // "0..1", "1..*", "|>=0.0|" style text for messages.
    std::string ToString() const {
        auto s = [](const T& v) {
            if constexpr (std::is_same_v<T, std::string>) return v;
            else return std::to_string(v);
        };
        std::string lo = lower ? s(*lower) : "*";
        std::string hi = upper ? s(*upper) : "*";
        if (lower_included && upper_included) return lo + ".." + hi;
        return std::string(lower_included ? "[" : "(") + lo + ".." + hi + (upper_included ? "]" : ")");
    }
};

// Occurrences, existence and cardinality intervals.
using MultiplicityInterval = Interval<int>;

}  // namespace kjerne::archetypes::aom
