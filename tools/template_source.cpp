// tools/template_source.cpp — OPT 1.4 or ADL 2 template, by whether an archetype folder is given.
#include "tools/template_source.hpp"

#include "templates/opt/adl2_template_loader.hpp"
#include "templates/opt/opt_loader.hpp"

namespace kjerne::tools {

Result<std::shared_ptr<const templates::Template>> LoadTemplateSource(
    const std::string& file, const std::string& archetypes_dir, templates::XsdCheck xsd) {
    if (archetypes_dir.empty()) return templates::LoadOptFile(file, xsd);
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<templates::ArchetypeLibrary> lib,
                        templates::LoadArchetypeLibrary(archetypes_dir));
    // The Template owns copies of everything it needs; the library may go once it is built.
    return templates::LoadAdl2TemplateFile(file, lib->repository);
}

}  // namespace kjerne::tools
