// tests/codec/corpus_files.cpp
#include "tests/codec/corpus_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/corpus.hpp"

namespace kjerne::test {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (true) {
        size_t j = line.find('\t', i);
        out.push_back(line.substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (j == std::string::npos) break;
        i = j + 1;
    }
    return out;
}

}  // namespace

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<ManifestEntry> ReadManifest() {
    std::vector<ManifestEntry> out;
    auto path = CorpusDir() / "compositions" / "MANIFEST.tsv";
    std::istringstream in(ReadFile(path));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto f = SplitTabs(line);
        f.resize(6);
        out.push_back(ManifestEntry{f[0], f[1], f[2], f[5]});
    }
    if (out.empty()) throw std::runtime_error("empty manifest " + path.string());
    return out;
}

std::vector<std::vector<std::string>> ReadTable(const std::filesystem::path& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(ReadFile(path));
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) { header = false; continue; }
        rows.push_back(SplitTabs(line));
    }
    return rows;
}

std::map<std::string, Rejection> ReadRejections() {
    std::map<std::string, Rejection> out;
    for (auto& row : ReadTable(SourceDir() / "tests" / "codec" / "corpus_rejections.tsv")) {
        row.resize(4);
        out[row[0]] = Rejection{row[1], row[2], row[3]};
    }
    return out;
}

std::vector<ManifestEntry> ReadableCompositions(const std::string& format) {
    auto rejections = ReadRejections();
    std::vector<ManifestEntry> out;
    for (auto& e : ReadManifest()) {
        if (e.format != format || !e.note.empty()) continue;
        if (rejections.count(e.file)) continue;
        out.push_back(e);
    }
    return out;
}

}  // namespace kjerne::test
