// archetypes/adl/adl14_domain_types.hpp
//
// Internal to archetypes/adl (used by adl14_to_adl2.cpp): the ADL 1.4 archetype-profile
// domain types rewritten, in place, as the ADL 2 constraints they are there.
//   - OrdinalAsTuple: `1|[local::at2], 2|[local::at3]` → DV_ORDINAL with a [value, symbol]
//     tuple (values INTEGER, or REAL when not whole; symbols TERMINOLOGY_CODE).
//   - QuantityAsAdl2: C_DV_QUANTITY <property, list> → DV_QUANTITY with a property attribute
//     and, for one unit, magnitude / precision / units attributes, for several a
//     [magnitude, precision, units] tuple. Left as it is (false) when the units differ in
//     which fields they constrain (a tuple needs every member in every row) or a magnitude is
//     unbounded both ways (|*..*| would read back as an Integer interval).
// Both return false and leave the object alone when it is not of their kind. The new
// children's parent links are left to the caller; codes are taken as they are (convert them
// before). Not thread-safe on the same object.
#pragma once

#include "archetypes/aom/c_object.hpp"

namespace kjerne::archetypes::adl {

bool OrdinalAsTuple(aom::CObject& o);
bool QuantityAsAdl2(aom::CObject& o);

}  // namespace kjerne::archetypes::adl
