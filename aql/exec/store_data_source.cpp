// aql/exec/store_data_source.cpp
#include "aql/exec/store_data_source.hpp"

#include "engine/codec/json_reader.hpp"

namespace kjerne::aql {

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
        KJ_ASSIGN_OR_RETURN(std::vector<std::string> compositions, store.ListCompositions(id));
        for (const std::string& vo : compositions) {
            KJ_ASSIGN_OR_RETURN(store::StoredVersion v, store.ReadLatest(vo));
            if (v.version.lifecycle_state == static_cast<int>(store::Lifecycle::kDeleted) || v.json.empty()) continue;
            KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(v.json));
            data->AddComposition(view, std::make_unique<rm::Document>(std::move(doc)));
        }
    }
    return data;
}

}  // namespace kjerne::aql
