// aql/exec/store_data_source.hpp
//
// The store as an AQL DataSource for the reference evaluator: every EHR with its EHR node,
// latest EHR_STATUS, latest non-deleted compositions and directory (FOLDER in FROM), and
// every version of its EHR_STATUS, compositions and directory with their commit audits
// (VERSION / VERSIONED_OBJECT in FROM), decoded into RM trees and held in memory for the
// source's lifetime. That is the reference semantics, not the fast path: it
// reads every composition, so it suits the CLI, tests and differential checks; population
// queries at scale go through the planned engine over the containment index.
#pragma once

#include <memory>

#include "aql/exec/data_source.hpp"
#include "engine/store/store.hpp"

namespace kjerne::aql {

// Loads the whole store (or only `ehr_id` when given) into memory.
Result<std::unique_ptr<InMemoryDataSource>> LoadFromStore(store::Store& store, const std::string& ehr_id = "");

}  // namespace kjerne::aql
