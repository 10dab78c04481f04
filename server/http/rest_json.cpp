// server/http/rest_json.cpp — see rest_json.hpp.
#include "server/http/rest_json.hpp"
#include "server/http/negotiation.hpp"
#include "server/services/poco_json.hpp"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;


Object Typed(const char* type) {
    Object o = OrderedObject();
    o.set("_type", type);
    return o;
}

Object Id(const char* type, const std::string& value) {
    Object o = Typed(type);
    o.set("value", value);
    return o;
}

Object Ref(const char* id_type, const std::string& id, const char* ref_type) {
    Object o = OrderedObject();
    o.set("id", Id(id_type, id));
    o.set("namespace", "local");
    o.set("type", ref_type);
    return o;
}

Object DateTime(const std::string& value) { return Id("DV_DATE_TIME", value); }

Object Coded(const std::string& text, int code) {
    Object terminology = Id("TERMINOLOGY_ID", "openehr");
    Object phrase = Typed("CODE_PHRASE");
    phrase.set("terminology_id", terminology);
    phrase.set("code_string", std::to_string(code));
    Object o = Typed("DV_CODED_TEXT");
    o.set("value", text);
    o.set("defining_code", phrase);
    return o;
}

const char* ChangeTypeName(int code) {
    switch (code) {
        case 249:
            return "creation";
        case 250:
            return "amendment";
        case 251:
            return "modification";
        case 523:
            return "deleted";
        default:
            return "unknown";
    }
}

const char* LifecycleName(int code) {
    switch (code) {
        case 532:
            return "complete";
        case 553:
            return "incomplete";
        case 523:
            return "deleted";
        default:
            return "unknown";
    }
}

Object Audit(const store::AuditRecord& audit) {
    Object o = Typed("AUDIT_DETAILS");
    o.set("system_id", audit.system_id);
    o.set("time_committed", DateTime(audit.time_committed));
    o.set("change_type", Coded(ChangeTypeName(audit.change_type), audit.change_type));
    if (!audit.description.empty()) {
        Object d = Typed("DV_TEXT");
        d.set("value", audit.description);
        o.set("description", d);
    }
    try {
        Poco::JSON::Parser parser;
        o.set("committer", parser.parse(audit.committer_json));
    } catch (const Poco::Exception&) {
        Object committer = Typed("PARTY_IDENTIFIED");
        committer.set("name", "unknown");
        o.set("committer", committer);
    }
    return o;
}

}  // namespace

std::string EhrJson(const services::EhrInfo& info) {
    Object o = OrderedObject();
    o.set("system_id", Id("HIER_OBJECT_ID", info.ehr.system_id));
    o.set("ehr_id", Id("HIER_OBJECT_ID", info.ehr.ehr_id));
    o.set("ehr_status", Ref("OBJECT_VERSION_ID", info.status_uid, "EHR_STATUS"));
    if (!info.directory_uid.empty()) {
        o.set("directory", Ref("OBJECT_VERSION_ID", info.directory_uid, "FOLDER"));
    }
    o.set("time_created", DateTime(info.ehr.time_created));
    return JsonText(o);
}

std::string VersionedObjectJson(const std::string& type,
                                const std::vector<store::VersionRecord>& versions) {
    Object o = Typed(type.c_str());
    if (!versions.empty()) {
        o.set("uid", Id("HIER_OBJECT_ID", versions.front().vo_id));
        o.set("owner_id", Ref("HIER_OBJECT_ID", versions.front().ehr_id, "EHR"));
        o.set("time_created", DateTime(versions.front().time_committed));
    }
    return JsonText(o);
}

std::string RevisionHistoryJson(const std::vector<store::VersionRecord>& versions) {
    Array items;
    for (const store::VersionRecord& v : versions) {
        Object item = Typed("REVISION_HISTORY_ITEM");
        item.set("version_id", Id("OBJECT_VERSION_ID", v.uid));
        Array audits;
        audits.add(Audit(v.audit));
        item.set("audits", audits);
        items.add(item);
    }
    Object o = Typed("REVISION_HISTORY");
    o.set("items", items);
    return JsonText(o);
}

std::string OriginalVersionJson(const store::StoredVersion& version) {
    const store::VersionRecord& v = version.version;
    Object o = Typed("ORIGINAL_VERSION");
    o.set("uid", Id("OBJECT_VERSION_ID", v.uid));
    if (!v.preceding_version_uid.empty()) {
        o.set("preceding_version_uid", Id("OBJECT_VERSION_ID", v.preceding_version_uid));
    }
    o.set("contribution", Ref("HIER_OBJECT_ID", v.contribution_id, "CONTRIBUTION"));
    o.set("commit_audit", Audit(v.audit));
    o.set("lifecycle_state", Coded(LifecycleName(v.lifecycle_state), v.lifecycle_state));
    std::string text = JsonText(o);
    if (!version.json.empty()) {
        text.pop_back();  // '}'
        text += ",\"data\":" + version.json + "}";
    }
    return text;
}

std::string ContributionJson(const services::ContributionInfo& info) {
    Object o = Typed("CONTRIBUTION");
    o.set("uid", Id("HIER_OBJECT_ID", info.record.contribution_id));
    Array versions;
    for (size_t i = 0; i < info.record.version_uids.size(); ++i) {
        const char* kind = i < info.kinds.size() ? store::ObjectKindName(info.kinds[i]) : "VERSION";
        versions.add(Ref("OBJECT_VERSION_ID", info.record.version_uids[i], kind));
    }
    o.set("versions", versions);
    o.set("audit", Audit(info.record.audit));
    return JsonText(o);
}

std::string TemplateListJson(const std::vector<services::TemplateInfo>& templates) {
    Array list;
    for (const services::TemplateInfo& t : templates) {
        Object o = OrderedObject();
        o.set("template_id", t.template_id);
        o.set("concept", t.concept_name);
        o.set("archetype_id", t.archetype_id);
        o.set("created_timestamp", t.created_timestamp);
        list.add(o);
    }
    return JsonText(list);
}

Status SendByPrefer(const RestRequest& req, Poco::Net::HTTPServerResponse& response,
                    Poco::Net::HTTPResponse::HTTPStatus with_body,
                    Poco::Net::HTTPResponse::HTTPStatus minimal_status, const std::string& id,
                    const std::function<Result<Representation>()>& representation) {
    switch (PreferReturn(req)) {
        case Prefer::kRepresentation: {
            KJ_ASSIGN_OR_RETURN(Representation r, representation());
            SendText(response, with_body, r.media_type, r.body);
            break;
        }
        case Prefer::kIdentifier:
            SendText(response, with_body, kJsonType, IdentifierJson(id));
            break;
        case Prefer::kMinimal:
            SendEmpty(response, minimal_status);
            break;
    }
    return OkStatus();
}

std::string IdentifierJson(const std::string& uid) {
    Object o = OrderedObject();
    o.set("uid", uid);
    return JsonText(o);
}

Result<std::string> RenderDocument(const std::string& json, codec::Format format) {
    if (format == codec::Format::kJson) return json;
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(json));
    return codec::WriteXml(doc);
}

void SendOriginalVersion(Poco::Net::HTTPServerResponse& response, const store::StoredVersion& version) {
    SetETag(response, version.version.uid);
    SendText(response, Poco::Net::HTTPResponse::HTTP_OK, kJsonType, OriginalVersionJson(version));
}

}  // namespace kjerne::server::http
