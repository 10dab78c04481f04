// archetypes/flattening/specialisation_codes.hpp
//
// The specialisation structure of ADL codes (AOM 2 "code specialisation"): id4.1 redefines id4
// at level 1; id4.0.1 redefines id4 at level 2 where level 1 left it alone; id0.1 (ADL 1.4
// at0.1) is a node new at level 1. ADL 1.4 at-codes follow the same rule (at0000.1 redefines
// at0000; only a first component written exactly "0" means "new"). Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kjerne::archetypes::flattening {

// Number of dots: id4 -> 0, id4.1 -> 1, id4.0.1 -> 2.
int CodeDepth(std::string_view code);
// The code `code` stands for in an archetype of specialisation depth `parent_depth`: itself when
// it is not deeper; else the code cut to parent_depth + 1 components with trailing ".0"
// components dropped (id4.0.1, 1 -> id4; id4.1.1, 1 -> id4.1); "" when the node is new at a
// deeper level (id0.1, id0.0.1, at0.1).
std::string CodeInParent(std::string_view code, int parent_depth);

}  // namespace kjerne::archetypes::flattening
