// engine/codec/json_locate.cpp
#include "engine/codec/json_locate.hpp"

#include <cstring>
#include <string>

namespace kjerne::codec {
namespace {

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t SkipWs(std::string_view t, size_t p) {
    while (p < t.size() && IsWs(t[p])) ++p;
    return p;
}

// End of the string starting at t[p] == '"' (one past the closing quote), or npos.
size_t SkipString(std::string_view t, size_t p) {
    for (++p; p < t.size(); ++p) {
        if (t[p] == '\\') { ++p; continue; }
        if (t[p] == '"') return p + 1;
        if (static_cast<unsigned char>(t[p]) < 0x20) return std::string_view::npos;
    }
    return std::string_view::npos;
}

// Unescaped-enough key compare: keys in RM JSON are plain ASCII names.
bool KeyEquals(std::string_view t, size_t begin, size_t end, std::string_view key) {
    // begin at the opening quote, end one past the closing quote
    return end - begin - 2 == key.size() && std::memcmp(t.data() + begin + 1, key.data(), key.size()) == 0;
}

// One past the end of the value starting at p (already well-formed: simdjson accepted
// the document). Iterative bracket matching, so depth is no concern.
size_t SkipValue(std::string_view t, size_t p) {
    size_t depth = 0;
    while (p < t.size()) {
        char c = t[p];
        if (c == '"') {
            p = SkipString(t, p);
            if (p == std::string_view::npos) return t.size();
            if (depth == 0) return p;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return p;
            if (--depth == 0) return p + 1;
        } else if (depth == 0 && (c == ',' || IsWs(c))) {
            return p;
        }
        ++p;
    }
    return p;
}

}  // namespace

LineCol OffsetToLineCol(std::string_view text, size_t offset) {
    LineCol lc{1, 1};
    size_t line_start = 0;
    if (offset > text.size()) offset = text.size();
    for (size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') { ++lc.line; line_start = i + 1; }
    lc.col = static_cast<uint32_t>(offset - line_start) + 1;
    return lc;
}

LineCol LocateJsonPath(std::string_view t, const std::vector<JsonStep>& steps, bool at_key) {
    size_t p = SkipWs(t, 0);
    size_t best = p;
    for (size_t s = 0; s < steps.size(); ++s) {
        const JsonStep& step = steps[s];
        if (p >= t.size()) break;
        if (!step.key.empty()) {
            if (t[p] != '{') break;
            p = SkipWs(t, p + 1);
            bool found = false;
            while (p < t.size() && t[p] == '"') {
                size_t kend = SkipString(t, p);
                if (kend == std::string_view::npos) return OffsetToLineCol(t, best);
                bool match = KeyEquals(t, p, kend, step.key);
                size_t key_at = p;
                p = SkipWs(t, kend);
                if (p < t.size() && t[p] == ':') p = SkipWs(t, p + 1);
                if (match) {
                    found = true;
                    best = (at_key && s + 1 == steps.size()) ? key_at : p;
                    break;
                }
                p = SkipWs(t, SkipValue(t, p));
                if (p < t.size() && t[p] == ',') p = SkipWs(t, p + 1);
            }
            if (!found) break;
        } else {
            if (t[p] != '[') break;
            p = SkipWs(t, p + 1);
            for (size_t i = 1; i < step.index && p < t.size(); ++i) {
                p = SkipWs(t, SkipValue(t, p));
                if (p < t.size() && t[p] == ',') p = SkipWs(t, p + 1);
            }
            best = p;
        }
    }
    return OffsetToLineCol(t, best);
}

LineCol LocateJsonSyntaxError(std::string_view t) {
    // A small validating state machine; simdjson already said the text is bad, this
    // only finds where.
    enum class Want { kValue, kKeyOrEnd, kKey, kColon, kCommaOrEnd, kValueOrEnd, kEnd };
    std::string stack;  // '{' or '['
    Want want = Want::kValue;
    size_t p = 0;
    while (true) {
        p = SkipWs(t, p);
        if (p >= t.size()) {
            return OffsetToLineCol(t, want == Want::kEnd ? t.size() : t.size());
        }
        char c = t[p];
        switch (want) {
            case Want::kEnd:
                return OffsetToLineCol(t, p);
            case Want::kKeyOrEnd:
            case Want::kKey:
                if (c == '}' && want == Want::kKeyOrEnd) {
                    stack.pop_back();
                    ++p;
                    want = stack.empty() ? Want::kEnd : Want::kCommaOrEnd;
                    continue;
                }
                if (c != '"') return OffsetToLineCol(t, p);
                p = SkipString(t, p);
                if (p == std::string_view::npos) return OffsetToLineCol(t, t.size());
                want = Want::kColon;
                continue;
            case Want::kColon:
                if (c != ':') return OffsetToLineCol(t, p);
                ++p;
                want = Want::kValue;
                continue;
            case Want::kCommaOrEnd:
                if (c == ',') {
                    ++p;
                    want = stack.back() == '{' ? Want::kKey : Want::kValue;
                    continue;
                }
                if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
                    stack.pop_back();
                    ++p;
                    want = stack.empty() ? Want::kEnd : Want::kCommaOrEnd;
                    continue;
                }
                return OffsetToLineCol(t, p);
            case Want::kValueOrEnd:
                if (c == ']') {
                    stack.pop_back();
                    ++p;
                    want = stack.empty() ? Want::kEnd : Want::kCommaOrEnd;
                    continue;
                }
                [[fallthrough]];
            case Want::kValue: {
                if (c == '{') { stack.push_back('{'); ++p; want = Want::kKeyOrEnd; continue; }
                if (c == '[') { stack.push_back('['); ++p; want = Want::kValueOrEnd; continue; }
                size_t end;
                if (c == '"') {
                    end = SkipString(t, p);
                    if (end == std::string_view::npos) return OffsetToLineCol(t, p);
                } else if (t.substr(p, 4) == "true" || t.substr(p, 4) == "null") {
                    end = p + 4;
                } else if (t.substr(p, 5) == "false") {
                    end = p + 5;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    end = p + 1;
                    while (end < t.size() && std::strchr("0123456789+-.eE", t[end])) ++end;
                } else {
                    return OffsetToLineCol(t, p);
                }
                p = end;
                want = stack.empty() ? Want::kEnd : Want::kCommaOrEnd;
                continue;
            }
        }
    }
}

}  // namespace kjerne::codec
