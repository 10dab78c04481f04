// tests/aql/versioned_dataset.hpp
//
// The `store-versions` dataset of the AQL .test files: real corpus compositions committed
// through the Store API with updates, an incomplete version, a deletion and an EHR_STATUS
// change, then read back with aql::LoadFromStore — so VERSION / VERSIONED_OBJECT queries
// run over the history a real store records. What it holds (ids are fixed so .test files
// can name them; commit times are the store's clock, so tests only order or compare them):
//
//   EHR 00000000-0000-4000-9000-000000000001
//     VO 10000000-0000-4000-8000-000000000001  persistent_minimal (aql data_load): __full,
//        then __updated_v2, then __updated_v3 (modifications; the item text changes)
//     VO 10000000-0000-4000-8000-000000000002  canonical_json/minimal_evaluation.json, v1
//   EHR 00000000-0000-4000-9000-000000000002 (EHR_STATUS modified once: subject patient-2)
//     VO 10000000-0000-4000-8000-000000000003  canonical_json/minimal_observation.json,
//        then deleted
//     VO 10000000-0000-4000-8000-000000000004  canonical_json/minimal_evaluation.json,
//        then the same content committed as lifecycle incomplete
//
// Every commit's audit description names the step ("created", "text v2", ...). The store's
// system id is kjerne.test, so version uids read <vo>::kjerne.test::<n>.
#pragma once

#include "aql/exec/data_source.hpp"

namespace kjerne::test {

// Built once per process (throws std::runtime_error when the corpus or the store fails).
const aql::DataSource& StoreVersionsDataset();

}  // namespace kjerne::test
