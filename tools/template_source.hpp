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

namespace kjerne::tools {

// `archetypes_dir` empty: `file` is an OPT 1.4. Otherwise `file` is an ADL 2 template and the
// directory the archetype repository it resolves against.
Result<std::shared_ptr<const templates::Template>> LoadTemplateSource(
    const std::string& file, const std::string& archetypes_dir);

// The --archetypes option's help text, shared so the commands say the same.
inline constexpr const char* kArchetypesHelp =
    "Archetype folder: FILE is then an ADL 2 template (.adlt/.adls) flattened against the "
    "archetypes in it";

}  // namespace kjerne::tools
