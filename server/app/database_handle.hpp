// server/app/database_handle.hpp
//
// Owns one SQLite connection to the repository file (sqlite3 C API). It exists now, before
// engine/store, to prove the embedded default end to end: `kjerne serve` opens or creates the
// file and switches it to WAL, so a fresh checkout serves without any database setup. When
// engine/store lands it takes over the schema and this class shrinks to "open + pragmas" or
// moves there.
// Ownership: move-only; the destructor closes the connection. Thread-safety: one thread at a
// time (the connection is opened in SQLite's multi-thread mode, not serialized).
#pragma once

#include <string>

#include "engine/common/result.hpp"

struct sqlite3;

namespace kjerne::server::app {

class DatabaseHandle {
public:
    // Opens `path` read-write, creating it if absent, then sets journal_mode=WAL,
    // foreign_keys=ON, synchronous=FULL and a busy timeout. Fails with kIo when the file
    // cannot be opened or created, or when WAL cannot be enabled (e.g. ":memory:").
    static Result<DatabaseHandle> Open(const std::string& path);

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

private:
    DatabaseHandle(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    void Close();

    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace kjerne::server::app
