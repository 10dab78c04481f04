// server/app/database_handle.hpp
//
// Owns the repository file for `kjerne serve`: the versioned store (engine/store, which
// creates and migrates the schema on open and keeps its own writer and reader connections)
// plus one plain SQLite connection used for health and diagnostics. A fresh checkout serves
// without any database setup: the file is created, switched to WAL and migrated.
// Ownership: move-only; the destructor closes the connection. Thread-safety: one thread at a
// time (the connection is opened in SQLite's multi-thread mode, not serialized).
#pragma once

#include <memory>
#include <string>

#include "engine/common/result.hpp"
#include "engine/store/store.hpp"

struct sqlite3;

namespace kjerne::server::app {

class DatabaseHandle {
public:
    // Opens `path` read-write, creating it if absent, then sets journal_mode=WAL,
    // foreign_keys=ON, synchronous=FULL and a busy timeout, and opens the store on it
    // (migrating the schema). Fails with kIo when the file cannot be opened or created, or
    // when WAL cannot be enabled (e.g. ":memory:").
    // `system_id` names this system in every version uid and audit it writes
    // (object_id::system_id::version); it must stay the same for the life of a database.
    static Result<DatabaseHandle> Open(const std::string& path, const std::string& system_id = "kjerne.local");

    DatabaseHandle(DatabaseHandle&& other) noexcept;
    DatabaseHandle& operator=(DatabaseHandle&& other) noexcept;
    DatabaseHandle(const DatabaseHandle&) = delete;
    DatabaseHandle& operator=(const DatabaseHandle&) = delete;
    ~DatabaseHandle();

    const std::string& path() const { return path_; }

    // The current journal mode as SQLite reports it ("wal" after a successful Open).
    Result<std::string> JournalMode() const;

    // Non-owning; valid while this handle lives.
    sqlite3* raw() const { return db_; }
    // The versioned store on this file; valid while this handle lives. Thread-safe.
    store::Store& store() const { return *store_; }

private:
    DatabaseHandle(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    void Close();

    sqlite3* db_ = nullptr;
    std::string path_;
    std::unique_ptr<store::Store> store_;
};

}  // namespace kjerne::server::app
