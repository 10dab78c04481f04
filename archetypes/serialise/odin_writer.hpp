// archetypes/serialise/odin_writer.hpp
//
// aom::OdinValue trees back to ODIN text, so that archetypes/adl's ODIN parser reads the same
// tree again (keys, type markers, atom kinds and texts, single-item lists as `"a", ...`).
// Used for the language, description, terminology, annotations, rm_overlay,
// component_terminologies and revision_history sections. Pure functions; thread-safe.
#pragma once

#include <string>

#include "archetypes/aom/odin_value.hpp"

namespace kjerne::archetypes::serialise {

// The members of a section-level object as `name = <...>` lines at `depth` tabs.
void WriteOdinAttrList(std::string& out, const aom::OdinValue& object, int depth);
// One value block `(TYPE) <...>` (no leading indentation; nested lines at depth + 1).
void WriteOdinValue(std::string& out, const aom::OdinValue& value, int depth);

}  // namespace kjerne::archetypes::serialise
