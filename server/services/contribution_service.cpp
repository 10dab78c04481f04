// server/services/contribution_service.cpp — see contribution_service.hpp.
#include "server/services/contribution_service.hpp"
#include "server/services/poco_json.hpp"

#include <deque>
#include <sstream>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "server/services/ehr_service.hpp"
#include "server/services/folder_rules.hpp"

namespace kjerne::server::services {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;


// obj.a.b...: the object at a dotted path, or null.
Object::Ptr Child(const Object::Ptr& obj, std::initializer_list<const char*> path) {
    Object::Ptr cur = obj;
    for (const char* key : path) {
        if (cur.isNull() || !cur->isObject(key)) return nullptr;
        cur = cur->getObject(key);
    }
    return cur;
}

std::string Text(const Object::Ptr& obj, const char* key) {
    if (obj.isNull() || !obj->has(key)) return "";
    Poco::Dynamic::Var v = obj->get(key);
    return v.isString() ? v.extract<std::string>() : "";
}

// A string or {"value": string}.
std::string ValueOf(const Object::Ptr& obj, const char* key) {
    if (obj.isNull() || !obj->has(key)) return "";
    if (obj->isObject(key)) return Text(obj->getObject(key), "value");
    return Text(obj, key);
}

Error AtVersion(size_t index, Error error) {
    const std::string where = "/versions[" + std::to_string(index + 1) + "]";
    std::vector<Issue> issues = error.issues();
    for (Issue& issue : issues) issue.rm_path = where + "/data" + issue.rm_path;
    return Error(error.code(), where + ": " + error.message(), std::move(issues));
}

}  // namespace

Result<std::string> ContributionService::Commit(const std::string& ehr_id, std::string_view json) {
    KJ_TRY(store_.GetEhr(ehr_id));
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(std::string(json));
        if (parsed.type() == typeid(Object::Ptr)) root = parsed.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return Error::InvalidArgument("contribution: malformed JSON: " + e.displayText());
    }
    if (root.isNull() || !root->isArray("versions") || root->getArray("versions")->size() == 0) {
        return Error::InvalidArgument(
            "contribution: expected an object with a non-empty 'versions' array");
    }
    store::ContributionRequest request;
    request.ehr_id = ehr_id;
    if (Object::Ptr audit = root->getObject("audit"); !audit.isNull()) {
        if (audit->isObject("committer"))
            request.audit.committer_json = JsonText(audit->get("committer"));
        request.audit.description = ValueOf(audit, "description");
    }
    std::deque<rm::Document> documents;  // the changes point into these
    Array::Ptr versions = root->getArray("versions");
    for (size_t i = 0; i < versions->size(); ++i) {
        Object::Ptr version = versions->getObject(static_cast<unsigned>(i));
        if (version.isNull()) return AtVersion(i, Error::InvalidArgument("not an object"));
        store::VersionChange change;
        const std::string code =
            Text(Child(version, {"commit_audit", "change_type", "defining_code"}), "code_string");
        if (code == "249")
            change.change = store::ChangeType::kCreation;
        else if (code == "250")
            change.change = store::ChangeType::kAmendment;
        else if (code == "251")
            change.change = store::ChangeType::kModification;
        else if (code == "523")
            change.change = store::ChangeType::kDeleted;
        else {
            return AtVersion(i, Error::InvalidArgument(
                                    "commit_audit.change_type code '" + code +
                                    "' is not creation (249), amendment (250), modification (251) "
                                    "or deleted (523)"));
        }
        change.preceding_version_uid = ValueOf(version, "preceding_version_uid");
        if (change.change != store::ChangeType::kCreation && change.preceding_version_uid.empty()) {
            return AtVersion(
                i, Error::InvalidArgument("preceding_version_uid is required unless creating"));
        }
        const std::string lifecycle =
            Text(Child(version, {"lifecycle_state", "defining_code"}), "code_string");
        if (lifecycle == "553") change.lifecycle = store::Lifecycle::kIncomplete;
        Object::Ptr data = version->getObject("data");
        std::string type = Text(data, "_type");
        if (change.change == store::ChangeType::kDeleted) {
            // The kind of a deletion is the kind of the object it deletes.
            auto previous = store_.ReadVersion(change.preceding_version_uid);
            if (!previous.ok()) return AtVersion(i, std::move(previous).error());
            change.kind = previous->version.kind;
        } else {
            if (data.isNull()) return AtVersion(i, Error::InvalidArgument("a version needs data"));
            auto kind = store::ParseObjectKind(type);
            if (!kind) {
                return AtVersion(i, Error::InvalidArgument("data of type '" + type +
                                                           "' cannot be committed (COMPOSITION, "
                                                           "EHR_STATUS or FOLDER)"));
            }
            change.kind = *kind;
            const std::string text = JsonText(data);
            Result<rm::Document> doc =
                change.kind == store::ObjectKind::kComposition
                    ? compositions_.ReadValid(text, codec::Format::kJson)
                : change.kind == store::ObjectKind::kFolder  // the DIRECTORY resource's rules
                    ? ReadFolder(text, codec::Format::kJson)
                    : ReadBody(text, codec::Format::kJson, type);
            if (!doc.ok()) return AtVersion(i, std::move(doc).error());
            documents.push_back(std::move(doc).value());
            change.data = &documents.back();
        }
        request.changes.push_back(std::move(change));
    }
    KJ_ASSIGN_OR_RETURN(store::ContributionResult result, store_.CommitContribution(request));
    return result.contribution_id;
}

Result<ContributionInfo> ContributionService::Get(const std::string& ehr_id,
                                                  const std::string& contribution_id) {
    KJ_TRY(store_.GetEhr(ehr_id));
    auto record = store_.GetContribution(contribution_id);
    if (!record.ok() && record.error().code() == ErrorCode::kInvalidArgument) {
        return Error::NotFound("no contribution " + contribution_id);
    }
    KJ_TRY(record);
    if (record->ehr_id != ehr_id) {
        return Error::NotFound("no contribution " + contribution_id + " in EHR " + ehr_id);
    }
    ContributionInfo info;
    for (const std::string& uid : record->version_uids) {
        KJ_ASSIGN_OR_RETURN(store::StoredVersion v, store_.ReadVersion(uid));
        info.kinds.push_back(v.version.kind);
    }
    info.record = std::move(record).value();
    return info;
}

}  // namespace kjerne::server::services
