-- engine/store/migrations/V003__archetype.sql — archetypes and ADL 2 templates as modellers
-- upload them (ADL 1.4 .adl, ADL 2 .adls / .adlt), keyed by the archetype id as written.
-- Like OPTs, an artefact is immutable once stored: the same bytes again are a no-op, other
-- bytes under a stored id are a conflict (a new revision carries a new id: .v1.0.1).

CREATE TABLE archetype (
    archetype_id  TEXT PRIMARY KEY,
    artefact_type TEXT NOT NULL,               -- archetype | template | operational_template | ...
    adl_version   TEXT NOT NULL,               -- '1.4' or '2'
    parent_id     TEXT NOT NULL,               -- specialised parent (ADL 2 templates: the archetype), or ''
    concept       TEXT NOT NULL,               -- root node text in the original language, or ''
    sha256        TEXT NOT NULL,
    source        BLOB NOT NULL,               -- the ADL text as uploaded
    time_uploaded TEXT NOT NULL
) WITHOUT ROWID;
