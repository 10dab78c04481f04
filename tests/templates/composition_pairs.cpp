// tests/templates/composition_pairs.cpp
#include "tests/templates/composition_pairs.hpp"

#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {

std::vector<CompositionPair> CanonicalCompositionPairs() {
    std::vector<CompositionPair> out;
    for (const auto& row : ReadTable(CorpusDir() / "compositions/MANIFEST.tsv")) {
        if (row.size() < 5) continue;
        const std::string& fmt = row[2];
        if (fmt != "canonical_json" && fmt != "canonical_xml") continue;
        if (row.size() > 5 && !row[5].empty()) continue;  // not canonical RM (legacy formats)
        if (row[4] == "NOT_IN_CORPUS" || row[0].find("invalid") != std::string::npos) continue;
        out.push_back({row[0], row[4]});
    }
    return out;
}

}  // namespace kjerne::test
