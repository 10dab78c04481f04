// tests/codec/json_codec_test.cpp
//
// Canonical JSON on the real corpus: every canonical composition reads, writes and reads
// back to an equal tree; the corpus files that are not canonical RM are rejected with
// the code and RM path listed in corpus_rejections.tsv.
#include <catch2/catch.hpp>

#include <cstring>

#include "engine/codec/codec.hpp"
#include "engine/codec/json_reader.hpp"
#include "engine/rm/document.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

TEST_CASE("every canonical JSON composition round-trips to an equal tree", "[codec][json][corpus]") {
    auto files = test::ReadableCompositions("canonical_json");
    REQUIRE(files.size() >= 45);
    codec::JsonReader reader;
    size_t equal = 0;
    for (const auto& e : files) {
        INFO(e.file);
        codec::ReadOptions ro;
        ro.source_name = e.file;
        auto first = reader.Read(test::ReadFile(test::CorpusDir() / "compositions" / e.file), ro);
        if (!first.ok()) FAIL_CHECK(first.error().ToString());
        if (!first.ok()) continue;
        CHECK(first->schema().Name(first->root()->type) == "COMPOSITION");
        std::string written = codec::WriteJson(*first);
        auto second = reader.Read(written, ro);
        if (!second.ok()) FAIL_CHECK("re-read: " + second.error().ToString());
        if (!second.ok()) continue;
        auto diff = rm::FirstDifference(*first, *second);
        CHECK_FALSE(diff.has_value());
        if (!diff) ++equal;
        // Writing is deterministic: the same tree gives the same bytes.
        CHECK(codec::WriteJson(*second) == written);
    }
    CHECK(equal == files.size());
}

TEST_CASE("compact and pretty JSON read to the same tree", "[codec][json][corpus]") {
    for (const auto& e : test::ReadableCompositions("canonical_json")) {
        INFO(e.file);
        auto doc = codec::ReadJson(test::ReadFile(test::CorpusDir() / "compositions" / e.file));
        REQUIRE(doc.ok());
        codec::WriteOptions compact;
        compact.pretty = false;
        std::string text = codec::WriteJson(*doc, compact);
        CHECK(text.find('\n') == std::string::npos);
        auto again = codec::ReadJson(text);
        REQUIRE(again.ok());
        CHECK_FALSE(rm::FirstDifference(*doc, *again).has_value());
    }
}

TEST_CASE("non-canonical corpus files are rejected with code and RM path", "[codec][json][corpus]") {
    auto rejections = test::ReadRejections();
    REQUIRE_FALSE(rejections.empty());
    for (const auto& [file, expect] : rejections) {
        INFO(file << " (" << expect.reason << ")");
        codec::ReadOptions ro;
        ro.source_name = file;
        auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "compositions" / file), ro);
        REQUIRE_FALSE(doc.ok());
        REQUIRE(doc.error().issues().size() == 1);
        const Issue& issue = doc.error().issues()[0];
        CHECK(issue.code == expect.code);
        CHECK(issue.rm_path == expect.rm_path);
        REQUIRE(issue.pos.has_value());
        CHECK(issue.pos->line > 0);
        CHECK(issue.pos->col > 0);
        CHECK(issue.pos->file == file);
    }
}

TEST_CASE("the RM type is inferred where the attribute's static type is concrete", "[codec][json]") {
    // minimal_observation.json with the _type removed from every `name` (static type
    // DV_TEXT) and every `terminology_id` (TERMINOLOGY_ID): the trees must agree.
    auto path = test::CorpusDir() / "compositions" / "canonical_json" / "minimal_observation.json";
    std::string text = test::ReadFile(path);
    auto tagged = codec::ReadJson(text);
    REQUIRE(tagged.ok());
    size_t removed = 0;
    for (auto [key, tag] : {std::pair{"\"name\": {", "\"_type\": \"DV_TEXT\","},
                            std::pair{"\"terminology_id\": {", "\"_type\": \"TERMINOLOGY_ID\","}}) {
        for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
            size_t t = text.find(tag, at);
            if (t != std::string::npos && t - at < 40) {
                text.erase(t, std::strlen(tag));
                ++removed;
            }
        }
    }
    REQUIRE(removed > 5);
    auto untagged = codec::ReadJson(text);
    REQUIRE(untagged.ok());
    CHECK_FALSE(rm::FirstDifference(*tagged, *untagged).has_value());
}
