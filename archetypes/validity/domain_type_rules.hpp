// archetypes/validity/domain_type_rules.hpp
//
// Validity rules of the openEHR archetype profile's domain types, phase 1 (one archetype on its
// own):
//   VCOV   the values of one ordinal constraint are unique: two items of a DV_ORDINAL (or
//          DV_SCALE) with the same value would make the value ambiguous, since ordinal data is
//          compared and ordered by it. Both forms are checked: ADL 2 `[value, symbol]` tuples and
//          openEHR-profile C_DV_ORDINAL blocks that ADL 2 files may still hold. Only archetypes
//          authored in ADL 2: the rule is AOM 2's (the ADL 2 test suite's
//          VCOV_value_duplicated_in_ordinal); the AOM 1.4 openEHR profile defines C_DV_ORDINAL.list
//          as a set of (value, symbol) ordinals, so one value under two symbols is legal there, and
//          published ADL 1.4 scores rely on it (NEWS2 gives 3 points to both <= 8 and >= 25
//          breaths/min). An ADL 1.4 archetype converted to ADL 2 codes keeps its 1.4 meaning and is
//          not judged either.
// Findings as the other rules: the spec code, file:line:col of the ordinal object and its
// archetype path. Stateless and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/validity/validator.hpp"

namespace kjerne::archetypes::validity {

void CheckDomainTypes(const aom::Archetype& archetype, std::string_view file,
                      std::vector<Finding>& out);

}  // namespace kjerne::archetypes::validity
