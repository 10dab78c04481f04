// templates/example/example_generator.hpp
//
// GenerateExample: builds an RM object (a COMPOSITION for composition templates) that
// conforms to an operational template and the RM, by walking the constraint tree:
//   kMinimal — only what the template (existence, occurrences, cardinality) or the RM
//              (mandatory attributes) requires;
//   kFull    — every constrained attribute and every alternative at least once;
//   kRandom  — a seeded pseudo-random choice between the two at every optional point, with
//              values drawn inside every constraint (list items, intervals, units, codes), so
//              the same seed always gives the same document.
// Unconstrained RM-mandatory attributes get fixed, realistic defaults (composer, language,
// territory, setting, times, subject). Archetype slots the template leaves open are not
// filled (there is no archetype to fill them with).
// Thread-safety: reentrant; the Template is only read.
#pragma once

#include <cstdint>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates {

enum class ExampleMode { kMinimal, kFull, kRandom };

struct ExampleOptions {
    ExampleMode mode = ExampleMode::kMinimal;
    uint64_t seed = 0;                         // kRandom only
    std::string now = "2024-01-15T10:30:00Z";  // the date-time used for times that are not random
};

Result<rm::Document> GenerateExample(const Template& tpl, const ExampleOptions& opts = {});

}  // namespace kjerne::templates
