// aql/exec/result_set.cpp
#include "aql/exec/result_set.hpp"

namespace kjerne::aql {

std::vector<ResultColumn> ColumnsOf(const Query& query) {
    std::vector<ResultColumn> out;
    out.reserve(query.columns.size());
    for (size_t i = 0; i < query.columns.size(); ++i) {
        const SelectColumn& c = query.columns[i];
        out.push_back({c.alias.empty() ? "#" + std::to_string(i) : c.alias,
                       std::holds_alternative<IdentifiedPath>(c.expr) ? c.source : std::string()});
    }
    return out;
}

std::string ResultSet::ToJson() const {
    return "{\"meta\":{\"_type\":\"RESULTSET\",\"_executed_aql\":" + JsonQuote(query) +
           ",\"resultsize\":" + std::to_string(rows.size()) + "},\"q\":" + JsonQuote(query) + "," +
           ColumnsAndRowsJson() + "}";
}

std::string ResultSet::ColumnsAndRowsJson() const {
    std::string out = "\"columns\":[";
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ',';
        out += "{\"name\":" + JsonQuote(columns[i].name);
        if (!columns[i].path.empty()) out += ",\"path\":" + JsonQuote(columns[i].path);
        out += '}';
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
    return out + "]";
}

}  // namespace kjerne::aql
