// tests/aql/versioned_dataset.cpp — see versioned_dataset.hpp.
#include "tests/aql/versioned_dataset.hpp"

#include <stdexcept>

#include "aql/exec/store_data_source.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store.hpp"
#include "engine/store/version_data.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {
namespace {

template <typename T>
T Must(Result<T> r, const std::string& what) {
    if (!r.ok()) throw std::runtime_error("store-versions dataset: " + what + ": " + r.error().ToString());
    return std::move(r).value();
}

rm::Document Doc(const std::string& rel) {
    return Must(codec::ReadJson(ReadFile(CorpusDir() / rel)), rel);
}

void PutOpt(store::Store& s, const std::string& rel) {
    std::string opt = ReadFile(CorpusDir() / rel);
    std::string id = Must(store::OptTemplateId(opt), rel);
    Must(s.PutTemplate(id, opt), rel);
}

store::VersionRecord Create(store::Store& s, const std::string& ehr_id, const std::string& vo_id, const rm::Document& doc) {
    store::VersionChange change;
    change.kind = store::ObjectKind::kComposition;
    change.change = store::ChangeType::kCreation;
    change.data = &doc;
    change.vo_id = vo_id;
    store::ContributionRequest req{ehr_id, {change}, {"", "created"}};
    auto result = Must(s.CommitContribution(req), "create " + vo_id);
    return result.versions.at(0);
}

store::VersionRecord Update(store::Store& s, const std::string& ehr_id, const std::string& preceding,
                            const rm::Document& doc, const std::string& description,
                            store::Lifecycle lifecycle = store::Lifecycle::kComplete) {
    store::VersionChange change;
    change.kind = store::ObjectKind::kComposition;
    change.change = store::ChangeType::kModification;
    change.preceding_version_uid = preceding;
    change.data = &doc;
    change.lifecycle = lifecycle;
    store::ContributionRequest req{ehr_id, {change}, {"", description}};
    auto result = Must(s.CommitContribution(req), "update " + preceding);
    return result.versions.at(0);
}

std::unique_ptr<aql::InMemoryDataSource> Build() {
    TempDbPath db("kjerne-aql-versions");
    store::StoreOptions opts;
    opts.path = db.str();
    opts.system_id = "kjerne.test";
    auto st = Must(store::OpenSqliteStore(opts), "open store");
    store::Store& s = *st;
    const std::string pm = "aql/examples/integration-tests/aql/data_load/";
    PutOpt(s, pm + "opts/persistent_minimal.opt");
    PutOpt(s, "templates/opt14/minimal_evaluation.opt");
    PutOpt(s, "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt");

    const std::string ehr1 = "00000000-0000-4000-9000-000000000001", ehr2 = "00000000-0000-4000-9000-000000000002";
    for (const std::string& id : {ehr1, ehr2}) {
        store::CreateEhrRequest req;
        req.ehr_id = id;
        Must(s.CreateEhr(req), "create EHR " + id);
    }
    rm::Document full = Doc(pm + "compositions/persistent_minimal.en.v1__full.json");
    rm::Document v2 = Doc(pm + "compositions/persistent_minimal.en.v1__updated_v2.json");
    rm::Document v3 = Doc(pm + "compositions/persistent_minimal.en.v1__updated_v3.json");
    rm::Document evaluation = Doc("compositions/canonical_json/minimal_evaluation.json");
    rm::Document observation = Doc("compositions/canonical_json/minimal_observation.json");

    auto a1 = Create(s, ehr1, "10000000-0000-4000-8000-000000000001", full);
    auto a2 = Update(s, ehr1, a1.uid, v2, "text v2");
    Update(s, ehr1, a2.uid, v3, "text v3");
    Create(s, ehr1, "10000000-0000-4000-8000-000000000002", evaluation);

    auto c1 = Create(s, ehr2, "10000000-0000-4000-8000-000000000003", observation);
    Must(s.DeleteComposition(ehr2, c1.uid, {"", "deleted"}), "delete");
    auto d1 = Create(s, ehr2, "10000000-0000-4000-8000-000000000004", evaluation);
    Update(s, ehr2, d1.uid, evaluation, "draft", store::Lifecycle::kIncomplete);

    auto status = Must(s.ReadEhrStatus(ehr2), "read EHR_STATUS");
    rm::Document new_status = Must(store::DefaultEhrStatus("patient-2", "kjerne.test"), "EHR_STATUS");
    Must(s.UpdateEhrStatus(ehr2, status.version.uid, new_status, {"", "subject set"}), "update EHR_STATUS");

    return Must(aql::LoadFromStore(s), "load");
}

}  // namespace

const aql::DataSource& StoreVersionsDataset() {
    static const std::unique_ptr<aql::InMemoryDataSource> data = Build();
    return *data;
}

}  // namespace kjerne::test
