// tests/store/containment_index_test.cpp
//
// Regressions of the containment index (engine/store/containment_index.hpp) found by the AQL
// differential tests: a row is keyed by the node's archetype_node_id (what AQL predicates
// match) even when archetype_details names another archetype, and archetyped clusters under
// a composition's context/other_context are indexed (EVENT_CONTEXT is not LOCATABLE, so its
// slot numbers must not be read as LOCATABLE's name / archetype_details).
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/codec/codec.hpp"
#include "engine/store/containment_index.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

std::vector<store::IndexRow> Rows(const std::string& file) {
    auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "compositions" / file));
    REQUIRE(doc.ok());
    return store::ComputeIndexRows(*doc->root());
}

bool Has(const std::vector<store::IndexRow>& rows, const std::string& rm_type, const std::string& archetype) {
    return std::any_of(rows.begin(), rows.end(),
                       [&](const store::IndexRow& r) { return r.rm_type == rm_type && r.archetype_id == archetype; });
}

}  // namespace

TEST_CASE("index rows carry archetype_node_id when archetype_details disagrees", "[store]") {
    // The corpus ACTION says archetype_node_id openEHR-EHR-ACTION.minimal_2.v1 but its
    // archetype_details name openEHR-EHR-COMPOSITION.minimal_2.v1.
    auto rows = Rows("canonical_json/minimal_action2_1.json");
    CHECK(Has(rows, "ACTION", "openEHR-EHR-ACTION.minimal_2.v1"));
    CHECK_FALSE(Has(rows, "ACTION", "openEHR-EHR-COMPOSITION.minimal_2.v1"));
}

TEST_CASE("archetyped clusters in context/other_context are indexed inside the composition", "[store]") {
    auto rows = Rows("canonical_json/virology_finding_with_specimen.json");
    auto it = std::find_if(rows.begin(), rows.end(), [](const store::IndexRow& r) {
        return r.archetype_id == "openEHR-EHR-CLUSTER.case_identification.v0";
    });
    REQUIRE(it != rows.end());
    CHECK(it->rm_type == "CLUSTER");
    CHECK(it->parent_num == 0);  // directly inside the COMPOSITION's row
    CHECK(it->num > 0);
    CHECK(it->num_cap <= rows[0].num_cap);
}
