// archetypes/validity/validator.hpp
//
// Archetype validity rules of the openEHR AM specification, run on a parsed archetype.
// Each finding carries the spec's code (VCORM, VCARM, VATDF, ...), a severity (codes
// starting with W are warnings), the source file:line:col and the archetype path. Only
// checks whose spec meaning is certain are implemented (see archetypes/README.md for the
// list); anything not checked is silent, never guessed. Stateless and thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "engine/bmm/rm_schema.hpp"
#include "engine/common/error.hpp"

namespace kjerne::archetypes::validity {

enum class Severity : uint8_t { kError, kWarning };

struct Finding {
    Severity severity = Severity::kError;
    Issue issue;  // code, archetype_path, pos (file:line:col), message
};

// Phase 1 (structure, codes defined in the terminology) and phase 2 (RM conformance against
// the BMM) checks of one archetype. `file` is used for the positions.
std::vector<Finding> Validate(const aom::Archetype& archetype, std::string_view file);

// What a specialised archetype is checked against (phase 3, specialisation_rules.hpp).
struct ValidationContext {
    const aom::Archetype* flat_parent = nullptr;  // flat form of the parent, when found
    // Set when the parent was looked for (e.g. in the files given to `kjerne lint`) and not found
    // or could not be flattened: reported as VASID with this text; empty = not looked for.
    std::string parent_problem;
    // Whether an archetype id names an archetype at hand (slot fillers, VARXR); unset = unknown.
    std::function<bool(std::string_view archetype_id)> archetype_exists;
    // Whether the archetype `archetype_id` names is the one `ancestor_id` names or specialises it
    // (directly or further up), both among the archetypes at hand; nullopt when either is not at
    // hand (VARXAV is then not judged); unset = unknown.
    std::function<std::optional<bool>(std::string_view archetype_id, std::string_view ancestor_id)>
        archetype_descends;
    // Reference models other than the compiled-in openEHR RM 1.1.0, by the lower-case
    // "publisher-package" of archetype ids ("openehr-test_pkg"): phases 1 and 2 check the
    // archetypes of that package against it (validity/bmm_reference_model.hpp reads one from a
    // BMM). Not owned; must outlive the call.
    std::map<std::string, const bmm::Schema*> reference_models;
};
// Phases 1 and 2 as above, plus, for a specialised archetype, the phase-3 rules against
// `context.flat_parent` (or VASID when `context.parent_problem` says the parent is missing).
std::vector<Finding> Validate(const aom::Archetype& archetype, std::string_view file, const ValidationContext& context);

}  // namespace kjerne::archetypes::validity
