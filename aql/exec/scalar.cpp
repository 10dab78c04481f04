// aql/exec/scalar.cpp
#include "aql/exec/scalar.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "aql/exec/result_set.hpp"
#include "engine/codec/codec_common.hpp"

namespace kjerne::aql {
namespace {

bool Digits(const std::string& s, size_t at, size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t k = at; k < at + n; ++k) {
        if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
        out = out * 10 + (s[k] - '0');
    }
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// hh[:]mm[:]ss[.fff][zone] from `at`; micros since midnight minus the zone offset.
std::optional<int64_t> ParseTime(const std::string& s, size_t at, bool allow_zone) {
    int h, m, sec = 0;
    if (!Digits(s, at, 2, h)) return std::nullopt;
    size_t k = at + 2;
    bool ext = k < s.size() && s[k] == ':';
    if (ext) ++k;
    if (!Digits(s, k, 2, m)) return std::nullopt;
    k += 2;
    if (k < s.size() && (s[k] == ':' || (!ext && std::isdigit(static_cast<unsigned char>(s[k]))))) {
        if (s[k] == ':') ++k;
        if (!Digits(s, k, 2, sec)) return std::nullopt;
        k += 2;
    }
    int64_t micros = (static_cast<int64_t>(h) * 3600 + m * 60 + sec) * 1000000;
    if (k < s.size() && (s[k] == '.' || s[k] == ',')) {
        ++k;
        int64_t frac = 0, scale = 100000;
        while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
            frac += (s[k] - '0') * scale;
            scale /= 10;
            ++k;
        }
        micros += frac;
    }
    if (k == s.size()) return micros;
    if (!allow_zone) return std::nullopt;
    if (s[k] == 'Z' && k + 1 == s.size()) return micros;
    if (s[k] == '+' || s[k] == '-') {
        int oh, om = 0;
        if (!Digits(s, k + 1, 2, oh)) return std::nullopt;
        size_t j = k + 3;
        if (j < s.size() && s[j] == ':') ++j;
        if (j < s.size() && !Digits(s, j, 2, om)) return std::nullopt;
        int64_t off = (static_cast<int64_t>(oh) * 3600 + om * 60) * 1000000;
        return s[k] == '+' ? micros - off : micros + off;
    }
    return std::nullopt;
}

}  // namespace

std::optional<int64_t> IsoInstant(const std::string& s) {
    int y, mo, d;
    size_t k;
    if (Digits(s, 0, 4, y) && s.size() >= 8 && s[4] == '-' && Digits(s, 5, 2, mo) && s[7] == '-' && Digits(s, 8, 2, d)) {
        k = 10;
    } else if (Digits(s, 0, 4, y) && Digits(s, 4, 2, mo) && Digits(s, 6, 2, d)) {
        k = 8;
    } else {
        // A time on its own: hh:mm:ss...
        if (s.size() >= 5 && s[2] == ':') return ParseTime(s, 0, true);
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    int64_t day_micros = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL * 1000000;
    if (k == s.size()) return day_micros;
    if (s[k] != 'T') return std::nullopt;
    auto t = ParseTime(s, k + 1, true);
    if (!t) return std::nullopt;
    return day_micros + *t;
}

std::optional<double> IsoDurationSeconds(const std::string& text) {
    size_t k = 0;
    double sign = 1;
    if (k < text.size() && text[k] == '-') {
        sign = -1;
        ++k;
    }
    if (k >= text.size() || text[k] != 'P') return std::nullopt;
    ++k;
    // Years and months at their Gregorian average lengths: durations of different units
    // then order as their lengths do (P40D < P30M, thirty months).
    constexpr double kDay = 86400, kYear = 365.2425 * kDay, kMonth = kYear / 12;
    double total = 0;
    bool in_time = false, any = false;
    while (k < text.size()) {
        if (text[k] == 'T') {
            if (in_time) return std::nullopt;
            in_time = true;
            ++k;
            continue;
        }
        size_t start = k;
        while (k < text.size() && (std::isdigit(static_cast<unsigned char>(text[k])) || text[k] == '.' || text[k] == ','))
            ++k;
        if (k == start || k >= text.size()) return std::nullopt;
        std::string number = text.substr(start, k - start);
        for (auto& c : number)
            if (c == ',') c = '.';
        double n = std::strtod(number.c_str(), nullptr);
        char unit = text[k++];
        if (!in_time && unit == 'Y') total += n * kYear;
        else if (!in_time && unit == 'M') total += n * kMonth;
        else if (!in_time && unit == 'W') total += n * 7 * kDay;
        else if (!in_time && unit == 'D') total += n * kDay;
        else if (in_time && unit == 'H') total += n * 3600;
        else if (in_time && unit == 'M') total += n * 60;
        else if (in_time && unit == 'S') total += n;
        else return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return sign * total;
}

std::optional<int> CompareScalars(const Scalar& a, const Scalar& b) {
    if (a.is_null() || b.is_null()) return std::nullopt;
    if (a.is_number() && b.is_number()) {
        if (a.kind == Scalar::Kind::kInt && b.kind == Scalar::Kind::kInt) return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
        double x = a.number(), y = b.number();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.kind == Scalar::Kind::kBool && b.kind == Scalar::Kind::kBool) return int(a.b) - int(b.b);
    if (a.kind == Scalar::Kind::kString && b.kind == Scalar::Kind::kString) {
        if (a.s != b.s) {
            auto x = IsoInstant(a.s), y = IsoInstant(b.s);
            if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
            auto dx = IsoDurationSeconds(a.s), dy = IsoDurationSeconds(b.s);
            if (dx && dy) return *dx < *dy ? -1 : *dx > *dy ? 1 : 0;
        }
        int c = a.s.compare(b.s);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    // A number written as a string on one side ("140" vs 140): compare as numbers.
    if ((a.kind == Scalar::Kind::kString && b.is_number()) || (a.is_number() && b.kind == Scalar::Kind::kString)) {
        const Scalar& s = a.kind == Scalar::Kind::kString ? a : b;
        char* end = nullptr;
        double v = std::strtod(s.s.c_str(), &end);
        if (end && *end == '\0' && !s.s.empty()) {
            double x = a.kind == Scalar::Kind::kString ? v : a.number();
            double y = b.kind == Scalar::Kind::kString ? v : b.number();
            return x < y ? -1 : x > y ? 1 : 0;
        }
    }
    return std::nullopt;
}

std::string Scalar::ToJson() const {
    switch (kind) {
        case Kind::kNull: return "null";
        case Kind::kBool: return b ? "true" : "false";
        case Kind::kInt: return std::to_string(i);
        case Kind::kReal: return codec::FormatReal(d);
        case Kind::kString: return JsonQuote(s);
    }
    return "null";
}

Scalar ParamFromText(std::string_view text) {
    if (text == "true" || text == "false") return Scalar::Bool(text == "true");
    const char* end = text.data() + text.size();
    int64_t i = 0;
    auto [iend, iec] = std::from_chars(text.data(), end, i);
    if (!text.empty() && iec == std::errc() && iend == end) return Scalar::Int(i);
    double d = 0;
    auto [dend, dec] = std::from_chars(text.data(), end, d);
    if (!text.empty() && dec == std::errc() && dend == end && std::isfinite(d)) return Scalar::Real(d);
    return Scalar::String(std::string(text));
}

}  // namespace kjerne::aql
