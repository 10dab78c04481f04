// templates/opt/template.hpp
//
// Template: an operational template compiled into the AOM constraint tree
// (archetypes/aom), with the header fields (template id, uid, concept, language), the
// terminology of every component archetype in every language the OPT carries, the
// annotations, and indexes built once at load:
//   - by_path: AQL path ("/content[openEHR-EHR-OBSERVATION.bp.v2]/data[at0001]") -> CObject;
//   - by_node: (archetype root id, at-code) -> the CObjects with that node id in that root;
//   - roots:   archetype id -> the C_ARCHETYPE_ROOTs where it occurs (the AQL binder's view).
// Built by LoadOpt (templates/opt/opt_loader.hpp); immutable afterwards and shared as
// shared_ptr<const Template>. Pointers into the tree live as long as the Template.
// Thread-safety: immutable; share freely for reading.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "archetypes/aom/c_object.hpp"
#include "archetypes/aom/terminology.hpp"
#include "engine/common/error.hpp"

namespace kjerne::templates {

namespace aom = kjerne::archetypes::aom;

struct Annotation {
    std::string path;                          // archetype path as written in the OPT
    std::map<std::string, std::string> items;  // id -> text
};

struct Template {
    std::string template_id;
    std::string uid;
    std::string concept_name;  // <concept> (`concept` is a C++20 keyword)
    std::string language;  // ISO 639-1 code of the OPT's original language
    std::unique_ptr<aom::CObject> definition;  // the root C_ARCHETYPE_ROOT
    std::map<std::string, aom::ArchetypeTerminology, std::less<>> terminologies;  // by archetype id
    std::vector<Annotation> annotations;
    // The inline term definitions of each C_ARCHETYPE_ROOT (template language). They differ
    // between uses of one archetype when the template renames or redescribes nodes per use;
    // `terminologies` keeps the first use's. Keys point into `definition`.
    std::unordered_map<const aom::CObject*, aom::TermTable> root_terms;
    // Default values from the OPT's <constraints> section, by the AQL path of the attribute
    // they fill ("/content[...]/data[at0001]/.../items[at0004]/value"), then by field of the
    // default data value ("magnitude", "units", "value"; a coded field such as DV_ORDINAL's
    // symbol as "defining_code" with its code_string).
    std::map<std::string, std::map<std::string, std::string>, std::less<>> default_values;
    // Tolerated oddities found while loading (OPT_LEGACY_ATTRIBUTE, see legacy_attributes.hpp).
    std::vector<Issue> warnings;

    std::unordered_map<std::string, const aom::CObject*> by_path;
    std::map<std::pair<std::string, std::string>, std::vector<const aom::CObject*>, std::less<>> by_node;
    std::map<std::string, std::vector<const aom::CObject*>, std::less<>> roots;

    // The first CObject at an AQL path, or nullptr.
    const aom::CObject* FindByPath(std::string_view path) const;
    // The terminology of an archetype, or nullptr.
    const aom::ArchetypeTerminology* Terminology(std::string_view archetype_id) const;
    // The text of a code in the archetype that `obj` belongs to, in the template language.
    std::string_view TermText(const aom::CObject& obj, std::string_view code) const;

    // Fills by_path, by_node and roots, and each CObject's path / parent / archetype_root.
    void BuildIndexes();
};

}  // namespace kjerne::templates
