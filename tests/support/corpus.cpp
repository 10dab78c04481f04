// tests/support/corpus.cpp — see corpus.hpp.
#include "tests/support/corpus.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

#ifndef KJERNE_CORPUS_DEFAULT
#error "KJERNE_CORPUS_DEFAULT must be defined by the build (tests/CMakeLists.txt)"
#endif
#ifndef KJERNE_SOURCE_DIR
#error "KJERNE_SOURCE_DIR must be defined by the build (tests/CMakeLists.txt)"
#endif

namespace kjerne::test {

std::filesystem::path CorpusDir() {
    const char* env = std::getenv("KJERNE_CORPUS_DIR");
    std::filesystem::path dir = (env != nullptr && *env != '\0') ? env : KJERNE_CORPUS_DEFAULT;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw std::runtime_error("corpus not found at " + dir.string() +
                                 ": set KJERNE_CORPUS_DIR or place shared/corpus beside the "
                                 "checkout");
    }
    return dir;
}

std::filesystem::path SourceDir() { return KJERNE_SOURCE_DIR; }

}  // namespace kjerne::test
