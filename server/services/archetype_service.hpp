// server/services/archetype_service.hpp
//
// Owns archetypes and ADL 2 templates as modellers upload them: the ADL text (ADL 1.4 .adl or
// ADL 2 .adls / .adlt) is parsed and run through the archetype validity rules
// (archetypes/validity) before it is stored, so the store never holds an artefact that does not
// parse or that breaks a validity rule; warnings are reported and do not block. A validate-only
// upload returns the same findings and stores nothing (the lint service of the REST API).
// Reads return the stored text. Used by the REST handlers (server/http/archetype_handlers.cpp).
// Thread-safety: stateless over the store, which is thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archetypes/validity/validator.hpp"
#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

namespace kjerne::server::services {

// What an upload requires of the artefact's kind.
enum class ArtefactKind {
    kArchetype,  // an archetype (ADL 1.4 or ADL 2), not a template
    kTemplate,   // an ADL 2 template or operational template
};

struct ArchetypeUpload {
    store::ArchetypeRecord record;  // header facts (source left empty)
    std::vector<archetypes::validity::Finding> findings;  // in the validator's order
    size_t errors = 0, warnings = 0;
    bool stored = false;  // false when validate-only, or when the same bytes were already stored
};

class ArchetypeService {
public:
    explicit ArchetypeService(store::Store& store) : store_(store) {}

    // Parses and validates `adl`; unless `validate_only`, stores it. Errors:
    // kInvalidArgument (400) for a syntax error (the issue carries line:col) or the wrong kind
    // of artefact; kValidation (422) with every finding when a validity rule is broken (not for
    // validate_only, which returns the findings as a value); kConflict (409) when other bytes
    // are stored under the id.
    Result<ArchetypeUpload> Upload(std::string_view adl, ArtefactKind kind, bool validate_only);
    // The stored artefact with its ADL text; kNotFound (404). Templates and archetypes are
    // separate namespaces for the REST resources, so `kind` must match.
    Result<store::ArchetypeRecord> Get(const std::string& archetype_id, ArtefactKind kind);
    // Every stored artefact of that kind, by id (sources empty).
    Result<std::vector<store::ArchetypeRecord>> List(ArtefactKind kind);

private:
    store::Store& store_;
};

}  // namespace kjerne::server::services
