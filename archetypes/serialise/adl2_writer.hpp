// archetypes/serialise/adl2_writer.hpp
//
// An AOM archetype (or template / overlay) written back as ADL 2 text: header with its
// meta-data, specialise, language, description, definition (cADL: complex objects, archetype
// roots, slots with their assertions, internal refs, tuples, differential paths, sibling
// order, every primitive constraint), rules, terminology, annotations, rm_overlay,
// component_terminologies and revision_history. The output is what archetypes/adl parses back
// into an equal AOM (archetypes/aom/aom_diff.hpp decides "equal"; tests/archetypes
// round-trips every corpus archetype).
//
// ADL 1.4 input: convert it first (adl/adl14_to_adl2.hpp) — the writer writes codes and
// constraints as they are in the model. The conversion turns ordinals and quantities into ADL 2
// tuples and attributes; what is still an openEHR archetype-profile domain type in the model
// (C_DV_QUANTITY, ordinal lists `1|[local::at2]`, C_CODE_PHRASE, C_DV_ORDINAL/C_DV_SCALE
// blocks) is written in that profile syntax, which archetypes/adl reads in ADL 2 files too;
// see archetypes/README.md. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::serialise {

std::string WriteAdl2(const aom::Archetype& archetype);
// A template file: the template, then each overlay after a `----` comment line.
std::string WriteAdl2(const std::vector<const aom::Archetype*>& artefacts);

}  // namespace kjerne::archetypes::serialise
