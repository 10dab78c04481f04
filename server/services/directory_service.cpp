// server/services/directory_service.cpp — see directory_service.hpp.
#include "server/services/directory_service.hpp"

#include <utility>
#include <vector>

#include "server/services/composition_service.hpp"
#include "server/services/folder_rules.hpp"

namespace kjerne::server::services {
namespace {

bool IsDeleted(const store::VersionRecord& v) {
    return v.lifecycle_state == static_cast<int>(store::Lifecycle::kDeleted);
}

bool HasSegments(std::string_view path) {
    return path.find_first_not_of('/') != std::string_view::npos;
}

}  // namespace

Result<std::string> DirectoryService::DirectoryId(const std::string& ehr_id) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    if (ehr.directory_vo_id.empty()) return Error::NotFound("EHR " + ehr_id + " has no directory");
    return ehr.directory_vo_id;
}

Result<store::VersionRecord> DirectoryService::Commit(const std::string& ehr_id,
                                                      store::ChangeType change,
                                                      const std::string& preceding,
                                                      const rm::Document* data,
                                                      const store::AuditInput& audit) {
    store::VersionChange c;
    c.kind = store::ObjectKind::kFolder;
    c.change = change;
    c.preceding_version_uid = preceding;
    c.data = data;
    store::ContributionRequest request;
    request.ehr_id = ehr_id;
    request.changes.push_back(std::move(c));
    request.audit = audit;
    KJ_ASSIGN_OR_RETURN(store::ContributionResult result, store_.CommitContribution(request));
    if (result.versions.size() != 1) return Error::Internal("expected one committed version");
    return std::move(result.versions.front());
}

Result<store::VersionRecord> DirectoryService::Create(const std::string& ehr_id,
                                                      std::string_view body, codec::Format format,
                                                      const store::AuditInput& audit) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));  // 404 before parsing
    KJ_ASSIGN_OR_RETURN(rm::Document folder, ReadFolder(body, format));
    if (ehr.directory_vo_id.empty()) {
        // A racing creation loses in the store with kConflict, the answer wanted here too.
        return Commit(ehr_id, store::ChangeType::kCreation, "", &folder, audit);
    }
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> versions,
                        store_.ListVersions(ehr.directory_vo_id));
    const store::VersionRecord& latest = versions.back();
    if (!IsDeleted(latest)) {
        return Error::Conflict("EHR " + ehr_id + " already has a directory (" + latest.uid +
                               "); update it with PUT and If-Match");
    }
    auto created = Commit(ehr_id, store::ChangeType::kModification, latest.uid, &folder, audit);
    if (!created.ok() && created.error().code() == ErrorCode::kPreconditionFailed) {
        return Error::Conflict("EHR " + ehr_id + " already has a directory (created concurrently)");
    }
    return created;
}

Result<store::StoredVersion> DirectoryService::LiveLatest(const std::string& ehr_id,
                                                          const std::string& if_match) {
    KJ_ASSIGN_OR_RETURN(std::string vo_id, DirectoryId(ehr_id));
    KJ_ASSIGN_OR_RETURN(store::StoredVersion latest, store_.ReadLatest(vo_id));
    if (IsDeleted(latest.version)) {
        return Error::NotFound("the directory of EHR " + ehr_id + " is deleted");
    }
    if (if_match != latest.version.uid) {
        return Error(ErrorCode::kPreconditionFailed, "If-Match '" + if_match +
                                                         "' is not the latest directory version; "
                                                         "latest is " +
                                                         latest.version.uid);
    }
    return latest;
}

Result<store::VersionRecord> DirectoryService::Update(const std::string& ehr_id,
                                                      const std::string& if_match,
                                                      std::string_view body, codec::Format format,
                                                      const store::AuditInput& audit) {
    KJ_TRY(LiveLatest(ehr_id, if_match));  // 404 and 412 before the body is read
    KJ_ASSIGN_OR_RETURN(rm::Document folder, ReadFolder(body, format));
    return Commit(ehr_id, store::ChangeType::kModification, if_match, &folder, audit);
}

Result<store::VersionRecord> DirectoryService::Delete(const std::string& ehr_id,
                                                      const std::string& if_match,
                                                      const store::AuditInput& audit) {
    KJ_TRY(LiveLatest(ehr_id, if_match));
    return Commit(ehr_id, store::ChangeType::kDeleted, if_match, nullptr, audit);
}

Result<DirectoryVersion> DirectoryService::Get(const std::string& ehr_id,
                                               const std::optional<std::string>& version_uid,
                                               const std::optional<std::string>& at_time,
                                               const std::optional<std::string>& path) {
    KJ_ASSIGN_OR_RETURN(std::string vo_id, DirectoryId(ehr_id));
    Result<store::StoredVersion> read = Error::NotFound("");
    if (version_uid) {
        if (ObjectIdOf(*version_uid) != vo_id) {
            return Error::NotFound("no version " + *version_uid + " of the directory of EHR " +
                                   ehr_id);
        }
        read = store_.ReadVersion(*version_uid);
        if (!read.ok() && read.error().code() == ErrorCode::kInvalidArgument) {
            return Error::NotFound("no directory version " + *version_uid);
        }
    } else if (at_time) {
        read = store_.ReadAtTime(vo_id, *at_time);
    } else {
        read = store_.ReadLatest(vo_id);
    }
    KJ_TRY(read);
    DirectoryVersion out;
    out.stored = std::move(read).value();
    if (out.deleted()) return out;
    if (!path || !HasSegments(*path)) {
        out.json = out.stored.json;
        return out;
    }
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(out.stored.json));
    const rm::Node* folder = FolderAtPath(doc, *path);
    if (folder == nullptr) {
        return Error::NotFound("no folder at path '" + *path + "' in directory version " +
                               out.stored.version.uid);
    }
    codec::WriteOptions compact;
    compact.pretty = false;
    out.json = codec::WriteJsonNode(doc.schema(), *folder, compact);
    return out;
}

Result<std::string> DirectoryService::LatestUid(const std::string& ehr_id) {
    KJ_ASSIGN_OR_RETURN(std::string vo_id, DirectoryId(ehr_id));
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> versions, store_.ListVersions(vo_id));
    return versions.back().uid;
}

}  // namespace kjerne::server::services
