// server/services/stored_query_service.cpp — see stored_query_service.hpp.
#include "server/services/stored_query_service.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "aql/parser/parser.hpp"

namespace kjerne::server::services {
namespace {

bool IsNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

std::tuple<int, int, int> Key(const SemVer& v) {
    return {v.major, v.minor.value_or(0), v.patch.value_or(0)};
}

// Stored versions are always full SEMVER (checked on the way in).
SemVer VersionOf(const store::StoredQueryRecord& r) {
    auto v = ParseSemVer(r.version, false);
    return v.ok() ? *v : SemVer{};
}

bool Matches(const SemVer& pattern, const SemVer& v) {
    return v.major == pattern.major && (!pattern.minor || v.minor == pattern.minor) &&
           (!pattern.patch || v.patch == pattern.patch);
}

// The versions of exactly `name`, in SEMVER order.
Result<std::vector<store::StoredQueryRecord>> VersionsOf(store::Store& store,
                                                         const std::string& name) {
    KJ_ASSIGN_OR_RETURN(auto rows, store.ListStoredQueries(name));
    std::erase_if(rows, [&](const store::StoredQueryRecord& r) { return r.name != name; });
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return Key(VersionOf(a)) < Key(VersionOf(b));
    });
    return rows;
}

}  // namespace

Status CheckQueryName(const std::string& name) {
    std::string ns, local = name;
    if (size_t sep = name.rfind("::"); sep != std::string::npos) {
        ns = name.substr(0, sep);
        local = name.substr(sep + 2);
        if (ns.empty() || !std::all_of(ns.begin(), ns.end(), IsNameChar)) {
            return Error::InvalidArgument("stored query: the namespace of '" + name +
                                          "' must be a reverse domain name of [a-zA-Z0-9_.-]");
        }
    }
    if (local.empty() || !std::all_of(local.begin(), local.end(), IsNameChar)) {
        return Error::InvalidArgument(
            "stored query: the name '" + name +
            "' must be [namespace::]query-name with query-name of [a-zA-Z0-9_.-]");
    }
    std::string lower = local;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "aql")
        return Error::InvalidArgument("stored query: 'aql' is a reserved query name");
    return OkStatus();
}

Result<SemVer> ParseSemVer(const std::string& text, bool allow_prefix) {
    std::vector<int> parts;
    size_t i = 0;
    while (i <= text.size()) {
        size_t dot = text.find('.', i);
        std::string part = text.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
        if (part.empty() || part.size() > 9 || !std::all_of(part.begin(), part.end(), ::isdigit) ||
            (part.size() > 1 && part[0] == '0')) {
            parts.clear();
            break;
        }
        parts.push_back(std::stoi(part));
        if (dot == std::string::npos) break;
        i = dot + 1;
    }
    if (parts.empty() || parts.size() > 3 || (!allow_prefix && parts.size() != 3)) {
        return Error::InvalidArgument("stored query: version '" + text + "' is not " +
                                      (allow_prefix ? "a SEMVER version or prefix (1, 1.2, 1.2.3)"
                                                    : "a SEMVER version (major.minor.patch)"));
    }
    SemVer v;
    v.major = parts[0];
    if (parts.size() > 1) v.minor = parts[1];
    if (parts.size() > 2) v.patch = parts[2];
    return v;
}

Result<store::StoredQueryRecord> StoredQueryService::Store(const std::string& name,
                                                           const std::string& version,
                                                           const std::string& query_type,
                                                           const std::string& aql) {
    KJ_TRY(CheckQueryName(name));
    if (!query_type.empty() && query_type != "AQL" && query_type != "aql") {
        return Error::InvalidArgument("stored query: query type '" + query_type +
                                      "' is not supported (AQL)");
    }
    // Stored queries are parsed now, so executing one never meets a syntax error later.
    if (auto parsed = aql::Parse(aql); !parsed.ok()) {
        const Error& e = parsed.error();
        return Error(ErrorCode::kInvalidArgument, e.message(), e.issues());
    }
    store::StoredQueryRecord record;
    record.name = name;
    record.query_type = "AQL";
    record.q = aql;
    if (!version.empty()) {
        KJ_TRY(ParseSemVer(version, false));
        record.version = version;
    } else {
        KJ_ASSIGN_OR_RETURN(auto versions, VersionsOf(store_, name));
        SemVer next{1, 0, 0};
        if (!versions.empty()) {
            next = VersionOf(versions.back());
            next.patch = next.patch.value_or(0) + 1;
        }
        record.version = std::to_string(next.major) + "." + std::to_string(next.minor.value_or(0)) +
                         "." + std::to_string(next.patch.value_or(0));
    }
    return store_.PutStoredQuery(record);
}

Result<std::vector<store::StoredQueryRecord>> StoredQueryService::List(
    const std::string& name_prefix) {
    KJ_ASSIGN_OR_RETURN(auto rows, store_.ListStoredQueries(name_prefix));
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(a.name, Key(VersionOf(a))) <
               std::make_tuple(b.name, Key(VersionOf(b)));
    });
    return rows;
}

Result<store::StoredQueryRecord> StoredQueryService::Get(const std::string& name,
                                                         const std::string& version_pattern) {
    KJ_TRY(CheckQueryName(name));
    std::optional<SemVer> pattern;
    if (!version_pattern.empty()) {
        KJ_ASSIGN_OR_RETURN(SemVer p, ParseSemVer(version_pattern, true));
        pattern = p;
    }
    KJ_ASSIGN_OR_RETURN(auto versions, VersionsOf(store_, name));
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        if (!pattern || Matches(*pattern, VersionOf(*it))) return *it;
    }
    return Error::NotFound(
        "stored query '" + name + "'" +
        (version_pattern.empty() ? std::string() : " version " + version_pattern) + " not found");
}

}  // namespace kjerne::server::services
