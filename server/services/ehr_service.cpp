// server/services/ehr_service.cpp — see ehr_service.hpp.
#include "server/services/ehr_service.hpp"

#include <cctype>
#include <utility>

namespace kjerne::server::services {
namespace {

bool IsBlank(std::string_view text) {
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

}  // namespace

Result<rm::Document> ReadBody(std::string_view body, codec::Format format,
                              const std::string& root_type) {
    if (IsBlank(body))
        return Error::InvalidArgument("the request body is empty; expected a " + root_type);
    codec::ReadOptions options;
    options.root_type = root_type;
    options.source_name = "body";
    auto doc = format == codec::Format::kXml ? codec::ReadXml(body, options)
                                             : codec::ReadJson(body, options);
    if (!doc.ok()) {
        const Error& e = doc.error();
        // A document that cannot be read is a bad request whatever the reader called it.
        return Error(ErrorCode::kInvalidArgument, e.message(), e.issues());
    }
    return doc;
}

Result<EhrInfo> EhrService::WithStatus(store::EhrRecord ehr) {
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> versions,
                        store_.ListVersions(ehr.ehr_status_vo_id));
    EhrInfo info;
    if (!versions.empty()) info.status_uid = versions.back().uid;
    if (!ehr.directory_vo_id.empty()) {
        KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> folder,
                            store_.ListVersions(ehr.directory_vo_id));
        if (!folder.empty() &&
            folder.back().lifecycle_state != static_cast<int>(store::Lifecycle::kDeleted)) {
            info.directory_uid = folder.back().uid;
        }
    }
    info.ehr = std::move(ehr);
    return info;
}

Result<EhrInfo> EhrService::Create(const std::string& ehr_id, std::string_view body,
                                   codec::Format format, const store::AuditInput& audit) {
    store::CreateEhrRequest request;
    request.ehr_id = ehr_id;
    request.audit = audit;
    std::optional<rm::Document> status;
    if (!IsBlank(body)) {
        KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadBody(body, format, "EHR_STATUS"));
        status.emplace(std::move(doc));
        request.ehr_status = &*status;
    }
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.CreateEhr(request));
    return WithStatus(std::move(ehr));
}

Result<EhrInfo> EhrService::Get(const std::string& ehr_id) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    return WithStatus(std::move(ehr));
}

Result<EhrInfo> EhrService::FindBySubject(const std::string& subject_id,
                                          const std::string& subject_namespace) {
    if (subject_id.empty() || subject_namespace.empty()) {
        return Error::InvalidArgument("subject_id and subject_namespace are both required");
    }
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr,
                        store_.FindEhrBySubject(subject_namespace, subject_id));
    return WithStatus(std::move(ehr));
}

Result<store::StoredVersion> EhrService::GetStatus(const std::string& ehr_id,
                                                   const std::optional<std::string>& at_time) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    if (at_time) return store_.ReadAtTime(ehr.ehr_status_vo_id, *at_time);
    return store_.ReadLatest(ehr.ehr_status_vo_id);
}

Result<store::StoredVersion> EhrService::GetStatusVersion(const std::string& ehr_id,
                                                          const std::string& version_uid) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    auto version = store_.ReadVersion(version_uid);
    if (!version.ok() && version.error().code() == ErrorCode::kInvalidArgument) {
        return Error::NotFound("no EHR_STATUS version " + version_uid);
    }
    KJ_TRY(version);
    if (version->version.vo_id != ehr.ehr_status_vo_id) {
        return Error::NotFound("no EHR_STATUS version " + version_uid + " in EHR " + ehr_id);
    }
    return version;
}

Result<store::VersionRecord> EhrService::UpdateStatus(const std::string& ehr_id,
                                                      const std::string& if_match,
                                                      std::string_view body, codec::Format format,
                                                      const store::AuditInput& audit) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    KJ_ASSIGN_OR_RETURN(rm::Document doc, ReadBody(body, format, "EHR_STATUS"));
    auto latest = store_.ListVersions(ehr.ehr_status_vo_id);
    KJ_TRY(latest);
    if (latest->empty() || latest->back().uid != if_match) {
        return Error(ErrorCode::kPreconditionFailed,
                     "If-Match '" + if_match + "' is not the latest EHR_STATUS version" +
                         (latest->empty() ? std::string() : "; latest is " + latest->back().uid));
    }
    return store_.UpdateEhrStatus(ehr_id, if_match, doc, audit);
}

Result<std::vector<store::VersionRecord>> EhrService::StatusHistory(const std::string& ehr_id) {
    KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store_.GetEhr(ehr_id));
    return store_.ListVersions(ehr.ehr_status_vo_id);
}

}  // namespace kjerne::server::services
