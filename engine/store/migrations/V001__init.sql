-- engine/store/migrations/V001__init.sql — the first schema of the SQLite store.
-- Applied once by engine/store/sqlite/migrations.cpp inside a transaction; PRAGMA user_version
-- records the last applied migration. Never edit an applied migration: add V002__....sql.
-- Ids are UUID text (36 bytes; readable in the sqlite3 shell). Times are ISO 8601 UTC with
-- microseconds ('2026-11-25T15:05:23.123456Z'), so text order is time order.

CREATE TABLE template (
    template_id   TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    opt           BLOB NOT NULL,              -- the OPT 1.4 XML bytes as uploaded
    time_uploaded TEXT NOT NULL
);

CREATE TABLE ehr (
    ehr_id            TEXT PRIMARY KEY,
    system_id         TEXT NOT NULL,
    time_created      TEXT NOT NULL,
    ehr_status_vo_id  TEXT NOT NULL,           -- its EHR_STATUS versioned object
    -- copied from the latest EHR_STATUS: subject.external_ref id/namespace, the two flags
    subject_namespace TEXT,
    subject_id        TEXT,
    is_queryable      INTEGER NOT NULL DEFAULT 1,
    is_modifiable     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (subject_namespace, subject_id)     -- at most one EHR per subject (NULLs are distinct)
);

CREATE TABLE audit_details (
    audit_id       INTEGER PRIMARY KEY,
    system_id      TEXT NOT NULL,
    committer      TEXT NOT NULL,              -- PARTY_PROXY, canonical JSON
    time_committed TEXT NOT NULL,
    change_type    INTEGER NOT NULL CHECK (change_type IN (249, 250, 251, 523)),
    description    TEXT
);

CREATE TABLE contribution (
    contribution_id TEXT PRIMARY KEY,
    ehr_id          TEXT NOT NULL REFERENCES ehr (ehr_id),
    audit_id        INTEGER NOT NULL REFERENCES audit_details (audit_id)
);

CREATE TABLE versioned_object (
    vo_id          TEXT PRIMARY KEY,
    ehr_id         TEXT NOT NULL REFERENCES ehr (ehr_id),
    kind           TEXT NOT NULL CHECK (kind IN ('COMPOSITION', 'EHR_STATUS', 'FOLDER')),
    time_created   TEXT NOT NULL,
    latest_version INTEGER NOT NULL,           -- sys_version of the head (optimistic check)
    template_id    TEXT REFERENCES template (template_id)
);
CREATE INDEX versioned_object_by_ehr ON versioned_object (ehr_id, kind);

-- One row per ORIGINAL_VERSION, immutable except sys_period_upper, set once when superseded.
-- uid = vo_id || '::' || system_id || '::' || sys_version.
CREATE TABLE version (
    vo_id            TEXT NOT NULL REFERENCES versioned_object (vo_id),
    sys_version      INTEGER NOT NULL CHECK (sys_version >= 1),
    ehr_id           TEXT NOT NULL REFERENCES ehr (ehr_id),
    system_id        TEXT NOT NULL,
    contribution_id  TEXT NOT NULL REFERENCES contribution (contribution_id),
    audit_id         INTEGER NOT NULL REFERENCES audit_details (audit_id),
    change_type      INTEGER NOT NULL,
    lifecycle_state  INTEGER NOT NULL CHECK (lifecycle_state IN (532, 553, 523)),
    template_id      TEXT REFERENCES template (template_id),
    encoding         INTEGER NOT NULL,         -- 0 JSON, 1 zstd(JSON): engine/store/payload.hpp
    raw_size         INTEGER NOT NULL,         -- canonical JSON bytes before encoding
    data             BLOB,                     -- NULL exactly when lifecycle_state = 523
    sys_period_lower TEXT NOT NULL,            -- time committed
    sys_period_upper TEXT,                     -- NULL while this is the latest version
    PRIMARY KEY (vo_id, sys_version),
    CHECK ((lifecycle_state = 523) = (data IS NULL))
);
CREATE INDEX version_by_contribution ON version (contribution_id);

-- Containment index of the latest, non-deleted version of each composition / folder:
-- archetype roots only (engine/store/containment_index.hpp).
CREATE TABLE contains_index (
    vo_id        TEXT NOT NULL REFERENCES versioned_object (vo_id),
    num          INTEGER NOT NULL,
    num_cap      INTEGER NOT NULL,
    parent_num   INTEGER NOT NULL,             -- -1 for the object's root
    ehr_id       TEXT NOT NULL,
    sys_version  INTEGER NOT NULL,
    rm_type      TEXT NOT NULL,
    archetype_id TEXT NOT NULL,
    template_id  TEXT,
    PRIMARY KEY (vo_id, num)
) WITHOUT ROWID;
CREATE INDEX contains_by_archetype ON contains_index (archetype_id, template_id);
