// tests/aql/folder_dataset.cpp — see folder_dataset.hpp.
#include "tests/aql/folder_dataset.hpp"

#include <stdexcept>

#include "aql/exec/store_data_source.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "tests/aql/dataset_commits.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {
namespace {

const char* kFolderDir = "aql/examples/integration-tests/aql/data_load/folder/";

const DatasetCommits kCommits{"store-folders"};

std::unique_ptr<aql::InMemoryDataSource> Build() {
    TempDbPath db("kjerne-aql-folders");
    auto st = kCommits.OpenScratch(db.str());
    store::Store& s = *st;
    const std::string pm = "aql/examples/integration-tests/aql/data_load/";
    kCommits.PutMinimalTemplates(s);

    auto ehr = [](int n) { return "00000000-0000-4000-9100-00000000000" + std::to_string(n); };
    auto vo = [](int n) { return "20000000-0000-4000-8000-00000000000" + std::to_string(n); };
    for (int n = 1; n <= 4; ++n) {
        store::CreateEhrRequest req;
        req.ehr_id = ehr(n);
        kCommits.Must(s.CreateEhr(req), "create EHR " + ehr(n));
    }
    rm::Document full = kCommits.Doc(pm + "compositions/persistent_minimal.en.v1__full.json");
    rm::Document v2 = kCommits.Doc(pm + "compositions/persistent_minimal.en.v1__updated_v2.json");
    rm::Document evaluation = kCommits.Doc("compositions/canonical_json/minimal_evaluation.json");
    rm::Document observation = kCommits.Doc("compositions/canonical_json/minimal_observation.json");

    auto p1 = kCommits.Create(s, ehr(1), vo(1), full);
    kCommits.Modify(s, ehr(1), store::ObjectKind::kComposition, p1.uid, v2);
    kCommits.Create(s, ehr(1), vo(2), evaluation);
    kCommits.Create(s, ehr(1), vo(3), observation);
    auto d4 = kCommits.Create(s, ehr(1), vo(4), evaluation);
    kCommits.Create(s, ehr(1), vo(5), observation);
    std::map<std::string, std::string> uids{{"c_uid1", vo(1)}, {"c_uid2", vo(2)}, {"c_uid3", vo(3)}, {"c_uid4", vo(4)}};
    CreateDirectory(s, ehr(1), CorpusFolder("folder_with_compositions.json", uids));
    kCommits.Must(s.DeleteComposition(ehr(1), d4.uid, {"", "deleted"}), "delete " + d4.uid);

    kCommits.Create(s, ehr(2), vo(6), evaluation);
    CreateDirectory(s, ehr(2), CorpusFolder("folder_details.json", {}));

    auto dir3 = CreateDirectory(s, ehr(3), CorpusFolder("folder_complex_hierarchy.json", {}));
    kCommits.Modify(s, ehr(3), store::ObjectKind::kFolder, dir3.uid, CorpusFolder("folder_complex_hierarchy2.json", {}));

    kCommits.Create(s, ehr(4), vo(7), observation);
    return kCommits.Must(aql::LoadFromStore(s), "load");
}

}  // namespace

rm::Document CorpusFolder(const std::string& file, const std::map<std::string, std::string>& vars) {
    std::string text = ReadFile(CorpusDir() / (kFolderDir + file));
    for (const auto& [name, value] : vars) {
        const std::string placeholder = "${" + name + "}";
        for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at))
            text.replace(at, placeholder.size(), value);
    }
    return kCommits.Must(codec::ReadJson(text), file);
}

store::VersionRecord CreateDirectory(store::Store& s, const std::string& ehr_id, const rm::Document& folder) {
    store::VersionChange change;
    change.kind = store::ObjectKind::kFolder;
    change.change = store::ChangeType::kCreation;
    change.data = &folder;
    if (const rm::Node* uid = folder.root()->Child(folder.schema(), "uid"))
        change.vo_id = std::string(uid->String(folder.schema(), "value"));
    store::ContributionRequest req{ehr_id, {change}, {"", "directory"}};
    return kCommits.Must(s.CommitContribution(req), "directory of " + ehr_id).versions.at(0);
}

const aql::DataSource& StoreFoldersDataset() {
    static const std::unique_ptr<aql::InMemoryDataSource> data = Build();
    return *data;
}

}  // namespace kjerne::test
