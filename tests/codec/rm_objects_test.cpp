// tests/codec/rm_objects_test.cpp
//
// EHR_STATUS, FOLDER, ITEM_STRUCTURE and CONTRIBUTION objects from the corpus, driven by
// rm_objects.tsv: each reads (and round-trips through both formats) or is rejected with the
// listed code and RM path.
#include <catch2/catch.hpp>

#include "engine/codec/codec.hpp"
#include "engine/rm/document.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

TEST_CASE("corpus RM objects other than compositions read or are rejected as listed", "[codec][corpus]") {
    auto rows = test::ReadTable(test::SourceDir() / "tests" / "codec" / "rm_objects.tsv");
    REQUIRE(rows.size() >= 10);
    for (auto row : rows) {
        row.resize(4);
        const std::string &file = row[0], &root_type = row[1], &expect = row[2];
        INFO(file << ": " << row[3]);
        codec::ReadOptions ro;
        ro.source_name = file;
        if (root_type != "-") ro.root_type = root_type;
        auto doc = codec::Read(test::ReadFile(test::CorpusDir() / "rm-objects" / file), ro);
        if (expect == "ok") {
            if (!doc.ok()) FAIL_CHECK(doc.error().ToString());
            if (!doc.ok()) continue;
            for (auto format : {codec::Format::kJson, codec::Format::kXml}) {
                auto back = codec::Read(codec::Write(*doc, format));
                REQUIRE(back.ok());
                CHECK_FALSE(rm::FirstDifference(*doc, *back).has_value());
            }
        } else {
            REQUIRE_FALSE(doc.ok());
            const Issue& issue = doc.error().issues().at(0);
            CHECK(issue.code + " " + issue.rm_path == expect);
            CHECK(issue.pos.has_value());
        }
    }
}
