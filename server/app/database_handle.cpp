// server/app/database_handle.cpp — see database_handle.hpp.
#include "server/app/database_handle.hpp"

#include <sqlite3.h>

#include <utility>

namespace kjerne::server::app {
namespace {

constexpr int kBusyTimeoutMs = 5000;

Error SqliteError(sqlite3* db, const std::string& path, const char* what) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    return Error::Io("sqlite: " + std::string(what) + " '" + path + "': " + detail);
}

// Runs a single-row PRAGMA (or any statement) and returns the first column of the first row
// as text, or "" when the statement yields no row.
Result<std::string> QueryText(sqlite3* db, const std::string& path, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        return SqliteError(db, path, "cannot prepare statement on");
    }
    std::string text;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const unsigned char* value = sqlite3_column_text(stmt, 0);
        if (value != nullptr) text = reinterpret_cast<const char*>(value);
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(stmt);
        return SqliteError(db, path, "cannot use");
    }
    sqlite3_finalize(stmt);
    return text;
}

}  // namespace

Result<DatabaseHandle> DatabaseHandle::Open(const std::string& path, const std::string& system_id) {
    if (path.empty()) return Error::InvalidArgument("sqlite: empty database path");
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error err = SqliteError(db, path, "cannot open");
        sqlite3_close(db);
        return err;
    }
    DatabaseHandle handle(db, path);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);

    // journal_mode answers with the mode actually in effect; SQLite falls back silently
    // (e.g. "memory" for in-memory databases), so check the answer instead of assuming.
    KJ_ASSIGN_OR_RETURN(std::string mode, QueryText(db, path, "PRAGMA journal_mode=WAL"));
    if (mode != "wal") {
        return Error::Io("sqlite: cannot enable WAL on '" + path + "' (journal_mode is '" +
                         mode + "')");
    }
    KJ_TRY(QueryText(db, path, "PRAGMA foreign_keys=ON"));
    KJ_TRY(QueryText(db, path, "PRAGMA synchronous=FULL"));
    store::StoreOptions options;
    options.path = path;
    options.system_id = system_id;
    KJ_ASSIGN_OR_RETURN(handle.store_, store::OpenSqliteStore(options));
    return handle;
}

DatabaseHandle::DatabaseHandle(DatabaseHandle&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), store_(std::move(other.store_)) {}

DatabaseHandle& DatabaseHandle::operator=(DatabaseHandle&& other) noexcept {
    if (this != &other) {
        Close();
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        store_ = std::move(other.store_);
    }
    return *this;
}

DatabaseHandle::~DatabaseHandle() { Close(); }

void DatabaseHandle::Close() {
    store_.reset();
    if (db_ != nullptr) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
    }
}

Result<std::string> DatabaseHandle::JournalMode() const {
    if (db_ == nullptr) return Error::Internal("sqlite: database handle is closed");
    return QueryText(db_, path_, "PRAGMA journal_mode");
}

}  // namespace kjerne::server::app
