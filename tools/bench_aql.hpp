// tools/bench_aql.hpp
//
// `kjerne bench aql`: the AQL issue's four questions (tools/bench_aql_questions.hpp) at growing
// store sizes (10k, 100k, 1M compositions of synthetic data from the corpus templates,
// tools/bench_aql_data.hpp), each answered in the same run by the planned executor
// (aql/exec/planned_executor.hpp, timed over repeated runs), the reference evaluator (the
// whole store read into memory, then evaluated: what `kjerne query --reference` does; only up
// to `reference_max` compositions, since it holds every composition in memory) and the
// hand-written SQLite SQL over the same compositions' JSON text; the rows of all three are
// checked equal. A Markdown table per scale; docs/benchmarks.md keeps the results.
// Registered by tools/cmd_bench.cpp.
// Thread-safety: single-threaded; prints to stdout, progress to stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kjerne::tools {

struct AqlBenchOptions {
    std::string corpus_dir;               // corpus root (templates/opt14)
    std::string db;                       // keep and reuse this store (+ <db>.raw.db); empty = scratch
    std::string dir;                      // where a scratch store goes (default: temp)
    int synthetic = 20;                   // random examples per corpus OPT
    int per_ehr = 10;                     // compositions per EHR
    std::vector<int64_t> scales = {10000, 100000};
    double seconds = 2.0;                 // planned / SQL: repeat until this long and 3 runs...
    double max_seconds = 60.0;            // ...or, when runs are slow, until this long (>= 1 run)
    int64_t reference_max = 100000;       // reference evaluator only up to this many compositions
    double systolic_above = 500;          // question (2)'s threshold
    std::vector<int> questions;           // only these (1-4); empty = all
    std::string out_markdown;             // also write the tables here
    bool keep = false;                    // keep a scratch store
};

int RunAqlBench(const AqlBenchOptions& options);

// Adds `aql` under `kjerne bench`; the corpus defaults to `default_corpus`.
void RegisterAqlBench(CLI::App& bench, int& exit_code, const std::string& default_corpus);

}  // namespace kjerne::tools
