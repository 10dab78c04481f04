// engine/rm/node.hpp
//
// The generic RM tree. One Node type serves every RM class: its TypeId points into
// bmm::Schema, and its attributes are (slot, Value) pairs kept sorted by slot, i.e.
// in canonical order. A Value is a primitive (bool / int64 / double / string), a child
// Node, or a list (RM List/Set/Array; a Hash is a list of alternating key/value
// strings). Nodes, attribute arrays and strings all live in the owning Document's
// arena; these structs are plain views and never free anything.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"

namespace kjerne::rm {

struct Node;

enum class ValueKind : uint8_t { kNull, kBool, kInt, kReal, kString, kNode, kList };

struct Value {
    ValueKind kind = ValueKind::kNull;
    union {
        bool b;
        int64_t i;
        double d;
        struct { const char* data; size_t size; } s;
        Node* node;
        struct { Value* items; size_t size; } list;
    } u{};

    static Value Bool(bool v) { Value x; x.kind = ValueKind::kBool; x.u.b = v; return x; }
    static Value Int(int64_t v) { Value x; x.kind = ValueKind::kInt; x.u.i = v; return x; }
    static Value Real(double v) { Value x; x.kind = ValueKind::kReal; x.u.d = v; return x; }
    // `s` must outlive the value: pass a string owned by the Document's arena.
    static Value String(std::string_view s) {
        Value x; x.kind = ValueKind::kString; x.u.s = {s.data(), s.size()}; return x;
    }
    static Value Of(Node* n) { Value x; x.kind = ValueKind::kNode; x.u.node = n; return x; }
    static Value List(Value* items, size_t n) {
        Value x; x.kind = ValueKind::kList; x.u.list = {items, n}; return x;
    }

    bool is_null() const { return kind == ValueKind::kNull; }
    bool is_node() const { return kind == ValueKind::kNode; }
    bool is_list() const { return kind == ValueKind::kList; }
    bool is_string() const { return kind == ValueKind::kString; }
    std::string_view str() const { return kind == ValueKind::kString ? std::string_view(u.s.data, u.s.size) : std::string_view(); }
    Node* node() const { return kind == ValueKind::kNode ? u.node : nullptr; }
    std::span<Value> items() const { return kind == ValueKind::kList ? std::span<Value>(u.list.items, u.list.size) : std::span<Value>(); }
};

struct Attr {
    bmm::Slot slot;
    Value value;
};

// Node::flags bits.
// kNodeTypeTagged: the node's type is stated explicitly (`_type` / xsi:type) when written
// even where the attribute's static type makes it inferable. Readers set it exactly when
// the input carried a tag, so a document keeps its own style through JSON <-> XML round
// trips; nodes built in code get it by default (the EHRbase style: `_type` everywhere).
// Writers always state the type where it cannot be inferred.
inline constexpr uint16_t kNodeTypeTagged = 1;

struct Node {
    bmm::TypeId type = bmm::kNoType;
    bmm::TypeId generic_arg = bmm::kNoType;  // e.g. DV_INTERVAL<DV_QUANTITY>: DV_QUANTITY
    uint16_t n_attrs = 0;                    // at most the class's property count
    uint16_t flags = kNodeTypeTagged;
    Attr* attrs = nullptr;                   // sorted by slot, no duplicates

    bool type_tagged() const { return flags & kNodeTypeTagged; }

    std::span<const Attr> attributes() const { return {attrs, n_attrs}; }

    // The value in `slot`, or nullptr when the attribute is absent.
    const Value* Find(bmm::Slot slot) const {
        for (uint16_t i = 0; i < n_attrs; ++i) {
            if (attrs[i].slot == slot) return &attrs[i].value;
            if (attrs[i].slot > slot) break;
        }
        return nullptr;
    }
    // Convenience by name (a linear scan of the class's properties; cache the slot in
    // hot code: schema.FindSlot(type, "name")).
    const Value* Find(const bmm::Schema& schema, std::string_view prop) const {
        bmm::Slot s = schema.FindSlot(type, prop);
        return s == bmm::kNoSlot ? nullptr : Find(s);
    }
    Node* Child(const bmm::Schema& schema, std::string_view prop) const {
        const Value* v = Find(schema, prop);
        return v ? v->node() : nullptr;
    }
    std::string_view String(const bmm::Schema& schema, std::string_view prop) const {
        const Value* v = Find(schema, prop);
        return v ? v->str() : std::string_view();
    }
};

}  // namespace kjerne::rm
