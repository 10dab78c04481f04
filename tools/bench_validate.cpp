// tools/bench_validate.cpp
//
// Loads every OPT of the mix once, reads every composition once into memory, then times in
// alternation (so drift hits both alike): reading all texts (codec::Read) and validating all
// parsed documents (templates::Validate). One thread: the figures are per core.
#include "tools/bench_validate.hpp"
#include "tools/bench_common.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/codec/codec.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/validator.hpp"

namespace kjerne::tools {
namespace {

using Clock = std::chrono::steady_clock;

struct Item {
    std::string file;
    std::string text;
    const templates::Template* tpl = nullptr;
    std::unique_ptr<rm::Document> doc;
};

}  // namespace

int RunValidateBench(const ValidateBenchOptions& o) {
    const std::vector<ManifestRow> manifest = ReadCompositionManifest(o.corpus_dir);
    if (manifest.empty()) {
        std::fprintf(stderr, "no %s/compositions/MANIFEST.tsv\n", o.corpus_dir.c_str());
        return 1;
    }
    std::map<std::string, std::shared_ptr<const templates::Template>> opts;
    std::vector<Item> items;
    for (const ManifestRow& row : manifest) {
        if (row.format != "canonical_json" && row.format != "canonical_xml") continue;
        if (!row.note.empty() || row.opt == "NOT_IN_CORPUS") continue;
        auto& tpl = opts[row.opt];
        if (!tpl) {
            auto t = templates::LoadOptFile(o.corpus_dir + "/" + row.opt);
            if (!t.ok()) continue;
            tpl = *t;
        }
        Item it;
        it.file = row.file;
        it.text = ReadOrEmpty(o.corpus_dir + "/compositions/" + row.file);
        auto doc = codec::Read(it.text);
        if (!doc.ok()) continue;  // not readable RM: not part of the mix
        it.doc = std::make_unique<rm::Document>(std::move(doc).value());
        it.tpl = tpl.get();
        items.push_back(std::move(it));
    }
    if (items.empty()) {
        std::fprintf(stderr, "no compositions to validate\n");
        return 1;
    }
    size_t bytes = 0;
    for (const auto& it : items) bytes += it.text.size();

    double parse_s = 0, validate_s = 0;
    size_t findings = 0, sink = 0;
    for (int i = 0; i < o.iterations; ++i) {
        auto t0 = Clock::now();
        for (const auto& it : items) {
            auto d = codec::Read(it.text);
            sink += d.ok();
        }
        auto t1 = Clock::now();
        findings = 0;
        for (const auto& it : items) findings += templates::Validate(*it.tpl, *it.doc->root()).size();
        auto t2 = Clock::now();
        parse_s += std::chrono::duration<double>(t1 - t0).count();
        validate_s += std::chrono::duration<double>(t2 - t1).count();
    }
    const double n = static_cast<double>(items.size()) * o.iterations;
#ifdef NDEBUG
    const char* build = "release (NDEBUG)";
#else
    const char* build = "debug (asserts on)";
#endif
    std::printf("bench validate: %zu compositions (%zu templates, %.1f MiB), %d iterations, one core, %s build\n",
                items.size(), opts.size(), bytes / 1048576.0, o.iterations, build);
    std::printf("%-26s %12s %12s\n", "", "docs/s", "us/doc");
    std::printf("%-26s %12.0f %12.1f\n", "read (codec::Read)", n / parse_s, parse_s / n * 1e6);
    std::printf("%-26s %12.0f %12.1f\n", "validate (Validate)", n / validate_s, validate_s / n * 1e6);
    std::printf("%-26s %12.0f %12.1f\n", "read + validate", n / (parse_s + validate_s), (parse_s + validate_s) / n * 1e6);
    std::printf("validation / read time: %.2f; findings per pass: %zu (the corpus's known findings)\n",
                validate_s / parse_s, findings);
    if (sink == 0) return 1;  // nothing was read: keeps the timed reads from being optimised away
    return 0;
}

}  // namespace kjerne::tools
