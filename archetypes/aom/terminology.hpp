// archetypes/aom/terminology.hpp
//
// An archetype's terminology (ADL 1.4 "ontology"): term definitions and constraint
// definitions per language (code -> text, description and other items), and term bindings
// per external terminology (code or path -> target). Operational templates carry one per
// component archetype. A plain value; lookups are map finds.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kjerne::archetypes::aom {

struct ArchetypeTerm {
    std::string code;                          // at0001, ac0001, id5 ...
    std::map<std::string, std::string> items;  // "text", "description", "comment", ...

    std::string_view text() const;
    std::string_view description() const;
};

using TermTable = std::map<std::string, ArchetypeTerm>;  // by code

struct ArchetypeTerminology {
    std::string archetype_id;
    std::map<std::string, TermTable> term_definitions;        // by language
    std::map<std::string, TermTable> constraint_definitions;  // by language
    // terminology id -> (at-code or path -> bound term, e.g. "[SNOMED-CT::123456]" or a URI)
    std::map<std::string, std::map<std::string, std::string>> term_bindings;

    // The term of `code` in `language` (falling back to any language), or nullptr.
    const ArchetypeTerm* FindTerm(std::string_view code, std::string_view language = {}) const;
    const ArchetypeTerm* FindConstraint(std::string_view code, std::string_view language = {}) const;
    bool HasCode(std::string_view code) const { return FindTerm(code) || FindConstraint(code); }
};

}  // namespace kjerne::archetypes::aom
