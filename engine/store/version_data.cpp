// engine/store/version_data.cpp — see version_data.hpp.
#include "engine/store/version_data.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/common/json_string.hpp"
#include "engine/rm/views.hpp"

namespace kjerne::store {
namespace {

std::string JsonEscape(std::string_view s) {
    std::string out;
    AppendJsonEscaped(out, s);
    return out;
}

std::string FormatMicros(int64_t micros_since_epoch) {
    std::time_t secs = static_cast<std::time_t>(micros_since_epoch / 1000000);
    int64_t frac = micros_since_epoch % 1000000;
    if (frac < 0) {
        frac += 1000000;
        --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(frac));
    return buf;
}

// Parses the store form or any ISO 8601 extended date-time; micros since the epoch.
std::optional<int64_t> ParseMicros(std::string_view t) {
    auto digits = [&](size_t pos, size_t n, int& out) {
        if (pos + n > t.size()) return false;
        int v = 0;
        for (size_t i = pos; i < pos + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            v = v * 10 + (t[i] - '0');
        }
        out = v;
        return true;
    };
    std::tm tm{};
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!digits(0, 4, y) || t.size() < 10 || t[4] != '-' || !digits(5, 2, mo) || t[7] != '-' ||
        !digits(8, 2, d)) {
        return std::nullopt;
    }
    size_t p = 10;
    int64_t frac_us = 0;
    int64_t offset_s = 0;
    if (p < t.size() && t[p] == 'T') {
        if (!digits(p + 1, 2, h) || t.size() < p + 6 || t[p + 3] != ':' || !digits(p + 4, 2, mi)) {
            return std::nullopt;
        }
        p += 6;
        if (p < t.size() && t[p] == ':') {
            if (!digits(p + 1, 2, s)) return std::nullopt;
            p += 3;
        }
        if (p < t.size() && (t[p] == '.' || t[p] == ',')) {
            ++p;
            int64_t scale = 100000;
            size_t start = p;
            while (p < t.size() && t[p] >= '0' && t[p] <= '9') {
                frac_us += (t[p] - '0') * scale;
                scale /= 10;
                ++p;
            }
            if (p == start) return std::nullopt;
        }
        if (p < t.size() && t[p] == 'Z') {
            ++p;
        } else if (p < t.size() && (t[p] == '+' || t[p] == '-')) {
            int oh, om = 0;
            if (!digits(p + 1, 2, oh)) return std::nullopt;
            size_t q = p + 3;
            if (q < t.size() && t[q] == ':') ++q;
            if (q < t.size() && !digits(q, 2, om)) return std::nullopt;
            if (q < t.size()) q += 2;
            offset_s = (oh * 3600 + om * 60) * (t[p] == '+' ? 1 : -1);
            p = q;
        }
    }
    if (p != t.size()) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    int64_t secs = static_cast<int64_t>(timegm(&tm)) - offset_s;
    return secs * 1000000 + frac_us;
}

}  // namespace

std::string VersionJson(const rm::Document& data, const std::string& uid) {
    const auto& k = rm::KnownSlots::Rm();
    const bmm::Schema& schema = data.schema();
    const rm::Node* root = data.root();
    rm::Document scratch(schema);
    bmm::TypeId ovi = schema.Find("OBJECT_VERSION_ID");
    rm::Attr id_attr{k.id_value, scratch.NewString(uid)};
    rm::Node* uid_node = scratch.NewNode(ovi, std::span<const rm::Attr>(&id_attr, 1));
    // Shallow copy of the root: its children stay in `data`'s arena, which outlives this call.
    std::vector<rm::Attr> attrs;
    attrs.reserve(root->n_attrs + 1);
    bool placed = false;
    for (const rm::Attr& a : root->attributes()) {
        if (a.slot == k.uid) {
            attrs.push_back({k.uid, rm::Value::Of(uid_node)});
            placed = true;
        } else {
            attrs.push_back(a);
        }
    }
    if (!placed) attrs.push_back({k.uid, rm::Value::Of(uid_node)});
    scratch.set_root(scratch.NewNode(root->type, attrs, root->generic_arg, root->flags));
    codec::WriteOptions opts;
    opts.pretty = false;
    return codec::WriteJson(scratch, opts);
}

Result<rm::Document> DefaultEhrStatus(const std::string& subject_id, const std::string& subject_namespace) {
    std::string subject = R"({"_type":"PARTY_SELF")";
    if (!subject_id.empty()) {
        subject += R"(,"external_ref":{"_type":"PARTY_REF","id":{"_type":"GENERIC_ID","value":")" +
                   JsonEscape(subject_id) + R"(","scheme":"id_scheme"},"namespace":")" +
                   JsonEscape(subject_namespace) + R"(","type":"PERSON"})";
    }
    subject += "}";
    std::string json = R"({"_type":"EHR_STATUS","name":{"_type":"DV_TEXT","value":"EHR Status"},)"
                       R"("archetype_node_id":"openEHR-EHR-EHR_STATUS.generic.v1","subject":)" +
                       subject + R"(,"is_queryable":true,"is_modifiable":true})";
    return codec::ReadJson(json);
}

EhrStatusFields ReadEhrStatusFields(const rm::Node& status) {
    const bmm::Schema& s = bmm::Schema::Rm();
    EhrStatusFields f;
    if (const rm::Value* v = status.Find(s, "is_queryable"); v && v->kind == rm::ValueKind::kBool) {
        f.is_queryable = v->u.b;
    }
    if (const rm::Value* v = status.Find(s, "is_modifiable"); v && v->kind == rm::ValueKind::kBool) {
        f.is_modifiable = v->u.b;
    }
    const rm::Node* subject = status.Child(s, "subject");
    const rm::Node* ref = subject ? subject->Child(s, "external_ref") : nullptr;
    if (ref) {
        f.subject_id = std::string(rm::ValueOf(ref->Child(s, "id")));
        f.subject_namespace = std::string(ref->String(s, "namespace"));
    }
    return f;
}

std::string NowUtc() {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return FormatMicros(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

std::optional<std::string> NormalizeTime(std::string_view text) {
    auto us = ParseMicros(text);
    if (!us) return std::nullopt;
    return FormatMicros(*us);
}

std::string NextMicrosecond(const std::string& t) {
    auto us = ParseMicros(t);
    return us ? FormatMicros(*us + 1) : t;
}

}  // namespace kjerne::store
