// templates/opt/blank_elements.cpp — see blank_elements.hpp.
#include "templates/opt/blank_elements.hpp"

#include <algorithm>
#include <set>

namespace kjerne::templates {
namespace {

// Walks the text keeping the line:col the XML reader would give each character: a line
// break is "\n", "\r\n" or a lone "\r"; a column counts UTF-8 lead bytes, not bytes.
class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    size_t pos() const { return pos_; }
    bool done() const { return pos_ >= s_.size(); }
    bool At(std::string_view lit) const { return s_.substr(pos_, lit.size()) == lit; }
    char Peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
    TagEnd Here() const { return {line_, col_}; }

    void Advance() {
        const char c = s_[pos_++];
        if (c == '\n' || (c == '\r' && Peek() != '\n')) {
            ++line_;
            col_ = 1;
        } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++col_;
        }
    }
    void Advance(size_t n) {
        for (size_t i = 0; i < n && !done(); ++i) Advance();
    }
    // Moves past the next occurrence of `lit` (or to the end).
    void SkipPast(std::string_view lit) {
        while (!done() && !At(lit)) Advance();
        Advance(lit.size());
    }

private:
    std::string_view s_;
    size_t pos_ = 0;
    uint32_t line_ = 1, col_ = 1;
};

enum class Tag { kStart, kEmpty, kEnd, kOther };

// At '<': moves past one markup construct and says what it was.
Tag SkipMarkup(Cursor& c) {
    if (c.At("<!--")) {
        c.SkipPast("-->");
        return Tag::kOther;
    }
    if (c.At("<![CDATA[")) {
        c.SkipPast("]]>");
        return Tag::kOther;
    }
    if (c.At("<?")) {
        c.SkipPast("?>");
        return Tag::kOther;
    }
    if (c.At("<!")) {  // a DOCTYPE never gets here: the reader refuses it first
        c.SkipPast(">");
        return Tag::kOther;
    }
    const bool end = c.At("</");
    char quote = '\0';
    char prev = '\0';
    while (!c.done()) {
        const char ch = c.Peek();
        if (quote) {
            if (ch == quote) quote = '\0';
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
        } else if (ch == '>') {
            c.Advance();
            return end ? Tag::kEnd : (prev == '/' ? Tag::kEmpty : Tag::kStart);
        }
        prev = ch;
        c.Advance();
    }
    return Tag::kOther;
}

// One space per character of s[from, to), line breaks kept.
void Blank(std::string& out, std::string_view s, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
        const char ch = s[i];
        if (ch == '\n' || ch == '\r') {
            out.push_back(ch);
        } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
            out.push_back(' ');
        }
    }
}

}  // namespace

BlankedText BlankElements(std::string_view xml, std::span<const TagEnd> at) {
    BlankedText result;
    if (at.empty()) {
        result.text = std::string(xml);
        return result;
    }
    const std::set<TagEnd> wanted(at.begin(), at.end());
    result.text.reserve(xml.size());
    Cursor c(xml);
    size_t copied = 0;  // xml[0, copied) is already in the output
    while (!c.done()) {
        if (c.Peek() != '<') {
            c.Advance();
            continue;
        }
        const size_t tag_start = c.pos();
        const Tag kind = SkipMarkup(c);
        if ((kind != Tag::kStart && kind != Tag::kEmpty) || !wanted.count(c.Here())) continue;
        if (kind == Tag::kStart) {  // find the matching end tag
            int depth = 1;
            while (!c.done() && depth > 0) {
                if (c.Peek() != '<') {
                    c.Advance();
                    continue;
                }
                const Tag inner = SkipMarkup(c);
                if (inner == Tag::kStart) ++depth;
                if (inner == Tag::kEnd) --depth;
            }
        }
        result.text.append(xml.substr(copied, tag_start - copied));
        Blank(result.text, xml, tag_start, c.pos());
        copied = c.pos();
        ++result.blanked;
    }
    result.text.append(xml.substr(copied));
    return result;
}

}  // namespace kjerne::templates
