// server/services/stored_query_service.hpp
//
// Owns stored (registered) queries as the REST definition and query APIs use them: names of
// the form [namespace::]query-name (query-name of [a-zA-Z0-9_.-], not "aql"; the namespace a
// reverse domain name), SEMVER versions, and resolving a version pattern — "" = the latest,
// "1" or "1.2" = the latest with that prefix, "1.2.3" exactly — by SEMVER order, not text
// order. A query is parsed before it is stored, so a stored query is always valid AQL (400
// with line:col otherwise). Storing without a version appends one: 1.0.0 for a new name, else
// the latest with its patch number raised (EHRbase's PUT without a version behaves like POST).
// Errors: kInvalidArgument (400: name, version, AQL), kNotFound (404), kConflict (409: the
// version exists; versions are immutable).
// Thread-safety: stateless over a thread-safe Store; share freely.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

namespace kjerne::server::services {

class StoredQueryService {
public:
    // `store` must outlive the service.
    explicit StoredQueryService(store::Store& store) : store_(store) {}

    // `version` empty = the next version (see above). `query_type` empty = AQL; others 400.
    Result<store::StoredQueryRecord> Store(const std::string& name, const std::string& version,
                                           const std::string& query_type, const std::string& aql);
    // Every version of every query whose name starts with `name_prefix`, by name and then
    // SEMVER.
    Result<std::vector<store::StoredQueryRecord>> List(const std::string& name_prefix);
    // The version of `name` matching `version_pattern` ("" = latest); kNotFound otherwise.
    Result<store::StoredQueryRecord> Get(const std::string& name,
                                         const std::string& version_pattern);

private:
    store::Store& store_;
};

// Checks [namespace::]query-name; kInvalidArgument saying what is wrong.
Status CheckQueryName(const std::string& name);

// "1.2.3" -> {1, 2, 3}; with `allow_prefix` also "1" and "1.2" (missing parts are nullopt).
struct SemVer {
    int major = 0;
    std::optional<int> minor;
    std::optional<int> patch;
};
Result<SemVer> ParseSemVer(const std::string& text, bool allow_prefix);

}  // namespace kjerne::server::services
