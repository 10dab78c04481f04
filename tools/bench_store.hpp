// tools/bench_store.hpp
//
// `kjerne bench store`: commit and read rates of the versioned store (engine/store) beside a
// raw SQLite insert of the same payload bytes, in the same run, at the same durability
// setting, at growing store sizes. Declared here for tools/cmd_bench.cpp; implemented in
// tools/bench_store.cpp.
// Thread-safety: single-threaded; prints to stdout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kjerne::tools {

struct StoreBenchOptions {
    std::string corpus_dir;                       // corpus root (compositions/MANIFEST.tsv)
    std::string dir;                              // where the two scratch files go (default: temp)
    std::vector<int64_t> scales = {10000, 100000};  // stored compositions at which to measure
    int single = 2000;                            // single-commit contributions timed per scale
    int reads = 20000;                            // reads by uid timed per scale
    std::string sync = "full";                    // full | normal
    std::string out_markdown;                     // also write the results here
    bool keep = false;                            // keep the scratch files
    int synthetic = 0;                            // >0: this many random examples per corpus OPT
};

int RunStoreBench(const StoreBenchOptions& options);

}  // namespace kjerne::tools
