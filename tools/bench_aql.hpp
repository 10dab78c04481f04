// tools/bench_aql.hpp
//
// `kjerne bench aql`: queries per second and latency of a small fixed AQL mix — a population
// CONTAINS query with WHERE, a single-EHR query, a LIMIT query and a COUNT over an archetype —
// on the planned executor (aql/exec/planned_executor.hpp), beside the reference evaluator
// (the whole store read into memory, then evaluated: what `kjerne query --reference` does) in
// the same run, over the same store: an existing one (--db) or one generated from the
// corpus's canonical JSON compositions, `per_ehr` of them per EHR, round-robin. Every query's
// rows are checked equal on both paths. Registered by tools/cmd_bench.cpp.
// Thread-safety: single-threaded; prints to stdout.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace kjerne::tools {

struct AqlBenchOptions {
    std::string corpus_dir;     // corpus root (compositions/MANIFEST.tsv)
    std::string db;             // an existing store to query; empty = generate one
    std::string dir;            // where a generated store goes (default: temp); removed unless keep
    int ehrs = 1000;            // generated: EHRs
    int per_ehr = 10;           // generated: compositions per EHR
    double seconds = 2.0;       // planned: time spent per query (at least 3 runs)
    int reference_runs = 2;     // reference: runs per query (each reads the whole store)
    bool keep = false;
};

int RunAqlBench(const AqlBenchOptions& options);

// Adds `aql` under `kjerne bench`; the corpus defaults to `default_corpus`.
void RegisterAqlBench(CLI::App& bench, int& exit_code, const std::string& default_corpus);

}  // namespace kjerne::tools
