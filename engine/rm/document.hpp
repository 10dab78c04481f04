// engine/rm/document.hpp
//
// Owns one RM object tree (a COMPOSITION, EHR_STATUS, FOLDER, ...): its arena and its
// root. Movable, not copyable (use Clone()). Build nodes with NewNode(), which copies
// and sorts the attributes into the arena.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/arena.hpp"
#include "engine/rm/node.hpp"

namespace kjerne::rm {

class Document {
public:
    explicit Document(const bmm::Schema& schema = bmm::Schema::Rm()) : schema_(&schema) {}
    Document(Document&&) noexcept = default;
    Document& operator=(Document&&) noexcept = default;

    const bmm::Schema& schema() const { return *schema_; }
    Node* root() const { return root_; }
    void set_root(Node* root) { root_ = root; }
    Arena& arena() { return arena_; }

    // A node of `type` with the given attributes (copied; sorted by slot).
    Node* NewNode(bmm::TypeId type, std::span<const Attr> attrs, bmm::TypeId generic_arg = bmm::kNoType,
                  uint16_t flags = kNodeTypeTagged);
    // A node over attributes already placed in this document's arena (e.g. filled in
    // place by a reader); sorts them by slot if needed. Saves NewNode's copy.
    Node* AdoptNode(bmm::TypeId type, Attr* attrs, uint16_t n, bmm::TypeId generic_arg, uint16_t flags);
    Value NewString(std::string_view s) { return Value::String(arena_.CopyString(s)); }
    Value NewList(std::span<const Value> items);

    // Replace or add one attribute of `node` (allocates a new attribute array).
    void SetAttr(Node* node, bmm::Slot slot, Value value);
    // Deep copy into a new document.
    Document Clone() const;

private:
    const bmm::Schema* schema_;
    Arena arena_;
    Node* root_ = nullptr;
};

// Deep structural equality of two values (types, attributes, list order, primitives).
bool Equal(const Value& a, const Value& b);
bool Equal(const Node& a, const Node& b);

// Where two documents first differ, as an RM path ("/content[2]/name/value: ..."),
// or nullopt when equal. For test failure messages.
std::optional<std::string> FirstDifference(const Document& a, const Document& b);

}  // namespace kjerne::rm
