// aql/exec/result_set.cpp
#include "aql/exec/result_set.hpp"

namespace kjerne::aql {

std::string JsonQuote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[(c >> 4) & 15];
                    out += hex[c & 15];
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string ResultSet::ToJson() const {
    std::string out = "{\"meta\":{\"_type\":\"RESULTSET\",\"_executed_aql\":" + JsonQuote(query) +
                      ",\"resultsize\":" + std::to_string(rows.size()) + "},\"q\":" + JsonQuote(query) + ",\"columns\":[";
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ',';
        out += "{\"name\":" + JsonQuote(columns[i].name) + ",\"path\":" + JsonQuote(columns[i].path) + "}";
    }
    out += "],\"rows\":[";
    for (size_t r = 0; r < rows.size(); ++r) {
        if (r) out += ',';
        out += '[';
        for (size_t c = 0; c < rows[r].size(); ++c) {
            if (c) out += ',';
            out += rows[r][c];
        }
        out += ']';
    }
    return out + "]}";
}

}  // namespace kjerne::aql
