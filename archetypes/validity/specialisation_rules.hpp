// archetypes/validity/specialisation_rules.hpp
//
// Phase-3 validity rules of the AM 2 specification: a specialised archetype (its differential
// form, as parsed; ADL 1.4 specialisations are complete trees, checked the same way against an
// ADL 1.4 parent) against the flat form of its parent. Each finding carries the spec's code,
// file:line:col and the archetype path, as the other rules (validator.hpp):
//   VACSD  root specialisation depth is the parent's + 1 (ADL 2)
//   VDIFP  a differential path names an object of the flat parent (`/data[id2]/events`: the
//          object /data[id2]; the last attribute may be new there); a one-segment path (`/state`)
//          names an attribute the flat parent's root constrains
//   VSSM   a sibling marker's before/after code names a node of the same container in the parent
//   VSONIN a node that is not in the parent's container carries a new code (id0.1 …), not a
//          code redefining a parent node (id11.1) nor a parent-level code
//   VSONPO a new node is not prohibited (occurrences 0)
//   VSONCO a redefined node's occurrences lie within the parent node's (several clones of one
//          node: their lower bounds together within its upper bound)
//   VSONCT a redefined node's RM type is the parent node's or a subtype (openEHR RM)
//   VSONT  a redefined node keeps its AOM kind (except: attribute-less object -> any non-primitive
//          kind, use_node <-> object, slot -> archetype root)
//   VSANCE / VSANCC  a redefined attribute's existence / cardinality lie within the parent's
//   VCARM / VCORMT  under differential paths: the attribute exists on the RM type of the parent
//          object the path names, and the objects' RM types conform to it (openEHR RM)
//   VATID  node ids of the parent's levels are defined in the flat parent's terminology
//   VATDF / VACDF  value codes / value-set codes of the parent's levels likewise
//   VPOV   a terminology constraint redefining the parent's only narrows it: a value-set code
//          the parent's or its specialisation (ac3 -> ac3.1), its codes a subset of the parent's
//          (value sets expanded; a value set defined nowhere at hand is not judged)
//   VDSSID a slot redefining a parent slot has the slot's very node id (ADL 2; ADL 1.4 narrowed
//          slots under specialised codes)
//   VARXID a filler (use_archetype) of a parent slot has a node id specialising the slot's (id2.1)
//   VARXS  a filler's archetype id is one the slot admits (its include / exclude archetype-id
//          regexes; slots with other assertions are not judged)
//   VARXR  a filler's archetype id names an archetype at hand (when the caller can tell)
//   VARXTV a filler's archetype id names an RM class conforming to the slot's RM type, or, for an
//          external reference new in the child, to the RM type of the parent's attribute
//          (openEHR RM)
//   VARXNC an external reference redefining a parent slot or external reference has a node id
//          conforming to that node's (the same or a specialisation): a root under a parent
//          attribute whose only slot / reference of a conforming archetype it fills or narrows,
//          matched by archetype id, but under another code
//   VARXAV an external reference redefining the parent's names an archetype that is the
//          parent's referenced archetype or specialises it (when the caller can tell)
//   VDSSP  a slot redefining a parent slot: the parent's slot is not closed
//   VDSSC  a slot redefinition either closes the slot or narrows it (states include / exclude
//          assertions), not both
// Stateless and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/validity/validator.hpp"

namespace kjerne::archetypes::validity {

// From `context` only the repository look-ups are used: `archetype_exists` (VARXR) and
// `archetype_descends` (VARXAV); either may be unset, its rule is then not checked.
std::vector<Finding> ValidateSpecialisation(const aom::Archetype& child,
                                            const aom::Archetype& flat_parent,
                                            std::string_view file,
                                            const ValidationContext& context = {});

}  // namespace kjerne::archetypes::validity
