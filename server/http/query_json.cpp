// server/http/query_json.cpp — see query_json.hpp.
#include "server/http/query_json.hpp"

#include "engine/store/version_data.hpp"

namespace kjerne::server::http {

using aql::JsonQuote;

std::string ResultSetJson(const aql::ResultSet& rs, const ResultSetMeta& meta) {
    std::string out = "{\"meta\":{";
    if (!meta.href.empty()) out += "\"_href\":" + JsonQuote(meta.href) + ",";
    out += "\"_type\":\"RESULTSET\",\"_schema_version\":\"1.0.3\",\"_created\":" +
           JsonQuote(store::NowUtc()) +
           ",\"_generator\":\"Kjerne\",\"_executed_aql\":" + JsonQuote(rs.query);
    if (meta.offset) out += ",\"offset\":" + std::to_string(*meta.offset);
    if (meta.fetch) out += ",\"fetch\":" + std::to_string(*meta.fetch);
    out += ",\"resultsize\":" + std::to_string(rs.rows.size()) + "}";
    if (!meta.name.empty()) out += ",\"name\":" + JsonQuote(meta.name);
    out += ",\"q\":" + JsonQuote(rs.query) + "," + rs.ColumnsAndRowsJson();
    return out + "}";
}

std::string StoredQueryJson(const store::StoredQueryRecord& q) {
    return "{\"name\":" + JsonQuote(q.name) + ",\"type\":" + JsonQuote(q.query_type) +
           ",\"version\":" + JsonQuote(q.version) + ",\"saved\":" + JsonQuote(q.saved) +
           ",\"q\":" + JsonQuote(q.q) + "}";
}

std::string StoredQueryListJson(const std::vector<store::StoredQueryRecord>& list) {
    std::string out = "[";
    for (size_t i = 0; i < list.size(); ++i) {
        if (i) out += ',';
        out += StoredQueryJson(list[i]);
    }
    return out + "]";
}

}  // namespace kjerne::server::http
