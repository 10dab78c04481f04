-- engine/store/migrations/V001__init.sql — the first schema of the SQLite store.
-- Applied once by engine/store/sqlite/migrations.cpp inside a transaction; PRAGMA user_version
-- records the last applied migration. Never edit an applied migration: add V002__....sql.
--
-- Keys: every table has an INTEGER PRIMARY KEY (the rowid) that other tables reference; the
-- UUID texts of the RM (ehr_id, vo_id, contribution_id) have one UNIQUE index each for
-- lookups. Random UUIDs as the clustering or referencing keys would scatter every insert over
-- the B-trees and fatten every referencing row (measured: see docs/benchmarks.md); integer
-- keys grow at the end, so a commit touches few pages.
-- Times are ISO 8601 UTC with microseconds ('2026-11-25T15:05:23.123456Z'): text order is
-- time order.

CREATE TABLE template (
    template_id   TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    opt           BLOB NOT NULL,              -- the OPT 1.4 XML bytes as uploaded
    time_uploaded TEXT NOT NULL
);

CREATE TABLE ehr (
    ehr_num           INTEGER PRIMARY KEY,
    ehr_id            TEXT NOT NULL UNIQUE,
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

-- A CONTRIBUTION with its AUDIT_DETAILS (one audit per contribution; its change_type is the
-- first version's, each version keeps its own in version.change_type).
CREATE TABLE contribution (
    contribution_num INTEGER PRIMARY KEY,
    contribution_id  TEXT NOT NULL UNIQUE,
    ehr_num          INTEGER NOT NULL REFERENCES ehr (ehr_num),
    system_id        TEXT NOT NULL,
    committer        TEXT NOT NULL,            -- PARTY_PROXY, canonical JSON
    time_committed   TEXT NOT NULL,
    change_type      INTEGER NOT NULL CHECK (change_type IN (249, 250, 251, 523)),
    description      TEXT
);

CREATE TABLE versioned_object (
    vo_num         INTEGER PRIMARY KEY,
    vo_id          TEXT NOT NULL UNIQUE,
    ehr_num        INTEGER NOT NULL REFERENCES ehr (ehr_num),
    kind           TEXT NOT NULL CHECK (kind IN ('COMPOSITION', 'EHR_STATUS', 'FOLDER')),
    time_created   TEXT NOT NULL,
    latest_version INTEGER NOT NULL,           -- sys_version of the head (optimistic check)
    template_id    TEXT REFERENCES template (template_id)  -- compositions; fixed for life
);
CREATE INDEX versioned_object_by_ehr ON versioned_object (ehr_num, kind);

-- One row per ORIGINAL_VERSION, immutable except sys_period_upper, set once when superseded.
-- uid = vo_id || '::' || system_id || '::' || sys_version.
CREATE TABLE version (
    vo_num           INTEGER NOT NULL REFERENCES versioned_object (vo_num),
    sys_version      INTEGER NOT NULL CHECK (sys_version >= 1),
    system_id        TEXT NOT NULL,
    contribution_num INTEGER NOT NULL REFERENCES contribution (contribution_num),
    change_type      INTEGER NOT NULL CHECK (change_type IN (249, 250, 251, 523)),
    lifecycle_state  INTEGER NOT NULL CHECK (lifecycle_state IN (532, 553, 523)),
    encoding         INTEGER NOT NULL,         -- 0 JSON, 1 zstd(JSON): engine/store/payload.hpp
    raw_size         INTEGER NOT NULL,         -- canonical JSON bytes before encoding
    data             BLOB,                     -- NULL exactly when lifecycle_state = 523
    sys_period_lower TEXT NOT NULL,            -- time committed
    sys_period_upper TEXT,                     -- NULL while this is the latest version
    PRIMARY KEY (vo_num, sys_version),
    CHECK ((lifecycle_state = 523) = (data IS NULL))
);
CREATE INDEX version_by_contribution ON version (contribution_num);

-- Containment index of the latest, non-deleted version of each composition / folder:
-- archetype roots only (engine/store/containment_index.hpp). ehr, template and version come
-- from versioned_object by vo_num.
CREATE TABLE contains_index (
    vo_num       INTEGER NOT NULL,
    num          INTEGER NOT NULL,
    num_cap      INTEGER NOT NULL,
    parent_num   INTEGER NOT NULL,             -- -1 for the object's root
    rm_type      TEXT NOT NULL,
    archetype_id TEXT NOT NULL,
    PRIMARY KEY (vo_num, num)
) WITHOUT ROWID;
CREATE INDEX contains_by_archetype ON contains_index (archetype_id, vo_num);
