// tests/aql/folder_dataset.hpp
//
// The `store-folders` dataset of the AQL .test files: EHRbase's folder files (corpus
// aql/examples/integration-tests/aql/data_load/folder/) committed as EHR directories into a
// real store, their ${c_uidN} items bound to real corpus compositions committed beside them,
// then read back with aql::LoadFromStore — so FOLDER queries run over what a store records.
// Ids are fixed so .test files can name them; the store's system id is kjerne.test, so a
// directory root's uid reads <object>::kjerne.test::<n>.
//
//   EHR 00000000-0000-4000-9100-000000000001
//     VO 20000000-0000-4000-8000-000000000001  persistent_minimal __full, then __updated_v2
//     VO 20000000-0000-4000-8000-000000000002  canonical_json/minimal_evaluation.json
//     VO 20000000-0000-4000-8000-000000000003  canonical_json/minimal_observation.json
//     VO 20000000-0000-4000-8000-000000000004  canonical_json/minimal_evaluation.json, then deleted
//     VO 20000000-0000-4000-8000-000000000005  canonical_json/minimal_observation.json (in no folder)
//     directory 70e952ca-a5b2-4f24-8d37-59240fd37020: folder_with_compositions.json, c_uid1..4
//       = VO 1..4:  root1 > subfolder1 [1] > (subsubfolder1 [2] > subsubsubfolder2 [4]),
//                                          (subsubfolder2 [3])
//   EHR 00000000-0000-4000-9100-000000000002
//     VO 20000000-0000-4000-8000-000000000006  canonical_json/minimal_evaluation.json
//     directory 30e952ca-a5b2-4f24-8d37-59240fd37020: folder_details.json (details trees; its
//       subfolder1's two items name compositions that do not exist)
//   EHR 00000000-0000-4000-9100-000000000003
//     directory 00e952ca-a5b2-4f24-8d37-59240fd37020: folder_complex_hierarchy.json, then
//       updated to folder_complex_hierarchy2.json (the same tree, other sub-folder uids)
//   EHR 00000000-0000-4000-9100-000000000004
//     VO 20000000-0000-4000-8000-000000000007  canonical_json/minimal_observation.json; no directory
#pragma once

#include <map>
#include <string>

#include "aql/exec/data_source.hpp"
#include "engine/rm/document.hpp"
#include "engine/store/store.hpp"

namespace kjerne::test {

// Built once per process (throws std::runtime_error when the corpus or the store fails).
const aql::DataSource& StoreFoldersDataset();

// A folder file of EHRbase's data_load/folder/ with its ${name} placeholders replaced.
rm::Document CorpusFolder(const std::string& file, const std::map<std::string, std::string>& vars);

// Creates `ehr_id`'s directory from `folder`; the versioned object takes the root's uid
// (as EHRbase keeps it). Throws on failure.
store::VersionRecord CreateDirectory(store::Store& s, const std::string& ehr_id, const rm::Document& folder);

}  // namespace kjerne::test
