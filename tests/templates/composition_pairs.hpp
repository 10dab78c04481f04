// tests/templates/composition_pairs.hpp
//
// The corpus compositions the template suites validate, each with its own OPT: the rows of
// compositions/MANIFEST.tsv in canonical JSON or XML whose OPT is in the corpus, that carry no
// note (legacy, non-canonical formats) and whose file name does not say `invalid`.
#pragma once

#include <string>
#include <vector>

namespace kjerne::test {

struct CompositionPair {
    std::string file;  // relative to compositions/
    std::string opt;   // relative to the corpus root
};

std::vector<CompositionPair> CanonicalCompositionPairs();

}  // namespace kjerne::test
