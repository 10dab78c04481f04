// aql/parser/parser.cpp
//
// One function per grammar rule. The token stream comes from Lex(); `Expect` and `Fail`
// build the AQL_SYNTAX issue ("expected FROM, found 'WHERE'") at the offending token.
#include "aql/parser/parser.hpp"

#include <cctype>
#include <charconv>
#include <set>

#include "aql/parser/lexer.hpp"
#include "engine/common/ascii.hpp"

namespace kjerne::aql {
namespace {

// Internal unwinding: the first syntax error ends the parse.
struct SyntaxAbort {};

bool IsIsoDate(std::string_view s) {
    // YYYY-MM-DD or YYYYMMDD
    auto digits = [&](size_t from, size_t n) {
        if (from + n > s.size()) return false;
        for (size_t k = from; k < from + n; ++k)
            if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
        return true;
    };
    if (s.size() == 10) return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2);
    if (s.size() == 8) return digits(0, 8);
    return false;
}

bool IsIsoTime(std::string_view s) {
    // hh:mm:ss[.fff][Z|±hh[:mm]] (the extended form)
    if (s.size() < 8 || s[2] != ':' || s[5] != ':') return false;
    for (size_t k : {0, 1, 3, 4, 6, 7})
        if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    size_t k = 8;
    if (k < s.size() && (s[k] == '.' || s[k] == ',')) {
        ++k;
        while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
    }
    if (k == s.size()) return true;
    if (s[k] == 'Z') return k + 1 == s.size();
    if (s[k] == '+' || s[k] == '-') {
        std::string_view z = s.substr(k + 1);
        return z.size() == 2 || z.size() == 4 || (z.size() == 5 && z[2] == ':');
    }
    return false;
}

Primitive ClassifyString(std::string text) {
    Primitive p;
    p.kind = Primitive::Kind::kString;
    std::string_view s = text;
    size_t t = s.find('T');
    if (IsIsoDate(s)) p.kind = Primitive::Kind::kDate;
    else if (IsIsoTime(s)) p.kind = Primitive::Kind::kTime;
    else if (t != std::string_view::npos && IsIsoDate(s.substr(0, t)) && IsIsoTime(s.substr(t + 1)))
        p.kind = Primitive::Kind::kDateTime;
    p.text = std::move(text);
    return p;
}

class Parser {
public:
    Parser(std::string_view text, std::vector<Token> tokens, const ParseLimits& limits)
        : text_(text), toks_(std::move(tokens)), limits_(limits) {}

    Result<Query> Run() {
        try {
            Query q = ParseQuery();
            return q;
        } catch (const SyntaxAbort&) {
            return std::move(*error_);
        }
    }

private:
    // ---------------------------------------------------------------- token helpers
    const Token& Peek(size_t ahead = 0) const {
        size_t k = std::min(i_ + ahead, toks_.size() - 1);
        return toks_[k];
    }
    const Token& Take() {
        const Token& t = toks_[i_];
        if (i_ + 1 < toks_.size()) ++i_;
        return t;
    }
    bool AtSymbol(std::string_view s, size_t ahead = 0) const {
        const Token& t = Peek(ahead);
        return t.kind == TokenKind::kSymbol && t.text == s;
    }
    bool AtKeyword(std::string_view kw, size_t ahead = 0) const { return IsKeyword(Peek(ahead), kw); }
    bool TakeSymbol(std::string_view s) {
        if (!AtSymbol(s)) return false;
        Take();
        return true;
    }
    bool TakeKeyword(std::string_view kw) {
        if (!AtKeyword(kw)) return false;
        Take();
        return true;
    }

    static std::string Describe(const Token& t) {
        switch (t.kind) {
            case TokenKind::kEnd: return "the end of the query";
            case TokenKind::kString: return "string '" + t.text.substr(0, 40) + "'";
            case TokenKind::kParameter: return "parameter $" + t.text;
            default: return "'" + t.text.substr(0, 60) + "'";
        }
    }

    [[noreturn]] void Fail(const Token& at, const std::string& message) { FailAt(at.pos, message); }
    [[noreturn]] void FailAt(Pos pos, const std::string& message) {
        Issue issue;
        issue.code = "AQL_SYNTAX";
        issue.pos = SourcePos{"", pos.line, pos.col};
        issue.message = message;
        error_.emplace(Error::Parse(std::move(issue)));
        throw SyntaxAbort{};
    }
    [[noreturn]] void Expected(const std::string& what) { Fail(Peek(), "expected " + what + ", found " + Describe(Peek())); }

    void ExpectSymbol(std::string_view s) {
        if (!TakeSymbol(s)) Expected("'" + std::string(s) + "'");
    }
    void ExpectKeyword(std::string_view kw) {
        if (!TakeKeyword(kw)) Expected(std::string(kw));
    }

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > p.limits_.max_depth) p.Fail(p.Peek(), "query nested deeper than " + std::to_string(p.limits_.max_depth));
        }
        ~DepthGuard() { --p.depth_; }
    };

    static bool IsReserved(const Token& t) {
        for (const char* kw : {"SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "OFFSET", "CONTAINS", "AND", "OR", "NOT",
                               "AS", "DISTINCT", "EXISTS", "LIKE", "MATCHES", "ASC", "DESC", "ASCENDING", "DESCENDING", "TOP"})
            if (IsKeyword(t, kw)) return true;
        return false;
    }

    int64_t ParseIntegerToken(const Token& t) {
        int64_t v = 0;
        auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
        if (ec != std::errc() || p != t.text.data() + t.text.size()) Fail(t, "integer out of range: " + t.text);
        return v;
    }

    // ---------------------------------------------------------------- query
    Query ParseQuery() {
        Query q;
        ExpectKeyword("SELECT");
        if (TakeKeyword("DISTINCT")) q.distinct = true;
        if (AtKeyword("TOP")) {
            Take();
            if (Peek().kind != TokenKind::kInteger) Expected("a row count after TOP");
            q.top = ParseIntegerToken(Take());
            if (TakeKeyword("BACKWARD")) q.top_backward = true;
            else TakeKeyword("FORWARD");
        }
        do {
            q.columns.push_back(ParseColumn());
        } while (TakeSymbol(","));
        ExpectKeyword("FROM");
        q.from = ParseContainsOr();
        if (TakeKeyword("WHERE")) q.where = ParseWhereOr();
        if (AtKeyword("ORDER")) {
            Take();
            ExpectKeyword("BY");
            do {
                OrderBy ob;
                ob.path = ParseIdentifiedPath();
                if (TakeKeyword("DESC") || TakeKeyword("DESCENDING")) ob.descending = true;
                else if (!TakeKeyword("ASC")) TakeKeyword("ASCENDING");
                q.order_by.push_back(std::move(ob));
            } while (TakeSymbol(","));
        }
        // LIMIT n [OFFSET m]; OFFSET before LIMIT is accepted too (EHRbase clients send it).
        for (int round = 0; round < 2; ++round) {
            if (!q.limit && TakeKeyword("LIMIT")) {
                if (Peek().kind != TokenKind::kInteger) Expected("a row count after LIMIT");
                q.limit = ParseIntegerToken(Take());
            } else if (!q.offset && TakeKeyword("OFFSET")) {
                if (Peek().kind != TokenKind::kInteger) Expected("a row offset after OFFSET");
                q.offset = ParseIntegerToken(Take());
            }
        }
        TakeSymbol(";");
        if (AtKeyword("ORDER") && (q.limit || q.offset))
            Fail(Peek(), "ORDER BY must come before LIMIT/OFFSET (AQL 1.1)");
        if (AtKeyword("TIMEWINDOW"))
            Fail(Peek(), "TIMEWINDOW is not part of AQL 1.1; use a WHERE condition on a time path");
        if (Peek().kind != TokenKind::kEnd) Expected("the end of the query");
        return q;
    }

    // ---------------------------------------------------------------- SELECT
    SelectColumn ParseColumn() {
        SelectColumn col;
        const Token& first = Peek();
        col.pos = first.pos;
        const Token& t = Peek();
        if (t.kind == TokenKind::kWord && AtSymbol("(", 1)) {
            std::string name = AsciiUpper(t.text);
            if (name == "COUNT" || name == "MIN" || name == "MAX" || name == "SUM" || name == "AVG") {
                col.expr = ParseAggregate();
            } else {
                col.expr = std::move(*ParseFunctionCall());
            }
        } else if (IsPrimitiveStart()) {
            col.expr = ParsePrimitive();
        } else if (t.kind == TokenKind::kWord && !IsReserved(t)) {
            col.expr = ParseIdentifiedPath();
        } else {
            Expected("a column: a path, a literal or a function");
        }
        col.source = std::string(text_.substr(first.begin, toks_[i_ - 1].end - first.begin));
        if (TakeKeyword("AS")) {
            if (Peek().kind != TokenKind::kWord) Expected("an alias after AS");
            col.alias = Take().text;
        }
        return col;
    }

    AggregateCall ParseAggregate() {
        AggregateCall a;
        a.pos = Peek().pos;
        a.name = AsciiUpper(Take().text);
        ExpectSymbol("(");
        if (a.name == "COUNT" && TakeSymbol("*")) {
            a.star = true;
        } else {
            if (TakeKeyword("DISTINCT")) {
                if (a.name != "COUNT") Fail(toks_[i_ - 1], "DISTINCT is allowed in COUNT only");
                a.distinct = true;
            }
            a.path = ParseIdentifiedPath();
        }
        ExpectSymbol(")");
        return a;
    }

    std::unique_ptr<FunctionCall> ParseFunctionCall() {
        DepthGuard guard(*this);
        auto f = std::make_unique<FunctionCall>();
        f->pos = Peek().pos;
        f->name = AsciiUpper(Take().text);
        ExpectSymbol("(");
        if (!AtSymbol(")")) {
            do {
                f->args.push_back(ParseTerminal());
            } while (TakeSymbol(","));
        }
        ExpectSymbol(")");
        if (f->name == "TERMINOLOGY") {
            if (f->args.size() != 3) FailAt(f->pos, "TERMINOLOGY takes three strings: operation, service API, parameters");
            for (const auto& a : f->args)
                if (!std::holds_alternative<Primitive>(a.value) || std::get<Primitive>(a.value).kind != Primitive::Kind::kString)
                    FailAt(f->pos, "TERMINOLOGY takes three string arguments");
        }
        return f;
    }

    bool IsPrimitiveStart() const {
        const Token& t = Peek();
        switch (t.kind) {
            case TokenKind::kString:
            case TokenKind::kInteger:
            case TokenKind::kReal: return true;
            case TokenKind::kSymbol:
                return t.text == "-" && (Peek(1).kind == TokenKind::kInteger || Peek(1).kind == TokenKind::kReal);
            case TokenKind::kWord:
                return IsKeyword(t, "TRUE") || IsKeyword(t, "FALSE") || IsKeyword(t, "NULL");
            default: return false;
        }
    }

    Primitive ParsePrimitive() {
        const Token& t = Peek();
        Primitive p;
        if (t.kind == TokenKind::kString) {
            return ClassifyString(Take().text);
        }
        bool negative = false;
        if (t.kind == TokenKind::kSymbol && t.text == "-") {
            Take();
            negative = true;
        }
        const Token& n = Peek();
        if (n.kind == TokenKind::kInteger) {
            p.kind = Primitive::Kind::kInteger;
            p.integer = ParseIntegerToken(Take());
            if (negative) p.integer = -p.integer;
            p.text = (negative ? "-" : "") + n.text;
            return p;
        }
        if (n.kind == TokenKind::kReal) {
            p.kind = Primitive::Kind::kReal;
            p.real = std::strtod(n.text.c_str(), nullptr);
            if (negative) p.real = -p.real;
            p.text = (negative ? "-" : "") + n.text;
            Take();
            return p;
        }
        if (negative) Expected("a number after '-'");
        if (IsKeyword(n, "TRUE") || IsKeyword(n, "FALSE")) {
            p.kind = Primitive::Kind::kBoolean;
            p.boolean = IsKeyword(n, "TRUE");
            p.text = p.boolean ? "true" : "false";
            Take();
            return p;
        }
        if (IsKeyword(n, "NULL")) {
            Take();
            p.kind = Primitive::Kind::kNull;
            p.text = "null";
            return p;
        }
        Expected("a literal");
    }

    Terminal ParseTerminal() {
        Terminal t;
        const Token& k = Peek();
        if (IsPrimitiveStart()) t.value = ParsePrimitive();
        else if (k.kind == TokenKind::kParameter) t.value = Parameter{Take().text, k.pos};
        else if (k.kind == TokenKind::kWord && AtSymbol("(", 1)) t.value = ParseFunctionCall();
        else if (k.kind == TokenKind::kWord && !IsReserved(k)) t.value = ParseIdentifiedPath();
        else Expected("a value: a literal, a $parameter, a path or a function");
        return t;
    }

    // ---------------------------------------------------------------- paths
    IdentifiedPath ParseIdentifiedPath() {
        IdentifiedPath p;
        const Token& v = Peek();
        if (v.kind != TokenKind::kWord || IsReserved(v)) Expected("a variable");
        p.pos = v.pos;
        p.variable = Take().text;
        if (AtSymbol("[")) p.predicate = ParseBracketPredicate();
        if (TakeSymbol("/")) p.path = ParseObjectPath();
        return p;
    }

    ObjectPath ParseObjectPath() {
        ObjectPath path;
        do {
            const Token& a = Peek();
            // Any word is an attribute name here, keywords included (e.g. .../time/value).
            if (a.kind != TokenKind::kWord && a.kind != TokenKind::kCode) Expected("an attribute name");
            PathPart part;
            part.attribute = Take().text;
            if (AtSymbol("[")) part.predicate = ParseBracketPredicate();
            path.parts.push_back(std::move(part));
        } while (TakeSymbol("/"));
        return path;
    }

    std::unique_ptr<NodePredicate> ParseBracketPredicate() {
        ExpectSymbol("[");
        auto p = ParsePredicateOr();
        ExpectSymbol("]");
        return p;
    }

    std::unique_ptr<NodePredicate> ParsePredicateOr() {
        DepthGuard guard(*this);
        auto left = ParsePredicateAnd();
        while (AtKeyword("OR") || AtKeyword("or")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<NodePredicate>();
            node->kind = NodePredicate::Kind::kOr;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParsePredicateAnd();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<NodePredicate> ParsePredicateAnd() {
        auto left = ParsePredicateAtom();
        // "," inside a predicate joins a node id and its name; AND joins conditions.
        while (AtKeyword("AND")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<NodePredicate>();
            node->kind = NodePredicate::Kind::kAnd;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParsePredicateAtom();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<NodePredicate> ParsePredicateAtom() {
        DepthGuard guard(*this);
        auto p = std::make_unique<NodePredicate>();
        const Token& t = Peek();
        p->pos = t.pos;
        if (t.kind == TokenKind::kArchetypeId || t.kind == TokenKind::kCode) {
            p->kind = NodePredicate::Kind::kNodeId;
            p->node_id = Take().text;
            if (TakeSymbol(",")) {
                const Token& n = Peek();
                if (n.kind == TokenKind::kString) p->name = Take().text;
                else if (n.kind == TokenKind::kParameter) p->parameter = Parameter{Take().text, n.pos};
                else if (n.kind == TokenKind::kTermCode || n.kind == TokenKind::kCode || n.kind == TokenKind::kArchetypeId)
                    p->name_code = Take().text;
                else Expected("a name string, a $parameter or a term code after ','");
            }
            return p;
        }
        if (t.kind == TokenKind::kParameter) {
            p->kind = NodePredicate::Kind::kParameter;
            p->parameter = Parameter{Take().text, t.pos};
            return p;
        }
        if (t.kind == TokenKind::kWord) {
            p->path = std::make_unique<ObjectPath>(ParseObjectPath());
            if (TakeKeyword("MATCHES")) {
                if (Peek().kind != TokenKind::kRegex) Expected("a regular expression {/.../} after MATCHES");
                p->kind = NodePredicate::Kind::kMatches;
                p->regex = Take().text;
                return p;
            }
            const Token& op = Peek();
            if (!IsComparison(op)) Expected("a comparison operator (=, !=, <, <=, >, >=)");
            p->kind = NodePredicate::Kind::kComparison;
            p->op = Take().text;
            p->operand = std::make_unique<PredicateOperand>();
            const Token& v = Peek();
            if (IsPrimitiveStart()) p->operand->value = ParsePrimitive();
            else if (v.kind == TokenKind::kParameter) p->operand->value = Parameter{Take().text, v.pos};
            else if (v.kind == TokenKind::kCode || v.kind == TokenKind::kArchetypeId) p->operand->value = Take().text;
            else if (v.kind == TokenKind::kWord) p->operand->value = std::make_unique<ObjectPath>(ParseObjectPath());
            else Expected("a value to compare with");
            return p;
        }
        Expected("a node id, an archetype id, a $parameter or a condition");
    }

    static bool IsComparison(const Token& t) {
        if (t.kind != TokenKind::kSymbol) return false;
        return t.text == "=" || t.text == "!=" || t.text == "<" || t.text == "<=" || t.text == ">" || t.text == ">=";
    }

    // ---------------------------------------------------------------- FROM
    std::unique_ptr<ContainsExpr> ParseContainsOr() {
        DepthGuard guard(*this);
        auto left = ParseContainsAnd();
        while (AtKeyword("OR")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<ContainsExpr>();
            node->kind = ContainsExpr::Kind::kOr;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParseContainsAnd();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<ContainsExpr> ParseContainsAnd() {
        auto left = ParseContainsPrimary();
        while (AtKeyword("AND")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<ContainsExpr>();
            node->kind = ContainsExpr::Kind::kAnd;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParseContainsPrimary();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<ContainsExpr> ParseContainsPrimary() {
        DepthGuard guard(*this);
        if (TakeSymbol("(")) {
            auto inner = ParseContainsOr();
            ExpectSymbol(")");
            return inner;
        }
        if (AtKeyword("NOT") && AtKeyword("CONTAINS", 1)) {
            auto n = std::make_unique<ContainsExpr>();
            n->kind = ContainsExpr::Kind::kNotContains;
            n->pos = Take().pos;
            Take();
            n->left = ParseContainsPrimary();
            return n;
        }
        auto c = std::make_unique<ContainsExpr>();
        const Token& type = Peek();
        if (type.kind != TokenKind::kWord || IsReserved(type)) Expected("an RM class (EHR, COMPOSITION, OBSERVATION, ...)");
        c->kind = ContainsExpr::Kind::kClass;
        c->pos = type.pos;
        c->rm_type = AsciiUpper(Take().text);
        if (Peek().kind == TokenKind::kWord && !IsReserved(Peek())) c->variable = Take().text;
        if (AtSymbol("[")) {
            if (c->rm_type == "VERSION") {
                Take();
                if (TakeKeyword("LATEST_VERSION")) c->version_predicate = "LATEST_VERSION";
                else if (TakeKeyword("ALL_VERSIONS")) c->version_predicate = "ALL_VERSIONS";
                else c->version_condition = ParsePredicateOr();
                ExpectSymbol("]");
            } else {
                c->predicate = ParseBracketPredicate();
            }
        }
        bool negated = false;
        if (AtKeyword("NOT") && AtKeyword("CONTAINS", 1)) {
            Take();
            negated = true;
        }
        if (TakeKeyword("CONTAINS")) {
            c->not_contains = negated;
            c->contains = ParseContainsOr();
        } else if (negated) {
            Expected("CONTAINS after NOT");
        }
        return c;
    }

    // ---------------------------------------------------------------- WHERE
    std::unique_ptr<WhereExpr> ParseWhereOr() {
        DepthGuard guard(*this);
        auto left = ParseWhereAnd();
        while (AtKeyword("OR")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<WhereExpr>();
            node->kind = WhereExpr::Kind::kOr;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParseWhereAnd();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<WhereExpr> ParseWhereAnd() {
        auto left = ParseWhereNot();
        while (AtKeyword("AND")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<WhereExpr>();
            node->kind = WhereExpr::Kind::kAnd;
            node->pos = pos;
            node->left = std::move(left);
            node->right = ParseWhereNot();
            left = std::move(node);
        }
        return left;
    }

    std::unique_ptr<WhereExpr> ParseWhereNot() {
        DepthGuard guard(*this);
        if (AtKeyword("NOT")) {
            Pos pos = Take().pos;
            auto node = std::make_unique<WhereExpr>();
            node->kind = WhereExpr::Kind::kNot;
            node->pos = pos;
            node->left = ParseWhereNot();
            return node;
        }
        return ParseWherePrimary();
    }

    std::unique_ptr<WhereExpr> ParseWherePrimary() {
        if (TakeSymbol("(")) {
            auto inner = ParseWhereOr();
            ExpectSymbol(")");
            return inner;
        }
        auto w = std::make_unique<WhereExpr>();
        w->pos = Peek().pos;
        if (TakeKeyword("EXISTS")) {
            w->kind = WhereExpr::Kind::kExists;
            w->lhs.value = ParseIdentifiedPath();
            return w;
        }
        const Token& t = Peek();
        if (t.kind == TokenKind::kWord && AtSymbol("(", 1)) w->lhs.value = ParseFunctionCall();
        else if (t.kind == TokenKind::kWord && !IsReserved(t)) w->lhs.value = ParseIdentifiedPath();
        else if (IsPrimitiveStart() || t.kind == TokenKind::kParameter) w->lhs = ParseTerminal();  // literal = path
        else Expected("a condition: a path, EXISTS, NOT or '('");

        if (IsComparison(Peek())) {
            w->kind = WhereExpr::Kind::kCompare;
            w->op = Take().text;
            w->rhs = ParseTerminal();
            return w;
        }
        if (TakeKeyword("LIKE")) {
            w->kind = WhereExpr::Kind::kLike;
            const Token& o = Peek();
            if (o.kind == TokenKind::kString) w->rhs.value = ClassifyString(Take().text);
            else if (o.kind == TokenKind::kParameter) w->rhs.value = Parameter{Take().text, o.pos};
            else Expected("a pattern string or a $parameter after LIKE");
            return w;
        }
        if (TakeKeyword("MATCHES")) {
            w->kind = WhereExpr::Kind::kMatches;
            if (AtKeyword("TERMINOLOGY")) {
                Terminal t;
                t.value = ParseFunctionCall();
                w->matches.values.push_back(std::move(t));
                return w;
            }
            ExpectSymbol("{");
            if (Peek().kind == TokenKind::kUri) {
                w->matches.uri = Take().text;
            } else {
                do {
                    const Token& v = Peek();
                    Terminal item;
                    if (IsPrimitiveStart()) item.value = ParsePrimitive();
                    else if (v.kind == TokenKind::kParameter) item.value = Parameter{Take().text, v.pos};
                    else if (IsKeyword(v, "TERMINOLOGY")) item.value = ParseFunctionCall();
                    else if (v.kind == TokenKind::kCode || v.kind == TokenKind::kTermCode) {
                        // Bare codes in a value list are taken as strings.
                        item.value = ClassifyString(Take().text);
                    } else Expected("a value in the MATCHES list");
                    w->matches.values.push_back(std::move(item));
                } while (TakeSymbol(","));
            }
            ExpectSymbol("}");
            return w;
        }
        Expected("a comparison operator, LIKE or MATCHES");
    }

    std::string_view text_;
    std::vector<Token> toks_;
    const ParseLimits& limits_;
    size_t i_ = 0;
    uint32_t depth_ = 0;
    std::optional<Error> error_;
};

// ---------------------------------------------------------------- variable check

class VariableCheck {
public:
    Status Run(const Query& q) {
        if (q.from) Define(*q.from);
        if (!error_ && q.from) UsePredicates(*q.from);
        for (const auto& c : q.columns) UseColumn(c.expr);
        if (q.where) Use(*q.where);
        // ORDER BY may name a SELECT alias (a bare name, no path).
        std::set<std::string> aliases;
        for (const auto& c : q.columns)
            if (!c.alias.empty()) aliases.insert(c.alias);
        for (const auto& o : q.order_by)
            if (!(o.path.path.parts.empty() && !o.path.predicate && aliases.count(o.path.variable) &&
                  !defined_.count(o.path.variable)))
                Use(o.path);
        if (error_) return std::move(*error_);
        return OkStatus();
    }

private:
    void Report(const char* code, const std::string& message, Pos pos) {
        if (error_) return;
        Issue issue;
        issue.code = code;
        issue.pos = SourcePos{"", pos.line, pos.col};
        issue.message = message;
        error_.emplace(Error::Parse(std::move(issue)));
    }

    void Define(const ContainsExpr& c) {
        if (c.kind == ContainsExpr::Kind::kClass) {
            if (!c.variable.empty() && !defined_.insert(c.variable).second)
                Report("AQL_DUPLICATE_VARIABLE", "variable '" + c.variable + "' is defined twice in FROM", c.pos);
            if (c.contains) Define(*c.contains);
        } else {
            if (c.left) Define(*c.left);
            if (c.right) Define(*c.right);
        }
    }

    void UsePredicates(const ContainsExpr& c) {
        if (c.kind != ContainsExpr::Kind::kClass) {
            if (c.left) UsePredicates(*c.left);
            if (c.right) UsePredicates(*c.right);
        } else if (c.contains) {
            UsePredicates(*c.contains);
        }
    }

    void Use(const IdentifiedPath& p) {
        if (!defined_.count(p.variable))
            Report("AQL_UNKNOWN_VARIABLE", "'" + p.variable + "' is not a variable defined in FROM", p.pos);
    }
    void Use(const Terminal& t) {
        if (auto* p = std::get_if<IdentifiedPath>(&t.value)) Use(*p);
        else if (auto* f = std::get_if<std::unique_ptr<FunctionCall>>(&t.value)) Use(**f);
    }
    void Use(const FunctionCall& f) {
        for (const auto& a : f.args) Use(a);
    }
    // Named apart from Use(): a FunctionCall must not convert to this variant (a copy).
    void UseColumn(const std::variant<IdentifiedPath, Primitive, AggregateCall, FunctionCall>& e) {
        if (auto* p = std::get_if<IdentifiedPath>(&e)) Use(*p);
        else if (auto* a = std::get_if<AggregateCall>(&e)) {
            if (a->path) Use(*a->path);
        } else if (auto* f = std::get_if<FunctionCall>(&e)) Use(*f);
    }
    void Use(const WhereExpr& w) {
        switch (w.kind) {
            case WhereExpr::Kind::kAnd:
            case WhereExpr::Kind::kOr:
                Use(*w.left);
                Use(*w.right);
                break;
            case WhereExpr::Kind::kNot: Use(*w.left); break;
            case WhereExpr::Kind::kCompare:
                Use(w.lhs);
                Use(w.rhs);
                break;
            default: Use(w.lhs);
        }
    }

    std::set<std::string> defined_;
    std::optional<Error> error_;
};

}  // namespace

Status CheckVariables(const Query& query) { return VariableCheck().Run(query); }

Result<Query> Parse(std::string_view text, const ParseLimits& limits) {
    if (text.size() > limits.max_bytes) {
        Issue issue;
        issue.code = "AQL_TOO_LARGE";
        issue.message = "query of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                        std::to_string(limits.max_bytes);
        return Error(ErrorCode::kLimitExceeded, issue.message, {issue});
    }
    KJ_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
    KJ_ASSIGN_OR_RETURN(Query query, Parser(text, std::move(tokens), limits).Run());
    KJ_TRY(CheckVariables(query));
    return query;
}

}  // namespace kjerne::aql
