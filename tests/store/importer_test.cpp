// tests/store/importer_test.cpp
//
// Bulk import (engine/store/importer.hpp) on corpus files: JSON and XML, folders, new EHR per
// composition or one given EHR, rejections reported and never half-stored, the validation hook.
#include <catch2/catch.hpp>

#include "engine/store/importer.hpp"
#include "engine/store/store_check.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

TEST_CASE("Import registers OPTs and stores each composition in a new EHR", "[store][import]") {
    TempDbPath db("kjerne-import");
    auto s = test::OpenTestStore(db);
    auto corpus = test::StorableCorpusCompositions();
    for (const auto& c : corpus) {
        auto id = RegisterOptFile(*s, test::CorpusDir() / c.opt);
        REQUIRE(id.ok());
        CHECK(*id == c.template_id);
    }
    Importer importer(*s, {});
    size_t xml = 0;
    for (const auto& c : corpus) {
        INFO(c.file);
        auto v = importer.ImportFile(test::CorpusDir() / "compositions" / c.file);
        INFO((v.ok() ? std::string() : v.error().ToString()));
        REQUIRE(v.ok());
        if (c.file.find(".xml") != std::string::npos) ++xml;
    }
    CHECK(xml > 5);
    auto stats = s->Stats();
    CHECK(stats->ehrs == static_cast<int64_t>(corpus.size()));
    CHECK(stats->compositions == static_cast<int64_t>(corpus.size()));
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    CHECK(report->clean());
}

TEST_CASE("Import rejects what the store cannot hold, leaving nothing behind", "[store][import]") {
    TempDbPath db("kjerne-import-reject");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    auto dir = test::CorpusDir() / "compositions";

    SECTION("unknown template: no EHR is created") {
        Importer importer(*s, {});
        auto r = importer.ImportFile(dir / c.file);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code() == ErrorCode::kValidation);
        CHECK(r.error().issues().at(0).code == "STORE_UNKNOWN_TEMPLATE");
        CHECK(s->Stats()->ehrs == 0);
    }
    SECTION("unreadable RM") {
        REQUIRE(RegisterOptFile(*s, test::CorpusDir() / c.opt).ok());
        Importer importer(*s, {});
        auto r = importer.ImportFile(dir / "canonical_json/invalid.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code() == ErrorCode::kInvalidArgument);
        CHECK(s->Stats()->ehrs == 0);
    }
    SECTION("the validation hook rejects with its issues") {
        REQUIRE(RegisterOptFile(*s, test::CorpusDir() / c.opt).ok());
        ImportOptions o;
        std::string seen;
        o.validator = [&](const rm::Document&, const TemplateRecord& t) {
            seen = t.template_id;
            Issue i;
            i.code = "RM_REQUIRED";
            i.rm_path = "/context";
            i.message = "from the hook";
            return std::vector<Issue>{i};
        };
        Importer importer(*s, o);
        auto r = importer.ImportFile(dir / c.file);
        REQUIRE_FALSE(r.ok());
        CHECK(seen == c.template_id);
        CHECK(r.error().issues().at(0).code == "RM_REQUIRED");
        CHECK(s->Stats()->ehrs == 0);
    }
    SECTION("--ehr: all into one existing EHR; an unknown EHR rejects") {
        REQUIRE(RegisterOptFile(*s, test::CorpusDir() / c.opt).ok());
        auto ehr = s->CreateEhr({});
        ImportOptions o;
        o.ehr_id = ehr->ehr_id;
        Importer importer(*s, o);
        REQUIRE(importer.ImportFile(dir / c.file).ok());
        REQUIRE(importer.ImportFile(dir / c.file).ok());
        CHECK(s->ListCompositions(ehr->ehr_id)->size() == 2);
        CHECK(s->Stats()->ehrs == 1);
        ImportOptions bad;
        bad.ehr_id = "00000000-0000-4000-8000-000000000000";
        Importer lost(*s, bad);
        CHECK(lost.ImportFile(dir / c.file).error().code() == ErrorCode::kNotFound);
    }
}

TEST_CASE("Input collection walks folders for .json and .xml, sorted", "[store][import]") {
    auto files = CollectInputFiles({(test::CorpusDir() / "compositions" / "canonical_xml").string()});
    REQUIRE(files.ok());
    REQUIRE(files->size() >= 10);
    CHECK(std::is_sorted(files->begin(), files->end()));
    for (const auto& f : *files) CHECK(f.extension() == ".xml");
    CHECK(CollectInputFiles({"/nonexistent/kjerne"}).error().code() == ErrorCode::kNotFound);
}

TEST_CASE("Batched import: one transaction per batch, each composition its own EHR and contribution",
          "[store][import]") {
    TempDbPath db("kjerne-import-batch");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    REQUIRE(RegisterOptFile(*s, test::CorpusDir() / c.opt).ok());
    auto dir = test::CorpusDir() / "compositions";
    std::vector<std::filesystem::path> files;
    for (int i = 0; i < 7; ++i) files.push_back(dir / c.file);
    files.insert(files.begin() + 3, dir / "canonical_json/invalid.json");             // unreadable
    files.insert(files.begin() + 5, dir / "canonical_json/minimal_evaluation.json");  // template not stored
    ImportOptions o;
    o.batch_size = GENERATE(1, 3, 100);
    Importer importer(*s, o);
    std::vector<std::string> order;
    size_t ok = 0;
    importer.ImportFiles(files, [&](const ImportOutcome& out) {
        order.push_back(out.file.filename().string());
        if (out.result.ok()) ++ok;
    });
    REQUIRE(order.size() == files.size());
    CHECK(order[3] == "invalid.json");
    CHECK(ok == 7);
    auto stats = s->Stats();
    CHECK(stats->ehrs == 7);
    CHECK(stats->compositions == 7);
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    CHECK(report->clean());
}
