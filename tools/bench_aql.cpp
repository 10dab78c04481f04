// tools/bench_aql.cpp — see bench_aql.hpp.
//
// Method, per scale: the store is grown to that many compositions (bench_aql_data.hpp); each
// question is parsed once, then
// - planned: ExecutePlanned end to end (plan, index SQL, payload reads, decoding, evaluation),
//   repeated until `seconds` have passed and 3 runs are done, or `max_seconds` have passed;
//   question (1) takes a different EHR each run (20 EHRs with blood pressures, spread over the
//   store);
// - reference: LoadFromStore of the whole store, timed once per scale, plus ExecuteReference of
//   the question, once (question (1): the first EHR); skipped above `reference_max`;
// - SQL: the hand-written statement over the JSON twin, repeated as the planned path (question
//   (1): round robin over the same EHRs), each run stepping and reading every row of its
//   statement, which the connection keeps compiled between runs as it does the store's.
// Latencies are wall-clock per run, p50 and p95 over the runs. The rows of the planned path are
// compared with both others (SameRows: ties under ORDER BY ... LIMIT may be cut differently;
// the planned path's cut rows are then checked against all of the SQL's tied rows).
#include "tools/bench_aql.hpp"

#include <simdjson.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "aql/exec/planned_executor.hpp"
#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "tools/bench_aql_data.hpp"
#include "tools/bench_aql_questions.hpp"
#include "tools/bench_common.hpp"

namespace kjerne::tools {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

struct Runs {
    std::vector<double> ms;
    double P(double q) const {
        if (ms.empty()) return 0;
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s[std::min(s.size() - 1, static_cast<size_t>(q * static_cast<double>(s.size())))];
    }
};

// Whether to run again: until `seconds` and 3 runs, or `max_seconds` with at least one run.
bool Again(const Runs& r, Clock::time_point start, const AqlBenchOptions& o) {
    double elapsed = Ms(start, Clock::now()) / 1000;
    if (r.ms.empty()) return true;
    if (elapsed >= o.max_seconds) return false;
    return elapsed < o.seconds || r.ms.size() < 3;
}

std::string Fmt(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ms < 0.1 ? "%.3f" : ms < 10 ? "%.2f" : ms < 1000 ? "%.1f" : "%.0f", ms);
    return buf;
}

// Two significant digits below 1 (0.0014), one decimal above.
std::string Ratio(double r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, r < 1 ? "%.2g" : "%.1f", r);
    return buf;
}

// Up to 20 EHRs holding a blood pressure observation, spread over the store (question 1).
std::vector<std::string> BpEhrs(store::sqlite::Connection& raw, int64_t count) {
    std::vector<std::string> ehrs;
    auto st = raw.Prepare(
        "SELECT ehr_id FROM raw WHERE vo_num >= ?1 AND instr(json, 'openEHR-EHR-OBSERVATION.blood_pressure.v2') > 0 "
        "ORDER BY vo_num LIMIT 1");
    if (!st.ok()) return ehrs;
    for (int i = 0; i < 20; ++i) {
        st->Reset();
        st->Bind(1, count * i / 20);
        auto has = st->Step();
        if (has.ok() && *has) {
            std::string id = st->Text(0);
            if (std::find(ehrs.begin(), ehrs.end(), id) == ehrs.end()) ehrs.push_back(id);
        }
    }
    st->Reset();
    return ehrs;
}

struct Measured {
    std::string line;  // the Markdown table row
    bool same = true;  // rows equal on every path that ran
    std::string note;  // a line under the table (question 1: the storage floor)
};

// What any engine on this store pays to look at one composition of an EHR, before evaluating
// anything: a read of that composition by its id (a read transaction, its version row, the
// zstd payload decompressed) and a bare simdjson parse of its JSON. Question (1)'s answer
// reads the EHR's candidates and at least one such composition, so this bounds how fast it
// can be; repeated round robin over `vo_ids` like the questions.
Result<double> StorageFloorMs(store::Store& st, const std::vector<std::string>& vo_ids, const AqlBenchOptions& o) {
    simdjson::dom::parser parser;
    Runs runs;
    size_t sink = 0;
    auto start = Clock::now();
    for (size_t run = 0; run < vo_ids.size() || Again(runs, start, o); ++run) {
        auto a = Clock::now();
        auto v = st.ReadLatest(vo_ids[run % vo_ids.size()]);
        if (!v.ok()) return v.error();
        simdjson::dom::element e;
        if (!parser.parse(v->json).get(e)) ++sink;
        runs.ms.push_back(Ms(a, Clock::now()));
    }
    if (sink == 0) return Error::Internal("bench aql: no composition parsed");
    return runs.P(0.5);
}

// One question at the current scale: planned (repeated), reference (once, when `loaded`),
// hand-written SQL; its table row and whether all rows were equal.
Result<Measured> MeasureQuestion(const AqlQuestion& q, const aql::Query& query, AqlBenchData& data,
                                 const std::vector<std::string>& ehrs, const aql::InMemoryDataSource* loaded,
                                 double load_ms, const AqlBenchOptions& o) {
    aql::ExecOptions exec;
    exec.max_rows = 10'000'000;
    exec.timeout = std::chrono::minutes(60);
    std::fprintf(stderr, "%s: planned\n", q.name.c_str());
    auto params_for = [&](size_t run) {
        aql::QueryParameters p;
        if (q.per_ehr) p["ehr_id"] = aql::Scalar::String(ehrs[run % ehrs.size()]);
        return p;
    };
    // Planned, repeated; the first rows of each EHR kept for the checks.
    Runs planned;
    aql::PlannedRunStats pstats;
    std::map<std::string, CanonRows> planned_rows;  // by EHR ("" = population)
    auto start = Clock::now();
    for (size_t run = 0; Again(planned, start, o); ++run) {
        aql::QueryParameters params = params_for(run);
        pstats = {};
        auto a = Clock::now();
        auto rs = aql::ExecutePlanned(query, q.aql, data.store(), params, exec, &pstats);
        planned.ms.push_back(Ms(a, Clock::now()));
        if (!rs.ok()) return rs.error();
        std::string key = q.per_ehr ? ehrs[run % ehrs.size()] : "";
        if (!planned_rows.count(key)) {
            planned_rows[key] = CanonEngineRows(rs->rows);
            if (run == 0 && !rs->rows.empty()) {  // the answer, for the report
                std::string first;
                for (const std::string& c : rs->rows.front()) first += (first.empty() ? "" : " | ") + c;
                std::fprintf(stderr, "  %zu rows; first: %s\n", rs->rows.size(), first.c_str());
            }
        }
    }
    // Reference, once.
    std::string reference_cell = "skipped";
    bool ref_same = true;
    const bool with_reference = loaded != nullptr;
    if (with_reference) {
        std::fprintf(stderr, "%s: reference\n", q.name.c_str());
        aql::QueryParameters params = params_for(0);
        auto a = Clock::now();
        auto rs = aql::ExecuteReference(query, q.aql, *loaded, params, exec);
        double ms = load_ms + Ms(a, Clock::now());
        if (!rs.ok()) return rs.error();
        std::string key = q.per_ehr ? ehrs[0] : "";
        ref_same = planned_rows.count(key) && SameRows(planned_rows[key], CanonEngineRows(rs->rows), q);
        reference_cell = Fmt(ms);
    }
    // Hand-written SQL, repeated like the planned path (question 1: round robin over the EHRs
    // the planned path saw, each at least once), so both answer from a warm page cache; the
    // first pass checks the rows. (Timing each EHR once, cold, made the SQL look 3-4x slower
    // at 1M than it is warm.)
    std::fprintf(stderr, "%s: SQL\n", q.name.c_str());
    Runs sql;
    bool sql_same = true;
    start = Clock::now();
    std::vector<std::string> keys;
    for (const auto& [key, rows] : planned_rows) keys.push_back(key);
    for (size_t run = 0; run < keys.size() || Again(sql, start, o); ++run) {
        const std::string& key = keys[run % keys.size()];
        auto a = Clock::now();
        auto rows = RunSql(data.raw(), q, key);
        sql.ms.push_back(Ms(a, Clock::now()));
        if (!rows.ok()) return rows.error();
        if (run >= keys.size()) continue;  // checked on the first pass
        // A result cut by LIMIT inside a run of ties: its tied rows are checked against all
        // the SQL's rows with that key (one extra run without the LIMIT, not timed).
        std::optional<CanonRows> unlimited;
        if (q.limit > 0 && planned_rows[key].size() == q.limit) {
            auto u0 = Clock::now();
            auto all = RunSql(data.raw(), q, key, true);
            if (!all.ok()) return all.error();
            unlimited = std::move(all).value();
            start += Clock::now() - u0;  // not part of the timed runs' budget
        }
        bool same = SameRows(planned_rows[key], *rows, q, unlimited ? &*unlimited : nullptr);
        if (!same && sql_same) {
            std::fprintf(stderr, "%s: rows differ from SQL (EHR '%s'): planned %zu rows, SQL %zu\n",
                         q.name.c_str(), key.c_str(), planned_rows[key].size(), rows->size());
            for (size_t i = 0; i < std::min<size_t>(5, std::max(rows->size(), planned_rows[key].size())); ++i) {
                std::string pa, sa;
                if (i < planned_rows[key].size())
                    for (const auto& c : planned_rows[key][i]) pa += c + " | ";
                if (i < rows->size())
                    for (const auto& c : (*rows)[i]) sa += c + " | ";
                std::fprintf(stderr, "  planned: %s\n  SQL:     %s\n", pa.c_str(), sa.c_str());
            }
        }
        sql_same &= same;
    }
    std::string note;
    if (q.per_ehr) {
        // The first row's composition of each EHR (column 0 is c/uid/value: object id first).
        std::vector<std::string> vo_ids;
        for (const auto& [key, rows] : planned_rows)
            if (!rows.empty()) vo_ids.push_back(rows.front().front().substr(0, rows.front().front().find("::")));
        if (!vo_ids.empty()) {
            KJ_ASSIGN_OR_RETURN(double floor_ms, StorageFloorMs(data.store(), vo_ids, o));
            note = "Question (1)'s storage floor: reading one of its compositions by id and parsing its JSON (no "
                   "evaluation) takes " + Fmt(floor_ms) + " ms (p50); a tenth of the SQL's p50 is " +
                   Fmt(sql.P(0.5) / 10) + " ms.\n";
        }
    }
    const size_t row_count = planned_rows.begin()->second.size();
    double p50 = planned.P(0.5), sql_p50 = sql.P(0.5);
    double speedup = p50 > 0 ? sql_p50 / p50 : 0;
    std::string goal = "—";
    if (data.compositions() >= 1'000'000)
        goal = p50 < q.goal_ms && speedup >= 10 ? "yes" : "no";
    char line[640];
    std::snprintf(line, sizeof line, "| %s | %zu | %zu | %s | %s | %zu | %s | %s | %zu | %sx | %s / %s | %s |\n",
                  q.name.c_str(), row_count, pstats.compositions_decoded, Fmt(p50).c_str(),
                  Fmt(planned.P(0.95)).c_str(), planned.ms.size(), reference_cell.c_str(), Fmt(sql_p50).c_str(),
                  sql.ms.size(), Ratio(speedup).c_str(), with_reference ? (ref_same ? "yes" : "NO") : "—",
                  sql_same ? "yes" : "NO", goal.c_str());
    return Measured{line, ref_same && sql_same, note};
}

}  // namespace

int RunAqlBench(const AqlBenchOptions& o) {
    fs::path db = o.db;
    const bool scratch = db.empty();
    if (scratch) {
        fs::path dir = o.dir.empty() ? fs::temp_directory_path() : fs::path(o.dir);
        db = dir / ("kjerne-bench-aql-" + std::to_string(::getpid()) + ".db");
    }
    auto remove_scratch = [&] {
        if (!scratch || o.keep) return;
        std::error_code ec;
        for (const std::string& f : {db.string(), db.string() + ".raw.db"})
            for (const char* s : {"", "-wal", "-shm"}) fs::remove(f + s, ec);
    };
    AqlDataOptions data_options{o.corpus_dir, db.string(), o.synthetic, o.per_ehr};
    auto opened = AqlBenchData::Open(data_options);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", opened.error().ToString().c_str());
        remove_scratch();
        return 2;
    }
    AqlBenchData& data = **opened;
    std::vector<AqlQuestion> questions;
    for (size_t i = 0; const AqlQuestion& q : IssueQuestions(o.systolic_above))
        if (++i, o.questions.empty() || std::count(o.questions.begin(), o.questions.end(), static_cast<int>(i)))
            questions.push_back(q);
    std::vector<aql::Query> parsed;
    for (const AqlQuestion& q : questions) {
        auto p = aql::Parse(q.aql);
        if (!p.ok()) {
            std::fprintf(stderr, "bench aql: %s\n", p.error().ToString().c_str());
            remove_scratch();
            return 2;
        }
        parsed.push_back(std::move(p).value());
    }

    std::ostringstream md;
    md << MachineLine() << "; build " << BuildType() << "; SQLite " << sqlite3_libversion() << "\n";
    // No path in the report: it goes into docs/benchmarks.md.
    md << "Data: " << data.pool_description() << ", round-robin; " << (scratch ? "scratch store" : "store kept (--db)")
       << (data.compositions() > 0 ? ", " + std::to_string(data.compositions()) + " compositions at the start" : "")
       << "\n\n";
    std::printf("%s", md.str().c_str());
    std::fflush(stdout);
    auto write_markdown = [&] {
        if (!o.out_markdown.empty()) std::ofstream(o.out_markdown) << md.str();
    };

    bool all_same = true;
    for (int64_t scale : o.scales) {
        std::ostringstream section;
        int64_t before = data.compositions();
        auto t0 = Clock::now();
        if (Status grown = data.GrowTo(scale); !grown.ok()) {
            std::fprintf(stderr, "bench aql: %s\n", grown.error().ToString().c_str());
            remove_scratch();
            return 2;
        }
        double load_s = Ms(t0, Clock::now()) / 1000;
        auto stats = data.store().Stats();
        auto pages = data.raw().QueryInt("PRAGMA page_count");
        auto page_size = data.raw().QueryInt("PRAGMA page_size");
        if (!stats.ok() || !pages.ok() || !page_size.ok()) return 2;
        double raw_mb = static_cast<double>(*pages * *page_size) / 1e6;
        char head[512];
        std::snprintf(head, sizeof head,
                      "### %lld compositions (%lld EHRs): store %.0f MB, JSON twin %.0f MB; %lld loaded in %.0f s "
                      "(%.0f/s, store and twin)\n\n",
                      static_cast<long long>(stats->compositions), static_cast<long long>(stats->ehrs),
                      static_cast<double>(stats->file_bytes) / 1e6, raw_mb,
                      static_cast<long long>(data.compositions() - before), load_s,
                      load_s > 0 ? static_cast<double>(data.compositions() - before) / load_s : 0.0);
        section << head;
        std::vector<std::string> ehrs = BpEhrs(data.raw(), data.compositions());
        if (ehrs.empty()) {
            std::fprintf(stderr, "bench aql: no EHR holds a blood pressure observation\n");
            remove_scratch();
            return 2;
        }

        // The reference path's load, shared by the four questions.
        const bool with_reference = data.compositions() <= o.reference_max;
        std::unique_ptr<aql::InMemoryDataSource> loaded;
        double load_ms = 0;
        if (with_reference) {
            std::fprintf(stderr, "reference: loading %lld compositions into memory\n",
                         static_cast<long long>(data.compositions()));
            auto a = Clock::now();
            auto l = aql::LoadFromStore(data.store());
            load_ms = Ms(a, Clock::now());
            if (!l.ok()) {
                std::fprintf(stderr, "bench aql: %s\n", l.error().ToString().c_str());
                remove_scratch();
                return 1;
            }
            loaded = std::move(l).value();
        }

        section << "| question | rows | decoded | planned p50 ms | planned p95 ms | runs | reference ms | SQL p50 ms "
                   "| SQL runs | planned vs SQL | rows equal (reference / SQL) | goal at 1M |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|\n";
        std::string notes;
        for (size_t qi = 0; qi < questions.size(); ++qi) {
            auto measured = MeasureQuestion(questions[qi], parsed[qi], data, ehrs, loaded.get(), load_ms, o);
            if (!measured.ok()) {
                std::fprintf(stderr, "bench aql: %s: %s\n", questions[qi].name.c_str(),
                             measured.error().ToString().c_str());
                remove_scratch();
                return 1;
            }
            all_same &= measured->same;
            section << measured->line;
            notes += measured->note;
            std::fprintf(stderr, "%s", measured->line.c_str());
        }
        if (!notes.empty()) section << "\n" << notes;
        if (with_reference) {
            char note[200];
            std::snprintf(note, sizeof note, "\nReference: %s ms of it is LoadFromStore (the whole store in memory), "
                          "measured once for the four.\n", Fmt(load_ms).c_str());
            section << note;
        } else {
            section << "\nReference skipped above " << o.reference_max
                    << " compositions: it loads every composition into memory first.\n";
        }
        section << "\n";
        loaded.reset();
        std::printf("%s", section.str().c_str());
        std::fflush(stdout);
        md << section.str();
        write_markdown();
    }
    remove_scratch();
    return all_same ? 0 : 1;
}

void RegisterAqlBench(CLI::App& bench, int& exit_code, const std::string& default_corpus) {
    auto o = std::make_shared<AqlBenchOptions>();
    CLI::App* cmd = bench.add_subcommand(
        "aql", "The AQL issue's four questions on synthetic data at growing scales: planned, reference and "
               "hand-written SQLite SQL, rows checked equal");
    cmd->add_option("--db", o->db,
                    "Keep the store here (and its JSON twin FILE.raw.db) and reuse it on the next run, grown as "
                    "the scales ask (default: a scratch store, removed)");
    cmd->add_option("--corpus", o->corpus_dir, "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    cmd->add_option("--dir", o->dir, "Folder for the scratch store (default: temp)");
    cmd->add_option("--synthetic", o->synthetic, "Random examples per corpus OPT in the pool (default 20)")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--scales", o->scales, "Stored compositions at which to measure (default 10000,100000)")
        ->delimiter(',');
    cmd->add_option("--per-ehr", o->per_ehr, "Compositions per EHR (default 10)")->check(CLI::Range(1, 100000));
    cmd->add_option("--seconds", o->seconds, "Planned and SQL: repeat for this long and 3 runs (default 2)");
    cmd->add_option("--max-seconds", o->max_seconds, "...or stop after this long, after one run (default 60)");
    cmd->add_option("--reference-max", o->reference_max,
                    "Run the reference evaluator only up to this many compositions (default 100000)");
    cmd->add_option("--systolic-above", o->systolic_above, "Question (2)'s threshold in mm[Hg] (default 500)");
    cmd->add_option("--question", o->questions, "Only these questions (1-4, repeatable; default all)")
        ->check(CLI::Range(1, 4));
    cmd->add_option("--markdown", o->out_markdown, "Also write the tables here");
    cmd->add_flag("--keep", o->keep, "Keep the scratch store");
    cmd->callback([o, &exit_code, default_corpus] {
        if (o->corpus_dir.empty()) o->corpus_dir = default_corpus;
        exit_code = RunAqlBench(*o);
    });
}

}  // namespace kjerne::tools
