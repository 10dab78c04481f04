// aql/exec/data_source.cpp
#include "aql/exec/data_source.hpp"

#include "engine/rm/views.hpp"

namespace kjerne::aql {
namespace {

// A node of `type` with string-valued attributes given as (name, value) pairs.
rm::Node* Obj(rm::Document& doc, const char* type, std::initializer_list<std::pair<const char*, rm::Value>> attrs) {
    const bmm::Schema& s = doc.schema();
    bmm::TypeId t = s.Find(type);
    std::vector<rm::Attr> a;
    for (const auto& [name, value] : attrs) a.push_back(rm::Attr{s.FindSlot(t, name), value});
    return doc.NewNode(t, a);
}

}  // namespace

EhrView& InMemoryDataSource::AddEhr(const std::string& ehr_id, const std::string& system_id,
                                    const std::string& time_created, std::unique_ptr<rm::Document> status) {
    auto ehr = std::make_unique<rm::Document>();
    rm::Document& d = *ehr;
    rm::Node* root = Obj(d, "EHR",
                         {{"system_id", rm::Value::Of(Obj(d, "HIER_OBJECT_ID", {{"value", d.NewString(system_id)}}))},
                          {"ehr_id", rm::Value::Of(Obj(d, "HIER_OBJECT_ID", {{"value", d.NewString(ehr_id)}}))},
                          {"time_created", rm::Value::Of(Obj(d, "DV_DATE_TIME", {{"value", d.NewString(time_created)}}))}});
    d.set_root(root);
    if (!status) {
        status = std::make_unique<rm::Document>();
        rm::Document& sd = *status;
        sd.set_root(Obj(sd, "EHR_STATUS",
                        {{"archetype_node_id", sd.NewString("openEHR-EHR-EHR_STATUS.generic.v1")},
                         {"name", rm::Value::Of(Obj(sd, "DV_TEXT", {{"value", sd.NewString("EHR Status")}}))},
                         {"subject", rm::Value::Of(Obj(sd, "PARTY_SELF", {}))},
                         {"is_queryable", rm::Value::Bool(true)},
                         {"is_modifiable", rm::Value::Bool(true)}}));
    }
    auto view = std::make_unique<EhrView>();
    view->ehr_id = ehr_id;
    view->ehr = ehr.get();
    view->ehr_status = status.get();
    const rm::Value* q = status->root()->Find(status->schema(), "is_queryable");
    view->queryable = !(q && q->kind == rm::ValueKind::kBool && !q->u.b);
    docs_.push_back(std::move(ehr));
    docs_.push_back(std::move(status));
    ehrs_.push_back(std::move(view));
    return *ehrs_.back();
}

void InMemoryDataSource::AddComposition(EhrView& ehr, std::unique_ptr<rm::Document> composition) {
    ehr.compositions.push_back(composition.get());
    docs_.push_back(std::move(composition));
}

void InMemoryDataSource::SetDirectory(EhrView& ehr, std::unique_ptr<rm::Document> folder) {
    ehr.directory = folder.get();
    docs_.push_back(std::move(folder));
}

Status InMemoryDataSource::AddVersionedObject(EhrView& ehr, const std::string& vo_id, std::vector<VersionIn> versions) {
    if (versions.empty()) return Error(ErrorCode::kInvalidArgument, "versioned object " + vo_id + " has no versions");
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<rm::Document> object,
                        BuildVersionedObject(vo_id, ehr.ehr_id, versions.front().record.time_committed));
    const rm::Document* latest_data = versions.back().data.get();
    VersionedObjectView view;
    view.object = object.get();
    docs_.push_back(std::move(object));
    for (VersionIn& v : versions) {
        KJ_ASSIGN_OR_RETURN(std::unique_ptr<rm::Document> version, BuildOriginalVersion(v.record, v.data.get()));
        view.versions.push_back(version.get());
        docs_.push_back(std::move(version));
        if (v.data) docs_.push_back(std::move(v.data));
    }
    if (latest_data && latest_data->root()->type == latest_data->schema().Find("COMPOSITION"))
        ehr.compositions.push_back(latest_data);
    if (latest_data && latest_data->root()->type == latest_data->schema().Find("FOLDER")) ehr.directory = latest_data;
    ehr.versioned_objects.push_back(std::move(view));
    return OkStatus();
}

Status InMemoryDataSource::ForEachEhr(const std::function<bool(const EhrView&)>& visit) const {
    for (const auto& e : ehrs_)
        if (!visit(*e)) break;
    return OkStatus();
}

}  // namespace kjerne::aql
