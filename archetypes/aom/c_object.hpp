// archetypes/aom/c_object.hpp
//
// The constraint tree of the openEHR Archetype Object Model (AOM 1.4, as operational
// templates use it; ADL parsing fills the same model). A CObject constrains one RM object:
// its RM type, node id, occurrences and, by kind,
//   - C_COMPLEX_OBJECT / C_ARCHETYPE_ROOT: attributes (CAttribute) with their children;
//     a root also names its archetype id (and is where that archetype's terminology applies);
//   - ARCHETYPE_SLOT: include/exclude assertions, kept as archetype-id regex patterns;
//   - ARCHETYPE_INTERNAL_REF: a path to another node of the same archetype it reuses;
//   - CONSTRAINT_REF: an ac-code whose definition is in the terminology;
//   - C_PRIMITIVE_OBJECT: one CPrimitive;
//   - C_DV_QUANTITY, C_DV_ORDINAL (and C_DV_SCALE), C_CODE_PHRASE (and C_CODE_REFERENCE).
// A CAttribute has existence, and when multiple-valued a cardinality (ordered, unique,
// interval). Trees are built once by a loader and then never change: children are owned
// by unique_ptr, `parent` and `root` are non-owning back links valid as long as the tree.
// Thread-safety: immutable after construction; share freely for reading.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "archetypes/aom/c_domain_types.hpp"
#include "archetypes/aom/c_primitive.hpp"
#include "archetypes/aom/interval.hpp"
#include "archetypes/aom/rule_expr.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::aom {

enum class CObjectKind : uint8_t {
    kComplexObject,     // C_COMPLEX_OBJECT
    kArchetypeRoot,     // C_ARCHETYPE_ROOT
    kArchetypeSlot,     // ARCHETYPE_SLOT
    kInternalRef,       // ARCHETYPE_INTERNAL_REF
    kConstraintRef,     // CONSTRAINT_REF
    kPrimitiveObject,   // C_PRIMITIVE_OBJECT
    kDvQuantity,        // C_DV_QUANTITY
    kDvOrdinal,         // C_DV_ORDINAL, C_DV_SCALE
    kCodePhrase,        // C_CODE_PHRASE, C_CODE_REFERENCE
};

const char* CObjectKindName(CObjectKind kind);

struct ArchetypeSlot {
    std::vector<std::string> includes;  // archetype-id regexes (from archetype_id/value matches {/…/})
    std::vector<std::string> excludes;
    bool is_closed = false;             // ADL 2 `closed`
    bool has_other_assertions = false;  // assertions other than archetype_id/value matches {/re/}
    // The assertions as parsed (the regexes above are derived from them); kept so a writer
    // can reproduce slots whose assertions are more than archetype-id regexes.
    std::vector<Expr> include_assertions, exclude_assertions;
};

struct InternalRef {
    std::string target_path;
};

struct ConstraintRef {
    std::string reference;  // ac-code
};

struct Cardinality {
    bool is_ordered = true;
    bool is_unique = false;
    MultiplicityInterval interval;
};

struct CObject;

struct CAttribute {
    std::string rm_attribute_name;
    bmm::Slot slot = bmm::kNoSlot;      // in the parent's RM type
    bool is_multiple = false;           // C_MULTIPLE_ATTRIBUTE
    std::optional<MultiplicityInterval> existence;
    std::optional<Cardinality> cardinality;  // multiple attributes only
    std::vector<std::unique_ptr<CObject>> children;
    const CObject* parent = nullptr;
    // Filled by the ADL parser (0 / empty from OPT loading):
    std::string differential_path;      // ADL 2 `/data[id2]/events matches {...}`: the path before the name
                                        // ("/" for `/state`: the root; empty = a plain attribute)
    uint32_t line = 0, col = 0;         // source position of the attribute name
};

// ADL 2 tuple constraint `[value, symbol] matches {[{...}, {...}], ...}` on one object: the
// member attribute names and, per tuple, one primitive object per member (the members'
// CAttributes also hold every alternative, as Archie does).
struct CAttributeTuple {
    std::vector<std::string> members;
    std::vector<std::vector<const CObject*>> tuples;  // non-owning: owned by the members' attributes
};

using CObjectDetail = std::variant<std::monostate, ArchetypeSlot, InternalRef, ConstraintRef, CPrimitive,
                                   CDvQuantity, CDvOrdinal, CCodePhrase>;

struct CObject {
    CObjectKind kind = CObjectKind::kComplexObject;
    std::string rm_type_name;             // as written, e.g. "DV_INTERVAL<DV_QUANTITY>"
    bmm::TypeId rm_type = bmm::kNoType;
    std::string node_id;                  // at-code; empty for most leaves
    std::string original_node_id;         // after ADL 1.4 -> 2 conversion: the ADL 1.4 code (data paths use it)
    std::string archetype_id;             // C_ARCHETYPE_ROOT only
    std::optional<MultiplicityInterval> occurrences;
    std::vector<CAttribute> attributes;   // complex objects and archetype roots
    CObjectDetail detail;                 // by kind (see above)

    const CAttribute* parent = nullptr;   // the attribute holding this object; nullptr at the root
    const CObject* archetype_root = nullptr;  // nearest enclosing C_ARCHETYPE_ROOT (itself for roots)
    std::string path;                     // AQL path from the template root, e.g. /content[openEHR-EHR-…]/data[at0001]
    // Filled by the ADL parser (0 / empty from OPT loading):
    uint32_t line = 0, col = 0;           // source position of the type name
    std::string sibling_order;            // ADL 2 "before[id3]" / "after[id3]"
    std::vector<CAttributeTuple> tuples;  // ADL 2 tuples on this object
    bool any_allowed = false;             // `matches {*}`

    bool is_root() const { return kind == CObjectKind::kArchetypeRoot; }
    // The id children are matched by: the archetype id for roots, else the node id.
    std::string_view match_id() const { return is_root() ? std::string_view(archetype_id) : std::string_view(node_id); }
    const CAttribute* FindAttribute(std::string_view name) const;

    const ArchetypeSlot* slot() const { return std::get_if<ArchetypeSlot>(&detail); }
    const CPrimitive* primitive() const { return std::get_if<CPrimitive>(&detail); }
    const CDvQuantity* quantity() const { return std::get_if<CDvQuantity>(&detail); }
    const CDvOrdinal* ordinal() const { return std::get_if<CDvOrdinal>(&detail); }
    const CCodePhrase* code_phrase() const { return std::get_if<CCodePhrase>(&detail); }
    const ConstraintRef* constraint_ref() const { return std::get_if<ConstraintRef>(&detail); }
    const InternalRef* internal_ref() const { return std::get_if<InternalRef>(&detail); }
};

}  // namespace kjerne::archetypes::aom
