// engine/bmm/rm_schema.cpp
//
// Parses the generated schema table (see rm_schema_gen.py for its format) into
// ClassDefs, resolving names to TypeIds and computing the supertype bitsets.
#include "engine/bmm/rm_schema.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

namespace kjerne::bmm {
namespace {

constexpr std::string_view kRmTable =
#include "engine/bmm/rm_schema_110.inc"
    ;

std::vector<std::string_view> SplitFields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        size_t j = line.find(' ', i);
        if (j == std::string_view::npos) j = line.size();
        out.push_back(line.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

std::vector<std::string_view> SplitComma(std::string_view s) {
    std::vector<std::string_view> out;
    if (s == "-") return out;
    size_t i = 0;
    while (i <= s.size()) {
        size_t j = s.find(',', i);
        if (j == std::string_view::npos) j = s.size();
        out.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

PrimKind PrimKindOf(std::string_view name) {
    if (name == "Boolean") return PrimKind::kBoolean;
    if (name == "Integer" || name == "Integer64" || name == "Byte") return PrimKind::kInteger;
    if (name == "Real" || name == "Double") return PrimKind::kReal;
    if (name == "Any") return PrimKind::kAny;
    return PrimKind::kString;
}

struct RawProp {
    std::string name, type, garg, xml_type;
    char container = '1';
    std::string flags;
};
struct RawClass {
    std::string name, flags, bound;
    std::vector<std::string> parents;
    std::vector<RawProp> props;
    std::vector<Slot> xml_order;
};

}  // namespace

uint32_t NameHash(std::string_view s) {
    uint32_t h = 2166136261u;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

const Schema& Schema::Rm() {
    // Built once, immutable afterwards; a malformed table is a build defect.
    static const std::unique_ptr<Schema> schema = [] {
        auto r = FromTable(kRmTable);
        if (!r.ok()) {
            std::fprintf(stderr, "kjerne: compiled-in RM schema is broken: %s\n", r.error().ToString().c_str());
            std::abort();
        }
        return std::move(r).value();
    }();
    return *schema;
}

Result<std::unique_ptr<Schema>> Schema::FromTable(std::string_view table) {
    std::vector<RawClass> raw;
    size_t pos = 0;
    int line_no = 0;
    while (pos < table.size()) {
        size_t eol = table.find('\n', pos);
        if (eol == std::string_view::npos) eol = table.size();
        std::string_view line = table.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        auto f = SplitFields(line);
        if (f[0] == "C" && f.size() == 5) {
            RawClass c;
            c.name = f[1];
            c.flags = f[2];
            for (auto p : SplitComma(f[3])) c.parents.emplace_back(p);
            c.bound = f[4];
            raw.push_back(std::move(c));
        } else if (f[0] == "P" && f.size() == 7 && !raw.empty()) {
            RawProp p{std::string(f[1]), std::string(f[2]), std::string(f[3]), std::string(f[6]), f[4][0],
                      std::string(f[5])};
            raw.back().props.push_back(std::move(p));
        } else if (f[0] == "X" && !raw.empty()) {
            for (size_t i = 1; i < f.size(); ++i) raw.back().xml_order.push_back(static_cast<Slot>(std::stoi(std::string(f[i]))));
        } else {
            return Error::Internal("schema table line " + std::to_string(line_no) + " malformed: " +
                                   std::string(line));
        }
    }

    auto schema = std::unique_ptr<Schema>(new Schema());
    std::map<std::string, TypeId, std::less<>> ids;
    for (size_t i = 0; i < raw.size(); ++i) ids.emplace(raw[i].name, static_cast<TypeId>(i));
    auto id_of = [&](std::string_view n) -> TypeId {
        auto it = ids.find(n);
        return it == ids.end() ? kNoType : it->second;
    };

    schema->classes_.resize(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const RawClass& rc = raw[i];
        ClassDef& c = schema->classes_[i];
        c.name = rc.name;
        c.id = static_cast<TypeId>(i);
        c.is_abstract = rc.flags.find('a') != std::string::npos;
        c.is_generic = rc.flags.find('g') != std::string::npos;
        if (rc.flags.find('p') != std::string::npos) c.prim = PrimKindOf(rc.name);
        c.generic_bound = (rc.bound == "-" || rc.bound == "*") ? kNoType : id_of(rc.bound);
        for (const auto& p : rc.parents) {
            TypeId pid = id_of(p);
            if (pid == kNoType) return Error::Internal("schema: unknown parent " + p + " of " + rc.name);
            c.parents.push_back(pid);
        }
    }
    // Enumerations such as PROPORTION_KIND (an Integer) or VERSION_STATUS (a String)
    // take their representation from that parent. Other classes with a primitive
    // ancestor (DV_DATE_TIME is also an Iso8601_date_time) stay objects.
    for (auto& c : schema->classes_) {
        if (c.is_primitive() || c.parents.size() != 1) continue;
        const ClassDef& pc = schema->classes_[c.parents[0]];
        if (pc.name == "Integer" || pc.name == "String") c.prim = pc.prim;
    }
    for (size_t i = 0; i < raw.size(); ++i) {
        ClassDef& c = schema->classes_[i];
        for (const RawProp& rp : raw[i].props) {
            PropDef p;
            p.name = rp.name;
            p.mandatory = rp.flags.find('m') != std::string::npos;
            p.open_generic = rp.flags.find('o') != std::string::npos;
            p.xml_attribute = rp.flags.find('x') != std::string::npos;
            switch (rp.container) {
                case 'L': p.container = Container::kList; break;
                case 'S': p.container = Container::kSet; break;
                case 'A': p.container = Container::kArray; break;
                case 'H': p.container = Container::kHash; break;
                default: p.container = Container::kSingle;
            }
            if (p.open_generic) {
                p.type = c.generic_bound != kNoType ? c.generic_bound : id_of("Any");
            } else {
                p.type = id_of(rp.type);
            }
            if (p.type == kNoType) return Error::Internal("schema: unknown type " + rp.type + " of " + c.name + "." + rp.name);
            if (rp.garg != "-") p.generic_arg = id_of(rp.garg);
            p.xml_type = id_of(rp.xml_type);  // kNoType for xs:* and simple types
            c.props.push_back(std::move(p));
        }
        c.xml_order = raw[i].xml_order;
        if (c.xml_order.empty())
            for (size_t s = 0; s < c.props.size(); ++s) c.xml_order.push_back(static_cast<Slot>(s));
        if (c.xml_order.size() != c.props.size())
            return Error::Internal("schema: xml order of " + c.name + " does not cover its properties");
    }
    // Supertype bitsets: each class's own bit plus its ancestors' (parents are resolved
    // recursively; the graph is a DAG).
    const size_t words = (raw.size() + 63) / 64;
    std::vector<int> state(raw.size(), 0);
    std::function<void(TypeId)> fill = [&](TypeId t) {
        if (state[t] == 2) return;
        ClassDef& c = schema->classes_[t];
        c.supertypes.assign(words, 0);
        c.supertypes[t >> 6] |= uint64_t{1} << (t & 63);
        state[t] = 1;
        for (TypeId p : c.parents) {
            if (state[p] == 1) continue;  // cycle guard; never happens in the RM
            fill(p);
            for (size_t w = 0; w < words; ++w) c.supertypes[w] |= schema->classes_[p].supertypes[w];
        }
        state[t] = 2;
    };
    for (size_t i = 0; i < raw.size(); ++i) fill(static_cast<TypeId>(i));

    size_t cap = 16;
    while (cap < schema->classes_.size() * 4) cap <<= 1;
    schema->by_name_.assign(cap, {std::string_view(), kNoType});
    schema->name_mask_ = cap - 1;
    for (auto& c : schema->classes_) {
        size_t h = NameHash(c.name) & schema->name_mask_;
        while (schema->by_name_[h].second != kNoType) h = (h + 1) & schema->name_mask_;
        schema->by_name_[h] = {c.name, c.id};
        for (const auto& p : c.props) c.prop_keys.push_back(PropKey(p.name));
    }
    return schema;
}

TypeId Schema::Find(std::string_view name) const {
    // One pass: hash up to a generic argument list ("DV_INTERVAL<DV_QUANTITY>").
    uint32_t h = 2166136261u;
    size_t len = 0;
    for (; len < name.size() && name[len] != '<'; ++len) h = (h ^ static_cast<unsigned char>(name[len])) * 16777619u;
    if (len < name.size()) {
        name = name.substr(0, len);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        h = NameHash(name);
    }
    for (size_t i = h & name_mask_;; i = (i + 1) & name_mask_) {
        const auto& e = by_name_[i];
        if (e.second == kNoType) return kNoType;
        if (e.first == name) return e.second;
    }
}

Slot Schema::FindSlotFrom(TypeId type, std::string_view prop, size_t hint) const {
    const ClassDef& c = classes_[type];
    const uint32_t key = PropKey(prop);
    const size_t n = c.prop_keys.size();
    if (hint >= n) hint = 0;
    for (size_t k = 0; k < n; ++k) {
        size_t i = hint + k;
        if (i >= n) i -= n;
        if (c.prop_keys[i] != key) continue;
        // Length, first and last bytes already agree; names are short, so an inline loop
        // beats a call to memcmp.
        const char* a = c.props[i].name.data();
        size_t j = 1;
        while (j + 1 < prop.size() && a[j] == prop[j]) ++j;
        if (j + 1 >= prop.size()) return static_cast<Slot>(i);
    }
    return kNoSlot;
}

}  // namespace kjerne::bmm
