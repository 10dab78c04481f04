// templates/webtemplate/term_lookup.hpp
//
// TermLookup: the texts of one archetype's codes in every language of the web template, as
// the builder needs them (node names and descriptions, code-list labels, ordinal labels).
// The default language comes first; a language without a definition is skipped.
// Thread-safety: a view over an immutable Template; valid as long as it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archetypes/aom/terminology.hpp"

namespace kjerne::templates::webtemplate {

using LangTexts = std::vector<std::pair<std::string, std::string>>;  // language -> text

struct TermLookup {
    const archetypes::aom::ArchetypeTerminology* terminology = nullptr;
    // This use's own inline definitions (Template::root_terms), first for the default language.
    const archetypes::aom::TermTable* own_terms = nullptr;
    std::string default_language;
    const std::vector<std::string>* languages = nullptr;

    // The term in exactly this language, or nullptr.
    const archetypes::aom::ArchetypeTerm* Find(std::string_view code,
                                               std::string_view language) const;
    bool Has(std::string_view code) const { return Find(code, default_language) != nullptr; }
    std::string Text(std::string_view code) const;  // default language; "" when absent
    LangTexts Texts(std::string_view code) const;   // per language with a definition
    // Descriptions per language; `keep_empty` keeps languages whose description is empty.
    LangTexts Descriptions(std::string_view code, bool keep_empty) const;
};

}  // namespace kjerne::templates::webtemplate
