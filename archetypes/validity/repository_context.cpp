// archetypes/validity/repository_context.cpp — see repository_context.hpp.
#include "archetypes/validity/repository_context.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace kjerne::archetypes::validity {

ValidationContext ContextIn(flattening::ArchetypeRepository& repository, const aom::Archetype& a,
                            std::string_view file) {
    ValidationContext context;
    context.archetype_exists = [&repository](std::string_view id) {
        return repository.Find(id) != nullptr;
    };
    context.archetype_descends = [&repository](std::string_view id,
                                               std::string_view ancestor_id) -> std::optional<bool> {
        const aom::Archetype* a = repository.Find(id);
        const aom::Archetype* ancestor = repository.Find(ancestor_id);
        if (!a || !ancestor) return std::nullopt;
        for (int depth = 0; a && depth < 32; ++depth) {  // bounded: parent cycles end here
            if (a == ancestor) return true;
            a = repository.FindParent(*a);
        }
        return false;
    };
    if (a.artefact_type != "archetype" || flattening::ArchetypeRepository::ParentIdOf(a).empty())
        return context;
    if (!repository.FindParent(a)) {
        // only ADL 2 files (.adls …) must bring their parent: CKM ADL 1.4 exports (.adl) name
        // parents (and '-' suffixes) that were never published beside them
        if (a.is_specialised() && std::filesystem::path(file).extension() != ".adl")
            context.parent_problem =
                "parent archetype " + a.parent_archetype_id + " is not among the archetypes given";
    } else if (auto flat = repository.FlatParent(a); flat.ok()) {
        context.flat_parent = *flat;
    }
    return context;
}

}  // namespace kjerne::archetypes::validity
