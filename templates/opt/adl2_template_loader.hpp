// templates/opt/adl2_template_loader.hpp
//
// LoadAdl2Template: an ADL 2 template (.adlt, or .adls whose artefact type is `template`) plus
// the archetypes it uses -> the same Template constraint tree LoadOpt builds from OPT 1.4, so
// the validator, the example generator and the web template work on it unchanged.
//
// The operational template is made as ADL 2 defines it: the template is flattened against its
// parent; every C_ARCHETYPE_ROOT (`use_archetype`) is resolved — to a template overlay in the
// same file first, then to an archetype of the repository — flattened, and its flat definition
// inlined under the root, recursively (roots inside used archetypes too). Each inlined archetype
// keeps its own terminology (Template::terminologies by archetype id), so TermText works for
// the ADL 2 id-codes, which stay the node ids (paths use them: /content[openEHR-EHR-…]/data[id2]).
// Operational adjustments, each because a consumer of Template expects the OPT 1.4 shape:
//   - an ac-code constraint on a terminology code becomes the at-codes of its value set (the
//     validator and generator check code lists); an ac-code without a value set leaves the
//     code open (it is bound to an external terminology);
//   - TERMINOLOGY_CODE is named CODE_PHRASE (the RM type the data carries);
//   - a DV_ORDINAL / DV_SCALE constrained by a [value, symbol] tuple becomes a C_DV_ORDINAL;
//     a DV_QUANTITY by a [magnitude, units(, precision)] tuple becomes a C_DV_QUANTITY;
//   - attributes the flattener left without an RM slot get it from the owner's RM type.
// Errors: ADL syntax (as the parser reports it), kNotFound for an archetype or parent no one
// has, the flattener's errors, kLimitExceeded for use_archetype nesting deeper than 32 (a
// cycle). Thread-safety: the repository is not thread-safe (its flat cache fills); the
// returned Template is immutable.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates {

// Loads from ADL text; `source_name` names it in errors.
Result<std::shared_ptr<const Template>> LoadAdl2Template(
    std::string_view text, std::string_view source_name,
    archetypes::flattening::ArchetypeRepository& repository);
// Reads the file and loads it.
Result<std::shared_ptr<const Template>> LoadAdl2TemplateFile(
    const std::filesystem::path& path, archetypes::flattening::ArchetypeRepository& repository);

// Every archetype (.adls, .adlt, .adl2, .adl) under a directory, parsed and held together with a
// repository over them, for the callers (CLI, tests) that resolve templates against a folder.
// ADL 1.4 files are skipped (templates use ADL 2 archetypes); files that do not parse are
// listed in `unparsed` with the reason, not fatal.
struct ArchetypeLibrary {
    std::vector<std::unique_ptr<archetypes::aom::Archetype>>
        archetypes;  // owned; the repository points here
    archetypes::flattening::ArchetypeRepository repository;
    std::vector<std::pair<std::string, std::string>> unparsed;  // file, error
};
Result<std::unique_ptr<ArchetypeLibrary>> LoadArchetypeLibrary(const std::filesystem::path& dir);

}  // namespace kjerne::templates
