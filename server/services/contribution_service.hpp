// server/services/contribution_service.hpp
//
// Owns CONTRIBUTION commits: several versions (COMPOSITION creations, modifications and
// deletions, EHR_STATUS modifications, FOLDERs) with one audit, all stored or none (the store's
// unit of atomicity). The request is the ITS-REST JSON form — {"versions": [ORIGINAL_VERSION
// with commit_audit.change_type, preceding_version_uid, lifecycle_state and data], "audit":
// {committer, description}} — read with Poco's JSON parser; each `data` goes through the same
// reader and template validation as a single commit (CompositionService::ReadValid), and an
// issue's RM path is prefixed with the version's place (/versions[2]/data/content[1]...).
// Errors: 400 (malformed request, unknown change type, missing preceding_version_uid), 404
// (EHR, preceding version), 409, 412 (a preceding_version_uid that is not the latest), 422.
// Thread-safety: stateless over thread-safe collaborators.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/store.hpp"
#include "server/services/composition_service.hpp"

namespace kjerne::server::services {

// A stored contribution with the kind of each of its versions.
struct ContributionInfo {
    store::ContributionRecord record;
    std::vector<store::ObjectKind> kinds;  // parallel to record.version_uids
};

class ContributionService {
public:
    // Both must outlive the service.
    ContributionService(store::Store& store, CompositionService& compositions)
        : store_(store), compositions_(compositions) {}

    // Commits a contribution given as ITS-REST JSON; returns its id.
    Result<std::string> Commit(const std::string& ehr_id, std::string_view json);
    // A contribution of the EHR; kNotFound when unknown or of another EHR.
    Result<ContributionInfo> Get(const std::string& ehr_id, const std::string& contribution_id);

private:
    store::Store& store_;
    CompositionService& compositions_;
};

}  // namespace kjerne::server::services
