// archetypes/flattening/aom_clone.hpp
//
// Deep copies of AOM trees, which flattening starts from (the flat parent is copied, then the
// child's differential constraints are overlaid on the copy), and the relinking a changed tree
// needs: parent/root back links, CObject paths by the parser's rule (objects carrying an id add
// [id]) and tuple members pointing at the copied objects. Pure functions on their arguments.
#pragma once

#include <memory>

#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::flattening {

// A copy of `o` and everything under it; tuples point into the copy. Links are not set:
// call Relink on the finished tree.
std::unique_ptr<aom::CObject> CloneObject(const aom::CObject& o);
// A copy of one attribute and its children (same caveat).
aom::CAttribute CloneAttribute(const aom::CAttribute& a);
// A copy of the whole archetype, definition relinked.
std::unique_ptr<aom::Archetype> CloneArchetype(const aom::Archetype& a);
// Sets parent / archetype_root links and recomputes every path below `root` ("/" for the root).
void Relink(aom::CObject& root);

}  // namespace kjerne::archetypes::flattening
