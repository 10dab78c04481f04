// engine/store/store_types.hpp
//
// The values that cross the Store interface (engine/store/store.hpp): options, requests and
// the records read back. Plain structs, no behaviour; codes are the openEHR terminology codes
// so they can be written into AUDIT_DETAILS / VERSION objects unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kjerne::rm {
class Document;
}

namespace kjerne::store {

// openEHR "version lifecycle state" codes.
enum class Lifecycle : int { kComplete = 532, kIncomplete = 553, kDeleted = 523 };
// openEHR "audit change type" codes.
enum class ChangeType : int { kCreation = 249, kAmendment = 250, kModification = 251, kDeleted = 523 };
enum class ObjectKind { kComposition, kEhrStatus, kFolder };

const char* ObjectKindName(ObjectKind kind);  // "COMPOSITION", "EHR_STATUS", "FOLDER"
std::optional<ObjectKind> ParseObjectKind(std::string_view name);

enum class Synchronous { kOff, kNormal, kFull };

struct StoreOptions {
    std::string path;                     // SQLite file; created when absent
    std::string system_id = "kjerne.local";
    Synchronous synchronous = Synchronous::kFull;
    bool compress = true;                 // zstd the payloads (see payload.hpp)
    int compression_level = 3;
    int busy_timeout_ms = 30000;          // wait for another process's write lock
    bool read_only = false;               // open for reading only (kjerne check)
};

// Who committed and why: becomes the contribution's AUDIT_DETAILS (system_id is the store's).
struct AuditInput {
    // PARTY_PROXY as canonical JSON; empty = {"_type":"PARTY_IDENTIFIED","name":"kjerne"}.
    std::string committer_json;
    std::string description;              // DV_TEXT value; empty = none
};

struct CreateEhrRequest {
    std::string ehr_id;                   // empty = a new UUID v4
    // EHR_STATUS to store as version 1; null = the default (subject PARTY_SELF,
    // is_queryable and is_modifiable true).
    const rm::Document* ehr_status = nullptr;
    // Shortcut for the default status: its subject's external_ref (both or neither).
    std::string subject_id;
    std::string subject_namespace;
    AuditInput audit;
};

// One change inside a contribution.
struct VersionChange {
    ObjectKind kind = ObjectKind::kComposition;
    ChangeType change = ChangeType::kCreation;   // creation, modification, deleted
    std::string preceding_version_uid;           // required unless creation
    const rm::Document* data = nullptr;          // required unless deleted; not owned
    Lifecycle lifecycle = Lifecycle::kComplete;  // complete or incomplete (deleted is implied)
    std::string vo_id;                           // creation only: empty = a new UUID v4
};


struct ContributionRequest {
    std::string ehr_id;
    std::vector<VersionChange> changes;
    AuditInput audit;
    // When set (not owned), this EHR is created first, in the same transaction, as its own
    // contribution (CreateEhr's), and `ehr_id` is ignored: the versions name the new EHR.
    // Bulk import uses it to give every composition its own EHR inside one batch.
    const CreateEhrRequest* create_ehr = nullptr;
};

struct AuditRecord {
    std::string system_id;
    std::string committer_json;
    std::string time_committed;   // ISO 8601 UTC, microseconds: 2026-11-25T15:05:23.123456Z
    int change_type = 0;
    std::string description;
};

// An ORIGINAL_VERSION without its data.
struct VersionRecord {
    std::string uid;                       // vo_id::system_id::n
    std::string vo_id;
    std::string ehr_id;
    ObjectKind kind = ObjectKind::kComposition;
    int64_t sys_version = 0;
    std::string preceding_version_uid;     // empty for version 1
    int lifecycle_state = 532;
    std::string template_id;               // compositions only
    std::string contribution_id;
    AuditRecord audit;
    std::string time_committed;            // = audit.time_committed = sys_period_lower
    std::string superseded_at;             // sys_period_upper; empty while latest
};

// A version with its data as canonical JSON (empty when deleted).
struct StoredVersion {
    VersionRecord version;
    std::string json;
};

struct EhrRecord {
    std::string ehr_id;
    std::string system_id;
    std::string time_created;
    std::string ehr_status_vo_id;
    // Its directory: the one FOLDER versioned object of the EHR (the store refuses a second);
    // empty until one is created. Stays set after a logical delete (the object still exists).
    std::string directory_vo_id;
    std::string subject_id;
    std::string subject_namespace;
    bool is_queryable = true;
    bool is_modifiable = true;
};

struct ContributionRecord {
    std::string contribution_id;
    std::string ehr_id;
    AuditRecord audit;
    std::vector<std::string> version_uids;
};

struct ContributionResult {
    std::string contribution_id;
    std::vector<VersionRecord> versions;   // in request order
};

struct TemplateRecord {
    std::string template_id;
    std::string sha256;
    std::string time_uploaded;
    std::string opt;                       // empty in ListTemplates
};

// One containment-index row: an archetype root of a composition (see containment_index.hpp).
struct IndexRow {
    int64_t num = 0;         // pre-order number among the LOCATABLE nodes (root = 0)
    int64_t num_cap = 0;     // largest num in the subtree: X CONTAINS Y <=> y.num in [num, num_cap]
    int64_t parent_num = -1; // num of the nearest enclosing archetype root; -1 for the root
    std::string rm_type;     // COMPOSITION, SECTION, OBSERVATION, CLUSTER ...
    std::string archetype_id;

    bool operator==(const IndexRow&) const = default;
};

// One leaf-index row: a hot numeric leaf of a composition, or one of its root's header
// texts (see containment_index.hpp).
struct LeafRow {
    std::string archetype_id;  // archetype_node_id of the leaf's nearest archetype root
    std::string path;          // from that root: /data[at0001]/events[at0006]/.../value/magnitude
    int64_t root_num = 0;      // the root's IndexRow::num
    int64_t ord = 0;           // pre-order position among the object's leaves
    bool is_int = false;       // the RM typed it Integer (DV_COUNT, DV_ORDINAL)
    int64_t i = 0;             // the value when is_int
    double d = 0;              // the value otherwise (and not is_text)
    bool is_text = false;      // a header text (uid, context start time): `text`
    std::string text;
    // The first list on `path` that an AQL path with the same steps goes through item by item
    // (its step's node id names more than one item, or the step has none): the length of
    // path's prefix up to that list's attribute name, 0 when there is none, and the item's
    // position in it. SELECT columns reaching the same list are zipped on it.
    int64_t list_at = 0;
    int64_t list_index = 0;

    bool operator==(const LeafRow&) const = default;
};

// Everything the store indexes for one object version.
struct ObjectIndex {
    std::vector<IndexRow> rows;
    std::vector<LeafRow> leaves;
    // nums of the rows whose archetype id came from archetype_details (the node's
    // archetype_node_id is an at-code): AQL archetype predicates do not match those nodes.
    std::vector<int64_t> by_details;
};

struct StoreStats {
    int64_t ehrs = 0;
    int64_t versioned_objects = 0;
    int64_t versions = 0;
    int64_t compositions = 0;        // versioned objects of kind COMPOSITION
    int64_t index_rows = 0;
    int64_t payload_bytes = 0;       // stored (possibly compressed) bytes
    int64_t payload_raw_bytes = 0;   // canonical JSON bytes before compression
    int64_t file_bytes = 0;          // page_count * page_size
};

}  // namespace kjerne::store
