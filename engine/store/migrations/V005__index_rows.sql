-- engine/store/migrations/V005__index_rows.sql — rows answered from the indexes alone
-- (aql/plan/index_rows.hpp): a point query such as "one EHR's latest blood pressures" reads
-- the EHR's archetype rows and their leaves without decoding a payload.

-- The containment index learns each row's EHR, so "this EHR's nodes of archetype A" is one
-- range of contains_by_ehr instead of a lookup per composition of the EHR. rm_type rides in
-- the index so the scan needs no table row.
ALTER TABLE contains_index ADD COLUMN ehr_num INTEGER NOT NULL DEFAULT 0;
UPDATE contains_index SET ehr_num =
    (SELECT o.ehr_num FROM versioned_object o WHERE o.vo_num = contains_index.vo_num);
CREATE INDEX contains_by_ehr ON contains_index (archetype_id, ehr_num, vo_num, num, rm_type);

-- Leaves gain the list position that zips SELECT columns (LeafRow::list_at / list_index in
-- engine/store/store_types.hpp) and the root's header texts (uid, context start time, as
-- TEXT values: `value` has no declared type). The rows are recomputed from the payloads when
-- the store next opens (leaf_index_state.ready = 0), as after V004; a new store has none.
-- leaf_value_by_vo now also orders an object's leaves by root and position and covers every
-- column, so an object's leaves are one index range without table lookups.
DROP TABLE leaf_value;
CREATE TABLE leaf_value (
    path_num   INTEGER NOT NULL,
    value               NOT NULL,
    vo_num     INTEGER NOT NULL,
    root_num   INTEGER NOT NULL,
    ord        INTEGER NOT NULL,
    list_at    INTEGER NOT NULL,
    list_index INTEGER NOT NULL,
    PRIMARY KEY (path_num, value, vo_num, root_num, ord)
) WITHOUT ROWID;
CREATE INDEX leaf_value_by_vo ON leaf_value (vo_num, root_num, ord, list_at, list_index);
UPDATE leaf_index_state SET ready = NOT EXISTS (SELECT 1 FROM contains_index);
