// tools/bench_store.cpp — see bench_store.hpp.
//
// Method. Input: the corpus's canonical JSON compositions whose OPT is in the corpus (the
// same selection as ../shared/checks/store), committed round-robin, so the store holds the
// corpus mix; or, with --synthetic N, N random examples of every corpus OPT (the example
// generator: synthetic data from real templates, each one validated). Two files in one directory: the store, and a raw table `raw(id TEXT PRIMARY KEY,
// data BLOB)` receiving, for each composition, exactly the payload bytes the store writes for
// it (compact canonical JSON with its version uid, zstd-compressed when the store compresses),
// pre-encoded: the raw side does no JSON or zstd work, the store does all of its own. Both
// connections use the same journal (WAL) and synchronous setting.
// For each scale: both files are bulk-loaded to that many compositions (store: CommitBatch of
// 1000 contributions per transaction; raw: 1000 inserts per transaction) — the bulk rates —,
// then single-composition contributions (one transaction each) are timed against single raw
// inserts in alternating blocks of 100, and reads of one composition by version uid
// (Store::ReadVersion: SQL, zstd, copy out) against a raw point read by id.
#include "tools/bench_store.hpp"
#include "tools/bench_common.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "engine/codec/codec.hpp"
#include "engine/common/uuid.hpp"
#include "engine/store/importer.hpp"
#include "engine/store/payload.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"
#include "engine/store/store.hpp"
#include "engine/store/version_data.hpp"

namespace kjerne::tools {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Input {
    std::string file;
    rm::Document doc;
    std::string payload;   // what the store writes for it (for the raw table)
    size_t json_bytes = 0; // compact canonical JSON
};

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

struct Raw {
    store::sqlite::Connection conn;
    store::sqlite::Statement insert, read;
    std::vector<std::string> ids;  // inserted so far, for the random point reads
};

bool RawInsert(Raw& raw, const std::string& payload) {
    std::string id = NewUuidV4();
    raw.insert.Reset();
    raw.insert.Bind(1, id).BindBlob(2, payload);
    raw.ids.push_back(std::move(id));
    return raw.insert.Run().ok();
}

// The payload the store writes for `doc` (for the raw table), and the compact JSON size.
Input MakeInput(std::string name, rm::Document doc, const store::StoreOptions& so) {
    Input input{std::move(name), std::move(doc), {}, 0};
    std::string json = store::VersionJson(input.doc, NewUuidV4() + "::" + so.system_id + "::1");
    input.json_bytes = json.size();
    input.payload = store::EncodePayload(json, so.compress ? store::PayloadEncoding::kZstdJson
                                                           : store::PayloadEncoding::kJson,
                                         so.compression_level);
    return input;
}

// The corpus mix: canonical JSON compositions whose OPT is in the corpus (as the store check).
std::vector<Input> CorpusInputs(const fs::path& corpus, store::Store& st, const store::StoreOptions& so,
                                size_t& input_file_bytes) {
    std::vector<Input> inputs;
    for (const ManifestRow& row : ReadCompositionManifest(corpus)) {
        if (!IsStorableCorpusJson(row)) continue;
        const std::string text = ReadOrEmpty(corpus / "compositions" / row.file);
        auto doc = codec::ReadJson(text);
        if (!doc.ok() || !store::RegisterOptFile(st, corpus / row.opt).ok()) continue;
        input_file_bytes += text.size();
        inputs.push_back(MakeInput(row.file, std::move(doc).value(), so));
    }
    return inputs;
}

// Synthetic data from real templates (bench_common.hpp), with the payloads for the raw table.
std::vector<Input> SyntheticInputs(const fs::path& corpus, int per_template, store::Store& st,
                                   const store::StoreOptions& so, size_t& templates_used) {
    std::vector<Input> inputs;
    for (SyntheticExample& e : SyntheticExamples(corpus, per_template, st, templates_used))
        inputs.push_back(MakeInput(std::move(e.template_file), std::move(e.doc), so));
    return inputs;
}

struct Row {
    int64_t scale = 0;
    double bulk_store = 0, bulk_raw = 0, single_store = 0, single_raw = 0;
    double read_store_us = 0, read_store_p99_us = 0, read_raw_us = 0;
    double file_bytes_per_comp = 0, raw_file_bytes_per_comp = 0;
};

}  // namespace

int RunStoreBench(const StoreBenchOptions& o) {
    fs::path corpus = o.corpus_dir;
    std::ifstream manifest(corpus / "compositions" / "MANIFEST.tsv");
    if (!manifest) {
        std::fprintf(stderr, "kjerne bench store: corpus not found at %s\n", corpus.string().c_str());
        return 1;
    }
    fs::path dir = o.dir.empty() ? fs::temp_directory_path() : fs::path(o.dir);
    std::string stamp = std::to_string(::getpid());
    fs::path store_path = dir / ("kjerne-bench-store-" + stamp + ".db");
    fs::path raw_path = dir / ("kjerne-bench-raw-" + stamp + ".db");
    auto remove_files = [&] {
        std::error_code ec;
        for (const auto& p : {store_path, raw_path})
            for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
    };
    remove_files();

    store::StoreOptions so;
    so.path = store_path.string();
    so.synchronous = o.sync == "normal" ? store::Synchronous::kNormal : store::Synchronous::kFull;
    auto opened = store::OpenSqliteStore(so);
    if (!opened.ok()) {
        std::fprintf(stderr, "kjerne bench store: %s\n", opened.error().ToString().c_str());
        return 1;
    }
    store::Store& st = **opened;

    // Input: the corpus mix, or synthetic compositions from the corpus templates.
    size_t input_file_bytes = 0, templates_used = 0;
    std::vector<Input> inputs = o.synthetic > 0 ? SyntheticInputs(corpus, o.synthetic, st, so, templates_used)
                                                : CorpusInputs(corpus, st, so, input_file_bytes);
    if (inputs.empty()) {
        std::fprintf(stderr, "kjerne bench store: no usable compositions\n");
        return 1;
    }
    size_t json_total = 0, payload_total = 0;
    for (const auto& i : inputs) {
        json_total += i.json_bytes;
        payload_total += i.payload.size();
    }

    auto raw_conn = store::sqlite::Connection::Open(raw_path.string(), so.synchronous, 30000, false);
    if (!raw_conn.ok()) return 1;
    Raw raw{std::move(raw_conn).value(), {}, {}, {}};
    (void)raw.conn.Exec("CREATE TABLE raw (id TEXT PRIMARY KEY, data BLOB NOT NULL)");
    raw.insert = std::move(raw.conn.Prepare("INSERT INTO raw (id, data) VALUES (?1, ?2)")).value();
    raw.read = std::move(raw.conn.Prepare("SELECT data FROM raw WHERE id = ?1")).value();

    // EHRs the compositions go into (round-robin).
    std::vector<std::string> ehrs;
    for (int i = 0; i < 1000; ++i) {
        auto e = st.CreateEhr({});
        if (!e.ok()) return 1;
        ehrs.push_back(e->ehr_id);
    }
    std::vector<std::string> uids;
    size_t next = 0;
    auto change_for = [&](size_t k) {
        store::VersionChange c;
        c.data = &inputs[k % inputs.size()].doc;
        return store::ContributionRequest{ehrs[k % ehrs.size()], {c}, {}};
    };
    int64_t raw_rows = 0;
    std::vector<Row> rows;
    std::mt19937_64 rng(42);

    for (int64_t scale : o.scales) {
        Row row;
        row.scale = scale;
        // Bulk load both to `scale`.
        int64_t to_add = scale - static_cast<int64_t>(uids.size());
        if (to_add > 0) {
            auto t0 = Clock::now();
            for (int64_t done = 0; done < to_add;) {
                std::vector<store::ContributionRequest> batch;
                for (int i = 0; i < 1000 && done < to_add; ++i, ++done) batch.push_back(change_for(next++));
                auto r = st.CommitBatch(batch);
                if (!r.ok()) {
                    std::fprintf(stderr, "bulk: %s\n", r.error().ToString().c_str());
                    return 1;
                }
                for (auto& one : *r) {
                    if (!one.ok()) return 1;
                    uids.push_back(one->versions.front().uid);
                }
            }
            auto t1 = Clock::now();
            for (int64_t done = 0; done < to_add;) {
                (void)raw.conn.Exec("BEGIN");
                for (int i = 0; i < 1000 && done < to_add; ++i, ++done) RawInsert(raw, inputs[(raw_rows++) % inputs.size()].payload);
                (void)raw.conn.Exec("COMMIT");
            }
            auto t2 = Clock::now();
            row.bulk_store = static_cast<double>(to_add) / Seconds(t0, t1);
            row.bulk_raw = static_cast<double>(to_add) / Seconds(t1, t2);
        }
        // Single commits, alternating blocks.
        double t_store = 0, t_raw = 0;
        for (int done = 0; done < o.single; done += 100) {
            auto t0 = Clock::now();
            for (int i = 0; i < 100; ++i) {
                auto r = st.CommitContribution(change_for(next++));
                if (!r.ok()) return 1;
                uids.push_back(r->versions.front().uid);
            }
            auto t1 = Clock::now();
            for (int i = 0; i < 100; ++i) RawInsert(raw, inputs[(raw_rows++) % inputs.size()].payload);
            auto t2 = Clock::now();
            t_store += Seconds(t0, t1);
            t_raw += Seconds(t1, t2);
        }
        int single_done = (o.single + 99) / 100 * 100;
        row.single_store = single_done / t_store;
        row.single_raw = single_done / t_raw;
        // Reads by uid vs raw point reads.
        std::vector<double> lat;
        lat.reserve(o.reads);
        double raw_total = 0;
        for (int i = 0; i < o.reads; ++i) {
            const std::string& uid = uids[rng() % uids.size()];
            auto t0 = Clock::now();
            auto v = st.ReadVersion(uid);
            auto t1 = Clock::now();
            if (!v.ok() || v->json.empty()) return 1;
            lat.push_back(Seconds(t0, t1) * 1e6);
            raw.read.Reset();
            raw.read.Bind(1, raw.ids[rng() % raw.ids.size()]);
            auto t2 = Clock::now();
            auto has = raw.read.Step();
            std::string copy(raw.read.Blob(0));
            raw.read.Reset();  // an open statement would pin the WAL snapshot
            auto t3 = Clock::now();
            if (!has.ok() || copy.empty()) return 1;
            raw_total += Seconds(t2, t3) * 1e6;
        }
        std::sort(lat.begin(), lat.end());
        double sum = 0;
        for (double l : lat) sum += l;
        row.read_store_us = sum / lat.size();
        row.read_store_p99_us = lat[lat.size() * 99 / 100];
        row.read_raw_us = raw_total / o.reads;
        auto stats = st.Stats();
        if (stats.ok()) row.file_bytes_per_comp = static_cast<double>(stats->file_bytes) / stats->compositions;
        auto pages = raw.conn.QueryInt("PRAGMA page_count");
        auto page_size = raw.conn.QueryInt("PRAGMA page_size");
        row.raw_file_bytes_per_comp = static_cast<double>(*pages * *page_size) / raw_rows;
        rows.push_back(row);
        std::printf("scale %lld: bulk %.0f/s (raw %.0f/s), single %.0f/s (raw %.0f/s), read %.1f µs (p99 %.1f; raw %.1f)\n",
                    static_cast<long long>(scale), row.bulk_store, row.bulk_raw, row.single_store, row.single_raw,
                    row.read_store_us, row.read_store_p99_us, row.read_raw_us);
        std::fflush(stdout);
    }

    std::ostringstream md;
    md << MachineLine() << "\n";
    if (o.synthetic > 0) {
        md << "Input: " << inputs.size() << " synthetic compositions (kjerne example --random, seeds 1.." << o.synthetic
           << ", of " << templates_used << " corpus OPTs; each validated) committed round-robin into 1000 EHRs; "
           << "average ";
    } else {
        md << "Input: " << inputs.size() << " canonical JSON corpus compositions committed round-robin into 1000 EHRs; "
           << "average " << input_file_bytes / inputs.size() << " B as given (pretty), ";
    }
    md << json_total / inputs.size()
       << " B compact canonical JSON, " << payload_total / inputs.size() << " B stored payload ("
       << (so.compress ? "zstd level " + std::to_string(so.compression_level) : std::string("uncompressed")) << ")\n";
    md << "Durability: WAL, synchronous=" << o.sync << " for both the store and the raw table\n\n";
    md << "| stored compositions | bulk store c/s | bulk raw c/s | bulk % | single store c/s | single raw c/s | single % "
          "| read by uid µs (mean / p99) | raw read µs | file B/composition (store / raw) |\n";
    md << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    char buf[512];
    for (const Row& r : rows) {
        std::snprintf(buf, sizeof buf, "| %lld | %.0f | %.0f | %.0f %% | %.0f | %.0f | %.0f %% | %.1f / %.1f | %.1f | %.0f / %.0f |\n",
                      static_cast<long long>(r.scale), r.bulk_store, r.bulk_raw,
                      r.bulk_raw > 0 ? 100 * r.bulk_store / r.bulk_raw : 0.0, r.single_store, r.single_raw,
                      100 * r.single_store / r.single_raw, r.read_store_us, r.read_store_p99_us, r.read_raw_us,
                      r.file_bytes_per_comp, r.raw_file_bytes_per_comp);
        md << buf;
    }
    std::printf("\n%s", md.str().c_str());
    if (!o.out_markdown.empty()) std::ofstream(o.out_markdown) << md.str();
    if (!o.keep) {
        opened->reset();
        raw = Raw{};
        remove_files();
    }
    return 0;
}

}  // namespace kjerne::tools
