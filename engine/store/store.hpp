// engine/store/store.hpp
//
// The versioned record store: EHRs, VERSIONED_OBJECTs (EHR_STATUS, COMPOSITION, FOLDER) and
// their ORIGINAL_VERSIONs, CONTRIBUTIONs with one AUDIT_DETAILS each, the template table and
// the containment index the AQL engine reads (engine/store/containment_index.hpp).
//
// Why an interface: SQLite is the embedded backend (engine/store/sqlite/), a PostgreSQL one
// will implement the same class later; every SQL dialect detail stays inside a backend.
// The unit of atomicity is the contribution: CommitContribution writes all of its versions,
// the audit, the contribution and the index rows in one transaction, or nothing. Optimistic
// concurrency (the caller's preceding_version_uid must be the latest version) is checked
// inside that transaction, so of two racing updates of one object exactly one wins; the
// other gets kPreconditionFailed (HTTP 412).
//
// Error codes: kNotFound (no such EHR / object / version), kPreconditionFailed (stale
// preceding_version_uid), kConflict (EHR id or subject already used, a changed OPT under an
// existing template id, EHR not modifiable, object already deleted, a second FOLDER — the
// directory — in one EHR), kValidation (what the
// store itself requires of a version: a COMPOSITION with a stored template_id, an EHR_STATUS
// ...), kIo / kCorruption from the backend.
// Thread-safety: a Store may be shared by threads; writes are serialised by the backend,
// reads run concurrently on their own connections and see committed versions only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "engine/store/candidate_scan.hpp"
#include "engine/store/leaf_scan.hpp"
#include "engine/store/store_types.hpp"
#include "engine/store/archetype_record.hpp"
#include "engine/store/stored_query_record.hpp"

namespace kjerne::store {

class Store {
public:
    virtual ~Store() = default;

    const StoreOptions& options() const { return options_; }

    // --- EHR ---------------------------------------------------------------------------
    // Creates an EHR and its EHR_STATUS version 1 in one contribution (change_type creation).
    virtual Result<EhrRecord> CreateEhr(const CreateEhrRequest& request) = 0;
    // Creates an EHR (as CreateEhr) and commits `first` into it in the same transaction: two
    // contributions, both or neither (an import never leaves an empty EHR behind).
    // first.ehr_id is ignored; the result's versions name the new EHR.
    virtual Result<ContributionResult> CreateEhrAndCommit(const CreateEhrRequest& request,
                                                          const ContributionRequest& first) = 0;
    virtual Result<EhrRecord> GetEhr(const std::string& ehr_id) = 0;
    // Every EHR id, in creation order (population queries walk them).
    virtual Result<std::vector<std::string>> ListEhrIds() = 0;
    // The EHR whose EHR_STATUS subject has this external_ref id + namespace.
    virtual Result<EhrRecord> FindEhrBySubject(const std::string& subject_namespace,
                                               const std::string& subject_id) = 0;

    // --- Templates -----------------------------------------------------------------------
    // Stores an OPT under `template_id`. Uploading the same bytes again is a no-op
    // (returns false); different bytes under an existing id are kConflict.
    virtual Result<bool> PutTemplate(const std::string& template_id, std::string_view opt_bytes) = 0;
    virtual Result<TemplateRecord> GetTemplate(const std::string& template_id) = 0;
    virtual Result<std::vector<TemplateRecord>> ListTemplates() = 0;  // without opt bytes

    // --- Archetypes and ADL 2 templates ----------------------------------------------------
    // Stores ADL as uploaded under record.archetype_id (sha256 and time set by the store).
    // The same bytes again are a no-op (false); different bytes under a stored id kConflict.
    virtual Result<bool> PutArchetype(const ArchetypeRecord& record) = 0;
    virtual Result<ArchetypeRecord> GetArchetype(const std::string& archetype_id) = 0;
    // By id, without sources; `artefact_type` "" lists every kind.
    virtual Result<std::vector<ArchetypeRecord>> ListArchetypes(const std::string& artefact_type) = 0;

    // --- Stored queries (REST definition API) ----------------------------------------------
    // Stores a query version (saved = now); kConflict when that name and version exist.
    virtual Result<StoredQueryRecord> PutStoredQuery(const StoredQueryRecord& query) = 0;
    // Every stored query whose name starts with `name_prefix` ("" = all), by name.
    virtual Result<std::vector<StoredQueryRecord>> ListStoredQueries(const std::string& name_prefix) = 0;

    // --- Writes --------------------------------------------------------------------------
    // One contribution: all of its changes or none.
    virtual Result<ContributionResult> CommitContribution(const ContributionRequest& request) = 0;

    // Many contributions in one transaction (bulk import): each runs in its own savepoint,
    // so one that fails (its Result in the returned list) leaves the others in place. Only
    // when the returned Result itself is ok has anything become durable.
    virtual Result<std::vector<Result<ContributionResult>>> CommitBatch(
        const std::vector<ContributionRequest>& requests) = 0;

    // Conveniences over CommitContribution for one version.
    Result<VersionRecord> CreateComposition(const std::string& ehr_id, const rm::Document& composition,
                                            const AuditInput& audit = {});
    Result<VersionRecord> UpdateComposition(const std::string& ehr_id,
                                            const std::string& preceding_version_uid,
                                            const rm::Document& composition, const AuditInput& audit = {});
    Result<VersionRecord> DeleteComposition(const std::string& ehr_id,
                                            const std::string& preceding_version_uid,
                                            const AuditInput& audit = {});
    Result<VersionRecord> UpdateEhrStatus(const std::string& ehr_id,
                                          const std::string& preceding_version_uid,
                                          const rm::Document& ehr_status, const AuditInput& audit = {});

    // --- Reads ---------------------------------------------------------------------------
    // The latest version of a versioned object (also when it is a deletion: lifecycle 523,
    // empty data — the REST layer answers 204 / 404 as the spec says).
    virtual Result<StoredVersion> ReadLatest(const std::string& vo_id) = 0;
    // By "object_id::system_id::version_tree_id".
    virtual Result<StoredVersion> ReadVersion(const std::string& version_uid) = 0;
    // The version current at `time` (ISO 8601 UTC, as the store writes it); kNotFound when
    // the object did not exist yet.
    virtual Result<StoredVersion> ReadAtTime(const std::string& vo_id, const std::string& time) = 0;
    // Every version of the object, oldest first, without payloads (revision history).
    virtual Result<std::vector<VersionRecord>> ListVersions(const std::string& vo_id) = 0;
    virtual Result<StoredVersion> ReadEhrStatus(const std::string& ehr_id) = 0;  // latest
    // The versioned composition objects of an EHR (vo ids), oldest first.
    virtual Result<std::vector<std::string>> ListCompositions(const std::string& ehr_id) = 0;
    virtual Result<ContributionRecord> GetContribution(const std::string& contribution_id) = 0;
    // Index rows of the latest version of an object (empty once deleted).
    virtual Result<std::vector<IndexRow>> ReadIndex(const std::string& vo_id) = 0;
    // The compositions satisfying scan.compositions on the containment index, EHR by EHR in
    // creation order (each EHR's compositions oldest first, latest non-deleted versions), as
    // engine/store/candidate_scan.hpp says; `visit` returns false to stop reading.
    virtual Status ScanCandidates(const CandidateScan& scan,
                                  const std::function<bool(const CandidateEhr&)>& visit) = 0;

    // How many nodes `scan` selects (leaf_scan.hpp), from the containment index alone.
    virtual Result<int64_t> CountRoots(const RootScan& scan) = 0;
    // The leaf values of the nodes `scan` selects at scan.paths, from the indexes alone.
    virtual Result<RootLeaves> ScanRootLeaves(const RootScan& scan) = 0;

    // Visits (composition vo_num, value) of `scan` in value order until `visit` returns
    // false; false when the leaf index is not ready (nothing visited).
    virtual Result<bool> ScanLeafOrder(const LeafOrderScan& scan,
                                       const std::function<bool(int64_t vo_num, const RootLeaf& value)>& visit) = 0;

    // The rows of `scan` per composition (visit returns false to stop), and the number of
    // compositions the scan ranges over (with rows or not); -1 when the store cannot tell
    // by-details rows apart (a pre-V004 store whose leaf index is not ready: nothing visited).
    virtual Result<int64_t> ScanArchetypeRows(
        const ArchetypeRowScan& scan,
        const std::function<bool(int64_t vo_num, const std::vector<IndexRow>& rows)>& visit) = 0;

    // The nodes of `scan` with their leaves (leaf_scan.hpp) until `visit` returns false;
    // false when the leaf index is not ready (nothing visited).
    virtual Result<bool> ScanIndexRows(const IndexRowScan& scan,
                                       const std::function<bool(const IndexRowNode& node)>& visit) = 0;

    // Counts for reports and benchmarks.
    virtual Result<StoreStats> Stats() = 0;

protected:
    explicit Store(StoreOptions options) : options_(std::move(options)) {}
    StoreOptions options_;
};

// Opens (creating and migrating when needed) the SQLite store at options.path.
Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

}  // namespace kjerne::store
