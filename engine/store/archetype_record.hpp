// engine/store/archetype_record.hpp
//
// An archetype or ADL 2 template as the store keeps it: the ADL text exactly as uploaded, with
// the few header facts needed to list and find it. Parsing and validating the ADL is the
// caller's job (server/services/archetype_service.hpp) — the store never reads ADL.
#pragma once

#include <string>

namespace kjerne::store {

struct ArchetypeRecord {
    std::string archetype_id;   // as written in the ADL header
    std::string artefact_type;  // archetype | template | template_overlay | operational_template
    std::string adl_version;    // "1.4" or "2"
    std::string parent_id;      // the specialised parent archetype id, or ""
    std::string concept_text;   // the root node's text in the original language, or ""
    std::string sha256;         // of `source`, set by the store
    std::string time_uploaded;  // ISO 8601 UTC, set by the store
    std::string source;         // the ADL text; empty in ListArchetypes
};

}  // namespace kjerne::store
