// archetypes/aom/aom_diff.hpp
//
// Structural equality of two AOM archetypes, reporting the first difference: what a parse →
// write → parse round trip must preserve. Compared: header and ids, every ODIN section (keys,
// type markers, atom kinds and texts), the constraint tree (kinds, RM types, node ids,
// occurrences, existence, cardinality, paths, every primitive and domain-type constraint,
// slot assertions, tuples, sibling order), the interpreted terminology, value sets and the
// rules. Not compared, because no ADL text carries them: source positions (line:col) and the
// ADL 1.4 origin of converted codes (CObject::original_node_id, Archetype::adl14_codes).
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::aom {

// nullopt when equal, else "<where>: <what differs>" for the first difference found, e.g.
// "/data[id2]/events[id3]/occurrences: 0..1 vs 0..*" or "terminology_odin/term_definitions[en]: ...".
std::optional<std::string> FirstDifference(const Archetype& a, const Archetype& b);

}  // namespace kjerne::archetypes::aom
