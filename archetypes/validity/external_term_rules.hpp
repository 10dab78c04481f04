// archetypes/validity/external_term_rules.hpp
//
// VETDF (AOM 2 archetype validity, external term validity): each external term an archetype uses
// must exist in its terminology. Of the external terminologies only the openEHR terminology's
// code shape is known without a terminology service: its concepts are identified by integers
// (433 "event", 125 "mass"), so a term in terminology "openehr" whose code is not an integer
// exists nowhere in it. Checked where such terms are used: term bindings to "openehr"
// (`[openehr::125]`, `<http://openehr.org/id/125>`, e.g. the binding that gives a
// DV_QUANTITY.property code its meaning), code phrases of the definition in terminology
// "openehr", and C_DV_QUANTITY property codes. Codes of other terminologies (SNOMED CT, LOINC, …)
// cannot be verified here; the spec's warning for them ("no verification was possible") is not
// raised, as it would be raised for nearly every bound archetype and say nothing about it.
// Findings as the other rules: code, file:line:col, archetype path. Stateless and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/validity/validator.hpp"

namespace kjerne::archetypes::validity {

void CheckExternalTerms(const aom::Archetype& archetype, std::string_view file,
                        std::vector<Finding>& out);

}  // namespace kjerne::archetypes::validity
