// tests/aql/aql_cases_test.cpp
//
// Runs the AQL .test files in tests/aql/cases/ against the reference evaluator. Format
// (sqllogictest-like; a reader adds cases without C++):
//
//   # dataset: corpus-compositions        <- the data every query in the file runs on
//   param <name> <json value>             <- binds $name for the next query
//   query [rowsort]                       <- rowsort: compare rows as a sorted set
//   <AQL, one or more lines>
//   ----
//   <expected row: the cells' JSON separated by " | ">
//   ...                                   <- a blank line ends the case
//   error <CODE> [line:col]               <- instead of "----": the query must fail so (at)
//
// Datasets: `corpus-compositions` = every canonical JSON composition of the corpus
// MANIFEST that Kjerne reads, each in its own EHR, in manifest order; EHR n (1-based) has
// ehr_id 00000000-0000-4000-8000-<n as 12 digits> and time_created 2026-01-01T00:00:00Z.
// `store-versions` = corpus compositions committed with updates and deletes into a real
// store and read back with their version history (tests/aql/versioned_dataset.hpp).
// `store-folders` = EHRbase's folder files committed as EHR directories beside corpus
// compositions they reference (tests/aql/folder_dataset.hpp).
#include <catch2/catch.hpp>


#include <algorithm>
#include <filesystem>
#include <sstream>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/parser/parser.hpp"
#include "engine/codec/codec.hpp"
#include "tests/aql/case_file.hpp"
#include "tests/aql/folder_dataset.hpp"
#include "tests/aql/versioned_dataset.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

namespace {

std::string EhrId(size_t n) {
    std::string digits = std::to_string(n);
    return "00000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

const aql::InMemoryDataSource& CorpusCompositions() {
    static const std::unique_ptr<aql::InMemoryDataSource> data = [] {
        auto d = std::make_unique<aql::InMemoryDataSource>();
        size_t n = 0;
        for (const auto& e : test::ReadableCompositions("canonical_json")) {
            auto doc = codec::ReadJson(test::ReadFile(test::CorpusDir() / "compositions" / e.file));
            if (!doc.ok()) throw std::runtime_error(e.file + ": " + doc.error().ToString());
            auto& ehr = d->AddEhr(EhrId(++n), "kjerne.test", "2026-01-01T00:00:00Z");
            d->AddComposition(ehr, std::make_unique<rm::Document>(std::move(doc).value()));
        }
        return d;
    }();
    return *data;
}

}  // namespace

TEST_CASE("AQL .test cases give the expected rows on the reference evaluator", "[aql][corpus]") {
    fs::path dir = test::SourceDir() / "tests" / "aql" / "cases";
    size_t files = 0, queries = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".test") continue;
        ++files;
        std::string dataset;
        auto cases = test::ReadAqlCases(entry.path(), dataset);
        REQUIRE((dataset == "corpus-compositions" || dataset == "store-versions" || dataset == "store-folders"));
        const aql::DataSource& data = dataset == "store-versions"  ? test::StoreVersionsDataset()
                                      : dataset == "store-folders" ? test::StoreFoldersDataset()
                                                                   : static_cast<const aql::DataSource&>(CorpusCompositions());
        for (const auto& c : cases) {
            INFO(c.file << ":" << c.line << "\n" << c.query);
            ++queries;
            std::string want_code = c.error_code, want_pos;
            if (size_t sp = want_code.find(' '); sp != std::string::npos) {
                want_pos = want_code.substr(sp + 1);
                want_code.resize(sp);
            }
            auto check_error = [&](const Error& e) {
                INFO(e.ToString());
                const Issue& issue = e.issues().at(0);
                CHECK(issue.code == want_code);
                if (!want_pos.empty()) {
                    REQUIRE(issue.pos.has_value());
                    CHECK(std::to_string(issue.pos->line) + ":" + std::to_string(issue.pos->col) == want_pos);
                }
            };
            auto q = aql::Parse(c.query);
            if (!q.ok()) {
                CHECK_FALSE(c.error_code.empty());
                check_error(q.error());
                continue;
            }
            auto rs = aql::ExecuteReference(*q, c.query, data, c.params);
            if (!c.error_code.empty()) {
                REQUIRE_FALSE(rs.ok());
                check_error(rs.error());
                continue;
            }
            if (!rs.ok()) FAIL_CHECK(rs.error().ToString());
            if (!rs.ok()) continue;
            std::vector<std::string> got;
            for (const auto& row : rs->rows) {
                std::string s;
                for (size_t i = 0; i < row.size(); ++i) s += (i ? " | " : "") + row[i];
                got.push_back(s);
            }
            std::vector<std::string> want = c.expected;
            if (c.rowsort) {
                std::sort(got.begin(), got.end());
                std::sort(want.begin(), want.end());
            }
            std::string got_text, want_text;
            for (const auto& r : got) got_text += r + "\n";
            for (const auto& r : want) want_text += r + "\n";
            CHECK(got_text == want_text);
        }
    }
    CHECK(files >= 1);
    WARN("AQL cases: " << queries << " queries in " << files << " files");
}
