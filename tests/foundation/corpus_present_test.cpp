// tests/foundation/corpus_present_test.cpp
//
// The corpus every data-driven suite reads is where the build expects it. If this fails, fix
// the environment first: the other corpus-based failures are consequences.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "tests/support/corpus.hpp"

TEST_CASE("corpus directory exists and lists its compositions", "[foundation][corpus]") {
    const std::filesystem::path dir = kjerne::test::CorpusDir();
    INFO("corpus: " << dir.string());
    REQUIRE(std::filesystem::is_directory(dir));
    CHECK(std::filesystem::is_regular_file(dir / "compositions" / "MANIFEST.tsv"));
}

TEST_CASE("a missing corpus fails with a message naming the fix", "[foundation][corpus]") {
    const char* previous = std::getenv("KJERNE_CORPUS_DIR");
    const std::string saved = previous != nullptr ? previous : "";
    const std::filesystem::path missing =
        std::filesystem::temp_directory_path() / "kjerne-no-such-corpus-dir";
    setenv("KJERNE_CORPUS_DIR", missing.c_str(), 1);
    CHECK_THROWS_WITH(kjerne::test::CorpusDir(),
                      Catch::Contains("corpus not found at " + missing.string()) &&
                          Catch::Contains("set KJERNE_CORPUS_DIR"));
    if (previous != nullptr) {
        setenv("KJERNE_CORPUS_DIR", saved.c_str(), 1);
    } else {
        unsetenv("KJERNE_CORPUS_DIR");
    }
}
