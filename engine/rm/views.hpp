// engine/rm/views.hpp
//
// Typed access to the handful of RM attributes the engine itself reasons about (ids,
// names, template ids, composition header fields), without a class per RM type.
//
// Why it is fast: the schema table lists inherited attributes first and in the
// ancestor's order, so an attribute of LOCATABLE (name, archetype_node_id, uid,
// archetype_details ...) has the same slot in every LOCATABLE descendant, as DV_TEXT.value
// has in DV_CODED_TEXT and OBJECT_ID.value in every identifier. KnownSlots resolves those
// slots once and checks that invariant over the whole schema; a view is then a pointer
// plus direct slot reads (Node::Find over a handful of sorted attributes).
// Views do not own anything: they are valid as long as the Document is.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/node.hpp"

namespace kjerne::rm {

struct KnownSlots {
    // For the compiled-in RM schema; built once, immutable.
    static const KnownSlots& Rm();

    bmm::TypeId locatable, composition, event_context, dv_text, code_phrase, archetyped, object_id;
    // LOCATABLE, uniform over its descendants.
    bmm::Slot archetype_node_id, name, uid, archetype_details;
    // DV_TEXT (and DV_CODED_TEXT), OBJECT_ID (and every id type), CODE_PHRASE, ARCHETYPED.
    bmm::Slot text_value, defining_code, id_value, terminology_id, code_string, archetype_id, template_id;
    // COMPOSITION and EVENT_CONTEXT.
    bmm::Slot language, territory, category, composer, context, content, start_time;
};

// "value" of an OBJECT_ID / DV_TEXT child, or "" when absent.
std::string_view ValueOf(const Node* node);

class LocatableView {
public:
    explicit LocatableView(const Node* node) : node_(node), k_(KnownSlots::Rm()) {}
    bool valid() const;  // the node is a LOCATABLE
    const Node* node() const { return node_; }
    std::string_view archetype_node_id() const;
    std::string_view name() const;          // name/value
    std::string_view uid() const;           // uid/value
    std::string_view archetype_id() const;  // archetype_details/archetype_id/value
    std::string_view template_id() const;   // archetype_details/template_id/value

protected:
    const Node* Child(bmm::Slot slot) const;
    const Node* node_;
    const KnownSlots& k_;
};

class CompositionView : public LocatableView {
public:
    using LocatableView::LocatableView;
    bool valid() const;                     // the node is a COMPOSITION
    std::string_view language() const;      // language/code_string, e.g. "en"
    std::string_view territory() const;     // territory/code_string
    std::string_view category_code() const; // category/defining_code/code_string: 433 event, 431 persistent
    std::string_view start_time() const;    // context/start_time/value
    std::span<const Value> content() const;
};

// OBJECT_VERSION_ID: "object_id::creating_system_id::version_tree_id".
struct ObjectVersionId {
    std::string object_id;
    std::string creating_system_id;
    std::string version_tree_id;  // "1", or branched "1.2.1"

    static std::optional<ObjectVersionId> Parse(std::string_view text);
    std::string ToString() const { return object_id + "::" + creating_system_id + "::" + version_tree_id; }
};

}  // namespace kjerne::rm
