// archetypes/flattening/flatten.hpp
//
// Flattening of a specialised archetype against its flat parent (AOM 2 / ADL 2 semantics): the
// result is the parent's constraint tree with the child's differential constraints overlaid.
//   - an attribute under a differential path (/data[id2]/events) applies to the object that
//     path names in the parent; the root's other attributes apply to the root;
//   - a child object redefines the parent object whose code it specialises (id4.1 -> id4,
//     id4.0.1 -> id4, the same code -> the same node); several redefinitions of one node
//     (clones) take its place, and it stays after them when its occurrences allow more than
//     one and the child does not restate it (e.g. to close it with {0}); a restated node stays
//     in place with its clones after it; an id-less object (primitive, domain type) replaces
//     the parent's id-less objects of that attribute;
//   - a redefined object takes the child's RM type, node id, kind and primitive/slot detail,
//     and its occurrences when stated; its attributes are the parent's merged with the
//     child's (recursively); `matches {*}` keeps the parent's constraints;
//   - new objects (id0.1 …) go where their before[idN]/after[idN] marker says (the marker
//     also places the unmarked new siblings that follow it), else at the end;
//   - occurrences {0} stay in the flat form (closed alternatives, so a grandchild cannot
//     reopen them);
//   - attribute existence/cardinality: the child's when stated;
//   - terminology: the parent's terms, the child's overriding and added, per language
//     (constraint definitions and bindings alike); value sets likewise; rules appended;
//     header, description and ODIN sections are the child's.
// ADL 1.4 specialisations (at0000.1 …) are flattened by the same rules; their definitions are
// complete, so the overlay mostly confirms the parent's nodes.
// An unresolvable differential path is an Error (code VDIFP) with the child's file position
// left to the caller; the validity rules report such problems with positions.
// Pure function; thread-safe.
#pragma once

#include <memory>

#include "archetypes/aom/archetype.hpp"
#include "engine/common/result.hpp"

namespace kjerne::archetypes::flattening {

Result<std::unique_ptr<aom::Archetype>> Flatten(const aom::Archetype& child,
                                                const aom::Archetype& flat_parent);

}  // namespace kjerne::archetypes::flattening
