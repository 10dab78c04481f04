// server/http/audit_header.hpp
//
// Owns the `openEHR-AUDIT_DETAILS` request header (ITS-REST overview, "HTTP headers"): who
// commits and why, as comma-separated `key="value"` pairs, e.g.
//   openEHR-AUDIT_DETAILS: committer.name="Dr. Ada", committer.external_ref.id="1234",
//       committer.external_ref.namespace="hospital", committer.external_ref.type="PERSON",
//       description.value="corrected the dose"
// It becomes the contribution's AUDIT_DETAILS (store::AuditInput): committer a
// PARTY_IDENTIFIED (external_ref id as GENERIC_ID, scheme "id_scheme", when given), description
// a DV_TEXT. Without the header the store's default committer is used. Unknown keys are
// ignored (the spec allows more); a malformed header is 400.
// Also `openEHR-VERSION` (same syntax): `lifecycle_state.code_string="553"` (or
// `lifecycle_state.value="incomplete"`) commits an incomplete version; 532 / complete is the
// default; 523 (deleted) or another code is 400.
// Thread-safety: stateless.
#pragma once

#include <string_view>

#include "engine/common/result.hpp"
#include "engine/store/store_types.hpp"
#include "server/http/router.hpp"

namespace kjerne::server::http {

// Parses a header value ("" = no header: the default AuditInput).
Result<store::AuditInput> ParseAuditDetails(std::string_view header);

// The AuditInput of a request (from its openEHR-AUDIT_DETAILS header).
Result<store::AuditInput> AuditFromRequest(const RestRequest& request);

// The lifecycle state asked for by an openEHR-VERSION header value ("" = complete).
Result<store::Lifecycle> ParseVersionHeader(std::string_view header);
Result<store::Lifecycle> LifecycleFromRequest(const RestRequest& request);

}  // namespace kjerne::server::http
