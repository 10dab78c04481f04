// tests/aql/case_file.hpp
//
// The reader of tests/aql/cases/*.test (format in aql/README.md): `# dataset: NAME`,
// `param NAME JSON`, `query [rowsort]`, the AQL, then `----` and one expected row per line, or
// `error CODE`. Shared by the reference-evaluator runner (aql_cases_test.cpp) and the
// differential test (differential_test.cpp), so both read the cases the same way.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"

namespace kjerne::test {

struct AqlCase {
    std::string file;  // file name, for messages
    size_t line = 0;   // of the `query` line
    std::string query;
    bool rowsort = false;
    std::string error_code;             // `error CODE`; "" when rows are expected
    std::vector<std::string> expected;  // one line per row, cells as JSON separated by " | "
    aql::QueryParameters params;
};

// Every case of `path`; `dataset` receives the file's `# dataset:` name. Throws
// std::runtime_error naming file:line on a line that is not part of the format.
std::vector<AqlCase> ReadAqlCases(const std::filesystem::path& path, std::string& dataset);

// A $parameter's value from JSON text: strings, integers, reals and booleans as themselves,
// any other JSON value as null; nullopt when the text is not JSON.
std::optional<aql::Scalar> ParamFromJson(const std::string& text);

}  // namespace kjerne::test
