// tools/bench_adl.hpp
//
// `kjerne bench adl`: archetypes parsed per second (and MB/s) on one core over the corpus's
// ADL 1.4 CKM (archetypes/adl14) and ADL 2 archetypes (archetypes/adl2), beside two baselines
// measured in the same run — reading the files from the (warm) page cache, and a lexical
// pass over the in-memory texts with the ADL scanner (identifiers, strings, everything else a
// character at a time) — then parse + validate, and the serialisers (ADL 2 text, AOM JSON).
// Declared here for tools/cmd_bench.cpp; implemented in tools/bench_adl.cpp.
// Thread-safety: single-threaded; prints to stdout.
#pragma once

#include <string>

namespace kjerne::tools {

struct AdlBenchOptions {
    std::string corpus_dir;  // corpus root (holds archetypes/adl14, archetypes/adl2)
    int iterations = 5;      // timed passes; the best is reported
};

// Runs the benchmark and returns the process exit code (0 = success).
int RunAdlBench(const AdlBenchOptions& options);

}  // namespace kjerne::tools
