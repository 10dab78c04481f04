// tests/aql/differential_test.cpp
//
// The planned executor (aql/exec/planned_executor.hpp) against the reference evaluator over
// one real SQLite store (tests/aql/differential_store.hpp): every query of the .test files
// in tests/aql/cases/ and a few hundred generated ones (tests/aql/random_queries.hpp) must
// give the same rows in the same order — the planned path feeds the reference semantics the
// same EHRs and compositions in store order, only fewer of them — or fail with the same
// error code. It also counts the compositions each side decodes: the point of planning.
#include <catch2/catch.hpp>


#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "aql/exec/planned_executor.hpp"
#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "aql/plan/explain.hpp"
#include "tests/aql/case_file.hpp"
#include "tests/aql/differential_store.hpp"
#include "tests/aql/random_queries.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

namespace {

struct Tally {
    size_t queries = 0, unparsed = 0, errors = 0, rows = 0, stopped_early = 0;
    size_t planned_decoded = 0, reference_decoded = 0;
    size_t from_index = 0, leaf_pruned = 0;  // answered from the indexes; WHERE pushed into them
    size_t top_k = 0;                        // ORDER BY + LIMIT decided by compositions in value order
    size_t projected = 0;                    // queries that decoded only what they read (aql/plan/projection.hpp)
    size_t top_k_path = 0;                   // ... of them keyed by a path (not a column's alias)
    size_t top_k_path_planned = 0;           // queries planned as a top-k keyed by a path
    size_t index_rows = 0;                   // rows given by the indexes alone (aql/plan/index_rows.hpp)
};

// Runs one query on both engines and requires the same outcome.
void Compare(const std::string& text, const aql::QueryParameters& params, store::Store& st,
             const aql::DataSource& reference_data, size_t stored, Tally& t) {
    auto q = aql::Parse(text);
    if (!q.ok()) {
        ++t.unparsed;
        return;
    }
    ++t.queries;
    auto want = aql::ExecuteReference(*q, text, reference_data, params);
    aql::PlannedRunStats stats;
    auto got = aql::ExecutePlanned(*q, text, st, params, {}, &stats);
    t.reference_decoded += stored;
    t.planned_decoded += stats.compositions_decoded;
    t.stopped_early += stats.stopped_early ? 1 : 0;
    t.from_index += stats.answered_from_index ? 1 : 0;
    t.top_k += stats.top_k_compositions > 0 ? 1 : 0;
    t.projected += stats.compositions_projected > 0 ? 1 : 0;
    t.top_k_path += stats.top_k_compositions > 0 && !q->order_by.at(0).path.path.parts.empty() ? 1 : 0;
    const aql::QueryPlan plan = aql::PlanQuery(*q, params);
    t.leaf_pruned += aql::ExplainPlan(plan, *q).find(" leaf '") != std::string::npos ? 1 : 0;
    t.top_k_path_planned += plan.top_k && !q->order_by.at(0).path.path.parts.empty() ? 1 : 0;
    t.index_rows += plan.index_rows && stats.answered_from_index ? 1 : 0;
    if (!want.ok()) {
        ++t.errors;
        INFO("reference: " << want.error().ToString());
        REQUIRE_FALSE(got.ok());
        CHECK(got.error().issues().at(0).code == want.error().issues().at(0).code);
        return;
    }
    if (!got.ok()) FAIL_CHECK("planned failed: " << got.error().ToString());
    if (!got.ok()) return;
    t.rows += want->rows.size();
    CHECK(got->columns.size() == want->columns.size());
    CHECK(got->rows == want->rows);
}

struct Fixture {
    std::unique_ptr<test::DifferentialStore> store = test::BuildDifferentialStore();
    std::unique_ptr<aql::InMemoryDataSource> reference = [this] {
        auto data = aql::LoadFromStore(*store->store);
        if (!data.ok()) throw std::runtime_error(data.error().ToString());
        return std::move(data).value();
    }();
};

Fixture& Shared() {
    static Fixture f;
    return f;
}

}  // namespace

TEST_CASE("every .test query gives the reference's rows on the planned executor", "[aql][plan][corpus]") {
    Fixture& f = Shared();
    Tally t;
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(test::SourceDir() / "tests" / "aql" / "cases")) {
        if (entry.path().extension() != ".test") continue;
        ++files;
        std::string dataset;  // all .test files run on the corpus store here
        const size_t rows_before = t.rows;
        for (const test::AqlCase& c : test::ReadAqlCases(entry.path(), dataset)) {
            INFO(c.file << ":" << c.line << "\n" << c.query);
            Compare(c.query, c.params, *f.store->store, *f.reference, f.store->compositions, t);
        }
        // The folder cases name their own dataset's EHRs; the store's directories must still
        // give the unrestricted ones rows, or the comparison would prove nothing about FOLDER.
        if (entry.path().filename() == "folder.test") CHECK(t.rows > rows_before);
    }
    CHECK(files >= 1);
    CHECK(t.queries >= 200);
    // Most corpus cases name archetypes: planning must skip most of the store.
    CHECK(t.planned_decoded * 2 < t.reference_decoded);
    CHECK(t.projected * 4 >= t.queries);  // most cases decode only what they read
    CHECK(t.index_rows >= 70);  // index_rows.test: 76 of its 82 (interval bounds are no leaf paths)
    WARN("differential (.test files): " << t.queries << " queries run (" << t.unparsed << " syntax errors skipped, "
         << t.errors << " failing alike), " << t.rows << " rows equal; compositions decoded: planned "
         << t.planned_decoded << ", reference " << t.reference_decoded << "; " << t.stopped_early
         << " LIMIT queries stopped early; " << t.top_k << " top-k (" << t.top_k_path << " keyed by a path, of "
         << t.top_k_path_planned << " planned so); " << t.projected << " decoding only what they read; "
         << t.index_rows << " rows from the indexes alone");
}

TEST_CASE("random queries from the data's own archetypes, paths and values agree", "[aql][plan][corpus]") {
    Fixture& f = Shared();
    test::QueryVocabulary vocabulary = test::HarvestVocabulary(*f.reference);
    REQUIRE(vocabulary.archetypes.size() >= 20);
    Tally t;
    // KJERNE_AQL_SEED / KJERNE_AQL_QUERIES explore further by hand; ctest runs the default.
    const char* seed_env = std::getenv("KJERNE_AQL_SEED");
    const char* count_env = std::getenv("KJERNE_AQL_QUERIES");
    const uint32_t seed = seed_env ? static_cast<uint32_t>(std::strtoul(seed_env, nullptr, 10)) : 20261125;
    const size_t count = count_env ? std::strtoul(count_env, nullptr, 10) : 600;
    for (const test::GeneratedQuery& g : test::GenerateQueries(vocabulary, seed, count)) {
        INFO(g.text);
        Compare(g.text, g.params, *f.store->store, *f.reference, f.store->compositions, t);
    }
    CHECK(t.unparsed == 0);  // the generator writes valid AQL
    CHECK(t.rows > 0);
    CHECK(t.planned_decoded < t.reference_decoded);
    // The index-only shapes are exercised, not just generated.
    CHECK(t.from_index * 50 >= count);
    CHECK(t.leaf_pruned * 20 >= count);
    CHECK(t.top_k * 200 >= count);
    CHECK(t.projected * 4 >= count);  // partial decoding is exercised on a good share
    CHECK(t.top_k_path * 400 >= count);
    CHECK(t.index_rows * 25 >= count);
    WARN("differential (random, seed " << seed << "): " << t.queries << " queries (" << t.unparsed
         << " not parsed, " << t.errors << " failing alike), " << t.rows << " rows equal; compositions decoded: planned "
         << t.planned_decoded << ", reference " << t.reference_decoded << "; " << t.stopped_early
         << " LIMIT queries stopped early; " << t.from_index << " aggregates answered from the indexes, "
         << t.leaf_pruned << " with WHERE pushed into the leaf index, " << t.top_k << " top-k ("
         << t.top_k_path << " keyed by a path, of " << t.top_k_path_planned << " planned so), " << t.projected
         << " decoding only what they read, " << t.index_rows << " rows from the indexes alone");
}
