// tools/bench_aql_data.cpp — see bench_aql_data.hpp.
#include "tools/bench_aql_data.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "engine/store/version_data.hpp"
#include "tools/bench_common.hpp"

namespace kjerne::tools {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kEhrsPerBatch = 100;

}  // namespace

Result<std::unique_ptr<AqlBenchData>> AqlBenchData::Open(const AqlDataOptions& o) {
    std::unique_ptr<AqlBenchData> d(new AqlBenchData());
    d->per_ehr_ = o.per_ehr;
    store::StoreOptions so;
    so.path = o.db;
    so.synchronous = store::Synchronous::kOff;  // a scratch file: a crash means rebuilding it
    auto st = store::OpenSqliteStore(so);
    if (!st.ok()) return st.error();
    d->store_ = std::move(st).value();
    d->raw_path_ = o.db + ".raw.db";
    auto raw = store::sqlite::Connection::Open(d->raw_path_, store::Synchronous::kOff, 30000, false);
    if (!raw.ok()) return raw.error();
    d->raw_ = std::move(raw).value();
    Status made = d->raw_.Exec(
        "CREATE TABLE IF NOT EXISTS raw (vo_num INTEGER PRIMARY KEY, ehr_id TEXT NOT NULL, uid TEXT NOT NULL,"
        " json TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS raw_ehr ON raw (ehr_id);"
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
    if (!made.ok()) return made.error();
    if (Status s = d->MakePool(o); !s.ok()) return s.error();

    // A kept pair must come from the same pool and agree on what it holds.
    auto kept = d->raw_.QueryText("SELECT coalesce((SELECT value FROM meta WHERE key = 'pool'), '')");
    auto raw_count = d->raw_.QueryInt("SELECT coalesce(max(vo_num) + 1, 0) FROM raw");
    auto stats = d->store_->Stats();
    if (!kept.ok() || !raw_count.ok() || !stats.ok())
        return Error::InvalidArgument("bench aql: cannot read the kept store or its JSON twin " + d->raw_path_);
    if (!kept->empty() && *kept != d->description_)
        return Error::InvalidArgument("bench aql: " + o.db + " was built from " + *kept + ", not " +
                                      d->description_ + ": use another --db");
    if (*raw_count != stats->compositions)
        return Error::InvalidArgument("bench aql: " + o.db + " holds " + std::to_string(stats->compositions) +
                                      " compositions, its JSON twin " + std::to_string(*raw_count) +
                                      ": delete both and rebuild");
    if (kept->empty()) {
        auto put = d->raw_.Prepare("INSERT INTO meta (key, value) VALUES ('pool', ?1)");
        if (!put.ok()) return put.error();
        put->Bind(1, d->description_);
        if (Status s = put->Run(); !s.ok()) return s.error();
    }
    d->count_ = *raw_count;
    if (d->count_ > 0) {
        auto last = d->raw_.QueryText("SELECT ehr_id FROM raw ORDER BY vo_num DESC LIMIT 1");
        if (!last.ok()) return last.error();
        d->last_ehr_id_ = *last;
    }
    return d;
}

// The pool in an order that gives consecutive compositions (one EHR's) different templates
// and different seeds: template t, seed (t + j) mod n, for j = 0.. — so an EHR's compositions
// differ in their random start times too (one seed's examples share them).
Status AqlBenchData::MakePool(const AqlDataOptions& o) {
    size_t templates_used = 0;
    std::vector<SyntheticExample> examples = SyntheticExamples(o.corpus_dir, o.synthetic, *store_, templates_used);
    if (examples.empty())
        return Error::InvalidArgument("bench aql: no synthetic examples from the OPTs under " + o.corpus_dir);
    std::map<std::string, std::vector<SyntheticExample*>> by_template;  // seed-indexed, null when invalid
    for (SyntheticExample& e : examples) {
        auto& seeds = by_template[e.template_file];
        seeds.resize(static_cast<size_t>(o.synthetic));
        seeds[static_cast<size_t>(e.seed - 1)] = &e;
    }
    const std::string marker = "00000000-0000-4000-8000-000000000000::" + store_->options().system_id + "::1";
    for (int j = 0; j < o.synthetic; ++j) {
        int t = 0;
        for (auto& [name, seeds] : by_template) {
            SyntheticExample* e = seeds[static_cast<size_t>((t++ + j) % o.synthetic)];
            if (!e) continue;
            std::string json = store::VersionJson(e->doc, marker);
            size_t at = json.find(marker);
            if (at == std::string::npos) return Error::Internal("bench aql: the version JSON lacks its uid");
            pool_.push_back({std::move(e->doc), json.substr(0, at), json.substr(at + marker.size())});
        }
    }
    description_ = std::to_string(pool_.size()) + " synthetic compositions (random examples, seeds 1.." +
                   std::to_string(o.synthetic) + ", of " + std::to_string(templates_used) +
                   " corpus OPTs, each validated), " + std::to_string(o.per_ehr) + " per EHR";
    return OkStatus();
}

Status AqlBenchData::GrowTo(int64_t n) {
    if (n <= count_) return OkStatus();
    auto insert = raw_.Prepare("INSERT INTO raw (vo_num, ehr_id, uid, json) VALUES (?1, ?2, ?3, ?4)");
    if (!insert.ok()) return insert.error();
    const int64_t from = count_;
    auto t0 = Clock::now(), last_report = t0;
    store::CreateEhrRequest new_ehr;
    std::string json;
    while (count_ < n) {
        // Up to kEhrsPerBatch contributions, each one EHR's compositions (the first may top up
        // the last EHR of an earlier scale when the scales are not multiples of per_ehr).
        std::vector<store::ContributionRequest> batch;
        int64_t k = count_;
        for (int c = 0; c < kEhrsPerBatch && k < n; ++c) {
            store::ContributionRequest req;
            if (k % per_ehr_ != 0 && !last_ehr_id_.empty() && c == 0) req.ehr_id = last_ehr_id_;
            else req.create_ehr = &new_ehr;
            do {
                store::VersionChange ch;
                ch.data = &pool_[static_cast<size_t>(k % static_cast<int64_t>(pool_.size()))].doc;
                req.changes.push_back(ch);
                ++k;
            } while (k < n && k % per_ehr_ != 0);
            batch.push_back(std::move(req));
        }
        auto committed = store_->CommitBatch(batch);
        if (!committed.ok()) return committed.error();
        if (Status s = raw_.Exec("BEGIN"); !s.ok()) return s;
        for (auto& one : *committed) {
            if (!one.ok()) return one.error();
            for (const store::VersionRecord& v : one->versions) {
                if (v.kind != store::ObjectKind::kComposition) continue;
                const PoolItem& p = pool_[static_cast<size_t>(count_ % static_cast<int64_t>(pool_.size()))];
                json.assign(p.json_before_uid).append(v.uid).append(p.json_after_uid);
                insert->Reset();
                insert->Bind(1, count_).Bind(2, v.ehr_id).Bind(3, v.uid).Bind(4, json);
                if (Status s = insert->Run(); !s.ok()) return s;
                last_ehr_id_ = v.ehr_id;
                ++count_;
            }
        }
        if (Status s = raw_.Exec("COMMIT"); !s.ok()) return s;
        auto now = Clock::now();
        if (now - last_report > std::chrono::seconds(10) || count_ == n) {
            double secs = std::chrono::duration<double>(now - t0).count();
            double rate = static_cast<double>(count_ - from) / secs;
            std::fprintf(stderr, "loading: %lld / %lld compositions, %.0f/s, %.0f s to go\n",
                         static_cast<long long>(count_), static_cast<long long>(n), rate,
                         static_cast<double>(n - count_) / rate);
            last_report = now;
        }
    }
    return OkStatus();
}

}  // namespace kjerne::tools
