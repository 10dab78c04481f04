// server/audit/audit_log.hpp
//
// Owns the access audit log: who did what to which record, and with what outcome — distinct
// from openEHR's AUDIT_DETAILS, which are clinical data inside the record (ARCHITECTURE §9).
// Every REST request that reaches a resource (also a refused one: 401, 403) is one event,
// appended to its own SQLite file (not the record store: an operator may ship, rotate or
// protect it separately). Events are hash-chained: each event's hash is SHA-256 over the
// previous hash and the event's fields, so editing, deleting or reordering a stored event breaks
// the chain from there on, and VerifyAuditLog (`kjerne audit verify`) names the first broken
// event. Population queries record the query's SHA-256 and row count, never rows.
// Durability: WAL with synchronous=NORMAL — an application crash loses nothing appended; an OS
// crash or power loss may lose the last events, never corrupt the chain.
// Thread-safety: Append may be called from many threads (serialised by a mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/common/result.hpp"

namespace kjerne::server::audit {

struct AuditEvent {
    int64_t seq = 0;            // 1, 2, ... (set by Append)
    std::string time;           // ISO 8601 UTC (set by Append)
    std::string principal;      // authenticated name; "" when none (open mode, or refused)
    std::string action;         // "POST /ehr/{ehr_id}/composition" (method + route template)
    std::string resource;       // the request path as sent
    std::string ehr_id;         // the EHR the request addressed, or ""
    int outcome = 0;            // HTTP status
    std::string request_id;     // also returned to the client as X-Request-Id
    std::string query_sha256;   // AQL queries: SHA-256 of the query text
    std::optional<int64_t> rows;  // AQL queries: rows returned
    std::string prev_hash, hash;  // set by Append
};

class AuditLog {
public:
    // Opens (creating when absent) the audit file at `path`.
    static Result<std::unique_ptr<AuditLog>> Open(const std::string& path);
    ~AuditLog();

    // Appends `event` (seq, time and hashes are filled in here) and returns the stored event.
    Result<AuditEvent> Append(AuditEvent event);

    const std::string& path() const { return path_; }

private:
    struct Impl;
    explicit AuditLog(std::unique_ptr<Impl> impl, std::string path);

    std::unique_ptr<Impl> impl_;  // the connection, its statements and the chain head
    std::string path_;
    std::mutex mu_;
};

// The hash of an event, from its fields and prev_hash (hash itself is not an input).
std::string EventHash(const AuditEvent& event);

struct AuditVerifyReport {
    int64_t events = 0;           // events read
    int64_t first_bad_seq = 0;    // 0 when the chain is intact
    std::string problem;          // what is wrong at first_bad_seq
};

// Walks the whole chain of the audit file at `path` (read-only). kIo / kNotFound when the file
// cannot be read; a broken chain is a report, not an error.
Result<AuditVerifyReport> VerifyAuditLog(const std::string& path);

}  // namespace kjerne::server::audit
