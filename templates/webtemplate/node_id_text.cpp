// templates/webtemplate/node_id_text.cpp — see node_id_text.hpp.
#include "templates/webtemplate/node_id_text.hpp"

#include <cstdint>

namespace kjerne::templates::webtemplate {
namespace {

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as themselves.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 3   ? (b & 0x07u)
                  : extra == 2 ? (b & 0x0Fu)
                  : extra == 1 ? (b & 0x1Fu)
                               : b;
    if (i + extra >= s.size()) extra = static_cast<int>(s.size() - i - 1);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3Fu);
    return cp;
}

void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Letters outside ASCII: Latin-1 and Latin Extended letters, Greek, Cyrillic, and everything
// above the punctuation and symbol blocks (CJK, Arabic, ...). Names in clinical models use
// these; the symbol blocks (U+2000-U+2BFF) count as separators.
bool IsLetter(uint32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xFF00 && cp <= 0xFF20) return false;
    return true;
}

uint32_t ToLower(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
        // Latin Extended-A pairs: even upper / odd lower, except 0x139-0x148 and 0x179-0x17E (odd
        // upper).
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (odd_upper ? (cp % 2 == 1) : (cp % 2 == 0)) return cp + 1;
        return cp;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;  // Greek
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                 // Cyrillic
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    return cp;
}

}  // namespace

std::string BuildNodeId(std::string_view name) {
    std::string out;
    bool pending_space = false;
    for (size_t i = 0; i < name.size();) {
        uint32_t cp = NextCodePoint(name, i);
        bool keep = IsLetter(cp) || (cp >= '0' && cp <= '9') || cp == '.' || cp == '_' || cp == '-';
        if (!keep) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back('_');
        pending_space = false;
        AppendUtf8(out, ToLower(cp));
    }
    if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(out.begin(), 'a');
    return out;
}

std::string ChoiceId(std::string_view rm_type) {
    std::string t(rm_type);
    if (t.rfind("DV_", 0) == 0) t = t.substr(3);
    // DV_INTERVAL<DV_QUANTITY> -> interval_of_quantity
    if (size_t lt = t.find('<'); lt != std::string::npos) {
        std::string arg = t.substr(lt + 1, t.size() - lt - 2);
        if (arg.rfind("DV_", 0) == 0) arg = arg.substr(3);
        t = t.substr(0, lt) + "_OF_" + arg;
    }
    for (char& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return t + "_value";
}

std::string CapitalizeFirst(std::string_view s) {
    std::string out(s);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

}  // namespace kjerne::templates::webtemplate
