// tools/bench_aql.cpp — see bench_aql.hpp.
//
// Method. Generated store: the corpus's canonical JSON compositions whose OPT is in the corpus
// and that the store accepts, committed round-robin, `per_ehr` per EHR (CommitBatch, one
// contribution per EHR creating it, 100 EHRs per transaction, synchronous off: a scratch
// file), after one EHR holding each input once (the store's acceptance check). Each query is parsed once; the planned path is timed end to end (plan, index SQL,
// payload reads, decoding, evaluation) for about `seconds`, and the reference path (LoadFromStore
// of the whole store, then ExecuteReference) `reference_runs` times; latencies are wall-clock
// per run, p50 and p95 over the runs.
#include "tools/bench_aql.hpp"
#include "tools/bench_common.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "aql/exec/planned_executor.hpp"
#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/importer.hpp"
#include "engine/store/store.hpp"

namespace kjerne::tools {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// The corpus compositions the store accepts, with their templates registered.
std::vector<rm::Document> CorpusInputs(store::Store& st, const fs::path& corpus) {
    std::vector<rm::Document> out;
    for (const ManifestRow& row : ReadCompositionManifest(corpus)) {
        if (!IsStorableCorpusJson(row)) continue;
        auto doc = codec::Read(ReadOrEmpty(corpus / "compositions" / row.file));
        if (!doc.ok() || !store::RegisterOptFile(st, corpus / row.opt).ok()) continue;
        out.push_back(std::move(doc).value());
    }
    return out;
}

bool Generate(store::Store& st, const AqlBenchOptions& o) {
    std::vector<rm::Document> inputs = CorpusInputs(st, o.corpus_dir);
    if (inputs.empty()) {
        std::fprintf(stderr, "bench aql: no storable corpus compositions under %s\n", o.corpus_dir.c_str());
        return false;
    }
    // One first EHR takes every input once; what the store refuses drops out of the round-robin.
    std::vector<const rm::Document*> ok;
    auto probe = st.CreateEhr({});
    if (!probe.ok()) return false;
    for (const auto& d : inputs)
        if (st.CreateComposition(probe->ehr_id, d).ok()) ok.push_back(&d);
    if (ok.empty()) return false;
    std::printf("generating: %d EHRs x %d compositions from %zu corpus compositions\n", o.ehrs, o.per_ehr, ok.size());
    size_t next = 0;
    store::CreateEhrRequest new_ehr;
    for (int e = 0; e < o.ehrs;) {
        std::vector<store::ContributionRequest> batch;
        for (int k = 0; k < 100 && e < o.ehrs; ++k, ++e) {
            store::ContributionRequest req;
            req.create_ehr = &new_ehr;
            for (int j = 0; j < o.per_ehr; ++j) {
                store::VersionChange ch;
                ch.data = ok[next++ % ok.size()];
                req.changes.push_back(ch);
            }
            batch.push_back(std::move(req));
        }
        auto r = st.CommitBatch(batch);
        if (!r.ok()) {
            std::fprintf(stderr, "bench aql: %s\n", r.error().ToString().c_str());
            return false;
        }
    }
    return true;
}

struct BenchQuery {
    const char* name;
    std::string text;
    aql::QueryParameters params;
};

struct Timing {
    std::vector<double> ms;
    size_t rows = 0;
    aql::PlannedRunStats stats;
    double P(double q) {
        std::sort(ms.begin(), ms.end());
        return ms.empty() ? 0 : ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
    }
    double Mean() const {
        double s = 0;
        for (double m : ms) s += m;
        return ms.empty() ? 0 : s / static_cast<double>(ms.size());
    }
};

}  // namespace

int RunAqlBench(const AqlBenchOptions& o) {
    fs::path db = o.db;
    bool generated = db.empty();
    if (generated) {
        fs::path dir = o.dir.empty() ? fs::temp_directory_path() : fs::path(o.dir);
        db = dir / ("kjerne-bench-aql-" + std::to_string(::getpid()) + ".db");
    }
    store::StoreOptions so;
    so.path = db.string();
    so.synchronous = store::Synchronous::kOff;
    so.read_only = !generated;
    auto opened = store::OpenSqliteStore(so);
    if (!opened.ok()) {
        std::fprintf(stderr, "bench aql: %s\n", opened.error().ToString().c_str());
        return 2;
    }
    store::Store& st = **opened;
    auto cleanup = [&] {
        if (!generated || o.keep) return;
        std::error_code ec;
        for (const char* s : {"", "-wal", "-shm"}) fs::remove(db.string() + s, ec);
    };
    auto t0 = Clock::now();
    if (generated && !Generate(st, o)) {
        cleanup();
        return 2;
    }
    auto stats = st.Stats();
    auto ids = st.ListEhrIds();
    if (!stats.ok() || !ids.ok() || ids->empty()) {
        std::fprintf(stderr, "bench aql: the store is empty or unreadable\n");
        cleanup();
        return 2;
    }
    std::printf("store: %lld EHRs, %lld compositions, %.1f MB%s (%.1f s)\n", static_cast<long long>(stats->ehrs),
                static_cast<long long>(stats->compositions), static_cast<double>(stats->file_bytes) / 1e6,
                generated ? ", generated" : "", Ms(t0, Clock::now()) / 1000);
    const std::string temp = "o/data/events/data/items[at0004]/value/magnitude";
    std::vector<BenchQuery> mix = {
        {"population CONTAINS + WHERE",
         "SELECT e/ehr_id/value, " + temp + " AS temperature FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION "
         "o[openEHR-EHR-OBSERVATION.body_temperature.v2] WHERE " + temp + " > 38", {}},
        {"single EHR",
         "SELECT c/name/value, c/context/start_time/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value = $ehr_id",
         {{"ehr_id", aql::Scalar::String((*ids)[ids->size() / 2])}}},
        {"LIMIT 10", "SELECT e/ehr_id/value, c/name/value FROM EHR e CONTAINS COMPOSITION c LIMIT 10", {}},
        {"COUNT over an archetype",
         "SELECT COUNT(*) AS n FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION "
         "o[openEHR-EHR-OBSERVATION.laboratory_test_result.v1]", {}},
    };
    std::printf("%s\n\n", MachineLine().c_str());
    std::printf("| query | rows | decoded (planned / stored) | planned p50 ms | planned p95 ms | planned q/s | reference ms | speed-up | same rows |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
    bool all_same = true;
    for (BenchQuery& b : mix) {
        auto q = aql::Parse(b.text);
        if (!q.ok()) {
            std::fprintf(stderr, "bench aql: %s\n", q.error().ToString().c_str());
            cleanup();
            return 2;
        }
        aql::ExecOptions exec;
        exec.max_rows = 10'000'000;
        exec.timeout = std::chrono::minutes(30);
        Timing planned, reference;
        std::vector<std::vector<std::string>> planned_rows, reference_rows;
        auto start = Clock::now();
        while (planned.ms.size() < 3 || Ms(start, Clock::now()) < o.seconds * 1000) {
            auto a = Clock::now();
            auto rs = aql::ExecutePlanned(*q, b.text, st, b.params, exec, &planned.stats);
            planned.ms.push_back(Ms(a, Clock::now()));
            if (!rs.ok()) {
                std::fprintf(stderr, "bench aql: %s: %s\n", b.name, rs.error().ToString().c_str());
                cleanup();
                return 1;
            }
            planned_rows = std::move(rs->rows);
        }
        for (int i = 0; i < std::max(1, o.reference_runs); ++i) {
            auto a = Clock::now();
            auto data = aql::LoadFromStore(st);
            if (!data.ok()) {
                std::fprintf(stderr, "bench aql: %s\n", data.error().ToString().c_str());
                cleanup();
                return 1;
            }
            auto rs = aql::ExecuteReference(*q, b.text, **data, b.params, exec);
            reference.ms.push_back(Ms(a, Clock::now()));
            if (!rs.ok()) {
                std::fprintf(stderr, "bench aql: %s (reference): %s\n", b.name, rs.error().ToString().c_str());
                cleanup();
                return 1;
            }
            reference_rows = std::move(rs->rows);
        }
        bool same = planned_rows == reference_rows;
        all_same &= same;
        double p50 = planned.P(0.5), p95 = planned.P(0.95), ref = reference.P(0.5);
        std::printf("| %s | %zu | %zu / %lld | %.2f | %.2f | %.1f | %.0f | %.0fx | %s |\n", b.name, planned_rows.size(),
                    planned.stats.compositions_decoded, static_cast<long long>(stats->compositions), p50, p95,
                    planned.Mean() > 0 ? 1000.0 / planned.Mean() : 0.0, ref, p50 > 0 ? ref / p50 : 0.0,
                    same ? "yes" : "NO");
    }
    cleanup();
    return all_same ? 0 : 1;
}

void RegisterAqlBench(CLI::App& bench, int& exit_code, const std::string& default_corpus) {
    auto o = std::make_shared<AqlBenchOptions>();
    CLI::App* cmd = bench.add_subcommand(
        "aql", "AQL queries per second and latency, planned over the containment index beside the reference evaluator");
    cmd->add_option("--db", o->db, "Query this store (default: generate one from the corpus)");
    cmd->add_option("--corpus", o->corpus_dir, "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    cmd->add_option("--dir", o->dir, "Folder for the generated store (default: temp)");
    cmd->add_option("--ehrs", o->ehrs, "Generated: EHRs (default 1000)")->check(CLI::Range(1, 100000000));
    cmd->add_option("--per-ehr", o->per_ehr, "Generated: compositions per EHR (default 10)")->check(CLI::Range(1, 100000));
    cmd->add_option("--seconds", o->seconds, "Planned: seconds per query (default 2)");
    cmd->add_option("--reference-runs", o->reference_runs, "Reference: runs per query (default 2)");
    cmd->add_flag("--keep", o->keep, "Keep the generated store");
    cmd->callback([o, &exit_code, default_corpus] {
        if (o->corpus_dir.empty()) o->corpus_dir = default_corpus;
        exit_code = RunAqlBench(*o);
    });
}

}  // namespace kjerne::tools
