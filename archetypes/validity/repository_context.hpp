// archetypes/validity/repository_context.hpp
//
// The ValidationContext of one artefact among a set of archetypes (`kjerne lint` over files and
// folders, the corpus tests): its flat parent when the repository holds the parent, VASID text
// when an ADL 2 file names a parent the repository lacks, and the filler-existence lookup
// (VARXR). Templates and overlays get no parent context yet. Fills the repository's flat-form
// cache, so not thread-safe (as the repository).
#pragma once

#include <string_view>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "archetypes/validity/validator.hpp"

namespace kjerne::archetypes::validity {

// `file` is the artefact's source; `repository` must outlive the returned context.
ValidationContext ContextIn(flattening::ArchetypeRepository& repository,
                            const aom::Archetype& artefact, std::string_view file);

}  // namespace kjerne::archetypes::validity
