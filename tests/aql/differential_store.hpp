// tests/aql/differential_store.hpp
//
// The store the differential tests run both engines over: real corpus compositions committed
// through the Store API into a fresh SQLite file, laid out to exercise what the planner
// decides — one EHR per canonical JSON composition (EHR n = 00000000-0000-4000-8000-<n>, n
// its place among the readable compositions, as in the .test files' corpus dataset, so their
// literal ids still mean something), one EHR holding every canonical XML composition (many
// compositions per EHR, one of them deleted and one updated), one EHR whose EHR_STATUS
// says is_queryable=false holding a few more, and four EHRs holding every k-th JSON
// composition (k = 2, 3, 5, 7), where EHR-level AND / OR / NOT CONTAINS meet several. Three
// EHRs have a directory (EHRbase's folder files; FOLDER in FROM): the many-compositions EHR's
// names four of its compositions, the hidden EHR's names none that exist, the first JSON
// EHR's is a bare tree in its second version.
#pragma once

#include <memory>
#include <string>

#include "engine/store/store.hpp"
#include "tests/server/temp_db_path.hpp"

namespace kjerne::test {

struct DifferentialStore {
    TempDbPath db{"kjerne-aql-differential"};
    std::unique_ptr<store::Store> store;
    size_t compositions = 0;  // latest, non-deleted compositions stored
};

// Built afresh; throws std::runtime_error when the corpus or a commit fails.
std::unique_ptr<DifferentialStore> BuildDifferentialStore();

}  // namespace kjerne::test
