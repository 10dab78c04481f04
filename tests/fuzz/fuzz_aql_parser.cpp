// tests/fuzz/fuzz_aql_parser.cpp
//
// libFuzzer target: arbitrary text into the AQL parser, and every query it accepts into the
// reference evaluator over an empty data source (binding, WHERE and projection code paths
// with no rows still run their checks). Seeds: the corpus's AQL queries (scripts/fuzz.sh
// extracts them).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/parser/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto q = kjerne::aql::Parse(text);
    if (!q.ok()) return 0;
    static const kjerne::aql::InMemoryDataSource empty;
    kjerne::aql::ExecOptions opts;
    opts.timeout = std::chrono::milliseconds(200);
    (void)kjerne::aql::ExecuteReference(*q, text, empty, {}, opts);
    return 0;
}
