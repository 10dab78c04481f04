// archetypes/validity/bmm_reference_model.hpp
//
// Reference models other than the compiled-in openEHR RM 1.1.0, read from a BMM schema (ODIN,
// as openEHR publishes them), so that the phase-2 rules (VCORM, VCARM, VCORMT, VSAM, VACSO,
// VCAEX, VCACA …) and the multiplicity-dependent phase-1 ones (VATID on children of container
// attributes) also hold for archetypes of that model — e.g. the ADL 2 test suite's TEST_PKG
// archetypes against its adltest BMM. What is kept of the BMM is what bmm::Schema holds: classes
// (ancestors, abstractness, generic parameter and its bound) and their flattened properties
// (type, generic argument, container kind, is_mandatory). Classes the BMM does not define
// (its includes: openEHR base and data types) come from the compiled-in RM 1.1.0.
// Pure functions; the schema returned is immutable and shareable.
#pragma once

#include <memory>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/aom/odin_value.hpp"
#include "engine/bmm/rm_schema.hpp"
#include "engine/common/result.hpp"

namespace kjerne::archetypes::validity {

// `bmm` is a parsed BMM document (adl::ParseOdinDocument): its primitive_types and
// class_definitions.
Result<std::unique_ptr<bmm::Schema>> ReferenceModelFromBmm(const aom::OdinValue& bmm);

// A copy of `archetype` whose RM types, attribute slots and multiplicities are those of `rm`
// (the parser binds them to the compiled-in RM); positions and paths are kept.
std::unique_ptr<aom::Archetype> BindToReferenceModel(const aom::Archetype& archetype,
                                                     const bmm::Schema& rm);

}  // namespace kjerne::archetypes::validity
