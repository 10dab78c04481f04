// server/auth/access_policy.hpp
//
// Owns the need-to-know decision (ARCHITECTURE §9): on top of the roles (principal.hpp), which
// say what kind of thing a caller may do, the EHR scope says to which records. The identity
// provider puts the allowed EHR ids in the token (`ehr_ids` claim: a care team's current
// patients, or a citizen's own EHR); Kjerne enforces it at two places:
// - the router refuses any request whose path names an EHR outside the scope (403), and the
//   EHR-by-subject lookup refuses a found EHR outside it;
// - AQL runs over the scope only (the planner intersects its EHR candidates with it), so COUNT,
//   aggregates and LIMIT are computed over permitted EHRs, never filtered afterwards.
// A principal without a scope (admin, or a token without the claim) is limited by roles only.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "server/auth/principal.hpp"

namespace kjerne::server::auth {

// May `principal` (nullptr = open mode) act on the EHR `ehr_id`?
inline bool CanAccessEhr(const Principal* principal, const std::string& ehr_id) {
    if (principal == nullptr || !principal->ehr_scope || principal->roles.count("admin")) return true;
    return principal->ehr_scope->count(ehr_id) > 0;
}

// The EHRs a query by `principal` may read: nullopt = all.
inline std::optional<std::set<std::string>> ScopeForQuery(const Principal* principal) {
    if (principal == nullptr || principal->roles.count("admin")) return std::nullopt;
    return principal->ehr_scope;
}

}  // namespace kjerne::server::auth
