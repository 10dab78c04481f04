// tests/aql/plan_test.cpp
//
// The planner's decisions, pinned as EXPLAIN prints them (tests/aql/plan_cases.tsv): which
// index condition FROM becomes, which EHRs are visited. Whether those decisions keep the
// reference's rows is the differential test's business (differential_test.cpp).
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aql/parser/parser.hpp"
#include "aql/plan/explain.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

// The text after "<prefix>: " on the line that starts so.
std::string Line(const std::string& explain, const std::string& prefix) {
    size_t at = explain.find("\n" + prefix + ": ");
    if (at == std::string::npos) return "<no " + prefix + " line>";
    at += prefix.size() + 3;
    return explain.substr(at, explain.find('\n', at) - at);
}

// Each row of tests/aql/<file> (query, then `columns - 1` expectations; at least `min_rows`
// rows): its EXPLAIN, given to `check`.
void ForEachCase(const char* file, size_t columns, size_t min_rows, const aql::QueryParameters& params,
                 const std::function<void(const std::vector<std::string>&, const std::string&)>& check) {
    auto rows = test::ReadTable(test::SourceDir() / "tests" / "aql" / file);
    REQUIRE(rows.size() >= min_rows);
    for (const auto& row : rows) {
        REQUIRE(row.size() == columns);
        INFO(row[0]);
        auto q = aql::Parse(row[0]);
        REQUIRE(q.ok());
        std::string explain = aql::ExplainPlan(aql::PlanQuery(*q, params), *q);
        INFO(explain);
        check(row, explain);
    }
}

}  // namespace

TEST_CASE("the planner turns FROM and ehr_id conditions into the expected candidate selection", "[aql][plan]") {
    aql::QueryParameters params{{"ehr", aql::Scalar::String("P")},
                                {"arch", aql::Scalar::String("openEHR-EHR-OBSERVATION.p.v1")}};
    ForEachCase("plan_cases.tsv", 3, 20, params, [](const std::vector<std::string>& row, const std::string& explain) {
        CHECK(Line(explain, "candidates") == row[1]);
        CHECK(Line(explain, "EHRs") == row[2]);
    });
}

TEST_CASE("the planner picks an index-only strategy exactly where its conditions hold", "[aql][plan]") {
    aql::QueryParameters params{{"arch", aql::Scalar::String("openEHR-EHR-OBSERVATION.p.v1")},
                                {"ehr", aql::Scalar::String("P")}};
    ForEachCase("plan_index_cases.tsv", 2, 10, params, [](const std::vector<std::string>& row, const std::string& explain) {
        std::string picked = "none";
        for (const char* strategy : {"index-only aggregate", "index-only count", "top-k", "index-only rows"})
            if (explain.find(std::string("\n") + strategy + ":") != std::string::npos) picked = strategy;
        CHECK(picked == row[1]);
    });
}

TEST_CASE("the planner decodes only what a query reads where it can show that is enough", "[aql][plan]") {
    aql::QueryParameters params{{"arch", aql::Scalar::String("openEHR-EHR-OBSERVATION.p.v1")}};
    ForEachCase("plan_decode_cases.tsv", 2, 10, params, [](const std::vector<std::string>& row, const std::string& explain) {
        CHECK(Line(explain, "decode") == row[1]);
    });
}

TEST_CASE("EXPLAIN in front of a query is recognised, in any case", "[aql][plan]") {
    CHECK(aql::StripExplain("EXPLAIN SELECT 1 FROM EHR e").value() == "SELECT 1 FROM EHR e");
    CHECK(aql::StripExplain("  explain\nSELECT c FROM COMPOSITION c").value() == "SELECT c FROM COMPOSITION c");
    CHECK_FALSE(aql::StripExplain("SELECT explain FROM EHR e").has_value());
    CHECK_FALSE(aql::StripExplain("EXPLAINED").has_value());
    CHECK_FALSE(aql::StripExplain("EXPLAIN").has_value());
}
