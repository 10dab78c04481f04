// tests/aql/versioned_dataset.cpp — see versioned_dataset.hpp.
#include "tests/aql/versioned_dataset.hpp"

#include <stdexcept>

#include "aql/exec/store_data_source.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store.hpp"
#include "engine/store/version_data.hpp"
#include "tests/aql/dataset_commits.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {
namespace {

const DatasetCommits kCommits{"store-versions"};

std::unique_ptr<aql::InMemoryDataSource> Build() {
    TempDbPath db("kjerne-aql-versions");
    auto st = kCommits.OpenScratch(db.str());
    store::Store& s = *st;
    const std::string pm = "aql/examples/integration-tests/aql/data_load/";
    kCommits.PutMinimalTemplates(s);

    const std::string ehr1 = "00000000-0000-4000-9000-000000000001", ehr2 = "00000000-0000-4000-9000-000000000002";
    for (const std::string& id : {ehr1, ehr2}) {
        store::CreateEhrRequest req;
        req.ehr_id = id;
        kCommits.Must(s.CreateEhr(req), "create EHR " + id);
    }
    rm::Document full = kCommits.Doc(pm + "compositions/persistent_minimal.en.v1__full.json");
    rm::Document v2 = kCommits.Doc(pm + "compositions/persistent_minimal.en.v1__updated_v2.json");
    rm::Document v3 = kCommits.Doc(pm + "compositions/persistent_minimal.en.v1__updated_v3.json");
    rm::Document evaluation = kCommits.Doc("compositions/canonical_json/minimal_evaluation.json");
    rm::Document observation = kCommits.Doc("compositions/canonical_json/minimal_observation.json");

    auto a1 = kCommits.Create(s, ehr1, "10000000-0000-4000-8000-000000000001", full);
    auto a2 = kCommits.Modify(s, ehr1, store::ObjectKind::kComposition, a1.uid, v2, "text v2");
    kCommits.Modify(s, ehr1, store::ObjectKind::kComposition, a2.uid, v3, "text v3");
    kCommits.Create(s, ehr1, "10000000-0000-4000-8000-000000000002", evaluation);

    auto c1 = kCommits.Create(s, ehr2, "10000000-0000-4000-8000-000000000003", observation);
    kCommits.Must(s.DeleteComposition(ehr2, c1.uid, {"", "deleted"}), "delete");
    auto d1 = kCommits.Create(s, ehr2, "10000000-0000-4000-8000-000000000004", evaluation);
    kCommits.Modify(s, ehr2, store::ObjectKind::kComposition, d1.uid, evaluation, "draft", store::Lifecycle::kIncomplete);

    auto status = kCommits.Must(s.ReadEhrStatus(ehr2), "read EHR_STATUS");
    rm::Document new_status = kCommits.Must(store::DefaultEhrStatus("patient-2", "kjerne.test"), "EHR_STATUS");
    kCommits.Must(s.UpdateEhrStatus(ehr2, status.version.uid, new_status, {"", "subject set"}), "update EHR_STATUS");

    return kCommits.Must(aql::LoadFromStore(s), "load");
}

}  // namespace

const aql::DataSource& StoreVersionsDataset() {
    static const std::unique_ptr<aql::InMemoryDataSource> data = Build();
    return *data;
}

}  // namespace kjerne::test
