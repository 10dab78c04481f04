// aql/exec/versions.hpp
//
// VERSION and VERSIONED_OBJECT for AQL's FROM: the RM objects a data source holds for each
// versioned object of an EHR (its VERSIONED_OBJECT node and every ORIGINAL_VERSION with its
// commit audit), built from plain records, and the containment rules the reference
// evaluator applies to them:
// - EHR contains its versioned objects and their versions; a VERSIONED_OBJECT contains its
//   versions; a VERSION contains its data (ORIGINAL_VERSION.data links to the data's root,
//   so `v/data/...` paths and `VERSION v CONTAINS COMPOSITION c` walk the real tree).
// - `VERSION v[LATEST_VERSION]` keeps the newest version of each object; `[ALL_VERSIONS]`
//   and a VERSION without predicate keep them all (the predicate is a filter; absent, it
//   filters nothing); `VERSION v[commit_audit/time_committed > '...']` is a node predicate
//   on the version the evaluator checks like any other.
// - A VERSIONED_OBJECT containing a non-version class reaches it through the latest version.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::aql {

struct EhrView;

// One version as a store records it (codes are the openEHR terminology codes).
struct VersionRecordIn {
    std::string uid;                    // OBJECT_VERSION_ID: vo_id::system_id::n
    std::string preceding_version_uid;  // empty for the first version
    std::string contribution_id;
    int lifecycle_state = 532;          // 532 complete, 553 incomplete, 523 deleted
    std::string system_id;              // commit_audit/system_id
    std::string committer_json;         // PARTY_PROXY canonical JSON; empty = PARTY_SELF
    std::string time_committed;         // ISO 8601
    int change_type = 249;              // 249 creation, 250 amendment, 251 modification, 523 deleted
    std::string description;            // commit_audit/description/value; empty = none
};

// An ORIGINAL_VERSION document from `in`, its `data` linked to `data`'s root (null for a
// deletion). `data` must outlive the result.
Result<std::unique_ptr<rm::Document>> BuildOriginalVersion(const VersionRecordIn& in, const rm::Document* data);

// A VERSIONED_OBJECT document: uid = vo_id, owner_id = the EHR, time_created.
Result<std::unique_ptr<rm::Document>> BuildVersionedObject(const std::string& vo_id, const std::string& ehr_id,
                                                           const std::string& time_created);

// The containment step of the reference evaluator for VERSION / VERSIONED_OBJECT
// (`rm_type` upper case): the candidates below `scope` (null or the EHR node = the whole
// EHR; a VERSIONED_OBJECT node = its versions). `version_predicate` is the class's
// LATEST_VERSION / ALL_VERSIONS / "".
void VersionCandidates(const EhrView& ehr, const std::string& rm_type, const std::string& version_predicate,
                       const rm::Node* scope, std::vector<const rm::Node*>& out);

// Where a non-version class below `scope` is looked for: a VERSIONED_OBJECT node stands for
// its latest version; any other scope is itself.
const rm::Node* VersionContentScope(const EhrView& ehr, const rm::Node* scope);

}  // namespace kjerne::aql
