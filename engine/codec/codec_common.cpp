// engine/codec/codec_common.cpp
#include "engine/codec/codec_common.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kjerne::codec {

std::variant<ResolvedType, TypeError> ResolveType(const bmm::Schema& schema, std::string_view tag,
                                                  bmm::TypeId static_type, bmm::TypeId static_generic_arg) {
    ResolvedType r;
    if (tag.empty()) {
        if (static_type == bmm::kNoType)
            return TypeError{kTypeRequired, "the type of the root object is not named (_type / xsi:type missing)"};
        const bmm::ClassDef& c = schema.Class(static_type);
        if (c.is_abstract)
            return TypeError{kTypeRequired, "type tag required: " + c.name + " is abstract"};
        r.type = static_type;
        r.generic_arg = static_generic_arg;
        return r;
    }
    // Most tags repeat the static type (`"name": {"_type": "DV_TEXT"`): skip the lookup.
    r.type = (static_type != bmm::kNoType && schema.Name(static_type) == tag) ? static_type : schema.Find(tag);
    if (r.type == bmm::kNoType) return TypeError{kUnknownType, "unknown RM type '" + std::string(tag) + "'"};
    const bmm::ClassDef& c = schema.Class(r.type);
    if (c.is_abstract) return TypeError{kAbstractType, "RM type " + c.name + " is abstract"};
    if (c.is_primitive()) return TypeError{kWrongValueType, c.name + " is a primitive type, not an RM object"};
    if (static_type != bmm::kNoType && !schema.IsSubtypeOf(r.type, static_type) &&
        !(schema.Class(static_type).prim == bmm::PrimKind::kAny)) {
        return TypeError{kTypeMismatch,
                         c.name + " is not a " + std::string(schema.Name(static_type)) + " (the attribute's type)"};
    }
    // Generic argument written in the tag, e.g. DV_INTERVAL<DV_QUANTITY>.
    size_t lt = tag.find('<');
    if (lt != std::string_view::npos) {
        size_t gt = tag.rfind('>');
        std::string_view arg = tag.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
        r.generic_arg = schema.Find(arg);
    } else if (r.type == static_type) {
        r.generic_arg = static_generic_arg;
    }
    return r;
}

std::variant<rm::Value, TypeError> ParsePrimitiveText(rm::Document& doc, bmm::PrimKind kind, std::string_view text) {
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        return s;
    };
    switch (kind) {
        case bmm::PrimKind::kBoolean: {
            std::string_view t = trim(text);
            if (t == "true" || t == "1") return rm::Value::Bool(true);
            if (t == "false" || t == "0") return rm::Value::Bool(false);
            return TypeError{kWrongValueType, "expected a Boolean, found '" + std::string(t.substr(0, 40)) + "'"};
        }
        case bmm::PrimKind::kInteger: {
            std::string_view t = trim(text);
            if (!t.empty() && t.front() == '+') t.remove_prefix(1);
            int64_t v = 0;
            auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (t.empty() || ec != std::errc() || p != t.data() + t.size())
                return TypeError{kWrongValueType, "expected an Integer, found '" + std::string(t.substr(0, 40)) + "'"};
            return rm::Value::Int(v);
        }
        case bmm::PrimKind::kReal: {
            std::string_view t = trim(text);
            if (!t.empty() && t.front() == '+') t.remove_prefix(1);
            double v = 0;
            auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (t.empty() || ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v))
                return TypeError{kWrongValueType, "expected a Real, found '" + std::string(t.substr(0, 40)) + "'"};
            return rm::Value::Real(v);
        }
        default:
            return doc.NewString(text);
    }
}

void ApplyRmDefaults(const bmm::Schema& schema, bmm::TypeId type, std::vector<rm::Attr>& attrs) {
    struct IntervalSlots {
        bmm::TypeId type;
        bmm::Slot lower, upper, lower_included, upper_included, lower_unbounded, upper_unbounded;
    };
    static const IntervalSlots k = [&] {
        IntervalSlots s{};
        s.type = schema.Find("DV_INTERVAL");
        s.lower = schema.FindSlot(s.type, "lower");
        s.upper = schema.FindSlot(s.type, "upper");
        s.lower_included = schema.FindSlot(s.type, "lower_included");
        s.upper_included = schema.FindSlot(s.type, "upper_included");
        s.lower_unbounded = schema.FindSlot(s.type, "lower_unbounded");
        s.upper_unbounded = schema.FindSlot(s.type, "upper_unbounded");
        return s;
    }();
    if (type != k.type || &schema != &bmm::Schema::Rm()) return;
    auto find = [&](bmm::Slot slot) -> const rm::Value* {
        for (const auto& a : attrs)
            if (a.slot == slot) return &a.value;
        return nullptr;
    };
    auto side = [&](bmm::Slot bound, bmm::Slot unbounded, bmm::Slot included) {
        bool is_unbounded;
        if (const rm::Value* u = find(unbounded); u && u->kind == rm::ValueKind::kBool) {
            is_unbounded = u->u.b;
        } else {
            is_unbounded = find(bound) == nullptr;
            attrs.push_back(rm::Attr{unbounded, rm::Value::Bool(is_unbounded)});
        }
        if (!find(included)) attrs.push_back(rm::Attr{included, rm::Value::Bool(!is_unbounded)});
    };
    side(k.lower, k.lower_unbounded, k.lower_included);
    side(k.upper, k.upper_unbounded, k.upper_included);
}

std::string FormatReal(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc()) return "0";
    return std::string(buf, p);
}

Error ReadError(const char* code, std::string message, std::string rm_path, uint32_t line, uint32_t col,
                const std::string& source_name) {
    Issue issue;
    issue.code = code;
    issue.rm_path = std::move(rm_path);
    if (line || !source_name.empty()) issue.pos = SourcePos{source_name, line, col};
    issue.message = std::move(message);
    ErrorCode ec = (std::string_view(code) == kTooDeep || std::string_view(code) == kTooLarge)
                       ? ErrorCode::kLimitExceeded
                       : ErrorCode::kInvalidArgument;
    std::string msg = issue.ToString();
    return Error(ec, std::move(msg), {std::move(issue)});
}

}  // namespace kjerne::codec
