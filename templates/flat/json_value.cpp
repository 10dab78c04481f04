// templates/flat/json_value.cpp — the ordered JSON tree: lookup, writing, reading (simdjson DOM).
#include "templates/flat/json_value.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace kjerne::templates::flat {

const JVal* JVal::Get(std::string_view key) const {
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

JVal* JVal::Get(std::string_view key) {
    for (auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

JVal& JVal::Set(std::string_view key, JVal v) {
    if (JVal* old = Get(key)) return *old = std::move(v);
    members.push_back(JMember{std::string(key), std::move(v)});
    return members.back().second;
}

std::string_view JVal::Type() const {
    const JVal* t = Get("_type");
    return t ? std::string_view(t->text) : std::string_view();
}

std::string JVal::StrAt(std::string_view key) const {
    const JVal* v = Get(key);
    return v && v->is_scalar() ? v->text : std::string();
}

namespace {

void WriteString(std::string& out, std::string_view s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += static_cast<char>(c);
        }
    }
    out += '"';
}

void Write(std::string& out, const JVal& v, bool pretty, int depth) {
    auto newline = [&](int d) {
        if (!pretty) return;
        out += '\n';
        out.append(static_cast<size_t>(d) * 2, ' ');
    };
    switch (v.kind) {
        case JVal::Kind::kNull:
            out += "null";
            break;
        case JVal::Kind::kString:
            WriteString(out, v.text);
            break;
        case JVal::Kind::kNumber:
        case JVal::Kind::kBool:
            out += v.text;
            break;
        case JVal::Kind::kObject: {
            out += '{';
            bool first = true;
            for (const auto& [k, m] : v.members) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                WriteString(out, k);
                out += pretty ? ": " : ":";
                Write(out, m, pretty, depth + 1);
            }
            if (!v.members.empty()) newline(depth);
            out += '}';
            break;
        }
        case JVal::Kind::kArray: {
            out += '[';
            bool first = true;
            for (const auto& m : v.items) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                Write(out, m, pretty, depth + 1);
            }
            if (!v.items.empty()) newline(depth);
            out += ']';
            break;
        }
    }
}

// Reals keep a decimal point so a FLAT `39.0` stays a Real when read back.
std::string RealText(double d) {
    std::string s = fmt::format("{}", d);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

JVal FromDom(simdjson::dom::element el) {
    using T = simdjson::dom::element_type;
    JVal v;
    switch (el.type()) {
        case T::OBJECT: {
            v.kind = JVal::Kind::kObject;
            simdjson::dom::object obj;
            if (el.get(obj) != simdjson::SUCCESS) break;
            for (auto field : obj)
                v.members.push_back(JMember{std::string(field.key), FromDom(field.value)});
            break;
        }
        case T::ARRAY: {
            v.kind = JVal::Kind::kArray;
            simdjson::dom::array arr;
            if (el.get(arr) != simdjson::SUCCESS) break;
            for (auto item : arr) v.items.push_back(FromDom(item));
            break;
        }
        case T::STRING:
            v.kind = JVal::Kind::kString;
            v.text = std::string(el.get_string().value_unsafe());
            break;
        case T::INT64:
            v.kind = JVal::Kind::kNumber;
            v.text = std::to_string(el.get_int64().value_unsafe());
            break;
        case T::UINT64:
            v.kind = JVal::Kind::kNumber;
            v.text = std::to_string(el.get_uint64().value_unsafe());
            break;
        case T::DOUBLE:
            v.kind = JVal::Kind::kNumber;
            v.text = RealText(el.get_double().value_unsafe());
            break;
        case T::BOOL:
            v.kind = JVal::Kind::kBool;
            v.text = el.get_bool().value_unsafe() ? "true" : "false";
            break;
        case T::NULL_VALUE:
            break;
    }
    return v;
}

}  // namespace

std::string WriteJVal(const JVal& v, bool pretty) {
    std::string out;
    Write(out, v, pretty, 0);
    return out;
}

Result<JVal> ParseJVal(std::string_view text) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    simdjson::dom::element root;
    if (auto err = parser.parse(padded).get(root)) {
        Issue issue;
        issue.code = "FLAT_SYNTAX";
        issue.message = fmt::format("not JSON: {}", simdjson::error_message(err));
        return Error::Parse(std::move(issue));
    }
    return FromDom(root);
}

}  // namespace kjerne::templates::flat
