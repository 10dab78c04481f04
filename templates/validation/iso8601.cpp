// templates/validation/iso8601.cpp
#include "templates/validation/iso8601.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

namespace kjerne::templates::validation {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n) {
    if (pos + n > s.size()) return false;
    for (size_t i = pos; i < pos + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

int Num(std::string_view s, size_t pos, size_t n) { return std::atoi(std::string(s.substr(pos, n)).c_str()); }

bool ParseDateInto(std::string_view v, TemporalParts& p) {
    // YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD (year may have a sign and more digits: not supported)
    if (!Digits(v, 0, 4)) return false;
    p.has_date = p.year = true;
    if (v.size() == 4) return true;
    if (v[4] == '-') {
        if (!Digits(v, 5, 2) || Num(v, 5, 2) < 1 || Num(v, 5, 2) > 12) return false;
        p.month = true;
        if (v.size() == 7) return true;
        if (v.size() != 10 || v[7] != '-' || !Digits(v, 8, 2)) return false;
        int d = Num(v, 8, 2);
        if (d < 1 || d > 31) return false;
        p.day = true;
        return true;
    }
    if (v.size() == 8 && Digits(v, 4, 4)) {
        p.month = p.day = true;
        return Num(v, 4, 2) >= 1 && Num(v, 4, 2) <= 12 && Num(v, 6, 2) >= 1 && Num(v, 6, 2) <= 31;
    }
    if (v.size() == 6 && Digits(v, 4, 2)) {  // YYYYMM
        p.month = true;
        return Num(v, 4, 2) >= 1 && Num(v, 4, 2) <= 12;
    }
    return false;
}

bool ParseTimeInto(std::string_view v, TemporalParts& p) {
    // strip time zone: Z, +hh, +hh:mm, +hhmm, -...
    size_t tz = v.find_first_of("Z+-");
    std::string_view zone = tz == std::string_view::npos ? std::string_view() : v.substr(tz);
    std::string_view t = v.substr(0, tz);
    if (!zone.empty() && zone != "Z") {
        std::string_view z = zone.substr(1);
        if (!(z.size() == 2 && Digits(z, 0, 2)) && !(z.size() == 5 && Digits(z, 0, 2) && z[2] == ':' && Digits(z, 3, 2)) &&
            !(z.size() == 4 && Digits(z, 0, 4)))
            return false;
    }
    if (!Digits(t, 0, 2) || Num(t, 0, 2) > 24) return false;
    p.has_time = p.hour = true;
    size_t pos = 2;
    const bool extended = t.size() > 2 && t[2] == ':';
    auto next = [&](int max) -> int {  // 1 = parsed, 0 = end, -1 = error
        if (pos == t.size()) return 0;
        if (extended) {
            if (t[pos] != ':') return -1;
            ++pos;
        }
        if (!Digits(t, pos, 2) || Num(t, pos, 2) > max) return -1;
        pos += 2;
        return 1;
    };
    int r = next(59);
    if (r < 0) return false;
    if (r == 0) return true;
    p.minute = true;
    r = next(60);
    if (r < 0) return false;
    if (r == 0) return true;
    p.second = true;
    if (pos == t.size()) return true;
    if (t[pos] != '.' && t[pos] != ',') return false;
    ++pos;
    if (pos == t.size()) return false;
    for (; pos < t.size(); ++pos)
        if (!std::isdigit(static_cast<unsigned char>(t[pos]))) return false;
    return true;
}

}  // namespace

std::optional<TemporalParts> ParseDate(std::string_view v) {
    TemporalParts p;
    if (!ParseDateInto(v, p)) return std::nullopt;
    return p;
}

std::optional<TemporalParts> ParseTime(std::string_view v) {
    TemporalParts p;
    if (!v.empty() && v[0] == 'T') v.remove_prefix(1);
    if (!ParseTimeInto(v, p)) return std::nullopt;
    return p;
}

std::optional<TemporalParts> ParseDateTime(std::string_view v) {
    TemporalParts p;
    size_t t = v.find('T');
    if (!ParseDateInto(v.substr(0, t), p)) return std::nullopt;
    if (t != std::string_view::npos && !ParseTimeInto(v.substr(t + 1), p)) return std::nullopt;
    return p;
}

namespace {

enum class Need { kMandatory, kOptional, kForbidden, kUnstated };

Need TokenNeed(std::string_view tok) {
    if (tok.empty()) return Need::kUnstated;
    if (tok.find('?') != std::string_view::npos) return Need::kOptional;
    if (tok.find('X') != std::string_view::npos || tok.find('x') != std::string_view::npos) return Need::kForbidden;
    return Need::kMandatory;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::string CheckComponent(bool present, Need need, const char* name) {
    if (need == Need::kMandatory && !present) return std::string(name) + " is required by the pattern";
    if (need == Need::kForbidden && present) return std::string(name) + " is not allowed by the pattern";
    return {};
}

}  // namespace

std::string CheckTemporalPattern(const TemporalParts& parts, std::string_view pattern, bool is_time_only) {
    std::string_view date_pat, time_pat;
    size_t t = pattern.find('T');
    if (is_time_only) {
        time_pat = t == std::string_view::npos ? pattern : pattern.substr(t + 1);
    } else {
        date_pat = pattern.substr(0, t);
        if (t != std::string_view::npos) time_pat = pattern.substr(t + 1);
    }
    std::vector<std::string_view> d = Split(date_pat, '-');
    std::vector<std::string_view> h = time_pat.empty() ? std::vector<std::string_view>() : Split(time_pat, ':');
    auto need = [](const std::vector<std::string_view>& v, size_t i) {
        return i < v.size() ? TokenNeed(v[i]) : Need::kUnstated;
    };
    std::string why;
    if (!is_time_only) {
        if ((why = CheckComponent(parts.year, need(d, 0), "year")).size()) return why;
        if ((why = CheckComponent(parts.month, need(d, 1), "month")).size()) return why;
        if ((why = CheckComponent(parts.day, need(d, 2), "day")).size()) return why;
        // A date pattern with no time part forbids a time.
        if (t == std::string_view::npos && parts.has_time && !date_pat.empty()) return "a time is not allowed by the pattern";
    }
    if ((why = CheckComponent(parts.hour, need(h, 0), "hour")).size()) return why;
    if ((why = CheckComponent(parts.minute, need(h, 1), "minute")).size()) return why;
    if ((why = CheckComponent(parts.second, need(h, 2), "second")).size()) return why;
    return {};
}

std::optional<DurationParts> ParseDuration(std::string_view v) {
    DurationParts d;
    bool negative = false;
    if (!v.empty() && v[0] == '-') {
        negative = true;
        v.remove_prefix(1);
    }
    if (v.size() < 2 || v[0] != 'P') return std::nullopt;
    bool in_time = false;
    size_t i = 1;
    bool any = false;
    while (i < v.size()) {
        if (v[i] == 'T') {
            if (in_time) return std::nullopt;
            in_time = true;
            ++i;
            continue;
        }
        size_t start = i;
        while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.' || v[i] == ','))
            ++i;
        if (i == start || i == v.size()) return std::nullopt;
        double n = std::strtod(std::string(v.substr(start, i - start)).c_str(), nullptr);
        char des = v[i++];
        constexpr double kDay = 86400;
        double f = 0;
        if (!in_time) {
            switch (des) {
                case 'Y': f = 365.2425 * kDay; break;
                case 'M': f = 30.436875 * kDay; break;
                case 'W': f = 7 * kDay; break;
                case 'D': f = kDay; break;
                default: return std::nullopt;
            }
            d.fields += des;
        } else {
            switch (des) {
                case 'H': f = 3600; break;
                case 'M': f = 60; break;
                case 'S': f = 1; break;
                default: return std::nullopt;
            }
            d.fields += static_cast<char>(std::tolower(des));
        }
        d.seconds += n * f;
        any = true;
    }
    if (!any) return std::nullopt;
    if (negative) d.seconds = -d.seconds;
    return d;
}

std::string CheckDurationPattern(const DurationParts& parts, std::string_view pattern) {
    // pattern: P[Y][M][W][D][T[H][M][S]]; fields are the allowed designators.
    std::string allowed;
    bool in_time = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == 'P' && i == 0) continue;
        if (c == 'T') { in_time = true; continue; }
        if (c == '/') break;  // "PYMWDTHMS/|P0D..P1Y|" style ranges are not patterns
        allowed += in_time ? static_cast<char>(std::tolower(c)) : c;
    }
    for (char f : parts.fields) {
        if (allowed.find(f) == std::string::npos) {
            std::string des(1, static_cast<char>(std::toupper(f)));
            return "duration field " + des + (std::islower(static_cast<unsigned char>(f)) ? " (time part)" : "") +
                   " is not allowed by the pattern " + std::string(pattern);
        }
    }
    return {};
}

namespace {

// Reads `n` digits at `i`; advances `i`.
std::optional<int> ReadDigits(std::string_view v, size_t& i, size_t n) {
    if (i + n > v.size()) return std::nullopt;
    int x = 0;
    for (size_t k = 0; k < n; ++k) {
        char c = v[i + k];
        if (c < '0' || c > '9') return std::nullopt;
        x = x * 10 + (c - '0');
    }
    i += n;
    return x;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (civil-from-days inverse).
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// "YYYY[-MM[-DD]]" or "YYYYMMDD": days since 1970.
std::optional<double> DatePosition(std::string_view v, size_t& i) {
    auto y = ReadDigits(v, i, 4);
    if (!y) return std::nullopt;
    int m = 1, d = 1;
    bool extended = i < v.size() && v[i] == '-';
    if (i < v.size() && (extended || (v[i] >= '0' && v[i] <= '9'))) {
        if (extended) ++i;
        auto mm = ReadDigits(v, i, 2);
        if (!mm) return std::nullopt;
        m = *mm;
        if (i < v.size() && (extended ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9'))) {
            if (extended) ++i;
            auto dd = ReadDigits(v, i, 2);
            if (!dd) return std::nullopt;
            d = *dd;
        }
    }
    return static_cast<double>(DaysFromCivil(*y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

// "hh[:mm[:ss[.fff]]]" or "hhmmss" and an optional "Z" / "±hh[:mm]": seconds of the day, and
// the offset in seconds (0 without one).
std::optional<std::pair<double, double>> TimePosition(std::string_view v, size_t& i) {
    auto h = ReadDigits(v, i, 2);
    if (!h) return std::nullopt;
    double secs = *h * 3600.0;
    bool extended = i < v.size() && v[i] == ':';
    auto more = [&] { return i < v.size() && (extended ? v[i] == ':' : (v[i] >= '0' && v[i] <= '9')); };
    if (more()) {
        if (extended) ++i;
        auto mm = ReadDigits(v, i, 2);
        if (!mm) return std::nullopt;
        secs += *mm * 60.0;
        if (more()) {
            if (extended) ++i;
            auto ss = ReadDigits(v, i, 2);
            if (!ss) return std::nullopt;
            secs += *ss;
            if (i < v.size() && (v[i] == '.' || v[i] == ',')) {
                double scale = 0.1;
                for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, scale /= 10) secs += (v[i] - '0') * scale;
            }
        }
    }
    double offset = 0;
    if (i < v.size() && v[i] == 'Z') {
        ++i;
    } else if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
        int sign = v[i] == '-' ? -1 : 1;
        ++i;
        auto oh = ReadDigits(v, i, 2);
        if (!oh) return std::nullopt;
        int om = 0;
        if (i < v.size() && v[i] == ':') ++i;
        if (i < v.size()) {
            auto m2 = ReadDigits(v, i, 2);
            if (!m2) return std::nullopt;
            om = *m2;
        }
        offset = sign * (*oh * 3600.0 + om * 60.0);
    }
    return std::make_pair(secs, offset);
}

}  // namespace

std::optional<double> TemporalPosition(std::string_view v, int kind) {
    size_t i = 0;
    double pos = 0;
    if (kind == 0 || kind == 2) {
        auto days = DatePosition(v, i);
        if (!days) return std::nullopt;
        pos = *days * 86400.0;
        if (kind == 2 && i < v.size()) {
            if (v[i] != 'T') return std::nullopt;
            ++i;
            auto t = TimePosition(v, i);
            if (!t) return std::nullopt;
            pos += t->first - t->second;
        }
    } else {
        auto t = TimePosition(v, i);
        if (!t) return std::nullopt;
        pos = t->first - t->second;
    }
    if (i != v.size()) return std::nullopt;
    return pos;
}

}  // namespace kjerne::templates::validation
