// tools/bench_validate.hpp
//
// `kjerne bench validate`: compositions validated per second on one core for the corpus mix
// (every canonical JSON/XML composition of compositions/MANIFEST.tsv with its OPT), beside
// reading the same documents with the canonical codec alone — the goal is that validating
// costs less than parsing. Declared here for tools/cmd_bench.cpp; implemented in
// tools/bench_validate.cpp.
// Thread-safety: single-threaded; prints to stdout.
#pragma once

#include <string>

namespace kjerne::tools {

struct ValidateBenchOptions {
    std::string corpus_dir;  // corpus root (holds compositions/MANIFEST.tsv)
    int iterations = 20;     // timed passes over the whole mix
};

// Runs the benchmark and returns the process exit code (0 = success).
int RunValidateBench(const ValidateBenchOptions& options);

}  // namespace kjerne::tools
