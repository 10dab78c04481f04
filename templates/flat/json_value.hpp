// templates/flat/json_value.hpp
//
// A small ordered JSON tree for the FLAT converters: both directions work on canonical JSON
// objects, so they need to build, look up and write members by name while keeping order.
// Numbers and booleans keep their literal text so values pass through unchanged.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::templates::flat {

struct JMember;  // a named member of an object: {first = key, second = value}

struct JVal {
    enum class Kind { kNull, kObject, kArray, kString, kNumber, kBool };
    Kind kind = Kind::kNull;
    std::string text;  // string value, or the literal of a number / boolean
    // A named struct rather than std::pair<std::string, JVal>: a pair of the type being
    // defined is instantiated too early by clang with libstdc++ (incomplete type), a vector of
    // a declared struct is not.
    std::vector<JMember> members;
    std::vector<JVal> items;
    // Build-time identity of an object inside a list (node id, name, occurrence); not written.
    std::string build_key;

    static JVal Object();
    static JVal Array();
    static JVal Str(std::string_view s);
    static JVal Typed(std::string_view type);

    bool is_object() const { return kind == Kind::kObject; }
    bool is_scalar() const {
        return kind == Kind::kString || kind == Kind::kNumber || kind == Kind::kBool;
    }
    const JVal* Get(std::string_view key) const;
    JVal* Get(std::string_view key);
    JVal& Set(std::string_view key, JVal v);        // replaces an existing member
    std::string_view Type() const;                  // the `_type` member, or ""
    std::string StrAt(std::string_view key) const;  // a scalar member's text, or ""
};

struct JMember {
    std::string first;
    JVal second;
};

inline JVal JVal::Object() {
    JVal v;
    v.kind = Kind::kObject;
    return v;
}
inline JVal JVal::Array() {
    JVal v;
    v.kind = Kind::kArray;
    return v;
}
inline JVal JVal::Str(std::string_view s) {
    JVal v;
    v.kind = Kind::kString;
    v.text = s;
    return v;
}
inline JVal JVal::Typed(std::string_view type) {
    JVal v = Object();
    v.Set("_type", Str(type));
    return v;
}

std::string WriteJVal(const JVal& v, bool pretty);
Result<JVal> ParseJVal(std::string_view text);

}  // namespace kjerne::templates::flat
