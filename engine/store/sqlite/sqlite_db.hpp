// engine/store/sqlite/sqlite_db.hpp
//
// Thin RAII over the sqlite3 C API for the SQLite backend: Connection (open + pragmas),
// Statement (prepare / bind / step / column) and Transaction (BEGIN IMMEDIATE ... COMMIT, rolled
// back when dropped uncommitted). Every failure becomes an Error (kIo; kConflict for
// constraint violations, so a UNIQUE clash reads as a conflict). Nothing here knows the schema.
// Thread-safety: a Connection and its Statements belong to one thread at a time.
//
// Prepared statements are recycled: a Statement that ends goes back, reset and unbound, to its
// connection's small cache keyed by its SQL text, and the next Prepare of the same text takes it
// from there. Compiling SQL costs more than running it for the point reads of a one-EHR query
// (tens of microseconds a statement), and the queries' SQL is built from a few shapes with
// bound arguments, so the same texts come back. A statement in use is out of the cache, so two
// users never share one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "engine/store/store_types.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace kjerne::store::sqlite {

class Statement;
class StatementCache;

class Connection {
public:
    // Opens `path` (creating it unless read_only), WAL, foreign_keys, synchronous, busy timeout.
    static Result<Connection> Open(const std::string& path, Synchronous sync, int busy_timeout_ms,
                                   bool read_only);
    Connection() = default;
    Connection(Connection&& o) noexcept;
    Connection& operator=(Connection&& o) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    Status Exec(std::string_view sql);             // one or more statements, no results
    Result<Statement> Prepare(std::string_view sql);  // from the cache when the text was used before
    Result<int64_t> QueryInt(std::string_view sql);
    Result<std::string> QueryText(std::string_view sql);
    Error LastError(std::string_view what) const;  // from sqlite3_errmsg
    int64_t Changes() const;
    sqlite3* raw() const { return db_; }
    const std::string& path() const { return path_; }

private:
    void Close();

    sqlite3* db_ = nullptr;
    std::string path_;
    std::shared_ptr<StatementCache> cache_;  // shared with its Statements, which outlive nothing
};

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt, std::weak_ptr<StatementCache> home = {})
        : db_(db), stmt_(stmt), home_(std::move(home)) {}
    Statement(Statement&& o) noexcept;
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Bind by 1-based index. Text and blobs are copied (SQLITE_TRANSIENT) unless `borrow`.
    Statement& Bind(int i, std::string_view text);
    Statement& BindBlob(int i, std::string_view bytes);
    Statement& Bind(int i, int64_t v);
    Statement& BindNull(int i);
    Statement& BindReal(int i, double v);  // not a Bind overload: an int argument would be ambiguous
    Statement& BindTextOrNull(int i, std::string_view text) {
        return text.empty() ? BindNull(i) : Bind(i, text);
    }

    // true = a row is available, false = done.
    Result<bool> Step();
    Status Run();  // Step until done (for INSERT/UPDATE/DELETE)
    void Reset();  // reset + clear bindings, ready for reuse

    int64_t Int(int col) const;
    std::string Text(int col) const;              // "" for NULL
    std::string_view Blob(int col) const;         // valid until the next Step/Reset
    bool IsNull(int col) const;
    double Real(int col) const;
    bool IsInteger(int col) const;                // the column's storage class is INTEGER
    bool IsText(int col) const;                   // ... is TEXT

private:
    void Release();  // back to the cache, or finalized

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::weak_ptr<StatementCache> home_;  // expired once the connection is closed
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads and then writes
// can never fail with SQLITE_BUSY half-way (the optimistic check reads, then writes).
class Transaction {
public:
    static Result<Transaction> Begin(Connection& c);
    Transaction(Transaction&& o) noexcept : c_(o.c_) { o.c_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Status Commit();

private:
    explicit Transaction(Connection* c) : c_(c) {}
    Connection* c_;
};

}  // namespace kjerne::store::sqlite
