// server/services/ehr_service.hpp
//
// Owns the EHR and EHR_STATUS operations of the application: creating an EHR (with a default
// EHR_STATUS or one the client sends, in JSON or XML), finding it by id or by subject, and
// reading and updating its EHR_STATUS versions with optimistic concurrency. Parsing goes
// through engine/codec, storage through engine/store; the REST handlers only render.
// Errors: kInvalidArgument (400: unreadable body, bad id or time), kNotFound (404),
// kConflict (409: EHR id or subject already used), kPreconditionFailed (412: stale If-Match).
// Thread-safety: stateless over a thread-safe Store; share freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

namespace kjerne::server::services {

// An EHR with the uid of its latest EHR_STATUS version.
struct EhrInfo {
    store::EhrRecord ehr;
    std::string status_uid;
    std::string directory_uid;  // latest version of its directory; empty when none or deleted
};

class EhrService {
public:
    // `store` must outlive the service.
    explicit EhrService(store::Store& store) : store_(store) {}

    // Creates an EHR; `ehr_id` empty = a new id. `body` empty (or blank) = the default
    // EHR_STATUS, else an EHR_STATUS in `format`. `audit` becomes the contribution's audit.
    Result<EhrInfo> Create(const std::string& ehr_id, std::string_view body, codec::Format format,
                           const store::AuditInput& audit = {});
    Result<EhrInfo> Get(const std::string& ehr_id);
    Result<EhrInfo> FindBySubject(const std::string& subject_id,
                                  const std::string& subject_namespace);

    // The latest EHR_STATUS, or the one current at `at_time` (ISO 8601).
    Result<store::StoredVersion> GetStatus(const std::string& ehr_id,
                                           const std::optional<std::string>& at_time);
    // A version of the EHR's EHR_STATUS by its uid; kNotFound for another object's version.
    Result<store::StoredVersion> GetStatusVersion(const std::string& ehr_id,
                                                  const std::string& version_uid);
    // Commits a new EHR_STATUS version after `if_match` (the latest version uid).
    Result<store::VersionRecord> UpdateStatus(const std::string& ehr_id,
                                              const std::string& if_match, std::string_view body,
                                              codec::Format format,
                                              const store::AuditInput& audit = {});
    // Every EHR_STATUS version, oldest first (without data).
    Result<std::vector<store::VersionRecord>> StatusHistory(const std::string& ehr_id);

private:
    Result<EhrInfo> WithStatus(store::EhrRecord ehr);

    store::Store& store_;
};

// Reads an RM object of `root_type` from `body`; syntax errors are kInvalidArgument with
// line:col. Shared by the services.
Result<rm::Document> ReadBody(std::string_view body, codec::Format format,
                              const std::string& root_type);

}  // namespace kjerne::server::services
