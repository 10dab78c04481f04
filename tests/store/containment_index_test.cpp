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

TEST_CASE("leaves record the first list their path goes through item by item", "[store]") {
    // body_weight.v2 with events [at0026, at0003, at0003]: a path step events[at0003] yields
    // two items (a list: SELECT columns zip on it), events[at0026] one (no list there; the
    // items[at0004] below names one item too).
    auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "compositions" / "canonical_json/alternative_events.json"));
    REQUIRE(doc.ok());
    store::ObjectIndex index = store::ComputeObjectIndex(*doc->root());
    std::vector<store::LeafRow> weights;
    for (const store::LeafRow& l : index.leaves)
        if (l.archetype_id == "openEHR-EHR-OBSERVATION.body_weight.v2") weights.push_back(l);
    REQUIRE(weights.size() == 3);
    const std::string events = "/data[at0002]/events";
    CHECK(weights[0].path == events + "[at0026]/data[at0001]/items[at0004]/value/magnitude");
    CHECK(weights[0].list_at == 0);
    CHECK(weights[0].d == 30.0);
    for (size_t i : {1, 2}) {
        CHECK(weights[i].path == events + "[at0003]/data[at0001]/items[at0004]/value/magnitude");
        CHECK(weights[i].list_at == static_cast<int64_t>(events.size()));
        CHECK(weights[i].list_index == static_cast<int64_t>(i));  // the event's position among all three
    }
    CHECK(weights[1].d == 55.0);
    CHECK(weights[2].d == 60.0);
}

TEST_CASE("the root's uid and context start time are text leaves of the root, the uid last", "[store]") {
    auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "compositions" / "canonical_json/alternative_events.json"));
    REQUIRE(doc.ok());
    auto header = [](const store::ObjectIndex& index) {
        std::vector<store::LeafRow> out;
        for (const store::LeafRow& l : index.leaves)
            if (l.is_text) out.push_back(l);
        return out;
    };
    auto from_tree = header(store::ComputeObjectIndex(*doc->root()));
    REQUIRE(from_tree.size() == 2);
    CHECK(from_tree[0].path == "/context/start_time/value");
    CHECK(from_tree[0].text == "2010-11-02T12:00:00Z");
    CHECK(from_tree[1].path == "/uid/value");
    CHECK(from_tree[1].text == "655ab9fb-9454-4540-a52c-83ce4bdf765d::ehrbase.org::1");
    for (const store::LeafRow& l : from_tree) {
        CHECK(l.root_num == 0);
        CHECK(l.archetype_id == "openEHR-EHR-COMPOSITION.report.v1");
    }
    // A store writes its own version uid into the payload; the leaf follows it.
    auto stored = header(store::ComputeObjectIndex(*doc->root(), "a::b::2"));
    REQUIRE(stored.size() == 2);
    CHECK(stored[1].text == "a::b::2");
}
