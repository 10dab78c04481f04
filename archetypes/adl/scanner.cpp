// archetypes/adl/scanner.cpp — see scanner.hpp.
#include "archetypes/adl/scanner.hpp"

#include <algorithm>

namespace kjerne::archetypes::adl {

Scanner::Scanner(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 BOM
}

void Scanner::LineCol(size_t offset, uint32_t& line, uint32_t& col) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    size_t idx = static_cast<size_t>(it - line_starts_.begin()) - 1;
    line = static_cast<uint32_t>(idx + 1);
    size_t start = line_starts_[idx];
    // Columns count characters, not UTF-8 continuation bytes.
    size_t from = start;
    uint32_t c = 1;
    if (memo_line_start_ == start && memo_offset_ <= offset && memo_offset_ >= start) {
        from = memo_offset_;
        c = memo_col_;
    }
    for (size_t i = from; i < offset && i < text_.size(); ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++c;
    memo_offset_ = offset;
    memo_line_start_ = start;
    memo_col_ = c;
    col = c;
}

void Scanner::SkipWs() {
    for (;;) {
        while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
        if (pos_ + 1 < text_.size() && text_[pos_] == '-' && text_[pos_ + 1] == '-') {
            size_t nl = text_.find('\n', pos_);
            pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
            continue;
        }
        return;
    }
}

bool Scanner::TryChar(char c) {
    SkipWs();
    if (Peek() == c) { ++pos_; return true; }
    return false;
}

void Scanner::Expect(char c, std::string_view what) {
    if (!TryChar(c)) Fail(what);
}

bool Scanner::TryString(std::string_view s) {
    SkipWs();
    if (text_.substr(pos_, s.size()) == s) { pos_ += s.size(); return true; }
    return false;
}

bool Scanner::PeekKeyword(std::string_view kw) {
    SkipWs();
    if (pos_ + kw.size() > text_.size()) return false;
    for (size_t i = 0; i < kw.size(); ++i) {
        char a = text_[pos_ + i], b = kw[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (a != b) return false;
    }
    return !IsIdentChar(Peek(kw.size()));
}

bool Scanner::TryKeyword(std::string_view kw) {
    if (!PeekKeyword(kw)) return false;
    pos_ += kw.size();
    return true;
}

bool Scanner::PeekIdentStart() {
    SkipWs();
    char c = Peek();
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::string_view Scanner::Ident(std::string_view what) {
    if (!PeekIdentStart()) Fail(what);
    size_t start = pos_;
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
}

std::string Scanner::QuotedString() {
    SkipWs();
    if (Peek() != '"') Fail("a string \"...\"");
    size_t start = pos_++;
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
        char c = text_[pos_];
        if (c == '\\' && pos_ + 1 < text_.size()) {
            char n = text_[pos_ + 1];
            if (n == '"' || n == '\\') { out.push_back(n); pos_ += 2; continue; }
        }
        out.push_back(c);
        ++pos_;
    }
    if (pos_ >= text_.size()) FailAt(start, "unterminated string");
    ++pos_;
    return out;
}

std::string_view Scanner::Until(char close, std::string_view what) {
    size_t start = pos_;
    size_t end = text_.find(close, pos_);
    if (end == std::string_view::npos) FailAt(start, "unterminated " + std::string(what) + ": expected '" + close + "'");
    pos_ = end + 1;
    return text_.substr(start, end - start);
}

std::string_view Scanner::Regex(char delim) {
    SkipWs();
    size_t start = pos_;
    if (Peek() != delim) Fail("a regular expression");
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != delim) {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        else if (text_[pos_] == '\n') FailAt(start, "unterminated regular expression");
        ++pos_;
    }
    if (pos_ >= text_.size()) FailAt(start, "unterminated regular expression");
    ++pos_;
    return text_.substr(start + 1, pos_ - start - 2);
}

std::string_view Scanner::RawWhile(bool (*pred)(char)) {
    size_t start = pos_;
    while (pos_ < text_.size() && pred(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
}

std::string Scanner::Found() {
    if (pos_ >= text_.size()) return "end of file";
    size_t end = pos_;
    if (IsIdentChar(text_[pos_])) {
        while (end < text_.size() && IsIdentChar(text_[end]) && end - pos_ < 40) ++end;
    } else {
        end = pos_ + 1;
        while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    }
    return "'" + std::string(text_.substr(pos_, end - pos_)) + "'";
}

void Scanner::Fail(std::string_view expected) {
    SkipWs();
    throw SyntaxError{pos_, "expected " + std::string(expected) + ", found " + Found()};
}

void Scanner::FailAt(size_t offset, std::string message, const char* code) {
    throw SyntaxError{offset, std::move(message), code};
}

}  // namespace kjerne::archetypes::adl
