// tools/bench_codec.hpp
//
// `kjerne bench codec`: times the canonical JSON and XML codecs (engine/codec) over the
// compositions of the corpus. Declared here so tools/cmd_bench.cpp can register the
// subcommand; implemented in tools/bench_codec.cpp.
// Thread-safety: single-threaded; prints to stdout.
#pragma once

#include <string>

namespace kjerne::tools {

struct BenchOptions {
    std::string corpus_dir;    // corpus root (the folder holding compositions/MANIFEST.tsv)
    int iterations = 5;        // timed passes over the whole input set
    std::string out_markdown;  // when non-empty, also write the results as Markdown here
};

// Runs the benchmark and returns the process exit code (0 = success).
int RunCodecBench(const BenchOptions& options);

}  // namespace kjerne::tools
