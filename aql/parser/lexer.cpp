// aql/parser/lexer.cpp
#include "aql/parser/lexer.hpp"

#include <cctype>
#include <optional>

namespace kjerne::aql {
namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }

class Lexer {
public:
    explicit Lexer(std::string_view text) : t_(text) {}

    Result<std::vector<Token>> Run() {
        std::vector<Token> out;
        while (true) {
            SkipSpaceAndComments();
            Token tok;
            tok.begin = i_;
            tok.pos = PosAt(i_);
            if (i_ >= t_.size()) {
                tok.kind = TokenKind::kEnd;
                tok.end = i_;
                out.push_back(std::move(tok));
                return out;
            }
            if (auto err = Next(tok)) return *err;
            tok.end = i_;
            out.push_back(std::move(tok));
        }
    }

private:
    Pos PosAt(size_t offset) const {
        Pos p{1, 1};
        for (size_t k = 0; k < offset && k < t_.size(); ++k) {
            if (t_[k] == '\n') { ++p.line; p.col = 1; }
            else ++p.col;
        }
        return p;
    }

    Error Fail(size_t at, std::string message) const {
        Issue issue;
        issue.code = "AQL_SYNTAX";
        Pos p = PosAt(at);
        issue.pos = SourcePos{"", p.line, p.col};
        issue.message = std::move(message);
        return Error::Parse(std::move(issue));
    }

    void SkipSpaceAndComments() {
        while (i_ < t_.size()) {
            char c = t_[i_];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') { ++i_; continue; }
            // "-- comment" runs to the end of the line (the grammar's COMMENT).
            if (c == '-' && i_ + 1 < t_.size() && t_[i_ + 1] == '-') {
                while (i_ < t_.size() && t_[i_] != '\n') ++i_;
                continue;
            }
            // A UTF-8 byte order mark.
            if (t_.substr(i_, 3) == "\xEF\xBB\xBF") { i_ += 3; continue; }
            break;
        }
    }

    // Length of an archetype id (or id pattern) starting at i_, or 0.
    // Form: [namespace::]X-Y-Z.concept(.specialisation)*.v<version>, where any part of the
    // concept/version may be '*' or a regex-like wildcard (openEHR-EHR-OBSERVATION.bp.v*).
    size_t ArchetypeIdLength() const {
        size_t j = i_;
        int dashes = 0;
        // X-Y-Z: three word runs joined by '-'
        for (int part = 0; part < 3; ++part) {
            size_t start = j;
            while (j < t_.size() && (IsWordChar(t_[j]))) ++j;
            if (j == start) return 0;
            if (part < 2) {
                if (j >= t_.size() || t_[j] != '-') return 0;
                ++j;
                ++dashes;
            }
        }
        if (j >= t_.size() || t_[j] != '.') return 0;
        // concept and version: word chars, '-', '.', '*', '|' and regex-ish bits until a
        // delimiter of the surrounding syntax.
        while (j < t_.size()) {
            char c = t_[j];
            if (IsWordChar(c) || c == '-' || c == '.' || c == '*' || c == '+' || c == '?' || c == '|') { ++j; continue; }
            break;
        }
        return dashes == 2 ? j - i_ : 0;
    }

    // Length of a term code (TERMINOLOGY::code, optionally |text|) at i_, or 0.
    size_t TermCodeLength() const {
        size_t j = i_;
        auto run = [&](size_t k) {
            while (k < t_.size() && (IsWordChar(t_[k]) || t_[k] == '-' || t_[k] == '.')) ++k;
            return k;
        };
        j = run(j);
        if (j == i_) return 0;
        if (j < t_.size() && t_[j] == '(') {  // terminology version: SNOMED-CT(2003)::...
            size_t k = run(j + 1);
            if (k >= t_.size() || t_[k] != ')') return 0;
            j = k + 1;
        }
        if (t_.substr(j, 2) != "::") return 0;
        size_t k = run(j + 2);
        if (k == j + 2) return 0;
        if (k < t_.size() && t_[k] == '|') {
            size_t close = t_.find('|', k + 1);
            if (close != std::string_view::npos) k = close + 1;
        }
        return k - i_;
    }

    // Length of a URI (scheme:...) at i_, or 0: a scheme followed by ':' that is not '::'.
    size_t UriLength() const {
        size_t j = i_;
        if (j >= t_.size() || !IsAlpha(t_[j])) return 0;
        while (j < t_.size() && (IsAlpha(t_[j]) || IsDigit(t_[j]) || t_[j] == '+' || t_[j] == '.' || t_[j] == '-')) ++j;
        if (j >= t_.size() || t_[j] != ':' || (j + 1 < t_.size() && t_[j + 1] == ':')) return 0;
        while (j < t_.size() && t_[j] != '}' && t_[j] != ',' && t_[j] != ' ' && t_[j] != '\n' && t_[j] != '\t') ++j;
        return j - i_;
    }

    static bool IsCode(std::string_view w) {
        if (w.size() < 3 || !(w.substr(0, 2) == "at" || w.substr(0, 2) == "id")) return false;
        bool digit = false;
        for (size_t k = 2; k < w.size(); ++k) {
            if (IsDigit(w[k])) digit = true;
            else if (w[k] == '.' && digit) digit = false;
            else return false;
        }
        return digit;
    }

    // Returns an error, or nullptr after filling `tok` and advancing.
    std::optional<Error> Next(Token& tok) {
        char c = t_[i_];
        if (IsAlpha(c) || c == '_') {
            if (size_t n = ArchetypeIdLength()) {
                tok.kind = TokenKind::kArchetypeId;
                tok.text = std::string(t_.substr(i_, n));
                i_ += n;
                return std::nullopt;
            }
            if (size_t n = TermCodeLength()) {
                tok.kind = TokenKind::kTermCode;
                tok.text = std::string(t_.substr(i_, n));
                i_ += n;
                return std::nullopt;
            }
            if (size_t n = UriLength()) {
                tok.kind = TokenKind::kUri;
                tok.text = std::string(t_.substr(i_, n));
                i_ += n;
                return std::nullopt;
            }
            size_t j = i_;
            while (j < t_.size() && IsWordChar(t_[j])) ++j;
            // at/id codes may carry dotted specialisation levels: at0000.1
            std::string_view w = t_.substr(i_, j - i_);
            size_t k = j;
            while (k + 1 < t_.size() && t_[k] == '.' && IsDigit(t_[k + 1]) && IsCode(w)) {
                k += 1;
                while (k < t_.size() && IsDigit(t_[k])) ++k;
                w = t_.substr(i_, k - i_);
                j = k;
            }
            tok.kind = IsCode(w) ? TokenKind::kCode : TokenKind::kWord;
            tok.text = std::string(w);
            i_ = j;
            return std::nullopt;
        }
        if (IsDigit(c) || (c == '.' && i_ + 1 < t_.size() && IsDigit(t_[i_ + 1]))) {
            size_t j = i_;
            bool real = false;
            while (j < t_.size() && IsDigit(t_[j])) ++j;
            if (j + 1 < t_.size() && t_[j] == '.' && IsDigit(t_[j + 1])) {
                real = true;
                ++j;
                while (j < t_.size() && IsDigit(t_[j])) ++j;
            }
            if (j < t_.size() && (t_[j] == 'e' || t_[j] == 'E')) {
                size_t k = j + 1;
                if (k < t_.size() && (t_[k] == '+' || t_[k] == '-')) ++k;
                if (k < t_.size() && IsDigit(t_[k])) {
                    while (k < t_.size() && IsDigit(t_[k])) ++k;
                    j = k;
                    real = true;
                }
            }
            tok.kind = real ? TokenKind::kReal : TokenKind::kInteger;
            tok.text = std::string(t_.substr(i_, j - i_));
            i_ = j;
            return std::nullopt;
        }
        if (c == '\'' || c == '"') return String(tok, c);
        if (c == '$') {
            size_t j = i_ + 1;
            if (j >= t_.size() || !(IsAlpha(t_[j]) || t_[j] == '_')) return Fail(i_, "expected a parameter name after '$'");
            while (j < t_.size() && IsWordChar(t_[j])) ++j;
            tok.kind = TokenKind::kParameter;
            tok.text = std::string(t_.substr(i_ + 1, j - i_ - 1));
            i_ = j;
            return std::nullopt;
        }
        if (c == '{') {
            // CONTAINED_REGEX: { /regex/ [; 'string'] }
            size_t j = i_ + 1;
            while (j < t_.size() && (t_[j] == ' ' || t_[j] == '\t')) ++j;
            if (j < t_.size() && t_[j] == '/') {
                size_t close = t_.find('}', j);
                if (close == std::string_view::npos) return Fail(i_, "unterminated regular expression: missing '}'");
                tok.kind = TokenKind::kRegex;
                tok.text = std::string(t_.substr(i_, close + 1 - i_));
                i_ = close + 1;
                return std::nullopt;
            }
        }
        static constexpr std::string_view kTwo[] = {"<=", ">=", "!=", "<>"};
        for (auto two : kTwo) {
            if (t_.substr(i_, 2) == two) {
                tok.kind = TokenKind::kSymbol;
                tok.text = two == "<>" ? "!=" : std::string(two);
                i_ += 2;
                return std::nullopt;
            }
        }
        if (std::string_view("=<>(),/*[]{}-;").find(c) != std::string_view::npos) {
            tok.kind = TokenKind::kSymbol;
            tok.text = std::string(1, c);
            ++i_;
            return std::nullopt;
        }
        return Fail(i_, std::string("unexpected character '") + c + "'");
    }

    std::optional<Error> String(Token& tok, char quote) {
        size_t j = i_ + 1;
        std::string value;
        while (j < t_.size() && t_[j] != quote) {
            if (t_[j] == '\\' && j + 1 < t_.size()) {
                char e = t_[j + 1];
                switch (e) {
                    case 'n': value += '\n'; break;
                    case 't': value += '\t'; break;
                    case 'r': value += '\r'; break;
                    case 'b': value += '\b'; break;
                    case 'f': value += '\f'; break;
                    // \* and \? stay escaped: they are LIKE's literal star and question mark
                    // (AQL 1.1 `'test \?'`), which an unescaped string could not tell apart.
                    case '*':
                    case '?': value += '\\'; value += e; break;
                    default: value += e;  // \' \" \\ \/ and the rest as themselves
                }
                j += 2;
                continue;
            }
            value += t_[j++];
        }
        if (j >= t_.size()) return Fail(i_, "unterminated string");
        tok.kind = TokenKind::kString;
        tok.text = std::move(value);
        i_ = j + 1;
        return std::nullopt;
    }

    std::string_view t_;
    size_t i_ = 0;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

bool IsKeyword(const Token& t, std::string_view upper) {
    if (t.kind != TokenKind::kWord || t.text.size() != upper.size()) return false;
    for (size_t k = 0; k < upper.size(); ++k)
        if (std::toupper(static_cast<unsigned char>(t.text[k])) != upper[k]) return false;
    return true;
}

}  // namespace kjerne::aql
