// tools/bench_common.hpp
//
// What the `kjerne bench` commands share: the machine line every report states
// (docs/benchmarks.md asks for it beside each figure), reading their input files, and the
// synthetic compositions made from the corpus templates (bench store and bench aql load them).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/rm/document.hpp"

namespace kjerne::store {
class Store;
}

namespace kjerne::tools {

// "AMD EPYC …" from /proc/cpuinfo, or "unknown CPU".
std::string CpuModel();

// "Machine: <CPU model>, <n> hardware threads".
std::string MachineLine();

// "release (NDEBUG)" or "debug (assertions on)": a debug build's figures are not comparable.
std::string BuildType();

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

// One random example of a corpus OPT (templates/example), checked by the template validator.
struct SyntheticExample {
    std::string template_file;  // the OPT's file name, e.g. "ips.v0.opt"
    int seed = 0;
    rm::Document doc;
};

// Synthetic data from real templates: `per_template` random examples (seeds 1..n) of every
// corpus OPT 1.4 (<corpus>/templates/opt14, sorted by name) that loads and that `st` accepts
// as a template (registered there), each validated against its template — an example the
// validator rejects is left out rather than stored. Template-major order; `templates_used`
// counts the OPTs that gave at least one example.
std::vector<SyntheticExample> SyntheticExamples(const std::filesystem::path& corpus, int per_template,
                                                store::Store& st, size_t& templates_used);

}  // namespace kjerne::tools
