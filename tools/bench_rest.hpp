// tools/bench_rest.hpp
//
// `kjerne bench rest`: the REST server under concurrent keep-alive load, beside the same
// operations called directly on the services (no HTTP) and the store's own commit rate, in the
// same run on the same database. Declared here for tools/cmd_bench.cpp; implemented in
// tools/bench_rest.cpp (which also registers the subcommand's options).
// Thread-safety: RunRestBench starts and joins its own threads; prints to stdout.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kjerne::tools {

struct RestBenchOptions {
    std::string corpus_dir;  // corpus root
    // The composition committed (relative to compositions/); its OPT comes from MANIFEST.tsv.
    std::string composition = "canonical_json/ehrb_adbm_op_consult_record.json";
    std::vector<int> connections = {8, 64};  // concurrent keep-alive connections (and threads)
    double seconds = 10;                     // per measured phase
    int ehrs = 500;                          // EHRs the load is spread over
    std::string mix = "1,4,1";               // weights of POST composition, GET composition, AQL
    std::string dir;                         // scratch database folder (default: temp)
    std::string out_markdown;                // also write the results here
    bool keep = false;                       // keep the scratch database
    // > 0: instead of the measured phases, a soak — the mixed load over HTTP at the first
    // connection count for this many seconds, then the store's integrity check; exit 1 on any
    // failed request or finding.
    double soak_seconds = 0;
};

int RunRestBench(const RestBenchOptions& options);

// Adds `rest` below the `bench` subcommand; `default_corpus` fills an empty --corpus.
void RegisterRestBench(CLI::App& bench, int& exit_code, std::string default_corpus);

}  // namespace kjerne::tools
