// engine/codec/json_writer.cpp
//
// rm::Document to canonical JSON: `_type` first, then the attributes in canonical slot
// order, so the bytes of a stored version are stable and golden files diff cleanly.
// `_type` is written wherever the attribute's static type does not determine the node's
// type (subtypes, abstract static types, the root) and wherever the node is marked
// rm::kNodeTypeTagged (the source stated it; nodes built in code: everywhere).
#include <string>

#include "engine/codec/codec.hpp"
#include "engine/codec/codec_common.hpp"
#include "engine/common/json_string.hpp"

namespace kjerne::codec {
namespace {

class JsonOut {
public:
    JsonOut(const bmm::Schema& schema, const WriteOptions& opts) : schema_(schema), opts_(opts) { out_.reserve(8192); }

    // `static_type`: the type the attribute holding this node declares (kNoType: root).
    void Node(const rm::Node& n, int level, bmm::TypeId static_type) {
        const bmm::ClassDef& cls = schema_.Class(n.type);
        out_ += '{';
        bool first = true;
        if (n.type_tagged() || n.type != static_type) {
            Newline(level + 1);
            out_ += "\"_type\":";
            Space();
            String(cls.name);
            first = false;
        }
        for (const rm::Attr& a : n.attributes()) {
            if (!first) out_ += ',';
            first = false;
            Newline(level + 1);
            const bmm::PropDef& prop = cls.props[a.slot];
            String(prop.name);
            out_ += ':';
            Space();
            if (prop.container == bmm::Container::kHash) {
                Hash(a.value, level + 1);
            } else {
                Value(a.value, level + 1, schema_.StaticType(prop, n.generic_arg));
            }
        }
        if (!first) Newline(level);
        out_ += '}';
    }

    std::string Take() { return std::move(out_); }

private:
    void Value(const rm::Value& v, int level, bmm::TypeId static_type) {
        switch (v.kind) {
            case rm::ValueKind::kNull: out_ += "null"; break;
            case rm::ValueKind::kBool: out_ += v.u.b ? "true" : "false"; break;
            case rm::ValueKind::kInt: out_ += std::to_string(v.u.i); break;
            case rm::ValueKind::kReal: out_ += FormatReal(v.u.d); break;
            case rm::ValueKind::kString: String(v.str()); break;
            case rm::ValueKind::kNode: Node(*v.node(), level, static_type); break;
            case rm::ValueKind::kList: {
                auto items = v.items();
                out_ += '[';
                for (size_t i = 0; i < items.size(); ++i) {
                    if (i) out_ += ',';
                    Newline(level + 1);
                    Value(items[i], level + 1, static_type);
                }
                if (!items.empty()) Newline(level);
                out_ += ']';
                break;
            }
        }
    }

    void Hash(const rm::Value& v, int level) {
        auto items = v.items();
        out_ += '{';
        for (size_t i = 0; i + 1 < items.size(); i += 2) {
            if (i) out_ += ',';
            Newline(level + 1);
            String(items[i].str());
            out_ += ':';
            Space();
            String(items[i + 1].str());
        }
        if (!items.empty()) Newline(level);
        out_ += '}';
    }

    void String(std::string_view s) { AppendJsonString(out_, s); }

    void Newline(int level) {
        if (!opts_.pretty) return;
        out_ += '\n';
        out_.append(static_cast<size_t>(level * opts_.indent), ' ');
    }
    void Space() {
        if (opts_.pretty) out_ += ' ';
    }

    const bmm::Schema& schema_;
    const WriteOptions& opts_;
    std::string out_;
};

}  // namespace

std::string WriteJsonNode(const bmm::Schema& schema, const rm::Node& node, const WriteOptions& opts) {
    JsonOut out(schema, opts);
    out.Node(node, 0, bmm::kNoType);
    return out.Take();
}

std::string WriteJson(const rm::Document& doc, const WriteOptions& opts) {
    if (!doc.root()) return "null";
    JsonOut out(doc.schema(), opts);
    out.Node(*doc.root(), 0, bmm::kNoType);
    std::string s = out.Take();
    if (opts.pretty) s += '\n';
    return s;
}

}  // namespace kjerne::codec
