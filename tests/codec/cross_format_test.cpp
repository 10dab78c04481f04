// tests/codec/cross_format_test.cpp
//
// JSON and XML against each other on the real corpus (JSON written as XML, validated
// against the RM XSD and read back, is in xml_codec_test.cpp with its known-issue table):
// - every canonical XML composition written as JSON reads back to an equal tree (the
//   ITS-JSON schema check of that output is tests/codec/json_schema_check.py);
// - where the corpus holds the same composition as JSON and as XML, both read equal.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "engine/codec/codec.hpp"
#include "engine/rm/document.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

TEST_CASE("XML compositions written as JSON read back equal", "[codec][xml][json][corpus]") {
    auto files = test::ReadableCompositions("canonical_xml");
    REQUIRE(files.size() >= 15);
    for (const auto& e : files) {
        INFO(e.file);
        auto doc = codec::ReadXml(test::ReadFile(test::CorpusDir() / "compositions" / e.file));
        REQUIRE(doc.ok());
        auto back = codec::ReadJson(codec::WriteJson(*doc));
        REQUIRE(back.ok());
        auto diff = rm::FirstDifference(*doc, *back);
        CHECK_FALSE(diff.has_value());
    }
}

TEST_CASE("the same composition as JSON and as XML reads to equal trees", "[codec][xml][json][corpus]") {
    // Pairs are found, not listed: any JSON file in the corpus with an XML file of the same
    // stem beside it. json_xml_pairs.tsv names the pairs that are in fact two different
    // compositions, with where they first differ.
    std::map<std::string, std::string> different;
    for (auto row : test::ReadTable(test::SourceDir() / "tests" / "codec" / "json_xml_pairs.tsv")) {
        row.resize(2);
        different[row[0]] = row[1];
    }
    size_t pairs = 0, equal = 0;
    for (const auto& entry : fs::recursive_directory_iterator(test::CorpusDir())) {
        if (entry.path().extension() != ".json") continue;
        fs::path xml = entry.path();
        xml.replace_extension(".xml");
        if (!fs::exists(xml)) continue;
        std::string rel = fs::relative(entry.path(), test::CorpusDir()).generic_string();
        INFO(rel);
        auto a = codec::ReadJson(test::ReadFile(entry.path()));
        auto b = codec::ReadXml(test::ReadFile(xml));
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        auto diff = rm::FirstDifference(*a, *b);
        ++pairs;
        if (auto it = different.find(rel); it != different.end()) {
            REQUIRE(diff.has_value());
            CHECK(diff->rfind(it->second + ":", 0) == 0);
        } else {
            if (diff) FAIL_CHECK("differs at " << *diff);
            else ++equal;
        }
    }
    CHECK(pairs >= 1);
    CHECK(pairs == equal + different.size());
}

TEST_CASE("XML from SDK-era clients spelling ENTRY.work_flow_id reads as workflow_id", "[codec][xml][corpus]") {
    // interval_partial_date.json carries ENTRY.workflow_id; the XSD set the openEHR SDK ships
    // (RM 1.0.2) names that element work_flow_id.
    auto doc = codec::ReadJson(test::ReadFile(test::CorpusDir() / "compositions" / "canonical_json" / "interval_partial_date.json"));
    REQUIRE(doc.ok());
    std::string xml = codec::WriteXml(*doc);
    size_t renamed = 0;
    for (const char* tag : {"<workflow_id", "</workflow_id>"}) {
        std::string old_tag = tag, new_tag = old_tag;
        new_tag.replace(new_tag.find("workflow_id"), 11, "work_flow_id");
        for (size_t at; (at = xml.find(old_tag)) != std::string::npos; ++renamed) xml.replace(at, old_tag.size(), new_tag);
    }
    REQUIRE(renamed >= 2);
    auto back = codec::ReadXml(xml);
    REQUIRE(back.ok());
    CHECK_FALSE(rm::FirstDifference(*doc, *back).has_value());
}
