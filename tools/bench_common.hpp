// tools/bench_common.hpp
//
// What the `kjerne bench` commands share: the machine line every report states
// (docs/benchmarks.md asks for it beside each figure) and reading their input files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kjerne::tools {

// "AMD EPYC …" from /proc/cpuinfo, or "unknown CPU".
std::string CpuModel();

// "Machine: <CPU model>, <n> hardware threads".
std::string MachineLine();

// The bytes of an input file, or "" when it cannot be read (a bench then finds its input
// empty or unparsable and reports that; engine/common/file.hpp has the error-reporting form).
std::string ReadOrEmpty(const std::filesystem::path& path);

// One row of <corpus>/compositions/MANIFEST.tsv.
struct ManifestRow {
    std::string file;         // relative to compositions/
    std::string template_id;
    std::string format;       // canonical_json, canonical_xml, flat, structured
    std::string source;
    std::string opt;          // relative to the corpus root, or NOT_IN_CORPUS / ""
    std::string note;         // non-empty: not canonical RM (see the corpus README)
    bool opt_in_corpus() const { return !opt.empty() && opt != "NOT_IN_CORPUS"; }
};

// Every row (header skipped); empty when the file is absent.
std::vector<ManifestRow> ReadCompositionManifest(const std::filesystem::path& corpus);

// The corpus mix the store benches commit (as ../shared/checks/store selects it): canonical
// JSON with its OPT in the corpus, no note, and not one of the deliberately invalid files.
bool IsStorableCorpusJson(const ManifestRow& row);

}  // namespace kjerne::tools
