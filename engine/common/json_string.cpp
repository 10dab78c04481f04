// engine/common/json_string.cpp — see json_string.hpp.
#include "engine/common/json_string.hpp"

namespace kjerne {

void AppendJsonEscaped(std::string& out, std::string_view s) {
    size_t run = 0;  // unescaped runs are copied in one append: most text has nothing to escape
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
}

}  // namespace kjerne
