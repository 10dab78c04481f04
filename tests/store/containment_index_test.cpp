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

TEST_CASE("leaf values are keyed by their nearest archetype root and its node-id path", "[store]") {
    auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "compositions" / "canonical_json/ips_canonical.json"));
    REQUIRE(doc.ok());
    store::ObjectIndex index = store::ComputeObjectIndex(*doc->root());
    CHECK(index.rows == store::ComputeIndexRows(*doc->root()));
    auto bp = std::find_if(index.rows.begin(), index.rows.end(), [](const store::IndexRow& r) {
        return r.archetype_id == "openEHR-EHR-OBSERVATION.blood_pressure.v2";
    });
    REQUIRE(bp != index.rows.end());
    // The corpus file's one event: systolic 266.0, diastolic 756.0 (Real magnitudes).
    const std::string event = "/data[at0001]/events[at0006]/data[at0003]/items[";
    std::vector<store::LeafRow> found;
    for (const store::LeafRow& l : index.leaves)
        if (l.archetype_id == bp->archetype_id) found.push_back(l);
    REQUIRE(found.size() == 2);
    CHECK(found[0].path == event + "at0004]/value/magnitude");
    CHECK(found[1].path == event + "at0005]/value/magnitude");
    CHECK(found[0].root_num == bp->num);
    CHECK_FALSE(found[0].is_int);
    CHECK(found[0].d == 266.0);
    CHECK(found[1].d == 756.0);
    CHECK(found[0].ord < found[1].ord);
    // Leaves are numbered in pre-order over the whole object, each root's under its own num.
    for (size_t i = 0; i < index.leaves.size(); ++i) {
        CHECK(index.leaves[i].ord == static_cast<int64_t>(i));
        auto root = std::find_if(index.rows.begin(), index.rows.end(),
                                 [&](const store::IndexRow& r) { return r.num == index.leaves[i].root_num; });
        REQUIRE(root != index.rows.end());
        CHECK(root->archetype_id == index.leaves[i].archetype_id);
        CHECK(index.leaves[i].path.find("openEHR-") == std::string::npos);  // never across a root
    }
    CHECK(index.by_details.empty());
}
