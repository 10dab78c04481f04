// tests/aql/folder_source_test.cpp
//
// FOLDER in FROM over an InMemoryDataSource built from bare documents (SetDirectory,
// AddComposition: no version history), where the .test datasets cannot reach: how an
// item's id names a composition (object id, or an OBJECT_VERSION_ID naming its object), and
// that a directory only reaches its own EHR's compositions.
#include <catch2/catch.hpp>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/parser/parser.hpp"
#include "engine/codec/codec.hpp"
#include "tests/aql/folder_dataset.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

// canonical_json/minimal_observation.json with its uid's placeholder object id replaced.
std::unique_ptr<rm::Document> Observation(const std::string& object_id) {
    std::string text = test::ReadFile(test::CorpusDir() / "compositions/canonical_json/minimal_observation.json");
    const std::string placeholder = "__THIS_SHOULD_BE_MODIFIED_BY_THE_TEST_";
    size_t at = text.find(placeholder);
    REQUIRE(at != std::string::npos);
    text.replace(at, placeholder.size(), object_id);
    auto doc = codec::ReadJson(text);
    REQUIRE(doc.ok());
    return std::make_unique<rm::Document>(std::move(doc).value());
}

std::vector<std::string> Column(const aql::DataSource& data, const std::string& text) {
    auto q = aql::Parse(text);
    REQUIRE(q.ok());
    auto rs = aql::ExecuteReference(*q, text, data);
    REQUIRE(rs.ok());
    std::vector<std::string> out;
    for (const auto& row : rs->rows) out.push_back(row.at(0));
    return out;
}

}  // namespace

TEST_CASE("a directory given to an in-memory source names compositions by object id", "[aql][folder]") {
    const std::string a = "aaaaaaaa-0000-4000-8000-000000000001", b = "bbbbbbbb-0000-4000-8000-000000000002";
    aql::InMemoryDataSource data;
    aql::EhrView& one = data.AddEhr("00000000-0000-4000-9200-000000000001", "kjerne.test", "2026-01-01T00:00:00Z");
    data.AddComposition(one, Observation(a));
    data.AddComposition(one, Observation(b));
    data.AddComposition(one, Observation("cccccccc-0000-4000-8000-000000000003"));  // in no folder
    // folder_multi_compositions.json: root1 with two items; the second names a version.
    data.SetDirectory(one, std::make_unique<rm::Document>(test::CorpusFolder(
                               "folder_multi_compositions.json", {{"c_uid1", a}, {"c_uid2", b + "::ehrbase.org::1"}})));
    // Another EHR whose directory names the first EHR's composition: not its own, so ignored.
    aql::EhrView& two = data.AddEhr("00000000-0000-4000-9200-000000000002", "kjerne.test", "2026-01-01T00:00:00Z");
    data.SetDirectory(two, std::make_unique<rm::Document>(
                               test::CorpusFolder("folder_multi_compositions.json", {{"c_uid1", a}, {"c_uid2", a}})));
    data.AddEhr("00000000-0000-4000-9200-000000000003", "kjerne.test", "2026-01-01T00:00:00Z");  // no directory

    CHECK(Column(data, "SELECT e/ehr_id/value FROM EHR e CONTAINS FOLDER f") ==
          std::vector<std::string>{"\"00000000-0000-4000-9200-000000000001\"", "\"00000000-0000-4000-9200-000000000002\""});
    CHECK(Column(data, "SELECT c/uid/value FROM EHR e CONTAINS FOLDER f CONTAINS COMPOSITION c") ==
          std::vector<std::string>{"\"" + a + "::ehrbase.org::1\"", "\"" + b + "::ehrbase.org::1\""});
    // Bare documents have no versions: nothing for VERSION below a folder.
    CHECK(Column(data, "SELECT v/uid/value FROM FOLDER f CONTAINS VERSION v").empty());
    CHECK(Column(data, "SELECT e/ehr_id/value FROM EHR e NOT CONTAINS FOLDER f") ==
          std::vector<std::string>{"\"00000000-0000-4000-9200-000000000003\""});
}
