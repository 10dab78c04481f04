// server/auth/principal.hpp
//
// Owns the authorisation vocabulary: who a request acts for (Principal: name and roles) and
// what a route needs (Permission). Roles: admin (everything), modeller (definitions), writer
// (commits), reader (reads and queries), researcher (queries). Any known role may read.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <set>
#include <string>

namespace kjerne::server::auth {

enum class Permission { kRead, kWrite, kDefine, kQuery };

// The roles a Principal may carry; others in a token or users file are ignored / rejected.
const std::set<std::string>& KnownRoles();

struct Principal {
    std::string name;
    std::set<std::string> roles;
    // Need-to-know: when set, the only EHRs this principal may touch or query (a care team's
    // patients, a citizen's own record), from the token's `ehr_ids` claim. Unset = no limit
    // beyond the roles. See access_policy.hpp.
    std::optional<std::set<std::string>> ehr_scope;
    bool Can(Permission permission) const;
};

// What a request needs: definitions are read by anyone authenticated and written by modellers;
// /query needs query; other GETs read, other methods write.
Permission RequiredPermission(const std::string& method, const std::string& route_template);

}  // namespace kjerne::server::auth
