// aql/exec/result_set.cpp
#include "aql/exec/result_set.hpp"

namespace kjerne::aql {

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
