// aql/parser/lexer.hpp
//
// AQL text to tokens. Hand-written (the grammar is small, and a hand lexer gives exact
// positions and messages). Keywords are case-insensitive and are lexed as words: the
// parser decides, because RM attribute names in paths may collide with keywords.
// Context-free special tokens: archetype ids (openEHR-EHR-OBSERVATION.bp.v2, also with
// '*' patterns), at/id codes, term codes (SNOMED-CT::1234|text|), contained regexes
// ({/.../}), URIs, $parameters, strings with escapes, numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aql/parser/ast.hpp"
#include "engine/common/result.hpp"

namespace kjerne::aql {

enum class TokenKind {
    kEnd,
    kWord,         // identifier or keyword
    kInteger,
    kReal,
    kString,       // text holds the unescaped value
    kParameter,    // text without '$'
    kArchetypeId,  // archetype HRID or pattern
    kCode,         // at0001, id5, at0000.1
    kTermCode,     // SNOMED-CT::12345 (optionally |text|)
    kRegex,        // CONTAINED_REGEX: the whole {/.../} text
    kUri,
    kSymbol,       // = != < <= > >= ( ) , / * [ ] { } - ;
};

struct Token {
    TokenKind kind = TokenKind::kEnd;
    std::string text;
    Pos pos;
    size_t begin = 0, end = 0;  // byte offsets in the query text
};

// All tokens of `text`, ending with kEnd; an Issue AQL_SYNTAX with line:col on a bad
// character or an unterminated string.
Result<std::vector<Token>> Lex(std::string_view text);

// Case-insensitive keyword test of a word token.
bool IsKeyword(const Token& t, std::string_view upper);

}  // namespace kjerne::aql
