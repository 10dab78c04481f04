// tools/template_source.hpp
//
// The operational template a command (validate, example, webtemplate) works on: an OPT 1.4
// file, or, when an archetype folder is given, an ADL 2 template (.adlt, or .adls of artefact
// type template) made operational against the archetypes under that folder
// (templates/opt/adl2_template_loader.hpp). One rule for the three commands.
#pragma once

#include <memory>
#include <string>

#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"
#include "templates/opt/xsd_check.hpp"

namespace kjerne::tools {

// `archetypes_dir` empty: `file` is an OPT 1.4, loaded under the schema policy `xsd`. Otherwise
// `file` is an ADL 2 template and the directory the archetype repository it resolves against
// (there is no OPT 1.4 schema to check it against, so `xsd` does not apply).
Result<std::shared_ptr<const templates::Template>> LoadTemplateSource(
    const std::string& file, const std::string& archetypes_dir,
    templates::XsdCheck xsd = templates::XsdCheck::kWarn);

// The --archetypes option's help text, shared so the commands say the same.
inline constexpr const char* kArchetypesHelp =
    "Archetype folder: FILE is then an ADL 2 template (.adlt/.adls) flattened against the "
    "archetypes in it";

// The --opt-schema option's help text (validate; the server's flag says the same for uploads).
inline constexpr const char* kOptSchemaHelp =
    "OPT 1.4 schema policy: warn (findings printed as warnings; default), strict (an OPT with "
    "schema findings is rejected) or off (no schema check)";

}  // namespace kjerne::tools
