// tools/cmd_bench.cpp
//
// `kjerne bench codec [--corpus DIR] [--iterations N] [--markdown FILE]`: registers the
// benchmark subcommands; the work is in tools/bench_codec.cpp (RunCodecBench). The corpus
// defaults to $KJERNE_CORPUS_DIR, else ../shared/corpus relative to the working directory
// (right when run from the repository root).
#include <cstdlib>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/bench_codec.hpp"
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
}

}  // namespace kjerne::tools
