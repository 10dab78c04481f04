// archetypes/aom/archetype.hpp
//
// One archetype (or template / template overlay / operational template) as ADL 1.4 and ADL 2
// describe it: header (artefact kind, adl_version, uid, other header meta-data), id, parent id,
// the ODIN sections kept as generic trees (language, description, annotations, rm_overlay,
// component_terminologies), the definition's constraint tree, the terminology, and the rules
// (ADL 2 `rules`, ADL 1.4 `invariant`) as expression trees. ADL 1.4 codes are kept as
// written (at0000 …) unless adl::ConvertAdl14ToAdl2 turned them into ADL 2 codes; ADL 2 uses
// id/at/ac codes. Built by archetypes/adl; immutable after.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archetypes/aom/c_object.hpp"
#include "archetypes/aom/odin_value.hpp"
#include "archetypes/aom/rule_expr.hpp"
#include "archetypes/aom/terminology.hpp"

namespace kjerne::archetypes::aom {

struct SectionPos {
    uint32_t line = 0, col = 0;
};

struct Archetype {
    std::string artefact_type = "archetype";  // archetype | template | template_overlay | operational_template
    bool is_adl2 = false;                     // id-code syntax (ADL 2) vs ADL 1.4
    std::vector<std::pair<std::string, std::string>> header_meta;  // (adl_version=2.0.5; generated; ...)
    std::string adl_version, rm_release, uid, build_uid;
    bool is_controlled = false, is_generated = false;

    std::string archetype_id;         // as written (may carry a namespace "org.openehr::")
    std::string parent_archetype_id;  // specialise / specialize
    std::string concept_code;         // ADL 1.4 `concept [at0000]`
    std::string original_language;    // language.original_language code, e.g. "en"

    std::optional<OdinValue> language, description, annotations, rm_overlay, component_terminologies,
        terminology_odin, revision_history;
    std::unique_ptr<CObject> definition;
    ArchetypeTerminology terminology;
    std::map<std::string, std::vector<std::string>> value_sets;  // ADL 2: ac-code -> members
    std::vector<std::string> terminologies_available;
    std::vector<Expr> rules;          // ADL 2 rules / ADL 1.4 invariant
    // Set by adl::ConvertAdl14ToAdl2: ADL 2 code -> the ADL 1.4 code it was converted from
    // (id2 -> at0001, at6 -> at0005, ac2 -> ac0001), so data written against the ADL 1.4
    // archetype (archetype_node_id = at0001) still resolves. Empty for archetypes parsed as ADL 2.
    std::map<std::string, std::string> adl14_codes;

    SectionPos id_pos, definition_pos, terminology_pos;
    bool is_specialised() const { return !parent_archetype_id.empty(); }
};

}  // namespace kjerne::archetypes::aom
