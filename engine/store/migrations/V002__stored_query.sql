-- engine/store/migrations/V002__stored_query.sql — stored (registered) queries of the REST
-- definition API: one immutable row per (qualified name, version). A new version is a new row;
-- storing an existing (name, version) again is a conflict, so a version always means one text.
-- The version is SEMVER text (major.minor.patch); ordering and prefix matching ("1", "1.2") are
-- done by the caller, which knows SEMVER, not by SQL text order ("1.10.0" < "1.9.0" as text).

CREATE TABLE stored_query (
    name       TEXT NOT NULL,                  -- [namespace::]query-name
    version    TEXT NOT NULL,                  -- major.minor.patch
    query_type TEXT NOT NULL DEFAULT 'AQL',
    q          TEXT NOT NULL,                  -- the query text as registered
    saved      TEXT NOT NULL,                  -- ISO 8601 UTC, when stored
    PRIMARY KEY (name, version)
) WITHOUT ROWID;
