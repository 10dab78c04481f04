// tools/bench_machine.cpp — see bench_machine.hpp.
#include "tools/bench_common.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include "engine/common/file.hpp"

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

}  // namespace kjerne::tools
