// archetypes/adl/scanner.hpp
//
// The ADL lexer: a cursor over one file's text that hands out lexemes on demand (identifiers,
// quoted strings, numbers, regexes, raw bracketed text) and skips whitespace and `--` comments.
// ADL is context-sensitive ("/" starts a regex in cADL, a path in rules, and divides in
// arithmetic), so the recursive-descent parsers ask for the lexeme they expect next instead of
// reading a token stream. Positions are byte offsets mapped to 1-based line:col on demand.
// Errors: Fail() throws SyntaxError, which the parser entry point (adl_parser.cpp) catches and
// turns into an Issue; it never leaves this module. Not thread-safe; one per parse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kjerne::archetypes::adl {

struct SyntaxError {
    size_t offset;
    std::string message;
    const char* code = nullptr;  // a spec syntax code (SCAS, SCOAT, SEXLU, SADF); null = ADL_SYNTAX
};

class Scanner {
public:
    explicit Scanner(std::string_view text);

    size_t offset() const { return pos_; }
    void Reset(size_t offset) { pos_ = offset; }
    bool AtEnd() { SkipWs(); return pos_ >= text_.size(); }
    std::string_view text() const { return text_; }
    // 1-based line and column of a byte offset.
    void LineCol(size_t offset, uint32_t& line, uint32_t& col) const;
    uint32_t ColumnOf(size_t offset) const { uint32_t l, c; LineCol(offset, l, c); return c; }

    void SkipWs();                       // whitespace and -- comments
    char Peek(size_t k = 0) const { return pos_ + k < text_.size() ? text_[pos_ + k] : '\0'; }
    char PeekNonWs() { SkipWs(); return Peek(); }
    void Advance(size_t n = 1) { pos_ += n; }

    bool TryChar(char c);                // after whitespace
    void Expect(char c, std::string_view what);
    bool TryString(std::string_view s);  // exact, after whitespace
    // A keyword (case-insensitive) not followed by an identifier character.
    bool TryKeyword(std::string_view kw);
    bool PeekKeyword(std::string_view kw);

    bool PeekIdentStart();
    std::string_view Ident(std::string_view what);          // [A-Za-z_][A-Za-z0-9_]*
    std::string QuotedString();                             // "..." with \" \\ escapes, unescaped
    std::string_view Until(char close, std::string_view what);  // raw text up to `close` (consumed)
    std::string_view Regex(char delim);                     // /.../ or ^...^ (delimiters consumed)
    std::string_view RawWhile(bool (*pred)(char));

    // "expected WHAT, found 'x'" at the current position.
    [[noreturn]] void Fail(std::string_view expected);
    [[noreturn]] void FailAt(size_t offset, std::string message, const char* code = nullptr);
    std::string Found();

    static bool IsIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
    static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

private:
    std::string_view text_;
    size_t pos_ = 0;
    std::vector<size_t> line_starts_;
    // LineCol is called in increasing offset order while parsing: continue counting characters
    // from the previous answer on the same line instead of from the line start (a hostile file
    // on one huge line would otherwise cost quadratic time).
    mutable size_t memo_offset_ = 0, memo_line_start_ = 0;
    mutable uint32_t memo_col_ = 1;
};

}  // namespace kjerne::archetypes::adl
