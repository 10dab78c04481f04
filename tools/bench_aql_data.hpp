// tools/bench_aql_data.hpp
//
// The data `kjerne bench aql` queries: a store grown scale by scale (10k, then 100k, then 1M in
// the same file, never rebuilt) from a pool of synthetic compositions — random examples of the
// corpus OPTs, each validated (bench_common.hpp) — `per_ehr` to an EHR, round-robin; and beside
// it, in a second SQLite file `<store>.raw.db`, a plain table of the same compositions'
// canonical JSON text, `raw(vo_num INTEGER PRIMARY KEY, ehr_id, uid, json)` with an index on
// ehr_id, for the hand-written SQL baseline: the store keeps zstd payloads, which json_extract
// cannot read. Each raw row is exactly the JSON the store holds for that version (its uid
// stamped in), written after the store's commit returned the uid.
// A store kept from an earlier run (--db) is reused and grown when its pool description (the
// `meta` table of the raw file) matches this run's and both files hold the same count.
// Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/store.hpp"

namespace kjerne::tools {

struct AqlDataOptions {
    std::string corpus_dir;  // corpus root (templates/opt14)
    std::string db;          // the store file; the JSON twin is `<db>.raw.db`
    int synthetic = 20;      // random examples per corpus OPT (seeds 1..n)
    int per_ehr = 10;        // compositions per EHR
};

class AqlBenchData {
public:
    // Opens or creates both files and makes the pool; kInvalidArgument when kept files were
    // built from another pool or disagree on their count.
    static Result<std::unique_ptr<AqlBenchData>> Open(const AqlDataOptions& options);

    // Commits compositions until the store holds `n` (bulk: CommitBatch, 100 EHRs a
    // transaction), writing the raw rows alongside; progress on stderr.
    Status GrowTo(int64_t n);

    int64_t compositions() const { return count_; }
    size_t pool_size() const { return pool_.size(); }
    const std::string& pool_description() const { return description_; }
    store::Store& store() { return *store_; }
    store::sqlite::Connection& raw() { return raw_; }
    const std::string& raw_path() const { return raw_path_; }

private:
    struct PoolItem {
        rm::Document doc;
        std::string json_before_uid, json_after_uid;  // the version JSON around its uid
    };
    AqlBenchData() = default;
    Status MakePool(const AqlDataOptions& options);

    std::unique_ptr<store::Store> store_;
    store::sqlite::Connection raw_;
    std::string raw_path_;
    std::vector<PoolItem> pool_;
    std::string description_;
    int per_ehr_ = 10;
    int64_t count_ = 0;
    std::string last_ehr_id_;  // the EHR the next composition joins when it is not full
};

}  // namespace kjerne::tools
