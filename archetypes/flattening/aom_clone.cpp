// archetypes/flattening/aom_clone.cpp — see aom_clone.hpp.
#include "archetypes/flattening/aom_clone.hpp"

#include <map>

namespace kjerne::archetypes::flattening {

namespace {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;

std::unique_ptr<CObject> CloneInto(const CObject& o,
                                   std::map<const CObject*, const CObject*>& moved);

CAttribute CloneAttr(const CAttribute& a, std::map<const CObject*, const CObject*>& moved) {
    CAttribute c;
    c.rm_attribute_name = a.rm_attribute_name;
    c.slot = a.slot;
    c.is_multiple = a.is_multiple;
    c.existence = a.existence;
    c.cardinality = a.cardinality;
    c.differential_path = a.differential_path;
    c.line = a.line;
    c.col = a.col;
    for (const auto& child : a.children) c.children.push_back(CloneInto(*child, moved));
    return c;
}

std::unique_ptr<CObject> CloneInto(const CObject& o,
                                   std::map<const CObject*, const CObject*>& moved) {
    auto c = std::make_unique<CObject>();
    c->kind = o.kind;
    c->rm_type_name = o.rm_type_name;
    c->rm_type = o.rm_type;
    c->node_id = o.node_id;
    c->original_node_id = o.original_node_id;
    c->archetype_id = o.archetype_id;
    c->occurrences = o.occurrences;
    c->detail = o.detail;
    c->path = o.path;
    c->line = o.line;
    c->col = o.col;
    c->sibling_order = o.sibling_order;
    c->any_allowed = o.any_allowed;
    for (const auto& a : o.attributes) c->attributes.push_back(CloneAttr(a, moved));
    moved[&o] = c.get();
    // tuple rows point at objects owned by the member attributes, copied just above
    c->tuples = o.tuples;
    for (auto& t : c->tuples)
        for (auto& row : t.tuples)
            for (auto& p : row) {
                auto it = moved.find(p);
                p = it == moved.end() ? nullptr : it->second;
            }
    return c;
}

bool CarriesId(CObjectKind k) {
    return k == CObjectKind::kComplexObject || k == CObjectKind::kArchetypeRoot ||
           k == CObjectKind::kArchetypeSlot || k == CObjectKind::kInternalRef;
}

void RelinkBelow(CObject& o, const CObject* root) {
    const CObject* my_root = o.kind == CObjectKind::kArchetypeRoot ? &o : root;
    o.archetype_root = my_root;
    for (auto& attr : o.attributes) {
        attr.parent = &o;
        for (auto& c : attr.children) {
            c->parent = &attr;
            std::string p = (o.parent ? o.path : std::string()) + "/" + attr.rm_attribute_name;
            const std::string& id = c->node_id.empty() ? c->archetype_id : c->node_id;
            if (CarriesId(c->kind) && !id.empty()) p += "[" + id + "]";
            c->path = std::move(p);
            RelinkBelow(*c, my_root);
        }
    }
}

}  // namespace

std::unique_ptr<CObject> CloneObject(const CObject& o) {
    std::map<const CObject*, const CObject*> moved;
    return CloneInto(o, moved);
}

CAttribute CloneAttribute(const CAttribute& a) {
    std::map<const CObject*, const CObject*> moved;
    return CloneAttr(a, moved);
}

std::unique_ptr<aom::Archetype> CloneArchetype(const aom::Archetype& a) {
    auto c = std::make_unique<aom::Archetype>();
    c->artefact_type = a.artefact_type;
    c->is_adl2 = a.is_adl2;
    c->header_meta = a.header_meta;
    c->adl_version = a.adl_version;
    c->rm_release = a.rm_release;
    c->uid = a.uid;
    c->build_uid = a.build_uid;
    c->is_controlled = a.is_controlled;
    c->is_generated = a.is_generated;
    c->archetype_id = a.archetype_id;
    c->parent_archetype_id = a.parent_archetype_id;
    c->concept_code = a.concept_code;
    c->original_language = a.original_language;
    c->language = a.language;
    c->description = a.description;
    c->annotations = a.annotations;
    c->rm_overlay = a.rm_overlay;
    c->component_terminologies = a.component_terminologies;
    c->terminology_odin = a.terminology_odin;
    c->revision_history = a.revision_history;
    if (a.definition) {
        c->definition = CloneObject(*a.definition);
        c->definition->parent = nullptr;
        c->definition->path = "/";
        Relink(*c->definition);
    }
    c->terminology = a.terminology;
    c->value_sets = a.value_sets;
    c->terminologies_available = a.terminologies_available;
    c->rules = a.rules;
    c->adl14_codes = a.adl14_codes;
    c->id_pos = a.id_pos;
    c->definition_pos = a.definition_pos;
    c->terminology_pos = a.terminology_pos;
    return c;
}

void Relink(CObject& root) {
    root.parent = nullptr;
    root.path = "/";
    RelinkBelow(root, nullptr);
}

}  // namespace kjerne::archetypes::flattening
