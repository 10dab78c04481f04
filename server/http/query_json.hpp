// server/http/query_json.hpp
//
// The JSON shapes of the openEHR REST Query and stored-query resources: RESULT_SET (meta,
// name, q, columns, rows; each cell is the evaluator's JSON text spliced in unchanged) and
// StoredQuery {name, type, version, saved, q} / QueryList.
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aql/exec/result_set.hpp"
#include "engine/store/stored_query_record.hpp"

namespace kjerne::server::http {

struct ResultSetMeta {
    std::string href;               // the URL of a GET request, else ""
    std::string name;               // the stored query's qualified name, else ""
    std::optional<int64_t> offset;  // as requested
    std::optional<int64_t> fetch;
};

std::string ResultSetJson(const aql::ResultSet& rs, const ResultSetMeta& meta);
std::string StoredQueryJson(const store::StoredQueryRecord& q);
std::string StoredQueryListJson(const std::vector<store::StoredQueryRecord>& list);

}  // namespace kjerne::server::http
