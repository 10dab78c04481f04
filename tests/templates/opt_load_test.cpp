// tests/templates/opt_load_test.cpp
//
// OPT 1.4 loading on the real corpus: every operational template in it loads, every broken
// one in invalid_templates/ is rejected with the code listed in invalid_opts.tsv, and the
// loaded model holds what the OPT says (indexes, terminology, errors with line:col).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "templates/opt/opt_loader.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace fs = std::filesystem;
using kjerne::templates::LoadOpt;
using kjerne::templates::LoadOptFile;

namespace {

std::vector<fs::path> OptsUnder(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".opt") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every operational template in the corpus loads", "[templates][opt]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    const std::vector<std::string> dirs = {"templates/opt14", "validation-sets/integration-tests/valid_templates",
                                           "aql/examples/integration-tests/aql/data_load/opts"};
    for (const auto& d : dirs) {
        size_t n = 0, ok = 0;
        for (const auto& p : OptsUnder(corpus / d)) {
            ++n;
            auto t = LoadOptFile(p.string());
            INFO(p.string());
            if (!t.ok()) {
                FAIL_CHECK(t.error().ToString());
                continue;
            }
            ++ok;
            CHECK(!(*t)->template_id.empty());
            CHECK((*t)->definition);
            CHECK((*t)->FindByPath("/") == (*t)->definition.get());
        }
        WARN(d << ": " << ok << "/" << n << " load");
        CHECK(n > 0);
        CHECK(ok == n);
    }
}

TEST_CASE("every broken operational template is rejected with its code", "[templates][opt]") {
    const fs::path dir = kjerne::test::CorpusDir() / "validation-sets/integration-tests/invalid_templates";
    std::map<std::string, std::string> expected;
    for (const auto& row : kjerne::test::ReadTable(kjerne::test::SourceDir() / "tests/templates/invalid_opts.tsv")) {
        REQUIRE(row.size() >= 2);
        expected[row[0]] = row[1];
    }
    size_t rejected = 0;
    for (const auto& p : OptsUnder(dir)) {
        const std::string rel = fs::relative(p, dir).generic_string();
        INFO(rel);
        auto it = expected.find(rel);
        REQUIRE(it != expected.end());  // a new broken OPT must be listed with its expected code
        auto t = LoadOptFile(p.string());
        REQUIRE_FALSE(t.ok());
        REQUIRE_FALSE(t.error().issues().empty());
        CHECK(t.error().issues().front().code == it->second);
        rejected += t.error().issues().front().code == it->second;
        expected.erase(it);
    }
    CHECK(expected.empty());  // every row names a file that exists
    WARN("invalid templates rejected with the expected code: " << rejected);
}

TEST_CASE("the loaded model holds the OPT's header, paths, nodes and terms", "[templates][opt]") {
    auto t = LoadOptFile((kjerne::test::CorpusDir() / "templates/opt14/Test_all_types.opt").string());
    REQUIRE(t.ok());
    const auto& tpl = **t;
    CHECK(tpl.template_id == "test_all_types.en.v1");
    CHECK(tpl.concept_name == "Test all types");
    CHECK(tpl.language == "en");
    CHECK(tpl.definition->archetype_id == "openEHR-EHR-COMPOSITION.test_all_types.v1");
    CHECK(tpl.definition->rm_type_name == "COMPOSITION");
    const auto* cat = tpl.FindByPath("/category");
    REQUIRE(cat);
    CHECK(cat->rm_type_name == "DV_CODED_TEXT");
    const auto* code = tpl.FindByPath("/category/defining_code");
    REQUIRE(code);
    REQUIRE(code->code_phrase());
    CHECK(code->code_phrase()->terminology_id == "openehr");
    CHECK(code->code_phrase()->code_list == std::vector<std::string>{"433"});
    REQUIRE(tpl.roots.count("openEHR-EHR-OBSERVATION.test_all_types.v1"));
    const auto* obs = tpl.roots.at("openEHR-EHR-OBSERVATION.test_all_types.v1").front();
    CHECK(obs->path == "/content[openEHR-EHR-OBSERVATION.test_all_types.v1]");
    CHECK(tpl.FindByPath(obs->path + "/data[at0001]"));
    CHECK(tpl.TermText(*obs, "at0001") == "Event Series");
    CHECK(tpl.by_node.count({"openEHR-EHR-OBSERVATION.test_all_types.v1", "at0001"}) == 1);
}

TEST_CASE("template errors carry line:col and the constraint path", "[templates][opt]") {
    const std::string head =
        "<template xmlns=\"http://schemas.openehr.org/v1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        "<language><terminology_id><value>ISO_639-1</value></terminology_id><code_string>en</code_string></language>\n"
        "<template_id><value>t</value></template_id><concept>c</concept>\n"
        "<definition><rm_type_name>COMPOSITION</rm_type_name><node_id>at0000</node_id>\n"
        "<archetype_id><value>openEHR-EHR-COMPOSITION.x.v1</value></archetype_id>\n";
    const std::string tail =
        "<term_definitions code=\"at0000\"><items id=\"text\">x</items></term_definitions>\n</definition></template>\n";
    struct Case {
        const char* name;
        std::string body;
        const char* code;
        const char* path;
        uint32_t line;
    };
    const std::vector<Case> cases = {
        {"unknown attribute",
         "<attributes xsi:type=\"C_SINGLE_ATTRIBUTE\"><rm_attribute_name>colour</rm_attribute_name></attributes>\n",
         "OPT_UNKNOWN_ATTRIBUTE", "/colour", 6},
        {"unknown RM type",
         "<attributes xsi:type=\"C_SINGLE_ATTRIBUTE\"><rm_attribute_name>context</rm_attribute_name>\n"
         "<children xsi:type=\"C_COMPLEX_OBJECT\"><rm_type_name>EVENT_CONTEXTS</rm_type_name><node_id/></children></attributes>\n",
         "OPT_UNKNOWN_RM_TYPE", "/context", 7},
        {"bad occurrences",
         "<attributes xsi:type=\"C_SINGLE_ATTRIBUTE\"><rm_attribute_name>context</rm_attribute_name>\n"
         "<children xsi:type=\"C_COMPLEX_OBJECT\"><rm_type_name>EVENT_CONTEXT</rm_type_name>\n"
         "<occurrences><lower>2</lower><upper>1</upper></occurrences><node_id/></children></attributes>\n",
         "OPT_OCCURRENCES", "/context", 8},
        {"missing term definition",
         "<attributes xsi:type=\"C_SINGLE_ATTRIBUTE\"><rm_attribute_name>context</rm_attribute_name>\n"
         "<children xsi:type=\"C_COMPLEX_OBJECT\"><rm_type_name>EVENT_CONTEXT</rm_type_name><node_id/>\n"
         "<attributes xsi:type=\"C_SINGLE_ATTRIBUTE\"><rm_attribute_name>other_context</rm_attribute_name>\n"
         "<children xsi:type=\"C_COMPLEX_OBJECT\"><rm_type_name>ITEM_TREE</rm_type_name><node_id>at0001</node_id></children>\n"
         "</attributes></children></attributes>\n",
         "OPT_MISSING_TERM", "/context/other_context[at0001]", 0},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto t = LoadOpt(head + c.body + tail, {"case.opt"});
        REQUIRE_FALSE(t.ok());
        const auto& issue = t.error().issues().front();
        CHECK(issue.code == c.code);
        CHECK(issue.archetype_path == c.path);
        REQUIRE(issue.pos);
        CHECK(issue.pos->file == "case.opt");
        if (c.line) CHECK(issue.pos->line == c.line);
    }
}

TEST_CASE("a DOCTYPE is refused before any entity is read", "[templates][opt]") {
    auto t = LoadOpt("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><template>&x;</template>");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().issues().front().code == "XML_SYNTAX");
}

// The corpus against the OPT 1.4 schema (which LoadOpt now checks) is in opt_xsd_test.cpp, with
// its findings listed in opt_xsd_findings.tsv.
