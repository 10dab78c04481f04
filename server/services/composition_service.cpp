// server/services/composition_service.cpp — see composition_service.hpp.
#include "server/services/composition_service.hpp"

#include <memory>
#include <utility>

#include "engine/rm/views.hpp"
#include "server/services/ehr_service.hpp"
#include "templates/validation/validator.hpp"

namespace kjerne::server::services {
namespace {

Error Unprocessable(std::string code, std::string rm_path, std::string message) {
    Issue issue;
    issue.code = std::move(code);
    issue.rm_path = std::move(rm_path);
    issue.message = std::move(message);
    return Error::Validation({std::move(issue)});
}

}  // namespace

std::string ObjectIdOf(const std::string& uid_based_id) {
    return uid_based_id.substr(0, uid_based_id.find("::"));
}

Result<rm::Document> CompositionService::ReadValid(std::string_view body, codec::Format format) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadBody(body, format, "COMPOSITION"));
    const rm::Node* root = doc.root();
    if (root == nullptr || doc.schema().Name(root->type) != "COMPOSITION") {
        return Unprocessable("TYPE", "/", "the body is not a COMPOSITION");
    }
    const std::string template_id(rm::LocatableView(root).template_id());
    if (template_id.empty()) {
        return Unprocessable("TEMPLATE_ID", "/archetype_details/template_id",
                             "the composition names no template (archetype_details/template_id)");
    }
    auto tpl = templates_.Compiled(template_id);
    if (!tpl.ok()) {
        if (tpl.error().code() == ErrorCode::kNotFound) {
            return Unprocessable("TEMPLATE_ID", "/archetype_details/template_id",
                                 "template '" + template_id + "' is not known to this server");
        }
        return std::move(tpl).error();
    }
    std::vector<Issue> issues = templates::Validate(**tpl, *root);
    if (!issues.empty()) return Error::Validation(std::move(issues));
    return doc;
}

Result<store::VersionRecord> CompositionService::Create(const std::string& ehr_id,
                                                        std::string_view body, codec::Format format,
                                                        const store::AuditInput& audit,
                                                        store::Lifecycle lifecycle) {
    KJ_TRY(store_.GetEhr(ehr_id));  // 404 before validation work
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadValid(body, format));
    return Commit(ehr_id, doc, "", audit, lifecycle);
}

Result<store::VersionRecord> CompositionService::Commit(const std::string& ehr_id,
                                                        const rm::Document& doc,
                                                        const std::string& preceding,
                                                        const store::AuditInput& audit,
                                                        store::Lifecycle lifecycle) {
    store::VersionChange change;
    change.kind = store::ObjectKind::kComposition;
    change.change =
        preceding.empty() ? store::ChangeType::kCreation : store::ChangeType::kModification;
    change.preceding_version_uid = preceding;
    change.data = &doc;
    change.lifecycle = lifecycle;
    store::ContributionRequest request;
    request.ehr_id = ehr_id;
    request.changes.push_back(change);
    request.audit = audit;
    KJ_ASSIGN_OR_RETURN(store::ContributionResult result, store_.CommitContribution(request));
    if (result.versions.size() != 1) return Error::Internal("expected one committed version");
    return std::move(result.versions.front());
}

Result<std::string> CompositionService::LatestUid(const std::string& ehr_id,
                                                  const std::string& vo_id) {
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> versions, History(ehr_id, vo_id));
    return versions.back().uid;
}

Result<store::VersionRecord> CompositionService::Update(const std::string& ehr_id,
                                                        const std::string& vo_id,
                                                        const std::string& if_match,
                                                        std::string_view body, codec::Format format,
                                                        const store::AuditInput& audit,
                                                        store::Lifecycle lifecycle) {
    KJ_ASSIGN_OR_RETURN(std::string latest, LatestUid(ehr_id, vo_id));
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadValid(body, format));
    const std::string body_uid(rm::LocatableView(doc.root()).uid());
    if (!body_uid.empty() && ObjectIdOf(body_uid) != vo_id) {
        return Error::InvalidArgument("the composition's uid '" + body_uid +
                                      "' does not name the versioned object " + vo_id);
    }
    if (ObjectIdOf(if_match) != vo_id || if_match != latest) {
        return Error(ErrorCode::kPreconditionFailed,
                     "If-Match '" + if_match + "' is not the latest version; latest is " + latest);
    }
    return Commit(ehr_id, doc, if_match, audit, lifecycle);
}

Result<store::VersionRecord> CompositionService::Delete(const std::string& ehr_id,
                                                        const std::string& version_uid,
                                                        const store::AuditInput& audit) {
    if (version_uid.find("::") == std::string::npos) {
        return Error::InvalidArgument(
            "DELETE needs a version uid (object_id::system_id::version), not '" + version_uid +
            "'");
    }
    const std::string vo_id = ObjectIdOf(version_uid);
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> versions, History(ehr_id, vo_id));
    const store::VersionRecord& latest = versions.back();
    if (latest.lifecycle_state == static_cast<int>(store::Lifecycle::kDeleted)) {
        return Error::InvalidArgument("composition " + vo_id + " is already deleted");
    }
    bool known = false;
    for (const store::VersionRecord& v : versions) known = known || v.uid == version_uid;
    if (!known) return Error::NotFound("no composition version " + version_uid);
    if (latest.uid != version_uid) {
        return Error::Conflict(version_uid + " is not the latest version; latest is " + latest.uid);
    }
    auto deleted = store_.DeleteComposition(ehr_id, version_uid, audit);
    if (!deleted.ok() && deleted.error().code() == ErrorCode::kPreconditionFailed) {
        return Error::Conflict(deleted.error().message());  // lost a race: no longer the latest
    }
    return deleted;
}

Result<store::StoredVersion> CompositionService::Get(const std::string& ehr_id,
                                                     const std::string& uid_based_id,
                                                     const std::optional<std::string>& at_time) {
    KJ_TRY(store_.GetEhr(ehr_id));
    Result<store::StoredVersion> version = Error::NotFound("");
    if (uid_based_id.find("::") != std::string::npos) {
        version = store_.ReadVersion(uid_based_id);
    } else if (at_time) {
        version = store_.ReadAtTime(uid_based_id, *at_time);
    } else {
        version = store_.ReadLatest(uid_based_id);
    }
    if (!version.ok()) {
        if (version.error().code() == ErrorCode::kInvalidArgument && !at_time) {
            return Error::NotFound("no composition " + uid_based_id);
        }
        return version;
    }
    if (version->version.ehr_id != ehr_id ||
        version->version.kind != store::ObjectKind::kComposition) {
        return Error::NotFound("no composition " + uid_based_id + " in EHR " + ehr_id);
    }
    return version;
}

Result<std::vector<store::VersionRecord>> CompositionService::History(const std::string& ehr_id,
                                                                      const std::string& vo_id) {
    KJ_TRY(store_.GetEhr(ehr_id));
    auto versions = store_.ListVersions(vo_id);
    if (!versions.ok()) {
        if (versions.error().code() == ErrorCode::kInvalidArgument) {
            return Error::NotFound("no composition " + vo_id);
        }
        return versions;
    }
    if (versions->empty() || versions->front().ehr_id != ehr_id ||
        versions->front().kind != store::ObjectKind::kComposition) {
        return Error::NotFound("no composition " + vo_id + " in EHR " + ehr_id);
    }
    return versions;
}

}  // namespace kjerne::server::services
