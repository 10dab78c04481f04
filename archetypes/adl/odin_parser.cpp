// archetypes/adl/odin_parser.cpp
//
// ODIN (openEHR Data Instance Notation) into the generic aom::OdinValue tree: attribute
// lists `name = <...>`, keyed lists `["key"] = <...>`, type markers `(TYPE) <...>`, and
// primitive values and lists (strings, characters, numbers, booleans, ISO 8601 dates, times,
// durations, |intervals|, [terminology::codes], URIs), `...` list continuations included.
#include <string>

#include "archetypes/adl/parser.hpp"

namespace kjerne::archetypes::adl {

using aom::OdinAtom;
using aom::OdinAtomKind;
using aom::OdinValue;

namespace {

bool IsUriChar(char c) { return !Scanner::IsSpace(c) && c != '>' && c != ','; }

}  // namespace

OdinValue Parser::ParseOdinAttrList() {
    OdinValue v;
    v.is_object = true;
    for (;;) {
        if (!s_.PeekIdentStart()) break;
        size_t save = s_.offset();
        std::string_view name = s_.Ident("an attribute name");
        if (!s_.TryChar('=')) { s_.Reset(save); break; }
        OdinValue child = ParseOdinValueBlock();
        child.key = std::string(name);
        s_.LineCol(save, child.line, child.col);
        v.children.push_back(std::move(child));
    }
    return v;
}

OdinValue Parser::ParseOdinValueBlock() {
    DepthGuard guard(*this);
    OdinValue v;
    s_.SkipWs();
    s_.LineCol(s_.offset(), v.line, v.col);
    if (s_.TryChar('(')) {
        v.type_name = std::string(Trim(s_.Until(')', "type marker")));
    }
    s_.Expect('<', "'<' opening an ODIN value");
    char c = s_.PeekNonWs();
    if (c == '>') {  // empty object
        s_.Advance();
        v.is_object = true;
        return v;
    }
    if (c == '[' && (s_.Peek(1) == '"' || Scanner::IsDigit(s_.Peek(1)) ||
                     (Scanner::IsSpace(s_.Peek(1))))) {
        // keyed list: ["key"] = <...>
        v.is_object = true;
        while (s_.TryChar('[')) {
            size_t kpos = s_.offset();
            std::string key;
            if (s_.PeekNonWs() == '"') key = s_.QuotedString();
            else key = std::string(Trim(s_.Until(']', "key")));
            if (key.empty() || s_.text()[s_.offset() - 1] != ']') s_.Expect(']', "']' closing a key");
            s_.Expect('=', "'=' after a key");
            OdinValue child = ParseOdinValueBlock();
            child.key = std::move(key);
            child.keyed = true;
            s_.LineCol(kpos, child.line, child.col);
            v.children.push_back(std::move(child));
            s_.TryChar(',');  // tolerated separator
        }
        s_.Expect('>', "'>' closing an ODIN object or another [\"key\"] = <...>");
        return v;
    }
    if (s_.PeekIdentStart()) {
        size_t save = s_.offset();
        s_.Ident("an attribute name");
        bool attr = s_.PeekNonWs() == '=';
        s_.Reset(save);
        if (attr) {
            OdinValue obj = ParseOdinAttrList();
            obj.type_name = std::move(v.type_name);
            obj.line = v.line;
            obj.col = v.col;
            s_.Expect('>', "'>' closing an ODIN object or another attribute = <...>");
            return obj;
        }
    }
    // primitive value or list
    for (;;) {
        v.atoms.push_back(ParseOdinAtom());
        if (s_.TryChar(',')) {
            v.is_list = true;
            if (s_.TryString("...")) break;
            continue;
        }
        break;
    }
    s_.Expect('>', "'>' closing an ODIN value or ',' before the next list item");
    return v;
}

OdinAtom Parser::ParseOdinAtom() {
    OdinAtom a;
    char c = s_.PeekNonWs();
    size_t start = s_.offset();
    if (c == '"') {
        a.kind = OdinAtomKind::kString;
        a.text = s_.QuotedString();
        return a;
    }
    if (c == '\'') {
        s_.Advance();
        a.kind = OdinAtomKind::kCharacter;
        if (s_.Peek() == '\\') s_.Advance();
        a.text = std::string(s_.Until('\'', "character"));
        return a;
    }
    if (c == '|') {
        s_.Advance();
        a.kind = OdinAtomKind::kInterval;
        a.text = std::string(Trim(s_.Until('|', "interval")));
        return a;
    }
    if (c == '[') {
        s_.Advance();
        a.kind = OdinAtomKind::kTermCode;
        a.text = std::string(Trim(s_.Until(']', "term code")));
        if (a.text.find("::") == std::string::npos && a.text.find(':') == std::string::npos)
            s_.FailAt(start + 1, "expected a term code [terminology::code]");
        return a;
    }
    if (Scanner::IsDigit(c) || c == '-' || c == '+') {
        std::string_view raw = s_.RawWhile(+[](char ch) {
            return Scanner::IsIdentChar(ch) || ch == '.' || ch == ':' || ch == '+' || ch == '-';
        });
        a.text = std::string(raw);
        bool has_colon = raw.find(':') != std::string_view::npos;
        bool has_date_dash = raw.size() > 4 && raw[4] == '-';
        if (has_date_dash && (raw.find('T') != std::string_view::npos)) a.kind = OdinAtomKind::kDateTime;
        else if (has_date_dash) a.kind = OdinAtomKind::kDate;
        else if (has_colon) a.kind = OdinAtomKind::kTime;
        else if (raw.find_first_of(".eE") != std::string_view::npos) a.kind = OdinAtomKind::kReal;
        else a.kind = OdinAtomKind::kInteger;
        if (raw.size() == 1 && !Scanner::IsDigit(raw[0])) s_.FailAt(start, "expected a number");
        return a;
    }
    if (s_.PeekIdentStart()) {
        std::string_view word = s_.RawWhile(+[](char ch) { return Scanner::IsIdentChar(ch); });
        if (s_.Peek() == ':' || s_.Peek() == '.' || s_.Peek() == '-') {  // URI (http://, urn:, mailto:)
            std::string_view rest = s_.RawWhile(IsUriChar);
            a.kind = OdinAtomKind::kUri;
            a.text = std::string(word) + std::string(rest);
            return a;
        }
        std::string w(word);
        for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (w == "true" || w == "false") {
            a.kind = OdinAtomKind::kBoolean;
            a.text = w;
            return a;
        }
        if (word.size() > 1 && word[0] == 'P') {
            a.kind = OdinAtomKind::kDuration;
            a.text = std::string(word);
            return a;
        }
        s_.FailAt(start, "expected an ODIN value (string, number, boolean, date, interval, [term::code] or URI), found '" +
                             std::string(word) + "'");
    }
    s_.Fail("an ODIN value (string, number, boolean, date, interval, [term::code] or URI)");
}

}  // namespace kjerne::archetypes::adl
