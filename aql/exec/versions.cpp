// aql/exec/versions.cpp
#include "aql/exec/versions.hpp"

#include "aql/exec/data_source.hpp"
#include "aql/exec/result_set.hpp"
#include "engine/codec/codec.hpp"
#include "templates/validation/openehr_terminology.hpp"

namespace kjerne::aql {
namespace {

std::string Id(const char* type, const std::string& value) {
    return "{\"_type\":\"" + std::string(type) + "\",\"value\":" + JsonQuote(value) + "}";
}

std::string Ref(const char* id_type, const std::string& value, const char* type) {
    return "{\"_type\":\"OBJECT_REF\",\"id\":" + Id(id_type, value) + ",\"namespace\":\"local\",\"type\":\"" + type + "\"}";
}

// A DV_CODED_TEXT in terminology openehr; its rubric from the compiled-in terminology, so
// `v/lifecycle_state/value = 'complete'` reads as it does in EHRbase.
std::string Coded(int code, const char* group) {
    std::string c = std::to_string(code);
    const auto* term = templates::validation::FindOpenEhrConcept(c, group);
    std::string rubric = term ? std::string(term->rubric) : c;
    return "{\"_type\":\"DV_CODED_TEXT\",\"value\":" + JsonQuote(rubric) +
           ",\"defining_code\":{\"_type\":\"CODE_PHRASE\",\"terminology_id\":{\"_type\":\"TERMINOLOGY_ID\",\"value\":"
           "\"openehr\"},\"code_string\":" +
           JsonQuote(c) + ",\"preferred_term\":" + JsonQuote(rubric) + "}}";
}

std::string DateTime(const std::string& t) { return "{\"_type\":\"DV_DATE_TIME\",\"value\":" + JsonQuote(t) + "}"; }

Result<std::unique_ptr<rm::Document>> Read(const std::string& json) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(json));
    return std::make_unique<rm::Document>(std::move(doc));
}

const VersionedObjectView* ObjectOf(const EhrView& ehr, const rm::Node* node) {
    for (const VersionedObjectView& vo : ehr.versioned_objects)
        if (vo.object->root() == node) return &vo;
    return nullptr;
}

}  // namespace

Result<std::unique_ptr<rm::Document>> BuildOriginalVersion(const VersionRecordIn& in, const rm::Document* data) {
    std::string json = "{\"_type\":\"ORIGINAL_VERSION\",\"uid\":" + Id("OBJECT_VERSION_ID", in.uid);
    if (!in.preceding_version_uid.empty())
        json += ",\"preceding_version_uid\":" + Id("OBJECT_VERSION_ID", in.preceding_version_uid);
    json += ",\"contribution\":" + Ref("HIER_OBJECT_ID", in.contribution_id, "CONTRIBUTION");
    json += ",\"commit_audit\":{\"_type\":\"AUDIT_DETAILS\",\"system_id\":" + JsonQuote(in.system_id) +
            ",\"committer\":" + (in.committer_json.empty() ? std::string("{\"_type\":\"PARTY_SELF\"}") : in.committer_json) +
            ",\"time_committed\":" + DateTime(in.time_committed) + ",\"change_type\":" + Coded(in.change_type, "audit change type");
    if (!in.description.empty()) json += ",\"description\":{\"_type\":\"DV_TEXT\",\"value\":" + JsonQuote(in.description) + "}";
    json += "},\"lifecycle_state\":" + Coded(in.lifecycle_state, "version lifecycle state") + "}";
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<rm::Document> doc, Read(json));
    if (data && data->root()) {
        // Link, not copy: the version's data is the very tree FROM COMPOSITION binds, so a
        // row reached through VERSION and one reached directly name the same nodes.
        const bmm::Schema& s = doc->schema();
        doc->SetAttr(doc->root(), s.FindSlot(doc->root()->type, "data"), rm::Value::Of(data->root()));
    }
    return doc;
}

Result<std::unique_ptr<rm::Document>> BuildVersionedObject(const std::string& vo_id, const std::string& ehr_id,
                                                           const std::string& time_created) {
    return Read("{\"_type\":\"VERSIONED_OBJECT\",\"uid\":" + Id("HIER_OBJECT_ID", vo_id) +
                ",\"owner_id\":" + Ref("HIER_OBJECT_ID", ehr_id, "EHR") + ",\"time_created\":" + DateTime(time_created) + "}");
}

void VersionCandidates(const EhrView& ehr, const std::string& rm_type, const std::string& version_predicate,
                       const rm::Node* scope, std::vector<const rm::Node*>& out) {
    const bool whole_ehr = !scope || scope == ehr.ehr->root();
    if (rm_type == "VERSIONED_OBJECT") {
        if (!whole_ehr) return;
        for (const VersionedObjectView& vo : ehr.versioned_objects) out.push_back(vo.object->root());
        return;
    }
    auto add = [&](const VersionedObjectView& vo) {
        if (vo.versions.empty()) return;
        if (version_predicate == "LATEST_VERSION") {
            out.push_back(vo.versions.back()->root());
            return;
        }
        for (const rm::Document* v : vo.versions) out.push_back(v->root());
    };
    if (whole_ehr) {
        for (const VersionedObjectView& vo : ehr.versioned_objects) add(vo);
    } else if (const VersionedObjectView* vo = ObjectOf(ehr, scope)) {
        add(*vo);
    }
}

const rm::Node* VersionContentScope(const EhrView& ehr, const rm::Node* scope) {
    if (!scope) return scope;
    const VersionedObjectView* vo = ObjectOf(ehr, scope);
    if (!vo || vo->versions.empty()) return scope;
    return vo->versions.back()->root();
}

}  // namespace kjerne::aql
