// engine/codec/xml_writer.cpp
//
// WriteXml: an rm::Document as canonical openEHR ITS-XML. Deterministic: properties in
// slot order (= the XSD sequence order, rm_schema.hpp), one element per list item, fixed
// attribute order (hash key id, xmlns declarations on the root, xsi:type, XML-attribute
// properties), so equal trees give byte-identical text. Root element: composition,
// ehr_status, folder, contribution, ... (the lower-cased type name); any VERSION is
// written as Version.xsd's `version` with xsi:type.
//
// The XSD is the contract, so the writer adds what ITS-XML needs but the tree may not
// hold:
// - xsi:type whenever the node's type differs from the element's declared XSD type
//   (PropDef::xml_type, else the property's type), which covers every abstract type.
// - DV_INTERVAL.lower_unbounded / upper_unbounded, mandatory in the XSD: the readers
//   complete them (codec::ApplyRmDefaults), but a tree built in code may lack them, so they
//   are derived here from the RM invariant (lower_unbounded = lower absent). Nothing else
//   is invented.
// Text that XML 1.0 cannot carry (control characters other than tab/LF/CR, U+FFFE/U+FFFF,
// invalid UTF-8) is replaced by U+FFFD, so the output is always well-formed; CR, and tab /
// LF in attributes, are written as character references so that they survive the
// parser's line-end and attribute-value normalisation.
// Thread-safety: WriteXml is reentrant.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"
#include "engine/codec/codec.hpp"
#include "engine/codec/codec_common.hpp"
#include "engine/rm/document.hpp"
#include "engine/rm/node.hpp"

namespace kjerne::codec {
namespace {

constexpr std::string_view kOpenEhrNs = "http://schemas.openehr.org/v1";
constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";

// Appends `s` escaped for element text (attr=false) or a double-quoted attribute value.
void AppendEscaped(std::string& out, std::string_view s, bool attr) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        unsigned char b = p[i];
        if (b >= 0x20 && b < 0x80) {
            switch (b) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"':
                    if (attr) out += "&quot;"; else out += '"';
                    break;
                default: out += static_cast<char>(b);
            }
            ++i;
            continue;
        }
        if (b < 0x20) {
            if (b == '\r') out += "&#xD;";
            else if (b == '\n') out += attr ? "&#xA;" : "\n";
            else if (b == '\t') out += attr ? "&#x9;" : "\t";
            else out += "\xEF\xBF\xBD";  // not an XML 1.0 character
            ++i;
            continue;
        }
        // Multi-byte UTF-8. A complete sequence is copied when it encodes an XML character
        // and becomes one U+FFFD when it does not (overlong, surrogate, U+FFFE/U+FFFF, above
        // U+10FFFF); a stray or truncated byte becomes one U+FFFD on its own.
        size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        bool complete = len != 0 && i + len <= n;
        uint32_t cp = 0;
        if (complete) {
            cp = b & (0x7F >> len);
            for (size_t k = 1; k < len; ++k) {
                if ((p[i + k] & 0xC0) != 0x80) { complete = false; break; }
                cp = (cp << 6) | (p[i + k] & 0x3F);
            }
        }
        if (!complete) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (overlong || surrogate || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF) {
            out += "\xEF\xBF\xBD";
        } else {
            out.append(s.data() + i, len);
        }
        i += len;
    }
}

// The root element for a type: the XSD's global elements (composition, version) and the
// conventional names of the other top-level objects; `declared` is the element's XSD type.
struct RootName {
    std::string name;
    bmm::TypeId declared;
};

RootName RootNameFor(const bmm::Schema& schema, bmm::TypeId type) {
    const bmm::TypeId version = schema.Find("VERSION");
    if (version != bmm::kNoType && schema.IsSubtypeOf(type, version)) return {"version", version};
    std::string name(schema.Name(type));
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return {name, type};  // composition, ehr_status, folder, contribution, ...
}

class XmlWriter {
public:
    XmlWriter(const bmm::Schema& schema, const WriteOptions& opts) : schema_(schema), opts_(opts) {
        interval_ = schema.Find("DV_INTERVAL");
        if (interval_ != bmm::kNoType) {
            lower_ = schema.FindSlot(interval_, "lower");
            upper_ = schema.FindSlot(interval_, "upper");
            lower_unbounded_ = schema.FindSlot(interval_, "lower_unbounded");
            upper_unbounded_ = schema.FindSlot(interval_, "upper_unbounded");
        }
    }

    std::string Write(const rm::Document& doc) {
        out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        if (const rm::Node* root = doc.root()) {
            RootName rn = RootNameFor(schema_, root->type);
            WriteNode(rn.name, *root, rn.declared, nullptr, true);
        }
        if (opts_.pretty) out_ += '\n';
        return std::move(out_);
    }

private:
    void Newline() {
        if (!opts_.pretty) return;
        out_ += '\n';
        out_.append(static_cast<size_t>(depth_) * static_cast<size_t>(opts_.indent > 0 ? opts_.indent : 0), ' ');
    }

    void OpenTag(std::string_view name, const std::string_view* key) {
        Newline();
        out_ += '<';
        out_ += name;
        if (key) {
            out_ += " id=\"";
            AppendEscaped(out_, *key, true);
            out_ += '"';
        }
    }

    // One object element. `declared` is the element's XSD type (kNoType: unknown, so the
    // type is always named).
    void WriteNode(std::string_view name, const rm::Node& n, bmm::TypeId declared, const std::string_view* key,
                   bool root) {
        OpenTag(name, key);
        if (root) {
            out_ += " xmlns=\"";
            out_ += kOpenEhrNs;
            out_ += "\" xmlns:xsi=\"";
            out_ += kXsiNs;
            out_ += '"';
        }
        // xsi:type where the declared type does not name the node's type, and where the
        // source stated it (rm::kNodeTypeTagged; not on the root, which its element names).
        if (n.type != declared || (!root && n.type_tagged())) {
            out_ += " xsi:type=\"";
            out_ += schema_.Name(n.type);  // generic types without arguments: DV_INTERVAL
            out_ += '"';
        }
        const auto& props = schema_.Class(n.type).props;
        for (const rm::Attr& a : n.attributes()) {
            if (!props[a.slot].xml_attribute || !a.value.is_string()) continue;
            out_ += ' ';
            out_ += props[a.slot].name;
            out_ += "=\"";
            AppendEscaped(out_, a.value.str(), true);
            out_ += '"';
        }

        bool open = false;  // '>' written, children follow
        const bool interval = n.type == interval_ && interval_ != bmm::kNoType;
        // Elements in ITS-XML sequence order, which can differ from slot order.
        for (bmm::Slot slot : schema_.Class(n.type).xml_order) {
            const rm::Value* v = n.Find(slot);
            const bmm::PropDef& prop = props[slot];
            if (prop.xml_attribute && (!v || v->is_string())) continue;
            rm::Value derived;
            if ((!v || v->is_null()) && interval && (slot == lower_unbounded_ || slot == upper_unbounded_)) {
                // XSD-mandatory; the RM invariant: unbounded exactly when the limit is absent.
                const rm::Value* limit = n.Find(slot == lower_unbounded_ ? lower_ : upper_);
                derived = rm::Value::Bool(limit == nullptr || limit->is_null());
                v = &derived;
            }
            if (!v || v->is_null()) continue;
            if (!open) {
                out_ += '>';
                open = true;
                ++depth_;
            }
            WriteProperty(prop, *v);
        }
        if (!open) {
            out_ += "/>";
            return;
        }
        --depth_;
        Newline();
        out_ += "</";
        out_ += name;
        out_ += '>';
    }

    void WriteProperty(const bmm::PropDef& prop, const rm::Value& v) {
        const bmm::TypeId declared = prop.xml_type != bmm::kNoType ? prop.xml_type : prop.type;
        if (!v.is_list()) {
            WriteItem(prop.name, v, declared, nullptr);
            return;
        }
        auto items = v.items();
        if (prop.container == bmm::Container::kHash) {
            // Alternating key / value: <name id="key">value</name>.
            for (size_t i = 0; i + 1 < items.size(); i += 2) {
                std::string_view key = items[i].str();
                WriteItem(prop.name, items[i + 1], declared, &key);
            }
            return;
        }
        for (const rm::Value& item : items) WriteItem(prop.name, item, declared, nullptr);
    }

    void WriteItem(std::string_view name, const rm::Value& v, bmm::TypeId declared, const std::string_view* key) {
        switch (v.kind) {
            case rm::ValueKind::kNull: return;
            case rm::ValueKind::kNode: WriteNode(name, *v.node(), declared, key, false); return;
            case rm::ValueKind::kList:  // a list where a single value is due: one element per item
                for (const rm::Value& item : v.items()) WriteItem(name, item, declared, key);
                return;
            default: break;
        }
        OpenTag(name, key);
        out_ += '>';
        switch (v.kind) {
            case rm::ValueKind::kBool: out_ += v.u.b ? "true" : "false"; break;
            case rm::ValueKind::kInt: out_ += std::to_string(v.u.i); break;
            case rm::ValueKind::kReal:
                // xs:double spellings for the values FormatReal cannot give.
                if (std::isnan(v.u.d)) out_ += "NaN";
                else if (std::isinf(v.u.d)) out_ += v.u.d > 0 ? "INF" : "-INF";
                else out_ += FormatReal(v.u.d);
                break;
            case rm::ValueKind::kString: AppendEscaped(out_, v.str(), false); break;
            default: break;
        }
        out_ += "</";
        out_ += name;
        out_ += '>';
    }

    const bmm::Schema& schema_;
    const WriteOptions& opts_;
    std::string out_;
    int depth_ = 0;
    bmm::TypeId interval_ = bmm::kNoType;
    bmm::Slot lower_ = bmm::kNoSlot, upper_ = bmm::kNoSlot;
    bmm::Slot lower_unbounded_ = bmm::kNoSlot, upper_unbounded_ = bmm::kNoSlot;
};

}  // namespace

std::string WriteXml(const rm::Document& doc, const WriteOptions& opts) {
    return XmlWriter(doc.schema(), opts).Write(doc);
}

}  // namespace kjerne::codec
