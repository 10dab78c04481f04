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

}  // namespace

Result<VersionRecord> Store::CreateComposition(const std::string& ehr_id, const rm::Document& composition,
                                               const AuditInput& audit) {
    VersionChange c;
    c.kind = ObjectKind::kComposition;
    c.change = ChangeType::kCreation;
    c.data = &composition;
    return One(CommitContribution({ehr_id, {c}, audit}));
}

Result<VersionRecord> Store::UpdateComposition(const std::string& ehr_id, const std::string& preceding_version_uid,
                                               const rm::Document& composition, const AuditInput& audit) {
    VersionChange c;
    c.kind = ObjectKind::kComposition;
    c.change = ChangeType::kModification;
    c.preceding_version_uid = preceding_version_uid;
    c.data = &composition;
    return One(CommitContribution({ehr_id, {c}, audit}));
}

Result<VersionRecord> Store::DeleteComposition(const std::string& ehr_id, const std::string& preceding_version_uid,
                                               const AuditInput& audit) {
    VersionChange c;
    c.kind = ObjectKind::kComposition;
    c.change = ChangeType::kDeleted;
    c.preceding_version_uid = preceding_version_uid;
    return One(CommitContribution({ehr_id, {c}, audit}));
}

Result<VersionRecord> Store::UpdateEhrStatus(const std::string& ehr_id, const std::string& preceding_version_uid,
                                             const rm::Document& ehr_status, const AuditInput& audit) {
    VersionChange c;
    c.kind = ObjectKind::kEhrStatus;
    c.change = ChangeType::kModification;
    c.preceding_version_uid = preceding_version_uid;
    c.data = &ehr_status;
    return One(CommitContribution({ehr_id, {c}, audit}));
}

}  // namespace kjerne::store
