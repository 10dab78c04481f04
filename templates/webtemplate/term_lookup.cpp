// templates/webtemplate/term_lookup.cpp — see term_lookup.hpp.
#include "templates/webtemplate/term_lookup.hpp"

namespace kjerne::templates::webtemplate {

namespace aom = archetypes::aom;

const aom::ArchetypeTerm* TermLookup::Find(std::string_view code, std::string_view language) const {
    if (own_terms && language == default_language) {
        auto it = own_terms->find(std::string(code));
        if (it != own_terms->end()) return &it->second;
    }
    if (!terminology) return nullptr;
    auto lang = terminology->term_definitions.find(std::string(language));
    if (lang == terminology->term_definitions.end()) return nullptr;
    auto it = lang->second.find(std::string(code));
    return it == lang->second.end() ? nullptr : &it->second;
}

std::string TermLookup::Text(std::string_view code) const {
    const aom::ArchetypeTerm* t = Find(code, default_language);
    return t ? std::string(t->text()) : std::string();
}

LangTexts TermLookup::Texts(std::string_view code) const {
    LangTexts out;
    if (!languages) return out;
    for (const std::string& lang : *languages)
        if (const aom::ArchetypeTerm* t = Find(code, lang))
            out.emplace_back(lang, std::string(t->text()));
    return out;
}

LangTexts TermLookup::Descriptions(std::string_view code, bool keep_empty) const {
    LangTexts out;
    if (!languages) return out;
    for (const std::string& lang : *languages) {
        const aom::ArchetypeTerm* t = Find(code, lang);
        if (!t) continue;
        std::string d(t->description());
        if (!d.empty() || keep_empty) out.emplace_back(lang, std::move(d));
    }
    return out;
}

}  // namespace kjerne::templates::webtemplate
