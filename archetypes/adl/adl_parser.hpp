// archetypes/adl/adl_parser.hpp
//
// Entry point of ADL parsing: ADL 1.4 (.adl, the international CKM format) and ADL 2
// (.adls, .adlt, .adl2) text into the AOM (archetypes/aom/archetype.hpp). A hand-written
// lexer (scanner.hpp) and recursive-descent parsers for the three sub-languages: ODIN
// (odin_parser.cpp), cADL (cadl_parser.cpp) and rules/assertions (rules_parser.cpp).
// A template file (.adlt) holds the template followed by its template_overlays; all are
// returned, the main artefact first. A syntax error is an Error whose single Issue has code
// ADL_SYNTAX, the file:line:col and what was expected. Never throws; nesting is bounded, so
// hostile input gives an error, not a stack overflow. Thread-safe (no shared state).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "engine/common/result.hpp"

namespace kjerne::archetypes::adl {

inline constexpr const char* kSyntaxCode = "ADL_SYNTAX";

struct ParsedAdl {
    std::vector<std::unique_ptr<aom::Archetype>> artefacts;  // main artefact first, then overlays
};

Result<ParsedAdl> ParseAdl(std::string_view text, std::string_view file);
// Reads and parses one file (error kIo when it cannot be read).
Result<ParsedAdl> ParseAdlFile(const std::filesystem::path& path);

}  // namespace kjerne::archetypes::adl
