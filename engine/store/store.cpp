// engine/store/store.cpp — the backend-independent parts of Store (store.hpp).
#include "engine/store/store.hpp"

namespace kjerne::store {

const char* ObjectKindName(ObjectKind kind) {
    switch (kind) {
        case ObjectKind::kComposition: return "COMPOSITION";
        case ObjectKind::kEhrStatus: return "EHR_STATUS";
        case ObjectKind::kFolder: return "FOLDER";
    }
    return "?";
}

std::optional<ObjectKind> ParseObjectKind(std::string_view name) {
    if (name == "COMPOSITION") return ObjectKind::kComposition;
    if (name == "EHR_STATUS") return ObjectKind::kEhrStatus;
    if (name == "FOLDER") return ObjectKind::kFolder;
    return std::nullopt;
}

namespace {

Result<VersionRecord> One(Result<ContributionResult> r) {
    if (!r.ok()) return std::move(r).error();
    if (r->versions.size() != 1) return Error::Internal("store: expected one version");
    return std::move(r->versions.front());
}

// A contribution of exactly one change: what every convenience below commits.
VersionChange Change(ObjectKind kind, ChangeType change, const std::string& preceding, const rm::Document* data) {
    VersionChange c;
    c.kind = kind;
    c.change = change;
    c.preceding_version_uid = preceding;
    c.data = data;
    return c;
}

}  // namespace

Result<VersionRecord> Store::CreateComposition(const std::string& ehr_id, const rm::Document& composition,
                                               const AuditInput& audit) {
    return One(CommitContribution({ehr_id, {Change(ObjectKind::kComposition, ChangeType::kCreation, "", &composition)}, audit}));
}

Result<VersionRecord> Store::UpdateComposition(const std::string& ehr_id, const std::string& preceding_version_uid,
                                               const rm::Document& composition, const AuditInput& audit) {
    return One(CommitContribution(
        {ehr_id, {Change(ObjectKind::kComposition, ChangeType::kModification, preceding_version_uid, &composition)}, audit}));
}

Result<VersionRecord> Store::DeleteComposition(const std::string& ehr_id, const std::string& preceding_version_uid,
                                               const AuditInput& audit) {
    return One(CommitContribution(
        {ehr_id, {Change(ObjectKind::kComposition, ChangeType::kDeleted, preceding_version_uid, nullptr)}, audit}));
}

Result<VersionRecord> Store::UpdateEhrStatus(const std::string& ehr_id, const std::string& preceding_version_uid,
                                             const rm::Document& ehr_status, const AuditInput& audit) {
    return One(CommitContribution(
        {ehr_id, {Change(ObjectKind::kEhrStatus, ChangeType::kModification, preceding_version_uid, &ehr_status)}, audit}));
}

}  // namespace kjerne::store
