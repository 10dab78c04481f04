// tests/support/corpus.hpp
//
// Where the tests find the shared, read-only openEHR corpus (compositions, templates, BMM,
// XSD ...). It lives beside the checkout, at ../shared/corpus from the repo root; the build
// bakes that absolute location in as KJERNE_CORPUS_DEFAULT and KJERNE_CORPUS_DIR overrides it
// at run time. A missing corpus is a test failure, never a silent skip: a suite that skipped
// its data would pass while testing nothing.
// Thread-safety: reads the environment; call from test code.
#pragma once

#include <filesystem>

namespace kjerne::test {

// The corpus root: $KJERNE_CORPUS_DIR when set and non-empty, else the build-time default.
// Throws std::runtime_error ("corpus not found at X: set KJERNE_CORPUS_DIR or place
// shared/corpus beside the checkout") when that directory does not exist; Catch2 reports the
// exception as a failure of the calling test case.
std::filesystem::path CorpusDir();

// The repository root (KJERNE_SOURCE_DIR at build time), for tests reading checked-in files.
std::filesystem::path SourceDir();

}  // namespace kjerne::test
