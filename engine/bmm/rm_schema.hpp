// engine/bmm/rm_schema.hpp
//
// The openEHR Reference Model as data: every RM 1.1.0 / BASE 1.1.0 class with its
// ancestors, abstractness, generic parameter and flattened properties, derived from
// the official BMM files (engine/bmm/gen/rm_schema_gen.py; the table is compiled in
// from rm_schema_110.inc). Every generic feature — codecs, validator, paths, AQL —
// walks rm::Node trees with this schema instead of 150 hand-written classes.
//
// Ids are small integers: TypeId indexes classes; a property is addressed by its
// "slot", its index in the class's flattened property list. Inherited properties keep
// their ancestor's slots (LOCATABLE.name is slot 1 in every descendant), own properties
// follow in ITS-XML order; slot order is the canonical JSON order, and xml_order gives
// the ITS-XML sequence where the XSD orders inherited elements differently (DV_INTERVAL).
// Thread-safety: immutable after construction; Schema::Rm() is built once and may be
// shared freely across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::bmm {

using TypeId = uint16_t;
inline constexpr TypeId kNoType = 0xFFFF;
using Slot = uint16_t;
inline constexpr Slot kNoSlot = 0xFFFF;

// How a primitive (non-node) value is represented in an rm::Value.
enum class PrimKind : uint8_t {
    kNone,     // not a primitive: a class whose instances are rm::Node
    kString,   // String, Character, Uri, ISO 8601 strings, Octet arrays (base64)
    kInteger,  // Integer, Integer64, Byte, integer-coded enumerations
    kReal,     // Real, Double
    kBoolean,
    kAny,      // Any: whatever the document holds
};

enum class Container : uint8_t { kSingle, kList, kSet, kArray, kHash };

struct PropDef {
    std::string name;
    TypeId type = kNoType;         // static type (for an open generic property: the bound)
    TypeId generic_arg = kNoType;  // e.g. DV_INTERVAL<DV_QUANTITY>: DV_QUANTITY
    TypeId xml_type = kNoType;     // the ITS-XML element's declared type (xsi:type rule)
    Container container = Container::kSingle;
    bool mandatory = false;
    bool open_generic = false;     // declared type is the owner's generic parameter T
    bool xml_attribute = false;    // serialised as an XML attribute (archetype_node_id)

    bool is_multiple() const { return container != Container::kSingle; }
};

struct ClassDef {
    std::string name;
    TypeId id = kNoType;
    bool is_abstract = false;
    bool is_generic = false;
    PrimKind prim = PrimKind::kNone;
    TypeId generic_bound = kNoType;   // conforms_to_type of the generic parameter, if any
    std::vector<TypeId> parents;      // direct ancestors
    std::vector<PropDef> props;       // flattened, ancestors' first; index = Slot
    std::vector<Slot> xml_order;      // the ITS-XML element order (a permutation of the slots)
    std::vector<uint64_t> supertypes; // bitset over TypeId: this type and all ancestors
    std::vector<uint32_t> prop_keys;  // per slot: PropKey(name), a cheap pre-filter for FindSlot

    bool is_primitive() const { return prim != PrimKind::kNone; }
};

// FNV-1a of a class name (Schema's name table).
uint32_t NameHash(std::string_view s);

class Schema {
public:
    // The compiled-in RM 1.1.0 schema. Never fails (a broken table is a build defect
    // caught by tests); built on first use.
    static const Schema& Rm();

    // Parse a table in the generator's text format.
    static Result<std::unique_ptr<Schema>> FromTable(std::string_view table);

    size_t size() const { return classes_.size(); }
    const ClassDef& Class(TypeId id) const { return classes_[id]; }
    std::string_view Name(TypeId id) const { return id == kNoType ? std::string_view("?") : classes_[id].name; }

    // Exact class name, or a generic form "DV_INTERVAL<DV_QUANTITY>" (the argument is
    // ignored here). kNoType when unknown.
    TypeId Find(std::string_view name) const;

    bool IsSubtypeOf(TypeId sub, TypeId super) const {
        if (sub == kNoType || super == kNoType) return false;
        const auto& bits = classes_[sub].supertypes;
        return (bits[super >> 6] >> (super & 63)) & 1u;
    }

    // Slot of a property by name, kNoSlot if the class has none.
    Slot FindSlot(TypeId type, std::string_view prop) const { return FindSlotFrom(type, prop, 0); }
    // The same, trying slots from `hint` onwards first: readers pass the slot after the
    // previous key, which is a hit at once for documents in canonical order.
    Slot FindSlotFrom(TypeId type, std::string_view prop, size_t hint) const;
    const PropDef& Prop(TypeId type, Slot slot) const { return classes_[type].props[slot]; }

    // Effective static type of a property on an instance of `owner`, given the type
    // argument bound on the owner (e.g. the parent's DV_INTERVAL<DV_QUANTITY>).
    TypeId StaticType(const PropDef& prop, TypeId owner_generic_arg) const {
        if (prop.open_generic && owner_generic_arg != kNoType) return owner_generic_arg;
        return prop.type;
    }

    // Length and first/last bytes of a name: FindSlot compares bytes only when these match,
    // which is what makes attribute lookup cheap in the readers' inner loop.
    static uint32_t PropKey(std::string_view name) {
        if (name.empty()) return 0;
        return static_cast<uint32_t>(name.size()) | (static_cast<uint32_t>(static_cast<unsigned char>(name.front())) << 16) |
               (static_cast<uint32_t>(static_cast<unsigned char>(name.back())) << 24);
    }

private:
    Schema() = default;
    std::vector<ClassDef> classes_;
    // Open-addressing table of class names (views into classes_[i].name), FNV-1a hashed:
    // Find runs for nearly every `_type` a reader meets, so it avoids std::hash's cost.
    std::vector<std::pair<std::string_view, TypeId>> by_name_;
    size_t name_mask_ = 0;
};

}  // namespace kjerne::bmm
