// aql/exec/store_data_source.cpp
#include "aql/exec/store_data_source.hpp"

#include "engine/codec/json_reader.hpp"

namespace kjerne::aql {
namespace {

VersionRecordIn RecordIn(const store::VersionRecord& v) {
    VersionRecordIn in;
    in.uid = v.uid;
    in.preceding_version_uid = v.preceding_version_uid;
    in.contribution_id = v.contribution_id;
    in.lifecycle_state = v.lifecycle_state;
    in.system_id = v.audit.system_id;
    in.committer_json = v.audit.committer_json;
    in.time_committed = v.time_committed;
    in.change_type = v.audit.change_type;
    in.description = v.audit.description;
    return in;
}

// Every version of `vo_id` with its decoded data (null for deletions), oldest first.
Result<std::vector<InMemoryDataSource::VersionIn>> ReadVersions(store::Store& store, codec::JsonReader& reader,
                                                                const std::string& vo_id) {
    std::vector<InMemoryDataSource::VersionIn> out;
    KJ_ASSIGN_OR_RETURN(std::vector<store::VersionRecord> records, store.ListVersions(vo_id));
    for (const store::VersionRecord& r : records) {
        InMemoryDataSource::VersionIn v;
        v.record = RecordIn(r);
        KJ_ASSIGN_OR_RETURN(store::StoredVersion stored, store.ReadVersion(r.uid));
        if (r.lifecycle_state != static_cast<int>(store::Lifecycle::kDeleted) && !stored.json.empty()) {
            KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(stored.json));
            v.data = std::make_unique<rm::Document>(std::move(doc));
        }
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace

Result<std::unique_ptr<InMemoryDataSource>> LoadFromStore(store::Store& store, const std::string& ehr_id) {
    auto data = std::make_unique<InMemoryDataSource>();
    std::vector<std::string> ids;
    if (!ehr_id.empty()) {
        ids.push_back(ehr_id);
    } else {
        KJ_ASSIGN_OR_RETURN(ids, store.ListEhrIds());
    }
    codec::JsonReader reader;
    for (const std::string& id : ids) {
        KJ_ASSIGN_OR_RETURN(store::EhrRecord ehr, store.GetEhr(id));
        KJ_ASSIGN_OR_RETURN(store::StoredVersion status, store.ReadEhrStatus(id));
        KJ_ASSIGN_OR_RETURN(rm::Document status_doc, reader.Read(status.json));
        EhrView& view = data->AddEhr(ehr.ehr_id, ehr.system_id, ehr.time_created,
                                     std::make_unique<rm::Document>(std::move(status_doc)));
        // The EHR_STATUS history (VERSION v CONTAINS EHR_STATUS s), then every composition's;
        // AddVersionedObject puts each latest non-deleted composition into view.compositions.
        KJ_ASSIGN_OR_RETURN(auto status_versions, ReadVersions(store, reader, ehr.ehr_status_vo_id));
        KJ_TRY(data->AddVersionedObject(view, ehr.ehr_status_vo_id, std::move(status_versions)));
        KJ_ASSIGN_OR_RETURN(std::vector<std::string> compositions, store.ListCompositions(id));
        for (const std::string& vo : compositions) {
            KJ_ASSIGN_OR_RETURN(auto versions, ReadVersions(store, reader, vo));
            KJ_TRY(data->AddVersionedObject(view, vo, std::move(versions)));
        }
        // The directory last: its history joins the versioned objects and its latest
        // non-deleted FOLDER tree becomes view.directory (FROM FOLDER).
        if (!ehr.directory_vo_id.empty()) {
            KJ_ASSIGN_OR_RETURN(auto versions, ReadVersions(store, reader, ehr.directory_vo_id));
            KJ_TRY(data->AddVersionedObject(view, ehr.directory_vo_id, std::move(versions)));
        }
    }
    return data;
}

}  // namespace kjerne::aql
