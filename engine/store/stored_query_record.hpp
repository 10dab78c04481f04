// engine/store/stored_query_record.hpp
//
// A stored (registered) query as the store keeps it: the openEHR REST definition API's
// StoredQuery — qualified name, SEMVER version, query type, text and when it was saved. The
// store only keeps and finds rows; version resolution (latest, "1.2" prefixes) belongs to the
// caller (server/services/stored_query_service.hpp).
#pragma once

#include <string>

namespace kjerne::store {

struct StoredQueryRecord {
    std::string name;     // [namespace::]query-name
    std::string version;  // major.minor.patch
    std::string query_type = "AQL";
    std::string q;      // the query text
    std::string saved;  // ISO 8601 UTC, set by the store
};

}  // namespace kjerne::store
