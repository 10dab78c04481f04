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

#include <vector>

#include "engine/common/error.hpp"
#include "engine/rm/node.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates {

std::vector<Issue> Validate(const Template& tpl, const rm::Node& root);

}  // namespace kjerne::templates
