// tests/codec/malformed_input_test.cpp
//
// Hostile and broken inputs: the readers must answer with a clear error (code, line:col,
// RM path), never crash. The table-driven cases mutate real corpus compositions
// (malformed_cases.tsv); the generated ones stress limits: 10,000 levels of nesting and a
// 100 MB string. Labelled `asan`: scripts/test.sh runs this suite under ASan/UBSan.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "engine/codec/codec.hpp"
#include "engine/rm/document.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

std::string Mutate(const std::string& text, const std::string& mutation) {
    if (mutation.rfind("truncate:", 0) == 0) {
        double fraction = std::stod(mutation.substr(9));
        return text.substr(0, static_cast<size_t>(static_cast<double>(text.size()) * fraction));
    }
    if (mutation.rfind("replace:", 0) == 0) {
        std::string spec = mutation.substr(8);
        size_t arrow = spec.find("=>");
        REQUIRE(arrow != std::string::npos);
        std::string from = spec.substr(0, arrow), to = spec.substr(arrow + 2);
        size_t at = text.find(from);
        INFO("mutation text not found in source: " << from);
        REQUIRE(at != std::string::npos);
        std::string out = text;
        out.replace(at, from.size(), to);
        return out;
    }
    FAIL("unknown mutation " << mutation);
    return {};
}

// A CLUSTER nested `depth` levels deep through items, from a real CLUSTER shape.
std::string DeepJson(int depth) {
    std::string open = R"({"_type":"CLUSTER","archetype_node_id":"at0001","name":{"_type":"DV_TEXT","value":"x"},"items":[)";
    std::string out;
    out.reserve(static_cast<size_t>(depth) * (open.size() + 2));
    for (int i = 0; i < depth; ++i) out += open;
    for (int i = 0; i < depth; ++i) out += "]}";
    return out;
}

}  // namespace

TEST_CASE("mutated corpus compositions are rejected with code, position and path", "[codec][asan]") {
    auto rows = test::ReadTable(test::SourceDir() / "tests" / "codec" / "malformed_cases.tsv");
    REQUIRE(rows.size() >= 10);
    for (auto row : rows) {
        row.resize(5);
        const std::string &name = row[0], &source = row[1], &mutation = row[2], &code = row[3], &path = row[4];
        INFO(name << ": " << source << " " << mutation);
        std::string text = Mutate(test::ReadFile(test::CorpusDir() / "compositions" / source), mutation);
        codec::ReadOptions ro;
        ro.source_name = name;
        auto doc = codec::Read(text, ro);
        REQUIRE_FALSE(doc.ok());
        REQUIRE(doc.error().issues().size() == 1);
        const Issue& issue = doc.error().issues()[0];
        INFO(doc.error().ToString());
        CHECK(issue.code == code);
        if (!path.empty() && path != "PATH_FROM_RUN") CHECK(issue.rm_path == path);
        if (path == "PATH_FROM_RUN") CHECK(issue.rm_path.find("/magnitude") != std::string::npos);
        REQUIRE(issue.pos.has_value());
        CHECK(issue.pos->line >= 1);
        CHECK(issue.pos->col >= 1);
        // The message a user sees names the place.
        CHECK(doc.error().ToString().find(name + ":" + std::to_string(issue.pos->line) + ":") != std::string::npos);
    }
}

TEST_CASE("10,000 levels of JSON nesting give a depth error, not a crash", "[codec][asan]") {
    auto doc = codec::ReadJson(DeepJson(10000));
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code() == ErrorCode::kLimitExceeded);
    CHECK(doc.error().issues().at(0).code == "LIMIT_DEPTH");
    // Within the limit the same shape reads.
    auto ok = codec::ReadJson(DeepJson(100));
    REQUIRE(ok.ok());
}

TEST_CASE("10,000 levels of XML nesting give a depth error, not a crash", "[codec][asan]") {
    std::string xml = R"(<?xml version="1.0"?><cluster xmlns="http://schemas.openehr.org/v1" )"
                      R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" archetype_node_id="at0001">)";
    for (int i = 0; i < 10000; ++i) xml += R"(<items xsi:type="CLUSTER" archetype_node_id="at0001">)";
    for (int i = 0; i < 10000; ++i) xml += "</items>";
    xml += "</cluster>";
    auto doc = codec::ReadXml(xml);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.error().code() == ErrorCode::kLimitExceeded);
}

TEST_CASE("a 100 MB string is refused by the size limit and read when allowed", "[codec][asan]") {
    std::string big(100u << 20, 'a');
    std::string json = R"({"_type":"DV_TEXT","value":")" + big + R"("})";
    auto refused = codec::ReadJson(json);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code() == ErrorCode::kLimitExceeded);
    CHECK(refused.error().issues().at(0).code == "LIMIT_SIZE");

    codec::ReadOptions roomy;
    roomy.max_bytes = 256u << 20;
    auto read = codec::ReadJson(json, roomy);
    REQUIRE(read.ok());
    CHECK(read->root()->String(read->schema(), "value").size() == big.size());

    std::string xml = "<?xml version=\"1.0\"?><dv_text xmlns=\"http://schemas.openehr.org/v1\"><value>" + big +
                      "</value></dv_text>";
    auto xrefused = codec::ReadXml(xml);
    REQUIRE_FALSE(xrefused.ok());
    CHECK(xrefused.error().code() == ErrorCode::kLimitExceeded);
}

TEST_CASE("empty and non-object documents are rejected", "[codec][asan]") {
    for (const char* text : {"", "   ", "[]", "42", "\"x\"", "null", "{", "{\"_type\":", "<", "<composition"}) {
        INFO("input: " << text);
        auto doc = codec::Read(text);
        CHECK_FALSE(doc.ok());
    }
}

TEST_CASE("random byte mutations of corpus JSON never crash the reader", "[codec][asan]") {
    // Deterministic (seeded) corruption of real compositions: flipped, deleted and inserted
    // bytes. Every outcome must be a document or an error with a positioned issue.
    std::mt19937 rng(20261125);
    const char alphabet[] = "{}[]\":,0123456789-+.eE\\ntrfalsu _";
    size_t runs = 0, rejected = 0;
    for (const auto& e : test::ReadableCompositions("canonical_json")) {
        std::string base = test::ReadFile(test::CorpusDir() / "compositions" / e.file);
        for (int round = 0; round < 40; ++round) {
            std::string text = base;
            int edits = 1 + static_cast<int>(rng() % 4);
            for (int k = 0; k < edits && !text.empty(); ++k) {
                size_t at = rng() % text.size();
                switch (rng() % 3) {
                    case 0: text[at] = alphabet[rng() % (sizeof alphabet - 1)]; break;
                    case 1: text.erase(at, 1 + rng() % 8); break;
                    default: text.insert(at, 1, alphabet[rng() % (sizeof alphabet - 1)]);
                }
            }
            auto doc = codec::ReadJson(text);
            ++runs;
            if (!doc.ok()) {
                ++rejected;
                REQUIRE(doc.error().issues().size() == 1);
                CHECK_FALSE(doc.error().issues()[0].code.empty());
            } else {
                // Whatever was accepted must write and read back to the same tree.
                auto back = codec::ReadJson(codec::WriteJson(*doc));
                REQUIRE(back.ok());
                CHECK_FALSE(rm::FirstDifference(*doc, *back).has_value());
            }
        }
    }
    CHECK(runs >= 1500);
    CHECK(rejected > runs / 2);
}
