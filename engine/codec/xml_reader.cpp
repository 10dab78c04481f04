// engine/codec/xml_reader.cpp
//
// ReadXml: canonical openEHR ITS-XML to an rm::Document, in one SAX2 pass over Xerces-C++.
// Why SAX and not DOM: the RM tree is built directly in the document's arena, so a DOM
// would be a second full copy of every composition. Why generic: each element name is
// looked up as a property of the current node's class in bmm::Schema, so every RM type is
// read by the same ~20 lines and a new RM release is a regenerated table, not new code.
//
// Mapping (ITS-XML, see the XSDs under ../shared/corpus/xsd):
// - child element      = property of the enclosing object (its name is the RM attribute);
//   repeated elements of a multiple-valued property form one list, in document order.
// - xsi:type           = the object's RM type; absent means the property's static type,
//   which must then be concrete (codec::ResolveType).
// - XML attributes     = RM properties marked xml_attribute (archetype_node_id).
// - primitive property = the element's text, converted by the property's PrimKind.
// - Hash<String,T>     = elements <name id="key">value</name>; stored as a list of
//   alternating key / value (rm/node.hpp).
// - Array<Octet>       = one element holding base64 text (DV_MULTIMEDIA.data), kept as one
//   String value, as the JSON form does.
// Root type: xsi:type on the root when present, else the root element's name (composition,
// ehr_status, folder, contribution; version = ORIGINAL_VERSION; items needs xsi:type; any
// other name upper-cased when it is an RM class). ReadOptions.root_type, when set, replaces
// the name: it is the root's static type, which an xsi:type must conform to.
//
// Security: no DTD is accepted (a DOCTYPE aborts the parse in startDTD, before Xerces
// reads its internal subset or resolves anything), no entity is ever resolved or fetched,
// no schema is loaded. Limits: ReadOptions.max_bytes is checked before parsing and
// max_depth on every start tag; both stop the parse at once.
// Thread-safety: ReadXml is reentrant; every call uses its own Xerces parser.
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "engine/codec/codec.hpp"
#include "engine/codec/codec_common.hpp"
#include "engine/codec/xerces_adapter.hpp"
#include "engine/rm/document.hpp"
#include "engine/rm/node.hpp"
#include "engine/rm/rm_path.hpp"

namespace kjerne::codec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

constexpr std::string_view kOpenEhrNs = "http://schemas.openehr.org/v1";
constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
constexpr std::string_view kXmlnsNs = "http://www.w3.org/2000/xmlns/";

// Thrown from a SAX callback to stop Xerces at the first error; caught in ReadXml, never
// outside this file.
struct Abort {
    Error error;
};

// "v1:DV_TEXT" -> "DV_TEXT": xsi:type is a QName, and documents use various prefixes for
// the openEHR namespace (or none).
std::string_view StripPrefix(std::string_view qname) {
    size_t colon = qname.rfind(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool IsXmlSpace(XMLCh c) { return c == 0x20 || c == 0x9 || c == 0xA || c == 0xD; }

enum class FrameKind : uint8_t { kObject, kPrimitive };

// One open element. Frames are reused across siblings (the stack never shrinks its
// storage), so the vectors and strings keep their capacity and a parse allocates little
// besides the arena.
struct Frame {
    FrameKind kind = FrameKind::kObject;
    bmm::TypeId type = bmm::kNoType;         // object: its RM type
    bmm::TypeId generic_arg = bmm::kNoType;  // object: bound type argument, if known
    bmm::PrimKind prim = bmm::PrimKind::kNone;
    bmm::Slot slot = bmm::kNoSlot;           // property in the parent; kNoSlot at the root
    bool hash_entry = false;                 // <name id="key">: `key` holds the key
    bool type_tagged = false;                // the element carried xsi:type (rm::kNodeTypeTagged)
    bool has_multiple = false;               // attrs hold list items to be grouped
    uint32_t line = 0, col = 0;              // where the element starts (for value errors)
    std::vector<rm::Attr> attrs;             // object: properties so far, list items flat
    std::vector<uint32_t> counts;            // object: occurrences per slot
    std::string text;                        // primitive: accumulated UTF-8 text
    std::string key;                         // hash entry key
};

class XmlHandler : public xc::DefaultHandler {
public:
    XmlHandler(rm::Document& doc, const ReadOptions& opts)
        : doc_(doc), schema_(doc.schema()), opts_(opts), octet_(schema_.Find("Octet")) {}

    // ---- ContentHandler
    void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

    void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const,
                      const xc::Attributes& attrs) override {
        // Errors about this element point at its '<': the end of the previous markup plus
        // the whitespace since (the locator itself is already past the start tag). The
        // root has no previous markup to count from, so it gets the locator's position.
        if (top_ > 0 && text_line_ != 0) {
            elem_line_ = text_line_;
            elem_col_ = text_col_;
        } else {
            elem_line_ = locator_ ? static_cast<uint32_t>(locator_->getLineNumber()) : 0;
            elem_col_ = locator_ ? static_cast<uint32_t>(locator_->getColumnNumber()) : 0;
        }
        if (top_ + 1 > opts_.max_depth) {
            Fail(kTooDeep,
                 "elements nested deeper than " + std::to_string(opts_.max_depth) +
                     " levels (ReadOptions.max_depth)",
                 path_.str());
        }
        name_.clear();
        xerces::AppendUtf8(name_, localname, xc::XMLString::stringLen(localname));
        if (!(xerces::EqualsAscii(uri, "") || xerces::EqualsAscii(uri, kOpenEhrNs))) {
            Fail(kUnknownAttribute,
                 "element <" + name_ + "> is in namespace '" + xerces::ToUtf8(uri) +
                     "', not the openEHR namespace " + std::string(kOpenEhrNs),
                 ChildPath(name_));
        }
        std::string_view tag = FindXsiType(attrs);
        if (top_ == 0) {
            StartRoot(tag, attrs);
        } else {
            StartChild(tag, attrs);
        }
        elem_line_ = elem_col_ = 0;
        MarkTextStart();
    }

    void characters(const XMLCh* const chars, const XMLSize_t length) override {
        if (top_ == 0) return;
        Frame& f = stack_[top_ - 1];
        if (f.kind == FrameKind::kPrimitive) {
            xerces::AppendUtf8(f.text, chars, length);
            return;
        }
        // Xerces hands text over when it meets the next markup, so its locator is past the
        // text; the position is counted from the end of the previous tag instead.
        for (XMLSize_t i = 0; i < length; ++i) {
            if (chars[i] == 0xA) {
                ++text_line_;
                text_col_ = 1;
                continue;
            }
            if (IsXmlSpace(chars[i])) {
                ++text_col_;
                continue;
            }
            std::string sample;
            XMLSize_t n = 0;
            while (i + n < length && n < 40 && chars[i + n] != 0xA) ++n;
            xerces::AppendUtf8(sample, chars + i, n);
            Fail(kWrongValueType,
                 "text '" + sample + "' inside " + std::string(schema_.Name(f.type)) +
                     ", which is an object, not a primitive value",
                 path_.str(), text_line_, text_col_);
        }
    }

    void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        MarkTextStart();
        Frame& f = stack_[top_ - 1];
        rm::Value v;
        if (f.kind == FrameKind::kPrimitive) {
            auto r = ParsePrimitiveText(doc_, f.prim, f.text);
            if (auto* err = std::get_if<TypeError>(&r)) Fail(err->code, err->message, path_.str(), f.line, f.col);
            v = std::get<rm::Value>(r);
        } else {
            v = rm::Value::Of(BuildNode(f));
        }
        --top_;
        if (top_ == 0) {
            doc_.set_root(v.node());
            return;
        }
        path_.Pop();
        Frame& parent = stack_[top_ - 1];
        if (f.hash_entry) parent.attrs.push_back(rm::Attr{f.slot, doc_.NewString(f.key)});
        parent.attrs.push_back(rm::Attr{f.slot, v});
    }

    // Comments and processing instructions end a text run like tags do.
    void processingInstruction(const XMLCh* const, const XMLCh* const) override { MarkTextStart(); }

    // ---- LexicalHandler
    void comment(const XMLCh* const, const XMLSize_t) override { MarkTextStart(); }

    // The DOCTYPE is refused before Xerces reads its internal subset
    // (entity declarations) or any external subset. Xerces 3.2's SAX2 reader has no
    // disallow-doctype feature, so this is where XXE and entity-expansion bombs stop.
    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        Fail(kSyntax, "DOCTYPE declarations are not accepted (no DTDs, no entities)", path_.str());
    }

    // ---- EntityResolver: never reached while DOCTYPE is refused; kept as a second wall.
    xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
        Fail(kSyntax, "external entity '" + xerces::ToUtf8(system_id) + "' refused", path_.str());
        return nullptr;
    }

    // ---- ErrorHandler
    void fatalError(const xc::SAXParseException& e) override {
        Fail(kSyntax, xerces::ToUtf8(e.getMessage()), path_.str(), static_cast<uint32_t>(e.getLineNumber()),
             static_cast<uint32_t>(e.getColumnNumber()));
    }
    void error(const xc::SAXParseException& e) override { fatalError(e); }
    void warning(const xc::SAXParseException&) override {}

private:
    [[noreturn]] void Fail(const char* code, std::string message, std::string rm_path, uint32_t line = 0,
                           uint32_t col = 0) {
        if (line == 0 && elem_line_ != 0) {
            line = elem_line_;
            col = elem_col_;
        } else if (line == 0 && locator_) {
            line = static_cast<uint32_t>(locator_->getLineNumber());
            col = static_cast<uint32_t>(locator_->getColumnNumber());
        }
        throw Abort{ReadError(code, std::move(message), std::move(rm_path), line, col, opts_.source_name)};
    }

    // Text that follows starts where the locator is now: just past the last tag.
    void MarkTextStart() {
        if (!locator_) return;
        text_line_ = static_cast<uint32_t>(locator_->getLineNumber());
        text_col_ = static_cast<uint32_t>(locator_->getColumnNumber());
    }

    std::string ChildPath(std::string_view name) const {
        std::string p = top_ == 0 ? std::string() : path_.str();
        if (p == "/") p.clear();
        p += '/';
        p += name;
        return p;
    }

    // The xsi:type value with any prefix stripped, or "" (kept in tag_).
    std::string_view FindXsiType(const xc::Attributes& attrs) {
        tag_.clear();
        for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
            if (xerces::EqualsAscii(attrs.getURI(i), kXsiNs) && xerces::EqualsAscii(attrs.getLocalName(i), "type")) {
                const XMLCh* v = attrs.getValue(i);
                xerces::AppendUtf8(tag_, v, xc::XMLString::stringLen(v));
                // xs:QName is whitespace-collapsed.
                while (!tag_.empty() && IsXmlSpace(tag_.back())) tag_.pop_back();
                size_t b = 0;
                while (b < tag_.size() && IsXmlSpace(tag_[b])) ++b;
                tag_.erase(0, b);
                return StripPrefix(tag_);
            }
        }
        return {};
    }

    Frame& PushFrame(FrameKind kind) {
        if (top_ == stack_.size()) stack_.emplace_back();
        Frame& f = stack_[top_++];
        f.kind = kind;
        f.type = f.generic_arg = bmm::kNoType;
        f.prim = bmm::PrimKind::kNone;
        f.slot = bmm::kNoSlot;
        f.hash_entry = f.has_multiple = f.type_tagged = false;
        f.attrs.clear();
        f.counts.clear();
        f.text.clear();
        f.key.clear();
        f.line = elem_line_;
        f.col = elem_col_;
        return f;
    }

    // Whether repeated elements of `prop` form a list. Array<Octet> (DV_MULTIMEDIA.data)
    // is a single base64 element.
    bool IsMultiple(const bmm::PropDef& prop) const {
        return prop.is_multiple() && !(prop.type == octet_ && octet_ != bmm::kNoType);
    }

    void StartRoot(std::string_view tag, const xc::Attributes& attrs) {
        // The root element's declared type: the XSD's global elements (composition,
        // version, items), the conventional names of the other top-level objects, else
        // the upper-cased element name when it is an RM class.
        bmm::TypeId declared = bmm::kNoType;
        bmm::TypeId fallback = bmm::kNoType;  // used when the declared type is abstract
        if (name_ == "version") {
            declared = schema_.Find("VERSION");
            fallback = schema_.Find("ORIGINAL_VERSION");
        } else if (name_ == "items") {
            declared = schema_.Find("LOCATABLE");
        } else {
            std::string upper = name_;
            for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            declared = schema_.Find(upper);
            if (declared != bmm::kNoType && schema_.Class(declared).is_primitive()) declared = bmm::kNoType;
        }

        std::variant<ResolvedType, TypeError> r;
        if (!opts_.root_type.empty()) {
            // The caller's root type is the static type: a document's xsi:type may refine it.
            auto given = ResolveType(schema_, opts_.root_type, bmm::kNoType, bmm::kNoType);
            if (auto* err = std::get_if<TypeError>(&given)) Fail(err->code, "ReadOptions.root_type: " + err->message, "/");
            const auto& g = std::get<ResolvedType>(given);
            r = tag.empty() ? given : ResolveType(schema_, tag, g.type, g.generic_arg);
        } else if (!tag.empty()) {
            r = ResolveType(schema_, tag, declared, bmm::kNoType);
        } else if (declared == bmm::kNoType) {
            r = TypeError{kTypeRequired, "the root element <" + name_ +
                                             "> names no RM type; add xsi:type or set ReadOptions.root_type"};
        } else {
            r = ResolveType(schema_, "", fallback != bmm::kNoType ? fallback : declared, bmm::kNoType);
        }
        if (auto* err = std::get_if<TypeError>(&r)) Fail(err->code, err->message, "/");
        const auto& rt = std::get<ResolvedType>(r);
        Frame& f = PushFrame(FrameKind::kObject);
        f.type = rt.type;
        f.generic_arg = rt.generic_arg;
        f.type_tagged = !tag.empty();
        f.counts.assign(schema_.Class(f.type).props.size(), 0);
        ReadXmlAttributes(f, attrs);
    }

    void StartChild(std::string_view tag, const xc::Attributes& attrs) {
        Frame& parent = stack_[top_ - 1];
        if (parent.kind == FrameKind::kPrimitive) {
            Fail(kWrongValueType,
                 "element <" + name_ + "> inside a primitive value (" + std::string(schema_.Name(parent.type)) +
                     ")",
                 ChildPath(name_));
        }
        bmm::Slot slot = schema_.FindSlot(parent.type, name_);
        // ITS-XML before RM 1.0.3 (the XSD set the openEHR SDK ships) spells ENTRY.workflow_id
        // "work_flow_id"; accept it so documents from SDK-based clients read.
        if (slot == bmm::kNoSlot && name_ == "work_flow_id") slot = schema_.FindSlot(parent.type, "workflow_id");
        if (slot == bmm::kNoSlot) {
            Fail(kUnknownAttribute,
                 "RM type " + std::string(schema_.Name(parent.type)) + " has no attribute '" + name_ + "'",
                 ChildPath(name_));
        }
        const bmm::PropDef& prop = schema_.Prop(parent.type, slot);
        const bool multiple = IsMultiple(prop);
        const uint32_t count = ++parent.counts[slot];
        if (!multiple && count > 1) {
            Fail(kDuplicateAttribute, "attribute '" + prop.name + "' of " + std::string(schema_.Name(parent.type)) +
                                          " is single-valued but occurs more than once",
                 ChildPath(name_));
        }
        if (multiple) parent.has_multiple = true;
        const bmm::TypeId static_type = schema_.StaticType(prop, parent.generic_arg);
        // `parent` may dangle after PushFrame (the stack can grow): no use below.
        path_.Push(prop.name);
        if (multiple) path_.SetIndex(count);

        const bmm::ClassDef& sc = schema_.Class(static_type);
        bool primitive = sc.is_primitive();
        if (primitive && sc.prim == bmm::PrimKind::kAny && !tag.empty()) {
            // Any (e.g. ORIGINAL_VERSION.data): an RM object when xsi:type names a class.
            bmm::TypeId t = schema_.Find(tag);
            primitive = t == bmm::kNoType || schema_.Class(t).is_primitive();
        }
        const bool hash = prop.container == bmm::Container::kHash;
        if (primitive) {
            Frame& f = PushFrame(FrameKind::kPrimitive);
            f.type = static_type;
            f.prim = sc.prim == bmm::PrimKind::kAny ? bmm::PrimKind::kString : sc.prim;
            f.slot = slot;
            f.hash_entry = hash;
            ReadXmlAttributes(f, attrs);
            return;
        }
        auto r = ResolveType(schema_, tag, static_type, prop.generic_arg);
        if (auto* err = std::get_if<TypeError>(&r)) Fail(err->code, err->message, path_.str());
        const auto& rt = std::get<ResolvedType>(r);
        Frame& f = PushFrame(FrameKind::kObject);
        f.type = rt.type;
        f.generic_arg = rt.generic_arg;
        f.type_tagged = !tag.empty();
        f.slot = slot;
        f.hash_entry = hash;
        f.counts.assign(schema_.Class(f.type).props.size(), 0);
        ReadXmlAttributes(f, attrs);
    }

    // XML attributes of the element just opened: RM properties serialised as attributes
    // (archetype_node_id), the key of a hash entry (id), xsi:* (already handled or
    // irrelevant). Anything else is an unknown attribute.
    void ReadXmlAttributes(Frame& f, const xc::Attributes& attrs) {
        for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
            const XMLCh* uri = attrs.getURI(i);
            if (xerces::EqualsAscii(uri, kXsiNs) || xerces::EqualsAscii(uri, kXmlnsNs)) continue;
            attr_name_.clear();
            const XMLCh* local = attrs.getLocalName(i);
            xerces::AppendUtf8(attr_name_, local, xc::XMLString::stringLen(local));
            const XMLCh* value = attrs.getValue(i);
            if (xerces::EqualsAscii(uri, "")) {
                if (f.hash_entry && attr_name_ == "id") {
                    xerces::AppendUtf8(f.key, value, xc::XMLString::stringLen(value));
                    continue;
                }
                if (f.kind == FrameKind::kObject) {
                    bmm::Slot slot = schema_.FindSlot(f.type, attr_name_);
                    if (slot != bmm::kNoSlot && schema_.Prop(f.type, slot).xml_attribute) {
                        attr_value_.clear();
                        xerces::AppendUtf8(attr_value_, value, xc::XMLString::stringLen(value));
                        f.attrs.push_back(rm::Attr{slot, doc_.NewString(attr_value_)});
                        ++f.counts[slot];
                        continue;
                    }
                }
            }
            std::string where = path_.str();
            if (where == "/") where.clear();
            Fail(kUnknownAttribute,
                 "XML attribute '" + xerces::ToUtf8(attrs.getQName(i)) + "' is not an attribute of " +
                     (f.kind == FrameKind::kObject ? std::string(schema_.Name(f.type)) : std::string("a primitive value")),
                 where + "/@" + attr_name_);
        }
        if (f.hash_entry && f.key.empty()) {
            bool has_id = false;
            for (XMLSize_t i = 0; i < attrs.getLength(); ++i)
                has_id |= xerces::EqualsAscii(attrs.getURI(i), "") && xerces::EqualsAscii(attrs.getLocalName(i), "id");
            if (!has_id) Fail(kWrongValueType, "a Hash entry needs its key in the 'id' attribute", path_.str());
        }
    }

    // The finished object: group list items (possibly non-contiguous in odd input) into one
    // list per property, keeping document order within each list.
    rm::Node* BuildNode(Frame& f) {
        auto& a = f.attrs;
        ApplyRmDefaults(schema_, f.type, a);  // as the JSON reader does: RM-complete trees
        const uint16_t flags = f.type_tagged ? rm::kNodeTypeTagged : 0;
        if (!f.has_multiple) return doc_.NewNode(f.type, a, f.generic_arg, flags);
        std::stable_sort(a.begin(), a.end(), [](const rm::Attr& x, const rm::Attr& y) { return x.slot < y.slot; });
        grouped_.clear();
        for (size_t i = 0; i < a.size();) {
            size_t j = i;
            while (j < a.size() && a[j].slot == a[i].slot) ++j;
            if (IsMultiple(schema_.Prop(f.type, a[i].slot))) {
                items_.clear();
                for (size_t k = i; k < j; ++k) items_.push_back(a[k].value);
                grouped_.push_back(rm::Attr{a[i].slot, doc_.NewList(items_)});
            } else {
                grouped_.push_back(a[i]);  // single-valued: at most one (duplicates were refused)
            }
            i = j;
        }
        return doc_.NewNode(f.type, grouped_, f.generic_arg, flags);
    }

    rm::Document& doc_;
    const bmm::Schema& schema_;
    const ReadOptions& opts_;
    const bmm::TypeId octet_;
    const xc::Locator* locator_ = nullptr;
    std::vector<Frame> stack_;
    size_t top_ = 0;  // open elements = stack_[0, top_)
    uint32_t text_line_ = 0, text_col_ = 0;  // where the pending character data starts
    uint32_t elem_line_ = 0, elem_col_ = 0;  // the '<' of the element being opened; 0 = none
    rm::PathBuilder path_;
    std::string name_, tag_, attr_name_, attr_value_;  // scratch, reused per element
    std::vector<rm::Attr> grouped_;
    std::vector<rm::Value> items_;
};

Error XercesError(const char* what, const XMLCh* msg, const ReadOptions& opts) {
    return ReadError(kSyntax, std::string(what) + ": " + xerces::ToUtf8(msg), "", 0, 0, opts.source_name);
}

}  // namespace

Result<rm::Document> ReadXml(std::string_view text, const ReadOptions& opts) {
    if (text.size() > opts.max_bytes) {
        return ReadError(kTooLarge,
                         "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                             std::to_string(opts.max_bytes) + " bytes (ReadOptions.max_bytes)",
                         "", 0, 0, opts.source_name);
    }
    KJ_TRY(xerces::InitXerces());
    rm::Document doc;
    XmlHandler handler(doc, opts);  // outlives the parser, which points to it
    try {
        xerces::ParseNonValidating(text, opts.source_name, handler);
    } catch (Abort& a) {
        return std::move(a.error);
    } catch (const xc::SAXParseException& e) {
        return ReadError(kSyntax, xerces::ToUtf8(e.getMessage()), "", static_cast<uint32_t>(e.getLineNumber()),
                         static_cast<uint32_t>(e.getColumnNumber()), opts.source_name);
    } catch (const xc::SAXException& e) {
        return XercesError("XML parser", e.getMessage(), opts);
    } catch (const xc::OutOfMemoryException&) {
        return Error::LimitExceeded("XML parser ran out of memory");
    } catch (const xc::XMLException& e) {
        return XercesError("XML parser", e.getMessage(), opts);
    } catch (const std::bad_alloc&) {
        return Error::LimitExceeded("out of memory while reading XML");
    } catch (...) {
        return Error::Internal("unexpected exception from the XML parser");
    }
    if (!doc.root()) return ReadError(kSyntax, "no root element", "", 0, 0, opts.source_name);
    return doc;
}

}  // namespace kjerne::codec
