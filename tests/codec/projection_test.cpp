// tests/codec/projection_test.cpp
//
// Reading canonical JSON with a projection (engine/codec/projection.hpp) on real corpus
// compositions: anchored nodes are kept with their chain from the root and what their trie
// names, root paths are kept, identity attributes stay on every kept object, subtrees without
// an anchor are left out, and every corpus composition read with a projection that keeps all
// of it writes back the same JSON as a whole read.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "engine/codec/codec.hpp"
#include "engine/codec/json_reader.hpp"
#include "engine/common/file.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

std::string ReadCorpus(const std::string& rel) {
    auto text = ReadFileBytes(test::CorpusDir() / rel);
    REQUIRE(text.ok());
    return *text;
}

// Every node of `n` in pre-order, with its archetype_node_id.
void Nodes(const rm::Node* n, std::vector<const rm::Node*>& out) {
    out.push_back(n);
    for (const rm::Attr& a : n->attributes()) {
        if (a.value.node()) Nodes(a.value.node(), out);
        for (const rm::Value& v : a.value.items())
            if (v.node()) Nodes(v.node(), out);
    }
}

std::vector<const rm::Node*> WithId(const rm::Document& doc, std::string_view id) {
    std::vector<const rm::Node*> all, out;
    Nodes(doc.root(), all);
    const bmm::Schema& schema = doc.schema();
    for (const rm::Node* n : all)
        if (n->String(schema, "archetype_node_id") == id) out.push_back(n);
    return out;
}

size_t CountNodes(const rm::Document& doc) {
    std::vector<const rm::Node*> all;
    Nodes(doc.root(), all);
    return all.size();
}

const rm::Node* Follow(const bmm::Schema& schema, const rm::Node* n, std::initializer_list<const char*> attrs) {
    for (const char* a : attrs) {
        if (!n) return nullptr;
        const rm::Value* v = n->Find(schema, a);
        if (!v) return nullptr;
        if (v->is_list()) n = v->items().empty() ? nullptr : v->items()[0].node();
        else n = v->node();
    }
    return n;
}

}  // namespace

TEST_CASE("a projection keeps anchored nodes with their chain, their trie and the root's paths") {
    const std::string text = ReadCorpus("compositions/canonical_json/gecco_laborbefund.json");
    codec::JsonReader reader;
    auto whole = reader.Read(text);
    REQUIRE(whole.ok());
    const std::string analyte = "openEHR-EHR-CLUSTER.laboratory_test_analyte.v1";
    const size_t analytes = WithId(*whole, analyte).size();
    REQUIRE(analytes > 0);

    codec::Projection p;
    p.root.Child("context").Child("start_time").whole = true;
    codec::ProjectionAnchor a{analyte, {}};
    a.keep.Child("items").Child("value").Child("magnitude").whole = true;
    p.anchors.push_back(a);
    codec::ReadOptions opts;
    opts.projection = &p;
    auto part = reader.Read(text, opts);
    REQUIRE(part.ok());
    const bmm::Schema& schema = part->schema();

    auto kept = WithId(*part, analyte);
    CHECK(kept.size() == analytes);
    CHECK(CountNodes(*part) < CountNodes(*whole));
    for (const rm::Node* n : kept) {
        CHECK_FALSE(n->String(schema, "archetype_node_id").empty());
        CHECK(n->Find(schema, "name") != nullptr);  // identity kept
    }
    // The root's path is there, whole below its end; what nobody asked for is not.
    const rm::Node* start = Follow(schema, part->root(), {"context", "start_time"});
    REQUIRE(start != nullptr);
    CHECK(start->String(schema, "value") == Follow(schema, whole->root(), {"context", "start_time"})->String(schema, "value"));
    CHECK(part->root()->Find(schema, "composer") == nullptr);
    CHECK(part->root()->Find(schema, "name") != nullptr);
}

TEST_CASE("a projection without anchors keeps only the root's paths") {
    const std::string text = ReadCorpus("compositions/canonical_json/gecco_laborbefund.json");
    codec::Projection p;
    p.root.Child("context").Child("start_time").whole = true;
    codec::ReadOptions opts;
    opts.projection = &p;
    codec::JsonReader reader;
    auto part = reader.Read(text, opts);
    REQUIRE(part.ok());
    const bmm::Schema& schema = part->schema();
    CHECK(part->root()->Find(schema, "content") == nullptr);
    CHECK(part->root()->Find(schema, "context") != nullptr);
    CHECK(part->root()->Find(schema, "composer") == nullptr);
}

TEST_CASE("every corpus composition read under a whole-root projection equals the whole read") {
    codec::Projection keep_all;
    keep_all.root.whole = true;
    codec::ReadOptions opts;
    opts.projection = &keep_all;
    codec::JsonReader reader;
    size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::CorpusDir() / "compositions" / "canonical_json")) {
        auto text = ReadFileBytes(entry.path());
        REQUIRE(text.ok());
        auto whole = reader.Read(*text);
        if (!whole.ok()) continue;  // the corpus's invalid files: covered by the codec suites
        auto part = reader.Read(*text, opts);
        REQUIRE(part.ok());
        CHECK(codec::WriteJson(*part) == codec::WriteJson(*whole));
        ++compared;
    }
    CHECK(compared > 40);
}
