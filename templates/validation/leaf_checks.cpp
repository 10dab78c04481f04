// templates/validation/leaf_checks.cpp
#include "templates/validation/leaf_checks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <variant>

#include "templates/validation/iso8601.hpp"

namespace kjerne::templates::validation {
namespace {

std::string Num(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
}

std::string Join(const std::vector<std::string>& v, size_t max = 8) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? ", " : "") + v[i];
    if (v.size() > max) out += ", ...";
    return out;
}

template <class T>
std::string RangeText(const aom::Interval<T>& r) {
    auto s = [](const T& v) {
        if constexpr (std::is_same_v<T, std::string>) return v;
        else return Num(static_cast<double>(v));
    };
    return std::string(r.lower_included ? "[" : "(") + (r.lower ? s(*r.lower) : "*") + ".." +
           (r.upper ? s(*r.upper) : "*") + (r.upper_included ? "]" : ")");
}

Finding Fail(const char* code, std::string msg) { return Finding{code, std::move(msg)}; }

std::optional<double> AsNumber(const rm::Value& v) {
    if (v.kind == rm::ValueKind::kInt) return static_cast<double>(v.u.i);
    if (v.kind == rm::ValueKind::kReal) return v.u.d;
    return std::nullopt;
}

Finding CheckString(const rm::Value& v, const aom::CString& c, RegexCache& regexes) {
    if (!v.is_string()) return Fail("PRIMITIVE", "expected a string for C_STRING");
    std::string_view s = v.str();
    bool in_list = std::find(c.list.begin(), c.list.end(), s) != c.list.end();
    if (c.pattern) {
        // A value equal to the pattern's own text conforms: the RM has regex-valued strings
        // (ACTIVITY.action_archetype_id "openEHR-EHR-ACTION\\.x\\.v1") that archetypes
        // constrain with that same regex, and data rightly carries the regex itself.
        if (in_list || s == *c.pattern) return {};
        const RE2* re = regexes.Get(*c.pattern);
        if (re && !RE2::FullMatch(s, *re)) {
            return Fail("PATTERN", "'" + std::string(s) + "' does not match the pattern /" + *c.pattern + "/");
        }
        return {};
    }
    if (!c.list.empty() && !c.list_open && !in_list) {
        return Fail("NOT_IN_LIST", "'" + std::string(s) + "' is not one of: " + Join(c.list));
    }
    return {};
}

template <class T, class C>
Finding CheckNumber(double x, const C& c, const char* what) {
    if (!c.list.empty() && std::find(c.list.begin(), c.list.end(), static_cast<T>(x)) == c.list.end()) {
        std::vector<std::string> l;
        for (auto v : c.list) l.push_back(Num(static_cast<double>(v)));
        return Fail("NOT_IN_LIST", Num(x) + " is not one of: " + Join(l));
    }
    if (c.range && !c.range->Has(static_cast<T>(x))) {
        return Fail("RANGE", std::string(what) + " " + Num(x) + " is outside " + RangeText(*c.range));
    }
    return {};
}

Finding CheckTemporal(const rm::Value& v, const aom::CTemporal& c, int kind /*0 date,1 time,2 date-time*/) {
    static const char* const kWhat[] = {"date", "time", "date-time"};
    if (!v.is_string()) return Fail("PRIMITIVE", std::string("expected an ISO 8601 ") + kWhat[kind] + " string");
    std::string_view s = v.str();
    std::optional<TemporalParts> p = kind == 0 ? ParseDate(s) : kind == 1 ? ParseTime(s) : ParseDateTime(s);
    if (!p) return Fail("PRIMITIVE", "'" + std::string(s) + "' is not a valid ISO 8601 " + kWhat[kind]);
    if (c.pattern && !c.pattern->empty()) {
        std::string why = CheckTemporalPattern(*p, *c.pattern, kind == 1);
        if (!why.empty()) return Fail("PATTERN", "'" + std::string(s) + "' does not match " + *c.pattern + ": " + why);
    }
    if (c.range) {
        // Bounds and value on one time line (iso8601.hpp TemporalPosition); an unreadable
        // bound is the template's problem, reported by the loader, and does not constrain.
        aom::Interval<double> r;
        r.lower_included = c.range->lower_included;
        r.upper_included = c.range->upper_included;
        if (c.range->lower) r.lower = TemporalPosition(*c.range->lower, kind);
        if (c.range->upper) r.upper = TemporalPosition(*c.range->upper, kind);
        std::optional<double> at = TemporalPosition(s, kind);
        if (at && !r.Has(*at)) {
            return Fail("RANGE", std::string(kWhat[kind]) + " " + std::string(s) + " is outside " + RangeText(*c.range));
        }
    }
    return {};
}

Finding CheckDurationValue(const rm::Value& v, const aom::CDuration& c) {
    if (!v.is_string()) return Fail("PRIMITIVE", "expected an ISO 8601 duration string");
    std::string_view s = v.str();
    std::optional<DurationParts> p = ParseDuration(s);
    if (!p) return Fail("PRIMITIVE", "'" + std::string(s) + "' is not a valid ISO 8601 duration");
    if (c.pattern && !c.pattern->empty()) {
        std::string why = CheckDurationPattern(*p, *c.pattern);
        if (!why.empty()) return Fail("PATTERN", "'" + std::string(s) + "': " + why);
    }
    if (c.range) {
        aom::Interval<double> r;
        r.lower_included = c.range->lower_included;
        r.upper_included = c.range->upper_included;
        if (c.range->lower)
            if (auto lo = ParseDuration(*c.range->lower)) r.lower = lo->seconds;
        if (c.range->upper)
            if (auto hi = ParseDuration(*c.range->upper)) r.upper = hi->seconds;
        if (!r.Has(p->seconds)) {
            return Fail("RANGE", "duration " + std::string(s) + " is outside " + RangeText(*c.range));
        }
    }
    return {};
}

}  // namespace

const RE2* RegexCache::Get(const std::string& pattern) {
    auto it = cache_.find(pattern);
    if (it == cache_.end()) {
        RE2::Options o;
        o.set_log_errors(false);
        auto re = std::make_unique<RE2>(pattern, o);
        if (!re->ok()) re.reset();
        it = cache_.emplace(pattern, std::move(re)).first;
    }
    return it->second.get();
}

Finding CheckPrimitive(const rm::Value& value, const aom::CPrimitive& c, RegexCache& regexes) {
    if (const auto* s = std::get_if<aom::CString>(&c)) return CheckString(value, *s, regexes);
    if (const auto* i = std::get_if<aom::CInteger>(&c)) {
        std::optional<double> x = AsNumber(value);
        if (!x || *x != std::floor(*x)) return Fail("PRIMITIVE", "expected an integer for C_INTEGER");
        return CheckNumber<long long>(*x, *i, "value");
    }
    if (const auto* r = std::get_if<aom::CReal>(&c)) {
        std::optional<double> x = AsNumber(value);
        if (!x) return Fail("PRIMITIVE", "expected a number for C_REAL");
        return CheckNumber<double>(*x, *r, "value");
    }
    if (const auto* b = std::get_if<aom::CBoolean>(&c)) {
        if (value.kind != rm::ValueKind::kBool) return Fail("PRIMITIVE", "expected a boolean for C_BOOLEAN");
        if (value.u.b && !b->true_valid) return Fail("NOT_IN_LIST", "true is not allowed");
        if (!value.u.b && !b->false_valid) return Fail("NOT_IN_LIST", "false is not allowed");
        return {};
    }
    if (const auto* d = std::get_if<aom::CDate>(&c)) return CheckTemporal(value, *d, 0);
    if (const auto* t = std::get_if<aom::CTime>(&c)) return CheckTemporal(value, *t, 1);
    if (const auto* dt = std::get_if<aom::CDateTime>(&c)) return CheckTemporal(value, *dt, 2);
    if (const auto* du = std::get_if<aom::CDuration>(&c)) return CheckDurationValue(value, *du);
    return {};
}

Finding CheckCodePhrase(std::string_view terminology, std::string_view code, const aom::CCodePhrase& c) {
    if (!c.terminology_id.empty() && terminology != c.terminology_id) {
        return Fail("TERMINOLOGY", "terminology '" + std::string(terminology) + "' where the template requires '" +
                                       c.terminology_id + "'");
    }
    if (!c.code_list.empty() && std::find(c.code_list.begin(), c.code_list.end(), code) == c.code_list.end()) {
        return Fail("CODE_NOT_IN_LIST", "code '" + std::string(code) + "' is not one of: " + Join(c.code_list));
    }
    return {};
}

Finding CheckQuantity(std::string_view units, std::optional<double> magnitude, std::optional<long long> precision,
                      const aom::CDvQuantity& c) {
    if (c.list.empty()) return {};
    const aom::CQuantityItem* item = nullptr;
    std::vector<std::string> allowed;
    for (const auto& i : c.list) {
        allowed.push_back(i.units);
        if (i.units.empty() || i.units == units) {
            item = &i;
            break;
        }
    }
    if (!item) return Fail("UNITS", "units '" + std::string(units) + "' are not one of: " + Join(allowed));
    if (magnitude && item->magnitude && !item->magnitude->Has(*magnitude)) {
        return Fail("MAGNITUDE", "magnitude " + Num(*magnitude) + " " + std::string(units) + " is outside " +
                                     RangeText(*item->magnitude));
    }
    if (precision && *precision >= 0 && item->precision && !(item->precision->upper && *item->precision->upper < 0) &&
        !item->precision->Has(static_cast<int>(*precision))) {
        return Fail("PRECISION", "precision " + std::to_string(*precision) + " is outside " +
                                     RangeText(*item->precision));
    }
    return {};
}

Finding CheckOrdinal(std::optional<double> value, std::string_view terminology, std::string_view code,
                     const aom::CDvOrdinal& c) {
    if (c.list.empty()) return {};
    std::vector<std::string> allowed;
    for (const auto& i : c.list) {
        if (value && *value == i.value && code == i.symbol.code_string &&
            (i.symbol.terminology_id.empty() || terminology.empty() || terminology == i.symbol.terminology_id)) {
            return {};
        }
        allowed.push_back(Num(i.value) + "|" + i.symbol.code_string);
    }
    return Fail("ORDINAL", std::string(c.is_scale ? "scale" : "ordinal") + " " + (value ? Num(*value) : "?") + "|" +
                               std::string(code) + " is not one of: " + Join(allowed));
}

}  // namespace kjerne::templates::validation
