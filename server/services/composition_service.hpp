// server/services/composition_service.hpp
//
// Owns the COMPOSITION operations of the application — the one place where codec, template
// validator and store meet for a commit (ARCHITECTURE §1, §11 "Commit a composition"):
//   body (JSON/XML) -> rm::Document (syntax errors: 400 with line:col)
//   -> archetype_details.template_id -> compiled Template from TemplateService (absent: 422)
//   -> templates::Validate (any issue: 422 listing every issue with RM and archetype paths)
//   -> Store (EHR absent: 404; stale If-Match: 412; deletes of a non-latest version: 409;
//      of an already deleted one: 400).
// Reads resolve a uid_based_id: "vo_id::system::n" is one version, a bare vo_id the latest
// (or the one current at a time). Every read checks the object belongs to the EHR in the path.
// Thread-safety: stateless over a thread-safe Store and TemplateService; share freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "engine/store/store.hpp"
#include "server/services/template_service.hpp"

namespace kjerne::server::services {

class CompositionService {
public:
    // Both must outlive the service.
    CompositionService(store::Store& store, TemplateService& templates)
        : store_(store), templates_(templates) {}

    // Parses and validates a COMPOSITION against its template (400 / 422).
    Result<rm::Document> ReadValid(std::string_view body, codec::Format format);

    // `audit` (all writes) becomes the contribution's AUDIT_DETAILS; `lifecycle` is the new
    // version's lifecycle state (complete or incomplete).
    Result<store::VersionRecord> Create(const std::string& ehr_id, std::string_view body,
                                        codec::Format format, const store::AuditInput& audit = {},
                                        store::Lifecycle lifecycle = store::Lifecycle::kComplete);
    // `vo_id` from the path; `if_match` the latest version uid. A uid in the body must name
    // the same versioned object (400 otherwise).
    Result<store::VersionRecord> Update(const std::string& ehr_id, const std::string& vo_id,
                                        const std::string& if_match, std::string_view body,
                                        codec::Format format, const store::AuditInput& audit = {},
                                        store::Lifecycle lifecycle = store::Lifecycle::kComplete);
    // `version_uid` must be the latest version (409 otherwise; 400 when already deleted).
    Result<store::VersionRecord> Delete(const std::string& ehr_id, const std::string& version_uid,
                                        const store::AuditInput& audit = {});

    // By version uid or versioned object id (+ optional time). A deleted version comes back
    // with lifecycle_state 523 and empty json.
    Result<store::StoredVersion> Get(const std::string& ehr_id, const std::string& uid_based_id,
                                     const std::optional<std::string>& at_time);
    // Every version of a versioned composition, oldest first (without data).
    Result<std::vector<store::VersionRecord>> History(const std::string& ehr_id,
                                                      const std::string& vo_id);
    // The latest version uid of a versioned composition of the EHR (for ETags on 409/412).
    Result<std::string> LatestUid(const std::string& ehr_id, const std::string& vo_id);

private:
    Result<store::VersionRecord> Commit(const std::string& ehr_id, const rm::Document& doc,
                                        const std::string& preceding,
                                        const store::AuditInput& audit, store::Lifecycle lifecycle);

    store::Store& store_;
    TemplateService& templates_;
};

// "abc::sys::2" -> "abc"; an id without "::" is returned as is.
std::string ObjectIdOf(const std::string& uid_based_id);

}  // namespace kjerne::server::services
