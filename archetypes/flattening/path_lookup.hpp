// archetypes/flattening/path_lookup.hpp
//
// Finding the object an archetype path names in a (flat parent's) constraint tree, the way a
// specialised archetype's differential paths and sibling markers refer to parent nodes: a
// segment's [code] matches a node of that code or the node it specialises
// (CodeInParent); a segment without a predicate names its attribute's only child. Read-only.
#pragma once

#include <string_view>
#include <vector>

#include "archetypes/aom/c_object.hpp"

namespace kjerne::archetypes::flattening {

struct PathStep {
    std::string_view attribute, code;  // "data", "id2"; code empty when the segment has none
};
// "/data[id2]/events" -> (data, id2), (events, ""); false when it is not an absolute path.
bool SplitArchetypePath(std::string_view path, std::vector<PathStep>& out);

// The object `path` names below `from` (`from` itself for "" or "/"), or nullptr. `parent_depth`
// is the specialisation depth of the tree's archetype.
const aom::CObject* FindObject(const aom::CObject& from, std::string_view path, int parent_depth);
// The child of `attr` whose node id is `code` or what `code` specialises, or nullptr.
const aom::CObject* FindChild(const aom::CAttribute& attr, std::string_view code, int parent_depth);

}  // namespace kjerne::archetypes::flattening
