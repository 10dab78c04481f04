// server/services/directory_service.hpp
//
// Owns the DIRECTORY operations of the application: the EHR's one VERSIONED_FOLDER
// (EHR.directory), created, updated and logically deleted as FOLDER versions through the
// store's contributions, and read as latest, by version uid or as at a time, whole or one
// sub-folder by its names path (folder_rules.hpp).
//
// Semantics (ITS-REST 1.0.3 DIRECTORY, as EHRbase behaves where the spec is silent):
// - Create: 409 when the EHR has a directory whose latest version is not deleted. After a
//   logical delete, creating again continues the same versioned folder (a new version after
//   the deleted one): the EHR keeps one directory object and its whole history.
// - Update / Delete: `if_match` must be the latest version uid (412 otherwise, with the latest
//   for the ETag); 404 when there is no directory or it is deleted.
// - The body's root uid is replaced by the new version's uid, as for every stored version.
// - Reads answer kNotFound for an unknown EHR, a missing directory, a version of another
//   object, no version at that time, and a path no sub-folder matches.
// Thread-safety: stateless over a thread-safe Store; share freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

namespace kjerne::server::services {

// One directory version as read: the stored version and, for a path, the sub-folder's JSON.
struct DirectoryVersion {
    store::StoredVersion stored;  // stored.json is the whole FOLDER (empty when deleted)
    std::string json;             // the folder the read asked for (whole or at its path)
    bool deleted() const {
        return stored.version.lifecycle_state == static_cast<int>(store::Lifecycle::kDeleted);
    }
};

class DirectoryService {
public:
    // `store` must outlive the service.
    explicit DirectoryService(store::Store& store) : store_(store) {}

    Result<store::VersionRecord> Create(const std::string& ehr_id, std::string_view body,
                                        codec::Format format, const store::AuditInput& audit = {});
    Result<store::VersionRecord> Update(const std::string& ehr_id, const std::string& if_match,
                                        std::string_view body, codec::Format format,
                                        const store::AuditInput& audit = {});
    Result<store::VersionRecord> Delete(const std::string& ehr_id, const std::string& if_match,
                                        const store::AuditInput& audit = {});

    // `version_uid` set: that version; else the one current at `at_time`, else the latest.
    // `path` (names, '/'-separated) selects a sub-folder; absent or "/" is the root.
    Result<DirectoryVersion> Get(const std::string& ehr_id,
                                 const std::optional<std::string>& version_uid,
                                 const std::optional<std::string>& at_time,
                                 const std::optional<std::string>& path);

    // The latest version uid of the EHR's directory (for the ETag of a 412).
    Result<std::string> LatestUid(const std::string& ehr_id);

private:
    // The EHR's directory object id; kNotFound for an unknown EHR or none yet.
    Result<std::string> DirectoryId(const std::string& ehr_id);
    // The latest version, checked to be live and to be `if_match`.
    Result<store::StoredVersion> LiveLatest(const std::string& ehr_id, const std::string& if_match);
    Result<store::VersionRecord> Commit(const std::string& ehr_id, store::ChangeType change,
                                        const std::string& preceding, const rm::Document* data,
                                        const store::AuditInput& audit);

    store::Store& store_;
};

}  // namespace kjerne::server::services
