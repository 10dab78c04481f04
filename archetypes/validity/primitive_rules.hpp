// archetypes/validity/primitive_rules.hpp
//
// VCORMT for primitive constraints: a C_STRING, C_INTEGER, C_REAL, C_BOOLEAN or date/time
// constraint (C_PRIMITIVE_OBJECT) constrains a primitive RM value, so the RM attribute holding it
// must be of a primitive type (String, Integer, Real, Boolean, ISO 8601 strings …); a C_STRING
// under DV_CODED_TEXT.defining_code (a CODE_PHRASE) is such a misfit. Only openEHR EHR /
// DEMOGRAPHIC archetypes (the compiled-in RM 1.1.0 BMM), only attributes whose RM property is
// known. Stateless and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/validity/validator.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::validity {

void CheckPrimitiveConformance(const aom::Archetype& archetype, std::string_view file,
                               std::vector<Finding>& out);
// The same for an archetype bound to another reference model (bmm_reference_model.hpp), whatever
// its publisher.
void CheckPrimitiveConformance(const aom::Archetype& archetype, std::string_view file,
                               std::vector<Finding>& out, const bmm::Schema& rm);

}  // namespace kjerne::archetypes::validity
