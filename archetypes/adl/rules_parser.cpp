// archetypes/adl/rules_parser.cpp
//
// Expressions of the ADL 2 `rules` section, the ADL 1.4 `invariant` section and archetype
// slot assertions, into aom::Expr trees: precedence climbing over implies < or < xor < and <
// not < comparisons/matches/is_in < + - < * / % < ^ < unary, with paths (/a[id1]/b,
// archetype_id/value), $variables (declarations `$x:Integer ::= …`), literals, calls,
// `exists`, quantifiers (for_all/every/there_exists $v in|: collection | body), tagged
// assertions (`label: expr`) and `matches {constraint}`.
#include <string>

#include "archetypes/adl/parser.hpp"

namespace kjerne::archetypes::adl {

using aom::Expr;
using aom::ExprKind;

namespace {

constexpr std::string_view kSectionKeywords[] = {
    "terminology", "ontology", "annotations", "rm_overlay", "component_terminologies", "revision_history",
    "description", "definition", "language", "concept", "specialise", "specialize", "rules", "invariant",
    "template_overlay", "archetype", "template", "operational_template",
};

struct BinOp {
    std::string_view text;
    int prec;
    bool word;
};
constexpr BinOp kBinOps[] = {
    {"implies", 1, true}, {"or", 2, true},  {"xor", 3, true},   {"and", 4, true},    {"matches", 6, true},
    {"is_in", 6, true},   {"/=", 6, false}, {"!=", 6, false},   {"<=", 6, false},    {">=", 6, false},
    {"=", 6, false},      {"<", 6, false},  {">", 6, false},    {"+", 7, false},     {"-", 7, false},
    {"*", 8, false},      {"/", 8, false},  {"%", 8, false},    {"^", 9, false},     {"\xE2\x88\x88", 6, false},
    {"\xE2\x88\xA7", 4, false}, {"\xE2\x88\xA8", 2, false}, {"\xE2\x87\x92", 1, false},
};

}  // namespace

bool Parser::AtSectionKeyword() {
    s_.SkipWs();
    if (s_.ColumnOf(s_.offset()) != 1) return false;
    for (std::string_view kw : kSectionKeywords)
        if (s_.PeekKeyword(kw)) return true;
    return false;
}

Expr Parser::ParseStatement() {
    s_.SkipWs();
    size_t start = s_.offset();
    Expr e;
    // $var:Type ::= expr   /  $var ::= expr
    if (s_.Peek() == '$') {
        s_.Advance();
        std::string_view name = s_.Ident("a variable name");
        size_t after = s_.offset();
        std::string type;
        if (s_.TryChar(':') && s_.Peek() != ':') {
            type = std::string(s_.Ident("a type name"));
        } else {
            s_.Reset(after);
        }
        if (s_.TryString("::=")) {
            e.kind = ExprKind::kDeclaration;
            e.text = std::string(name);
            e.type_name = std::move(type);
            e.operands.push_back(ParseExpr(0));
            s_.LineCol(start, e.line, e.col);
            return e;
        }
        s_.Reset(start);
    }
    // label: expr
    std::string tag;
    if (s_.PeekIdentStart()) {
        std::string_view id = s_.Ident("a name");
        if (s_.Peek() == ':' && s_.Peek(1) != ':' ) {
            s_.Advance();
            tag = std::string(id);
        } else if (s_.PeekNonWs() == ':' && s_.Peek(1) != ':' && s_.Peek(1) != '=') {
            s_.Advance();
            tag = std::string(id);
        } else {
            s_.Reset(start);
        }
    }
    e = ParseExpr(0);
    e.tag = std::move(tag);
    return e;
}

Expr Parser::ParseExpr(int min_prec) {
    DepthGuard guard(*this);
    Expr lhs = ParsePrimary();
    for (;;) {
        s_.SkipWs();
        if (AtSectionKeyword()) return lhs;
        const BinOp* found = nullptr;
        for (const BinOp& op : kBinOps) {
            if (op.word) {
                if (s_.PeekKeyword(op.text)) { found = &op; break; }
            } else if (s_.text().substr(s_.offset(), op.text.size()) == op.text) {
                // a path on the next statement is not a division: "/" must be followed by a space
                if (op.text == "/" && !Scanner::IsSpace(s_.Peek(1))) continue;
                if (op.text == "-" && s_.Peek(1) == '-') continue;
                found = &op;
                break;
            }
        }
        if (!found || found->prec < min_prec + 1 - 1 || found->prec <= min_prec) return lhs;
        size_t op_pos = s_.offset();
        s_.Advance(found->text.size());
        Expr rhs;
        if (found->text == "matches" || found->text == "is_in" || found->text == "\xE2\x88\x88") {
            s_.SkipWs();
            size_t cstart = s_.offset();
            s_.Expect('{', "'{' opening the constraint after matches");
            s_.SkipWs();
            rhs.kind = ExprKind::kConstraint;
            char c = s_.Peek();
            if (c == '/' || c == '^') rhs.pattern = std::string(s_.Regex(c));
            s_.Reset(cstart + 1);
            ParsePrimitiveObject();
            s_.Expect('}', "'}' closing the constraint");
            rhs.text = std::string(Trim(s_.text().substr(cstart + 1, s_.offset() - cstart - 2)));
            s_.LineCol(cstart, rhs.line, rhs.col);
        } else {
            int next = found->text == "^" ? found->prec - 1 : found->prec;  // ^ is right-associative
            rhs = ParseExpr(next);
        }
        Expr bin;
        bin.kind = ExprKind::kBinary;
        bin.text = std::string(found->text);
        s_.LineCol(op_pos, bin.line, bin.col);
        bin.operands.push_back(std::move(lhs));
        bin.operands.push_back(std::move(rhs));
        lhs = std::move(bin);
    }
}

Expr Parser::ParsePrimary() {
    DepthGuard guard(*this);
    s_.SkipWs();
    size_t start = s_.offset();
    Expr e;
    s_.LineCol(start, e.line, e.col);
    char c = s_.Peek();
    auto read_path = [&]() {
        int brackets = 0;
        while (s_.Peek() != '\0') {
            char ch = s_.Peek();
            if (ch == '[') ++brackets;
            else if (ch == ']') --brackets;
            else if (brackets == 0 && !(Scanner::IsIdentChar(ch) || ch == '/' || ch == '.')) break;
            if (ch == '\n' && brackets > 0) s_.FailAt(start, "unterminated [ in a path");
            s_.Advance();
        }
        return std::string(s_.text().substr(start, s_.offset() - start));
    };
    if (c == '(') {
        s_.Advance();
        Expr inner = ParseExpr(0);
        s_.Expect(')', "')'");
        return inner;
    }
    if (c == '/') {
        e.kind = ExprKind::kPath;
        e.text = read_path();
        return e;
    }
    if (c == '$') {
        s_.Advance();
        e.kind = ExprKind::kVariable;
        e.text = std::string(s_.Ident("a variable name"));
        if (s_.Peek() == '/') {
            size_t pstart = s_.offset();
            start = pstart;
            Expr p;
            p.kind = ExprKind::kPath;
            p.text = read_path();
            e.operands.push_back(std::move(p));
        }
        return e;
    }
    if (c == '"') {
        e.kind = ExprKind::kLiteral;
        e.op = "string";  // a writer must quote it again; "5" and 5 have the same text
        e.text = s_.QuotedString();
        return e;
    }
    if (Scanner::IsDigit(c)) {
        e.kind = ExprKind::kLiteral;
        e.text = std::string(s_.RawWhile(+[](char ch) { return Scanner::IsIdentChar(ch) || ch == '.' || ch == ':'; }));
        return e;
    }
    if (c == '-' || c == '!') {
        s_.Advance();
        e.kind = ExprKind::kUnary;
        e.text = c == '-' ? "-" : "not";
        e.operands.push_back(ParseExpr(9));
        return e;
    }
    if (s_.text().substr(start, 2) == "\xC2\xAC") {  // ¬
        s_.Advance(2);
        e.kind = ExprKind::kUnary;
        e.text = "not";
        e.operands.push_back(ParseExpr(5));
        return e;
    }
    if (s_.PeekIdentStart()) {
        if (s_.TryKeyword("not")) {
            e.kind = ExprKind::kUnary;
            e.text = "not";
            e.operands.push_back(ParseExpr(5));
            return e;
        }
        if (s_.TryKeyword("exists")) {
            e.kind = ExprKind::kUnary;
            e.text = "exists";
            e.operands.push_back(ParsePrimary());
            return e;
        }
        if (s_.PeekKeyword("for_all") || s_.PeekKeyword("every") || s_.PeekKeyword("there_exists")) {
            e.kind = ExprKind::kForAll;
            e.op = std::string(s_.Ident("a quantifier"));
            s_.Expect('$', "'$' and a variable after " + e.op);
            e.text = std::string(s_.Ident("a variable name"));
            if (!s_.TryKeyword("in") && !s_.TryChar(':')) s_.Fail("'in' or ':' after the quantifier's variable");
            e.operands.push_back(ParsePrimary());
            if (!s_.TryChar('|')) s_.TryChar(':');
            e.operands.push_back(ParseExpr(0));
            return e;
        }
        std::string_view id = s_.Ident("an expression");
        if (id == "true" || id == "false" || id == "True" || id == "False") {
            e.kind = ExprKind::kLiteral;
            e.text = std::string(id);
            return e;
        }
        if (s_.Peek() == '(') {
            s_.Advance();
            e.kind = ExprKind::kCall;
            e.text = std::string(id);
            if (!s_.TryChar(')')) {
                do {
                    e.operands.push_back(ParseExpr(0));
                } while (s_.TryChar(','));
                s_.Expect(')', "')' closing the call's arguments");
            }
            return e;
        }
        s_.Reset(start);
        e.kind = ExprKind::kPath;  // relative path: archetype_id/value, or a bare name
        e.text = read_path();
        return e;
    }
    s_.Fail("an expression (path, $variable, literal, function call, exists, not, for_all or '(')");
}

}  // namespace kjerne::archetypes::adl
