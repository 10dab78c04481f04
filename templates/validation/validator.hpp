// templates/validation/validator.hpp
//
// Validate: an RM object (a COMPOSITION, or any archetyped root) against an operational
// template and the RM. Walks the RM tree and the constraint tree together, top-down, and
// never stops at the first problem: every finding is an Issue with the instance path
// (rm::PathBuilder form, /content[1]/data/events[1]/data/items[2]/value), the constraint
// path (/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]/...), a stable code and a
// message. An empty vector means valid.
//
// Codes (issue_codes.hpp): TYPE, NOT_IN_TEMPLATE, ARCHETYPE_ID, TEMPLATE_ID, RM_REQUIRED,
// OCCURRENCES, CARDINALITY, PRIMITIVE, PATTERN, NOT_IN_LIST, RANGE, UNITS, MAGNITUDE,
// PRECISION, ORDINAL, TERMINOLOGY, CODE_NOT_IN_LIST, SLOT, NAME, RM_INVARIANT.
// Thread-safety: reentrant; the Template is only read.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "engine/common/error.hpp"
#include "engine/rm/node.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates {

std::vector<Issue> Validate(const Template& tpl, const rm::Node& root);

// The same walk, also telling `on_match` which constraint object each RM node was checked
// against: called once per node the walker assigned to a CObject (the root with the
// template's definition first, then top-down in document order), with the node's instance
// path. Trial matches (several candidate alternatives) are not reported, only the pick;
// an ARCHETYPE_INTERNAL_REF is reported as its target. Nodes under an archetype slot or an
// unconstrained attribute are checked against the RM only and are not reported. For tools
// that need the data <-> constraint pairing (the mutation suite in tests/templates).
using MatchObserver = std::function<void(std::string_view rm_path, const rm::Node& node, const aom::CObject& c)>;
std::vector<Issue> Validate(const Template& tpl, const rm::Node& root, const MatchObserver& on_match);

}  // namespace kjerne::templates
