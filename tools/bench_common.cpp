// tools/bench_common.cpp — see bench_common.hpp.
#include "tools/bench_common.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/common/file.hpp"
#include "engine/store/importer.hpp"
#include "templates/example/example_generator.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/validator.hpp"

namespace kjerne::tools {

std::string CpuModel() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

std::string MachineLine() {
    return "Machine: " + CpuModel() + ", " + std::to_string(std::thread::hardware_concurrency()) +
           " hardware threads";
}

std::string BuildType() {
#ifdef NDEBUG
    return "release (NDEBUG)";
#else
    return "debug (assertions on)";
#endif
}

std::string ReadOrEmpty(const std::filesystem::path& path) {
    Result<std::string> bytes = ReadFileBytes(path);
    return bytes.ok() ? std::move(bytes).value() : std::string();
}

std::vector<ManifestRow> ReadCompositionManifest(const std::filesystem::path& corpus) {
    std::vector<ManifestRow> rows;
    std::ifstream in(corpus / "compositions" / "MANIFEST.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> c;
        std::stringstream cells(line);
        for (std::string cell; std::getline(cells, cell, '\t');) c.push_back(cell);
        c.resize(6);
        rows.push_back({c[0], c[1], c[2], c[3], c[4], c[5]});
    }
    return rows;
}

bool IsStorableCorpusJson(const ManifestRow& row) {
    return row.format == "canonical_json" && row.note.empty() && row.opt_in_corpus() &&
           row.file.find("invalid") == std::string::npos;
}

std::vector<SyntheticExample> SyntheticExamples(const std::filesystem::path& corpus, int per_template,
                                                store::Store& st, size_t& templates_used) {
    namespace fs = std::filesystem;
    std::vector<fs::path> opts;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(corpus / "templates" / "opt14", ec))
        if (e.path().extension() == ".opt") opts.push_back(e.path());
    std::sort(opts.begin(), opts.end());
    std::vector<SyntheticExample> out;
    for (const fs::path& opt : opts) {
        auto tpl = templates::LoadOptFile(opt.string());
        if (!tpl.ok() || !store::RegisterOptFile(st, opt).ok()) continue;
        size_t before = out.size();
        for (int seed = 1; seed <= per_template; ++seed) {
            auto doc = templates::GenerateExample(
                **tpl, {templates::ExampleMode::kRandom, static_cast<uint64_t>(seed)});
            if (!doc.ok() || !templates::Validate(**tpl, *doc->root()).empty()) continue;
            out.push_back({opt.filename().string(), seed, std::move(doc).value()});
        }
        if (out.size() > before) ++templates_used;
    }
    return out;
}

}  // namespace kjerne::tools
