// engine/codec/json_reader.cpp
//
// One recursive walk over simdjson's DOM: each JSON object becomes an rm::Node whose
// type comes from `_type` (or, when absent, from the property's static type if that is
// concrete); each key must be a property of that type; primitive properties must carry
// the JSON type their BMM type demands. simdjson bounds the nesting depth while
// parsing (ReadOptions::max_depth), so the walk's recursion is bounded too.
#include "engine/codec/json_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/codec/codec_common.hpp"
#include "engine/codec/json_locate.hpp"
#include "engine/common/glob.hpp"
#include "engine/rm/rm_path.hpp"

namespace kjerne::codec {

namespace dom = simdjson::dom;
using bmm::PrimKind;
using bmm::TypeId;

struct JsonReader::Impl {
    dom::parser parser;
    size_t max_depth = 0;
    // simdjson reads SIMDJSON_PADDING bytes past the end of its input; a caller's buffer
    // has no such slack, so the text is copied into this reused, padded buffer (instead of
    // simdjson allocating a fresh one per document).
    std::unique_ptr<char[]> padded;
    size_t padded_capacity = 0;
};

namespace {

// Internal failure marker: the walk records the error and unwinds with this value.
struct Failed {};

class Walk {
public:
    Walk(rm::Document& doc, const ReadOptions& opts, std::string_view text)
        : doc_(doc), schema_(doc.schema()), opts_(opts), text_(text) {}

    Result<rm::Node*> Root(dom::element root) {
        if (root.type() != dom::element_type::OBJECT) return Fail(kWrongValueType, "the document must be a JSON object", false);
        TypeId root_type = bmm::kNoType;
        if (!opts_.root_type.empty()) {
            root_type = schema_.Find(opts_.root_type);
            if (root_type == bmm::kNoType) return Fail(kUnknownType, "unknown root type '" + opts_.root_type + "'", false);
        }
        rm::Node* n = nullptr;
        if (opts_.projection) {
            Spec spec;
            spec.Add(&opts_.projection->root);
            bool anchored = false;
            n = ReadObjectPruned(dom::object(root), root_type, bmm::kNoType, 1, spec, anchored);
        } else {
            n = ReadObject(dom::object(root), root_type, bmm::kNoType, 1);
        }
        if (!n) return std::move(*error_);
        return n;
    }

private:
    // Records the error at the current path and returns it (also kept for unwinding).
    Error Fail(const char* code, std::string message, bool at_key) {
        std::vector<JsonStep> steps;
        for (const auto& seg : path_.segments()) {
            steps.push_back(JsonStep{seg.attr, 0});
            if (seg.index) steps.push_back(JsonStep{{}, seg.index});
        }
        LineCol lc = LocateJsonPath(text_, steps, at_key);
        Error e = ReadError(code, std::move(message), path_.str(), lc.line, lc.col, opts_.source_name);
        error_.emplace(e);
        return e;
    }
    // For the recursive helpers: record and signal failure with nullptr / kNull.
    std::nullptr_t FailNode(const char* code, std::string message, bool at_key = false) {
        Fail(code, std::move(message), at_key);
        return nullptr;
    }

    // The object's RM type from `_type` and the attribute's static type; false after Fail.
    bool Resolve(dom::object obj, TypeId static_type, TypeId static_garg, ResolvedType& rt, std::string_view& tag) {
        {
            // `_type` is nearly always the first key; look further only when it is not.
            dom::element tv;
            auto first = obj.begin();
            bool found = false;
            if (first != obj.end() && first.key() == "_type") {
                tv = first.value();
                found = true;
            } else {
                found = !obj.at_key("_type").get(tv);
            }
            if (found && tv.get_string().get(tag)) return FailNode(kWrongValueType, "_type must be a string"), false;
        }
        if (static_type != bmm::kNoType && !schema_.Class(static_type).is_abstract &&
            (tag.empty() || schema_.Name(static_type) == tag)) {
            rt = ResolvedType{static_type, static_garg};  // the common case, without the general resolver
            return true;
        }
        auto resolved = ResolveType(schema_, tag, static_type, static_garg);
        if (auto* te = std::get_if<TypeError>(&resolved)) return FailNode(te->code, te->message), false;
        rt = std::get<ResolvedType>(resolved);
        return true;
    }

    // Attributes go straight into the arena: the key count bounds them (simdjson saturates
    // counts at 0xFFFFFF, so count by hand beyond that); more than the class has is an error.
    static size_t KeyBound(dom::object obj, const bmm::ClassDef& cls) {
        size_t nkeys = obj.size();
        if (nkeys >= 0xFFFFFF) {
            nkeys = 0;
            for (auto it = obj.begin(); it != obj.end(); ++it) ++nkeys;
        }
        return nkeys > cls.props.size() + 1 ? cls.props.size() + 1 : nkeys;
    }

    // The node of `n` attributes: DV_INTERVAL, the one type with RM defaults, is completed.
    rm::Node* MakeNode(const ResolvedType& rt, rm::Attr* attrs, uint16_t n, std::string_view tag) {
        const uint16_t flags = tag.empty() ? 0 : rm::kNodeTypeTagged;
        if (rt.type == interval_) {
            std::vector<rm::Attr> all(attrs, attrs + n);
            ApplyRmDefaults(schema_, rt.type, all);
            return doc_.NewNode(rt.type, all, rt.generic_arg, flags);
        }
        return doc_.AdoptNode(rt.type, attrs, n, rt.generic_arg, flags);
    }

    // Records `slot` as seen; false (after Fail) when it was given before or overflows.
    bool NoteSlot(bmm::Slot slot, const bmm::PropDef& prop, uint64_t& seen, const rm::Attr* attrs, uint16_t n,
                  size_t bound) {
        bool dup = false;
        if (slot < 64) {
            dup = seen & (uint64_t{1} << slot);
            seen |= uint64_t{1} << slot;
        } else {
            for (uint16_t i = 0; i < n; ++i) dup |= attrs[i].slot == slot;
        }
        if (!dup && n < bound) return true;
        path_.Push(prop.name);
        return FailNode(kDuplicateAttribute, "attribute '" + prop.name + "' given twice", true), false;
    }

    // The slot of attribute `key` of `type`, searched from `next_slot` first (canonical JSON
    // writes attributes in slot order) and advanced past it; kNoSlot after Fail.
    bmm::Slot Slot(TypeId type, const bmm::ClassDef& cls, std::string_view key, size_t& next_slot) {
        bmm::Slot slot = schema_.FindSlotFrom(type, key, next_slot);
        if (slot == bmm::kNoSlot) {
            path_.Push(key);
            FailNode(kUnknownAttribute, "unknown attribute '" + std::string(key) + "' of " + cls.name, true);
            return bmm::kNoSlot;
        }
        next_slot = slot + 1u;
        return slot;
    }

    rm::Node* ReadObject(dom::object obj, TypeId static_type, TypeId static_garg, uint32_t depth) {
        std::string_view tag;
        ResolvedType rt;
        if (!Resolve(obj, static_type, static_garg, rt, tag)) return nullptr;
        const bmm::ClassDef& cls = schema_.Class(rt.type);

        const size_t nkeys = KeyBound(obj, cls);
        rm::Attr* attrs = doc_.arena().AllocArray<rm::Attr>(nkeys);
        uint16_t n = 0;
        if (!ReadAttributes(obj, rt, cls, attrs, n, nkeys, [&](dom::element el, const bmm::PropDef& prop, rm::Value& v) {
                return ReadProperty(el, prop, rt.generic_arg, depth, v);
            }))
            return nullptr;
        return MakeNode(rt, attrs, n, tag);
    }

    // The object's attributes into attrs[0..n): each JSON key but "_type" names a property of
    // `cls` (else an error), null values and values `read` leaves null (an empty list, a
    // pruned subtree) are absent, a property twice is an error. `read(el, prop, out)` reads
    // one value with the property's name on path_.
    template <typename ReadValue>
    bool ReadAttributes(dom::object obj, const ResolvedType& rt, const bmm::ClassDef& cls, rm::Attr* attrs,
                        uint16_t& n, size_t nkeys, ReadValue&& read) {
        uint64_t seen = 0;  // slots < 64 seen so far (duplicate keys)
        size_t next_slot = 0;
        for (dom::key_value_pair kv : obj) {
            if (kv.key == "_type") continue;
            bmm::Slot slot = Slot(rt.type, cls, kv.key, next_slot);
            if (slot == bmm::kNoSlot) return false;
            const bmm::PropDef& prop = cls.props[slot];
            if (kv.value.type() == dom::element_type::NULL_VALUE) continue;
            path_.Push(prop.name);
            rm::Value v;
            if (!read(kv.value, prop, v)) return false;
            path_.Pop();
            if (v.is_null()) continue;
            if (!NoteSlot(slot, prop, seen, attrs, n, nkeys)) return false;
            attrs[n++] = rm::Attr{slot, v};
        }
        return true;
    }

    bool ReadProperty(dom::element el, const bmm::PropDef& prop, TypeId owner_garg, uint32_t depth, rm::Value& out) {
        const TypeId stype = schema_.StaticType(prop, owner_garg);
        const bmm::ClassDef& scls = schema_.Class(stype);
        // Array<Octet> is one base64 string in ITS-JSON, not a JSON array.
        if (prop.container == bmm::Container::kArray && scls.prim == PrimKind::kString)
            return ReadItem(el, prop, stype, depth, out);
        if (prop.container == bmm::Container::kHash) return ReadHash(el, out);
        if (!prop.is_multiple()) return ReadItem(el, prop, stype, depth, out);

        if (el.type() != dom::element_type::ARRAY)
            return FailNode(kWrongValueType, "'" + prop.name + "' is multiple-valued: expected a JSON array"), false;
        dom::array arr(el);
        size_t count = arr.size();
        if (count >= 0xFFFFFF) {
            count = 0;
            for (auto it = arr.begin(); it != arr.end(); ++it) ++count;
        }
        rm::Value* items = doc_.arena().AllocArray<rm::Value>(count);
        size_t index = 0;
        for (dom::element item : arr) {
            path_.SetIndex(++index);
            if (item.type() == dom::element_type::NULL_VALUE) return FailNode(kWrongValueType, "null list item"), false;
            rm::Value v;
            if (!ReadItem(item, prop, stype, depth + 1, v)) return false;
            items[index - 1] = v;
        }
        path_.SetIndex(0);
        // An empty list is read as absent: XML cannot tell the two apart (zero elements),
        // and the RM's invariants treat an empty container like a missing one
        // (e.g. COMPOSITION Content_valid), so one tree serves both formats.
        if (index == 0) return true;
        out = rm::Value::List(items, index);
        return true;
    }

    // One value of static type `stype`: a primitive or an object.
    bool ReadItem(dom::element el, const bmm::PropDef& prop, TypeId stype, uint32_t depth, rm::Value& out) {
        const bmm::ClassDef& scls = schema_.Class(stype);
        const dom::element_type jt = el.type();
        switch (scls.prim) {
            case PrimKind::kNone: {
                if (jt != dom::element_type::OBJECT)
                    return FailNode(kWrongValueType, "expected a JSON object for " + scls.name), false;
                rm::Node* n = ReadObject(dom::object(el), stype, prop.generic_arg, depth + 1);
                if (!n) return false;
                out = rm::Value::Of(n);
                return true;
            }
            case PrimKind::kString:
                if (jt != dom::element_type::STRING)
                    return FailNode(kWrongValueType, "expected a string for " + scls.name), false;
                out = doc_.NewString(std::string_view(el));
                return true;
            case PrimKind::kInteger:
                if (jt == dom::element_type::INT64) { out = rm::Value::Int(int64_t(el)); return true; }
                if (jt == dom::element_type::DOUBLE) {
                    // 3.0 is an integer written with a fraction; 3.5 is not.
                    double d = double(el);
                    if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -9.2e18 && d < 9.2e18) {
                        out = rm::Value::Int(static_cast<int64_t>(d));
                        return true;
                    }
                }
                return FailNode(kWrongValueType, "expected an integer for " + scls.name), false;
            case PrimKind::kReal:
                if (jt == dom::element_type::DOUBLE) { out = rm::Value::Real(double(el)); return true; }
                if (jt == dom::element_type::INT64) { out = rm::Value::Real(static_cast<double>(int64_t(el))); return true; }
                if (jt == dom::element_type::UINT64) { out = rm::Value::Real(static_cast<double>(uint64_t(el))); return true; }
                return FailNode(kWrongValueType, "expected a number for " + scls.name), false;
            case PrimKind::kBoolean:
                if (jt != dom::element_type::BOOL) return FailNode(kWrongValueType, "expected true or false"), false;
                out = rm::Value::Bool(bool(el));
                return true;
            case PrimKind::kAny:
                return ReadAny(el, depth, out);
        }
        return FailNode(kWrongValueType, "unsupported value"), false;
    }

    // A property typed Any: keep whatever JSON scalar is there; objects need a _type.
    bool ReadAny(dom::element el, uint32_t depth, rm::Value& out) {
        switch (el.type()) {
            case dom::element_type::STRING: out = doc_.NewString(std::string_view(el)); return true;
            case dom::element_type::BOOL: out = rm::Value::Bool(bool(el)); return true;
            case dom::element_type::INT64: out = rm::Value::Int(int64_t(el)); return true;
            case dom::element_type::DOUBLE: out = rm::Value::Real(double(el)); return true;
            case dom::element_type::OBJECT: {
                rm::Node* n = ReadObject(dom::object(el), bmm::kNoType, bmm::kNoType, depth + 1);
                if (!n) return false;
                out = rm::Value::Of(n);
                return true;
            }
            default:
                return FailNode(kWrongValueType, "unsupported JSON value for an Any-typed attribute"), false;
        }
    }

    // Hash<String, String>: a JSON object of strings, kept as alternating key/value.
    bool ReadHash(dom::element el, rm::Value& out) {
        if (el.type() != dom::element_type::OBJECT)
            return FailNode(kWrongValueType, "expected a JSON object (a map of strings)"), false;
        std::vector<rm::Value> items;
        for (dom::key_value_pair kv : dom::object(el)) {
            if (kv.value.type() != dom::element_type::STRING)
                return FailNode(kWrongValueType, "map values must be strings"), false;
            items.push_back(doc_.NewString(kv.key));
            items.push_back(doc_.NewString(std::string_view(kv.value)));
        }
        out = doc_.NewList(items);
        return true;
    }

    // --- pruned reading (ReadOptions::projection, projection.hpp) ---------------------------
    // `Spec` holds the trie nodes that ask for something below the current value (several
    // when an anchor's trie meets the root's, or two anchors meet); empty = search mode, where
    // an object is kept only when it holds an anchor. More than fits is read whole (safe).
    struct Spec {
        static constexpr size_t kMax = 8;
        const ProjectionNode* nodes[kMax];
        size_t size = 0;
        bool whole = false;
        void Add(const ProjectionNode* n) {
            if (n->whole || size == kMax) whole = true;
            else nodes[size++] = n;
        }
        bool on_path() const { return whole || size > 0; }
    };

    static bool Identifying(std::string_view attribute) {
        return attribute == "archetype_node_id" || attribute == "name" || attribute == "archetype_details";
    }

    bool AnchorMatches(std::string_view node_id, Spec& spec) const {
        bool matched = false;
        for (const ProjectionAnchor& a : opts_.projection->anchors) {
            if (IsGlobPattern(a.archetype) ? GlobMatch(a.archetype, node_id) : a.archetype == node_id) {
                spec.Add(&a.keep);
                matched = true;
            }
        }
        return matched;
    }

    // Whether some object in `el` has an archetype_node_id an anchor matches: a structural scan
    // of the parsed JSON without the RM (no type or attribute lookups), so that the subtrees a
    // search leaves out cost one pass over their tape. A key of that name outside an RM object
    // can only make it keep more.
    bool HoldsAnchor(dom::element el) const {
        if (el.type() == dom::element_type::ARRAY) {
            for (dom::element item : dom::array(el))
                if (HoldsAnchor(item)) return true;
            return false;
        }
        if (el.type() != dom::element_type::OBJECT) return false;
        for (dom::key_value_pair kv : dom::object(el)) {
            const dom::element_type t = kv.value.type();
            if (t == dom::element_type::STRING) {
                if (kv.key == "archetype_node_id") {
                    std::string_view id(kv.value);
                    for (const ProjectionAnchor& a : opts_.projection->anchors)
                        if (IsGlobPattern(a.archetype) ? GlobMatch(a.archetype, id) : a.archetype == id) return true;
                }
            } else if ((t == dom::element_type::OBJECT || t == dom::element_type::ARRAY) && HoldsAnchor(kv.value)) {
                return true;
            }
        }
        return false;
    }

    // An object under `spec`: nullptr with no error_ = left out (search mode, no anchor below).
    rm::Node* ReadObjectPruned(dom::object obj, TypeId static_type, TypeId static_garg, uint32_t depth,
                               Spec spec, bool& anchored) {
        std::string_view tag;
        ResolvedType rt;
        if (!Resolve(obj, static_type, static_garg, rt, tag)) return nullptr;
        std::string_view node_id;
        dom::element id_el;
        if (!opts_.projection->anchors.empty() && !obj.at_key("archetype_node_id").get(id_el) && id_el.get(node_id))
            node_id = {};
        const bool self = !node_id.empty() && AnchorMatches(node_id, spec);
        if (spec.whole) {
            anchored = self;
            return ReadObject(obj, static_type, static_garg, depth);
        }
        const bmm::ClassDef& cls = schema_.Class(rt.type);
        const size_t nkeys = KeyBound(obj, cls);
        // Collected on the stack: most objects of a search are left out, and the arena would
        // keep their attribute arrays until the document goes.
        constexpr size_t kLocal = 48;
        rm::Attr local[kLocal];
        rm::Attr* attrs = nkeys <= kLocal ? local : doc_.arena().AllocArray<rm::Attr>(nkeys);
        uint16_t n = 0;
        bool below = false;
        if (!ReadAttributes(obj, rt, cls, attrs, n, nkeys, [&](dom::element el, const bmm::PropDef& prop, rm::Value& v) {
                Spec child;
                if (Identifying(prop.name)) {
                    child.whole = true;
                } else {
                    for (size_t i = 0; i < spec.size; ++i)
                        if (const ProjectionNode* c = spec.nodes[i]->Find(prop.name)) child.Add(c);
                }
                bool child_anchored = false;
                if (!ReadPropertyPruned(el, prop, rt.generic_arg, depth, child, child_anchored, v)) return false;
                below |= child_anchored;
                return true;
            }))
            return nullptr;
        anchored = self || below;
        if (!spec.on_path() && !anchored) return nullptr;
        if (attrs == local) {
            rm::Attr* kept = doc_.arena().AllocArray<rm::Attr>(n);
            std::copy(local, local + n, kept);
            attrs = kept;
        }
        return MakeNode(rt, attrs, n, tag);
    }

    // One attribute's value under `spec`; `out` stays null when nothing of it is kept.
    bool ReadPropertyPruned(dom::element el, const bmm::PropDef& prop, TypeId owner_garg, uint32_t depth,
                            const Spec& spec, bool& anchored, rm::Value& out) {
        if (spec.whole) return ReadProperty(el, prop, owner_garg, depth, out);
        const TypeId stype = schema_.StaticType(prop, owner_garg);
        const bmm::ClassDef& scls = schema_.Class(stype);
        // Values that cannot hold an object: kept when a trie names them, else skipped.
        const bool primitive = prop.container == bmm::Container::kHash || scls.prim != PrimKind::kNone;
        if (primitive && scls.prim != PrimKind::kAny) {
            return spec.on_path() ? ReadProperty(el, prop, owner_garg, depth, out) : true;
        }
        if (!prop.is_multiple()) return ReadItemPruned(el, prop, stype, depth, spec, anchored, out);
        if (el.type() != dom::element_type::ARRAY)
            return FailNode(kWrongValueType, "'" + prop.name + "' is multiple-valued: expected a JSON array"), false;
        dom::array arr(el);
        std::vector<rm::Value> kept;
        size_t index = 0;
        for (dom::element item : arr) {
            path_.SetIndex(++index);
            if (item.type() == dom::element_type::NULL_VALUE) return FailNode(kWrongValueType, "null list item"), false;
            rm::Value v;
            bool item_anchored = false;
            if (!ReadItemPruned(item, prop, stype, depth + 1, spec, item_anchored, v)) return false;
            anchored |= item_anchored;
            if (!v.is_null()) kept.push_back(v);
        }
        path_.SetIndex(0);
        if (!kept.empty()) out = doc_.NewList(kept);
        return true;
    }

    bool ReadItemPruned(dom::element el, const bmm::PropDef& prop, TypeId stype, uint32_t depth, const Spec& spec,
                        bool& anchored, rm::Value& out) {
        const bmm::ClassDef& scls = schema_.Class(stype);
        // An Any-typed value (an unresolved generic parameter, e.g. EVENT<T>.data) may be an
        // object like any other: its type comes from `_type`, as ReadAny reads it.
        const bool any = scls.prim == PrimKind::kAny;
        if (scls.prim != PrimKind::kNone && !(any && el.type() == dom::element_type::OBJECT))
            return spec.on_path() ? ReadItem(el, prop, stype, depth, out) : true;
        if (!spec.on_path() && !HoldsAnchor(el)) return true;  // searched, nothing there: left out
        if (el.type() != dom::element_type::OBJECT)
            return FailNode(kWrongValueType, "expected a JSON object for " + scls.name), false;
        rm::Node* node = any ? ReadObjectPruned(dom::object(el), bmm::kNoType, bmm::kNoType, depth + 1, spec, anchored)
                             : ReadObjectPruned(dom::object(el), stype, prop.generic_arg, depth + 1, spec, anchored);
        if (!node) return !error_.has_value();
        out = rm::Value::Of(node);
        return true;
    }

    rm::Document& doc_;
    const bmm::Schema& schema_;
    const ReadOptions& opts_;
    std::string_view text_;
    rm::PathBuilder path_;
    std::optional<Error> error_;
    const TypeId interval_ = schema_.Find("DV_INTERVAL");  // after schema_ (declaration order)
};

}  // namespace

JsonReader::JsonReader() : impl_(std::make_unique<Impl>()) {}
JsonReader::~JsonReader() = default;

Result<rm::Document> JsonReader::Read(std::string_view text, const ReadOptions& opts) {
    if (text.size() > opts.max_bytes)
        return ReadError(kTooLarge,
                         "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                             std::to_string(opts.max_bytes),
                         "", 0, 0, opts.source_name);
    // simdjson counts both objects and arrays as depth; an RM list item sits one level
    // deeper than its attribute, hence the factor 2 on the RM object nesting limit.
    size_t max_depth = static_cast<size_t>(opts.max_depth) * 2 + 1;
    if (impl_->max_depth != max_depth) {
        if (auto err = impl_->parser.allocate(std::max<size_t>(text.size(), 4096), max_depth))
            return Error::Internal(std::string("JSON parser allocation failed: ") + simdjson::error_message(err));
        impl_->max_depth = max_depth;
    }
    dom::element root;
    if (impl_->padded_capacity < text.size() + simdjson::SIMDJSON_PADDING) {
        impl_->padded_capacity = text.size() + simdjson::SIMDJSON_PADDING + text.size() / 2;
        impl_->padded.reset(new char[impl_->padded_capacity]);
    }
    std::memcpy(impl_->padded.get(), text.data(), text.size());
    std::memset(impl_->padded.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    if (auto err = impl_->parser.parse(impl_->padded.get(), text.size(), false).get(root)) {
        if (err == simdjson::DEPTH_ERROR)
            return ReadError(kTooDeep, "JSON nesting exceeds the depth limit of " + std::to_string(opts.max_depth), "",
                             0, 0, opts.source_name);
        LineCol lc = LocateJsonSyntaxError(text);
        return ReadError(kSyntax, std::string("malformed JSON: ") + simdjson::error_message(err), "", lc.line, lc.col,
                         opts.source_name);
    }
    rm::Document doc;
    // Do not let one huge document pin its buffer in a long-lived reader.
    if (impl_->padded_capacity > (32u << 20)) {
        impl_->padded.reset();
        impl_->padded_capacity = 0;
    }
    Walk walk(doc, opts, text);
    auto node = walk.Root(root);
    if (!node.ok()) return std::move(node).error();
    doc.set_root(*node);
    return doc;
}

Result<rm::Document> ReadJson(std::string_view text, const ReadOptions& opts) {
    JsonReader reader;
    return reader.Read(text, opts);
}

}  // namespace kjerne::codec
