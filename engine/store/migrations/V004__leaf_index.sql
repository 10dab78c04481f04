-- engine/store/migrations/V004__leaf_index.sql — the leaf value index (engine/store/leaf_index.hpp).
-- Hot numeric leaves (DV_QUANTITY/DV_COUNT magnitude, DV_ORDINAL/DV_SCALE value,
-- DV_PROPORTION numerator/denominator) of the latest non-deleted version of each composition
-- or folder, written in the commit's transaction beside contains_index and replaced with it.
-- Not a row per node (ARCHITECTURE §12): only these leaves, so AQL can push numeric WHERE
-- conditions, ORDER BY + LIMIT and aggregates into index scans.

-- A leaf's path from its nearest archetype root (a node whose archetype_node_id is an
-- archetype id), every LOCATABLE step with its node id: '/data[at0001]/events[at0006]/...
-- /items[at0004]/value/magnitude'. Interned: a path costs one integer per value row.
CREATE TABLE leaf_path (
    path_num     INTEGER PRIMARY KEY,
    archetype_id TEXT NOT NULL,                -- the root's archetype_node_id
    path         TEXT NOT NULL,
    UNIQUE (archetype_id, path)
);

-- One row per leaf value. `value` has no declared type on purpose: integers stay INTEGER and
-- reals REAL (SQLite compares the two exactly), as the RM typed them. root_num is the
-- contains_index num of the leaf's root; ord the leaf's pre-order position in its object
-- (the order the AQL reference meets values in). The key makes range scans and ORDER BY value
-- index scans; leaf_value_by_vo finds an object's rows to replace them.
CREATE TABLE leaf_value (
    path_num INTEGER NOT NULL,
    value             NOT NULL,
    vo_num   INTEGER NOT NULL,
    root_num INTEGER NOT NULL,
    ord      INTEGER NOT NULL,
    PRIMARY KEY (path_num, value, vo_num, root_num, ord)
) WITHOUT ROWID;
CREATE INDEX leaf_value_by_vo ON leaf_value (vo_num);

-- contains_index rows whose archetype id came from archetype_details because the node's
-- archetype_node_id is an at-code (rare): AQL archetype predicates do not match those nodes,
-- so answers counted from the index leave them out.
CREATE TABLE contains_by_details (
    vo_num INTEGER NOT NULL,
    num    INTEGER NOT NULL,
    PRIMARY KEY (vo_num, num)
) WITHOUT ROWID;

-- Whether the two tables above cover every object: true for a store created with them; a
-- store that had objects before this migration has none of their rows, and readers must
-- not use the index (ready = 0) until it is rebuilt.
CREATE TABLE leaf_index_state (ready INTEGER NOT NULL);
INSERT INTO leaf_index_state (ready) SELECT NOT EXISTS (SELECT 1 FROM contains_index);
