// engine/store/sqlite/sqlite_db.cpp — see sqlite_db.hpp.
#include "engine/store/sqlite/sqlite_db.hpp"

#include <sqlite3.h>

#include <list>
#include <unordered_map>
#include <utility>

namespace kjerne::store::sqlite {

// Idle prepared statements of one connection, most recently returned first, found by their SQL
// text (sqlite3_sql, which lives as long as the statement). Bounded: the oldest is finalized.
class StatementCache {
public:
    explicit StatementCache(size_t capacity) : capacity_(capacity) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() {
        for (sqlite3_stmt* s : lru_) sqlite3_finalize(s);
    }

    sqlite3_stmt* Take(std::string_view sql) {
        auto it = by_text_.find(sql);
        if (it == by_text_.end()) return nullptr;
        sqlite3_stmt* s = *it->second;
        lru_.erase(it->second);
        by_text_.erase(it);
        return s;
    }

    void Put(sqlite3_stmt* s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        lru_.push_front(s);
        by_text_.emplace(std::string_view(sqlite3_sql(s)), lru_.begin());
        if (lru_.size() <= capacity_) return;
        sqlite3_stmt* victim = lru_.back();
        auto [first, last] = by_text_.equal_range(std::string_view(sqlite3_sql(victim)));
        for (auto it = first; it != last; ++it) {
            if (*it->second == victim) {
                by_text_.erase(it);
                break;
            }
        }
        lru_.pop_back();
        sqlite3_finalize(victim);
    }

private:
    size_t capacity_;
    std::list<sqlite3_stmt*> lru_;
    std::unordered_multimap<std::string_view, std::list<sqlite3_stmt*>::iterator> by_text_;
};

namespace {

// Enough for every statement shape a request touches, with room for the texts that carry
// literal lists (they are evicted first once they stop coming back).
constexpr size_t kStatementCacheSize = 48;

Error ErrorFrom(sqlite3* db, int rc, std::string_view what) {
    std::string msg = "sqlite: " + std::string(what) + ": " +
                      (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    int primary = rc & 0xFF;
    if (primary == SQLITE_CONSTRAINT) return Error::Conflict(std::move(msg));
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Error(ErrorCode::kCorruption, msg);
    return Error::Io(std::move(msg));
}

const char* SyncPragma(Synchronous s) {
    switch (s) {
        case Synchronous::kOff: return "PRAGMA synchronous=OFF";
        case Synchronous::kNormal: return "PRAGMA synchronous=NORMAL";
        case Synchronous::kFull: return "PRAGMA synchronous=FULL";
    }
    return "PRAGMA synchronous=FULL";
}

}  // namespace

Result<Connection> Connection::Open(const std::string& path, Synchronous sync, int busy_timeout_ms,
                                    bool read_only) {
    if (path.empty()) return Error::InvalidArgument("store: empty database path");
    sqlite3* db = nullptr;
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    Connection c;
    c.db_ = db;
    c.path_ = path;
    c.cache_ = std::make_shared<StatementCache>(kStatementCacheSize);
    if (rc != SQLITE_OK) return ErrorFrom(db, rc, "cannot open '" + path + "'");
    sqlite3_busy_timeout(db, busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    if (!read_only) {
        KJ_ASSIGN_OR_RETURN(std::string mode, c.QueryText("PRAGMA journal_mode=WAL"));
        if (mode != "wal") {
            return Error::Io("store: cannot enable WAL on '" + path + "' (journal_mode is '" + mode + "')");
        }
    }
    KJ_TRY(c.Exec("PRAGMA foreign_keys=ON"));
    // 64 MiB page cache: index pages of a growing store stay in memory (the default 2 MiB
    // makes every commit re-read B-tree pages from the OS).
    KJ_TRY(c.Exec("PRAGMA cache_size=-65536"));
    KJ_TRY(c.Exec(SyncPragma(sync)));
    return c;
}

Connection::Connection(Connection&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)), cache_(std::move(o.cache_)) {}

Connection& Connection::operator=(Connection&& o) noexcept {
    if (this != &o) {
        Close();
        db_ = std::exchange(o.db_, nullptr);
        path_ = std::move(o.path_);
        cache_ = std::move(o.cache_);
    }
    return *this;
}

Connection::~Connection() { Close(); }

void Connection::Close() {
    // The idle statements first; a Statement still alive finalizes itself when it ends (its
    // cache has expired) and close_v2 keeps the handle until then.
    cache_.reset();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
}

Status Connection::Exec(std::string_view sql) {
    if (sql.find(';') == std::string_view::npos) {
        // One statement (BEGIN, COMMIT, a pragma): through the cache, not compiled each time.
        auto st = Prepare(sql);
        Status run = st.ok() ? st->Run() : Status(st.error());
        if (run.ok()) return run;
        return Error(run.error().code(), run.error().message() + " (in: " + std::string(sql.substr(0, 80)) + ")");
    }
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        Error e = ErrorFrom(db_, rc, "exec");
        return Error(e.code(), "sqlite: " + msg + " (in: " + s.substr(0, 80) + ")");
    }
    return OkStatus();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
    if (cache_) {
        if (sqlite3_stmt* cached = cache_->Take(sql)) return Statement(db_, cached, cache_);
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
    return Statement(db_, stmt, cache_);
}

Result<int64_t> Connection::QueryInt(std::string_view sql) {
    KJ_ASSIGN_OR_RETURN(Statement st, Prepare(sql));
    KJ_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : int64_t{0};
}

Result<std::string> Connection::QueryText(std::string_view sql) {
    KJ_ASSIGN_OR_RETURN(Statement st, Prepare(sql));
    KJ_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Text(0) : std::string();
}

Error Connection::LastError(std::string_view what) const {
    return ErrorFrom(db_, sqlite3_extended_errcode(db_), what);
}

int64_t Connection::Changes() const { return sqlite3_changes(db_); }

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)), home_(std::move(o.home_)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        Release();
        db_ = o.db_;
        stmt_ = std::exchange(o.stmt_, nullptr);
        home_ = std::move(o.home_);
    }
    return *this;
}

Statement::~Statement() { Release(); }

void Statement::Release() {
    if (!stmt_) return;
    if (auto home = home_.lock())
        home->Put(stmt_);
    else
        sqlite3_finalize(stmt_);
    stmt_ = nullptr;
}

Statement& Statement::Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::BindBlob(int i, std::string_view bytes) {
    sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}
Statement& Statement::BindReal(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
}
Statement& Statement::BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
}

Result<bool> Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return ErrorFrom(db_, rc, "step");
}

Status Statement::Run() {
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, Step());
        if (!row) return OkStatus();
    }
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    if (!t) return {};
    return std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col));
}

std::string_view Statement::Blob(int col) const {
    const void* b = sqlite3_column_blob(stmt_, col);
    if (!b) return {};
    return {static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
double Statement::Real(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::IsInteger(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER; }
bool Statement::IsText(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_TEXT; }

Result<Transaction> Transaction::Begin(Connection& c) {
    KJ_TRY(c.Exec("BEGIN IMMEDIATE"));
    return Transaction(&c);
}

Transaction::~Transaction() {
    if (c_) (void)c_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
    Connection* c = c_;
    Status s = c->Exec("COMMIT");
    if (s.ok()) c_ = nullptr;  // else the destructor rolls back
    return s;
}

}  // namespace kjerne::store::sqlite
