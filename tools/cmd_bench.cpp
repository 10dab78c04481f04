// tools/cmd_bench.cpp
//
// `kjerne bench codec [--corpus DIR] [--iterations N] [--markdown FILE]`, `kjerne bench adl
// [--corpus DIR] [--iterations N]` (tools/bench_adl.cpp) and `kjerne bench store
// [--scales N,N] [--sync full|normal] ...`: registers the benchmark subcommands; the work is in
// tools/bench_codec.cpp (RunCodecBench) and tools/bench_store.cpp (RunStoreBench). The corpus
// defaults to $KJERNE_CORPUS_DIR, else ../shared/corpus relative to the working directory
// (right when run from the repository root).
#include <cstdlib>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/bench_adl.hpp"
#include "tools/bench_aql.hpp"
#include "tools/bench_codec.hpp"
#include "tools/bench_rest.hpp"
#include "tools/bench_store.hpp"
#include "tools/bench_validate.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

std::string DefaultCorpusDir() {
    const char* env = std::getenv("KJERNE_CORPUS_DIR");
    return env != nullptr && *env != '\0' ? env : "../shared/corpus";
}

}  // namespace

void RegisterBenchCommand(CLI::App& app, int& exit_code) {
    CLI::App* bench = app.add_subcommand("bench", "Run a benchmark");
    bench->require_subcommand(1);

    auto options = std::make_shared<BenchOptions>();
    CLI::App* codec = bench->add_subcommand(
        "codec", "Time canonical JSON/XML reading and writing over the corpus compositions");
    codec->add_option("--corpus", options->corpus_dir,
                      "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    codec->add_option("--iterations", options->iterations, "Timed passes over the inputs (default 5)")
        ->check(CLI::Range(1, 1000000));
    codec->add_option("--markdown", options->out_markdown,
                      "Also write the results as a Markdown table to this file");
    codec->callback([options, &exit_code] {
        if (options->corpus_dir.empty()) options->corpus_dir = DefaultCorpusDir();
        exit_code = RunCodecBench(*options);
    });

    auto store_options = std::make_shared<StoreBenchOptions>();
    CLI::App* store = bench->add_subcommand(
        "store", "Time store commits (single, bulk) and reads by uid beside raw SQLite inserts of the same bytes");
    store->add_option("--corpus", store_options->corpus_dir,
                      "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    store->add_option("--dir", store_options->dir, "Folder for the two scratch databases (default: temp)");
    store->add_option("--scales", store_options->scales, "Stored compositions at which to measure")
        ->delimiter(',');
    store->add_option("--single", store_options->single, "Single-composition commits timed per scale");
    store->add_option("--reads", store_options->reads, "Reads by uid timed per scale");
    store->add_option("--sync", store_options->sync, "synchronous: full (default) or normal")
        ->check(CLI::IsMember({"full", "normal"}));
    store->add_option("--markdown", store_options->out_markdown, "Also write the results table here");
    store->add_flag("--keep", store_options->keep, "Keep the scratch databases");
    store->add_option("--synthetic", store_options->synthetic,
                      "Use N random examples of every corpus OPT (example generator) instead of the corpus files");
    store->callback([store_options, &exit_code] {
        if (store_options->corpus_dir.empty()) store_options->corpus_dir = DefaultCorpusDir();
        exit_code = RunStoreBench(*store_options);
    });

    auto validate_options = std::make_shared<ValidateBenchOptions>();
    CLI::App* validate = bench->add_subcommand(
        "validate", "Compositions validated per second against their templates, beside reading them");
    validate->add_option("--corpus", validate_options->corpus_dir,
                         "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    validate->add_option("--iterations", validate_options->iterations, "Timed passes (default 20)")
        ->check(CLI::Range(1, 1000000));
    validate->callback([validate_options, &exit_code] {
        if (validate_options->corpus_dir.empty()) validate_options->corpus_dir = DefaultCorpusDir();
        exit_code = RunValidateBench(*validate_options);
    });

    auto adl_options = std::make_shared<AdlBenchOptions>();
    CLI::App* adl = bench->add_subcommand(
        "adl", "Archetypes parsed per second (ADL 1.4 and ADL 2 corpus) beside reading and tokenising them");
    adl->add_option("--corpus", adl_options->corpus_dir,
                    "Corpus root (default: $KJERNE_CORPUS_DIR, else ../shared/corpus)");
    adl->add_option("--iterations", adl_options->iterations, "Timed passes; the best is reported (default 5)")
        ->check(CLI::Range(1, 1000000));
    adl->callback([adl_options, &exit_code] {
        if (adl_options->corpus_dir.empty()) adl_options->corpus_dir = DefaultCorpusDir();
        exit_code = RunAdlBench(*adl_options);
    });

    RegisterRestBench(*bench, exit_code, DefaultCorpusDir());  // tools/bench_rest.cpp
    RegisterAqlBench(*bench, exit_code, DefaultCorpusDir());   // tools/bench_aql.cpp
}

}  // namespace kjerne::tools
