// tests/templates/adl2_template_test.cpp
//
// ADL 2 templates of the corpus (archetypes/adl2: the examples folders and ckm_2013_12_09) as
// operational templates: the whole folder is one archetype library; every artefact of type
// template in it loads through LoadAdl2TemplateFile, and its minimal, full and 100 random examples
// validate with zero findings against it, and its web template generates. Templates that cannot be
// loaded are listed with the reason in adl2_templates_unloadable.tsv; the test fails on a
// failure that is not listed and on a listed template that now loads (stale entry).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archetypes/adl/adl_parser.hpp"
#include "engine/codec/codec.hpp"
#include "templates/example/example_generator.hpp"
#include "templates/opt/adl2_template_loader.hpp"
#include "templates/validation/validator.hpp"
#include "templates/webtemplate/web_template.hpp"
#include "tests/support/corpus.hpp"
#include "tests/templates/example_support.hpp"

namespace fs = std::filesystem;
using namespace kjerne;

namespace {

std::vector<fs::path> TemplateFiles(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        auto ext = e.path().extension();
        if (!e.is_regular_file() || (ext != ".adls" && ext != ".adlt")) continue;
        auto parsed = archetypes::adl::ParseAdlFile(e.path());
        if (parsed.ok() && !parsed->artefacts.empty() &&
            parsed->artefacts.front()->artefact_type == "template")
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// file (relative to archetypes/adl2) -> text its load error must contain
std::map<std::string, std::string> Unloadable() {
    std::map<std::string, std::string> m;
    std::ifstream in(kjerne::test::SourceDir() / "tests/templates/adl2_templates_unloadable.tsv");
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto tab = line.find('\t');
        auto tab2 = line.find('\t', tab == std::string::npos ? tab : tab + 1);
        INFO(line);
        REQUIRE(tab2 != std::string::npos);  // file, error text, why
        m[line.substr(0, tab)] = line.substr(tab + 1, tab2 - tab - 1);
    }
    return m;
}

}  // namespace

TEST_CASE("corpus ADL 2 templates load, and their examples validate", "[templates][adl2]") {
    const fs::path adl2 = kjerne::test::CorpusDir() / "archetypes/adl2";
    const auto unloadable = Unloadable();
    // 100 random seeds per template, as for the OPT 1.4 corpus (KJERNE_EXAMPLE_SEEDS overrides).
    const uint64_t seeds = kjerne::test::ExampleSeeds();
    std::set<std::string> seen;
    size_t templates = 0, loaded = 0, examples = 0, valid = 0, round_trips = 0, webtemplates = 0;
    // One library over the whole ADL 2 corpus: the example templates use archetypes kept in
    // sibling folders (the demographic ones in demographic_template/Reference, ...); the
    // repository prefers the candidate nearest the template.
    auto lib = templates::LoadArchetypeLibrary(adl2);
    REQUIRE(lib.ok());
    {
        for (const fs::path& f : TemplateFiles(adl2)) {
            const std::string rel = fs::relative(f, adl2).generic_string();
            INFO(rel);
            seen.insert(rel);
            ++templates;
            auto tpl = templates::LoadAdl2TemplateFile(f, (*lib)->repository);
            auto listed = unloadable.find(rel);
            if (!tpl.ok()) {
                INFO(tpl.error().message());
                REQUIRE(listed != unloadable.end());
                CHECK(tpl.error().message().find(listed->second) != std::string::npos);
                continue;
            }
            CHECK(listed == unloadable.end());  // stale entry: it loads now
            ++loaded;
            CHECK((*tpl)->definition != nullptr);
            CHECK(!(*tpl)->by_path.empty());
            std::vector<templates::ExampleOptions> runs = {{templates::ExampleMode::kMinimal, 0},
                                                           {templates::ExampleMode::kFull, 0}};
            for (uint64_t s = 0; s < seeds; ++s)
                runs.push_back({templates::ExampleMode::kRandom, s});
            for (const auto& o : runs) {
                INFO("mode " << static_cast<int>(o.mode) << " seed " << o.seed);
                auto doc = templates::GenerateExample(**tpl, o);
                INFO((doc.ok() ? std::string() : doc.error().message()));
                REQUIRE(doc.ok());
                ++examples;
                auto issues = templates::Validate(**tpl, *doc->root());
                INFO(kjerne::test::DescribeIssues(issues));
                CHECK(issues.empty());
                valid += issues.empty();
            }
            // Written as canonical JSON and XML and read back, an example still validates (the
            // id-code node ids and archetype ids survive both forms).
            auto doc = templates::GenerateExample(**tpl, {templates::ExampleMode::kFull, 0});
            REQUIRE(doc.ok());
            for (auto fmt : {codec::Format::kJson, codec::Format::kXml}) {
                auto back = codec::Read(codec::Write(*doc, fmt));
                REQUIRE(back.ok());
                auto issues = templates::Validate(**tpl, *back->root());
                INFO(kjerne::test::DescribeIssues(issues));
                CHECK(issues.empty());
                round_trips += issues.empty();
            }
            auto wt = templates::webtemplate::GenerateWebTemplate(**tpl);
            INFO((wt.ok() ? std::string() : wt.error().message()));
            CHECK(wt.ok());
            webtemplates += wt.ok();
        }
    }
    for (const auto& [file, why] : unloadable) {
        INFO(file << " is listed in adl2_templates_unloadable.tsv but is not a corpus template");
        CHECK(seen.count(file) == 1);
    }
    CHECK(loaded > 0);
    WARN("ADL 2 templates: " << templates << "; loaded: " << loaded << "; examples: " << examples
                             << "; valid: " << valid << "; JSON/XML round trips valid: "
                             << round_trips << "; web templates: " << webtemplates);
}

TEST_CASE("an ADL 2 template keeps id-codes, per-archetype terms and the template's names",
          "[templates][adl2]") {
    const fs::path adl2 = kjerne::test::CorpusDir() / "archetypes/adl2";
    auto lib = templates::LoadArchetypeLibrary(adl2 / "ckm_2013_12_09");
    REQUIRE(lib.ok());
    auto tpl = templates::LoadAdl2TemplateFile(
        adl2 /
            "ckm_2013_12_09/composition/openEHR-EHR-COMPOSITION.t_encounter_opt_test.v1.0.0.adls",
        (*lib)->repository);
    INFO((tpl.ok() ? std::string() : tpl.error().message()));
    REQUIRE(tpl.ok());
    const templates::Template& t = **tpl;
    CHECK(t.template_id == "openEHR-EHR-COMPOSITION.t_encounter_opt_test.v1.0.0");
    CHECK(t.concept_name == "Test OPT2");
    CHECK(t.language == "en");
    CHECK(t.definition->node_id == "id1.1");
    // The used archetype is inlined under its root, addressed by its id; its nodes keep id-codes.
    const auto* apgar = t.FindByPath("/content[openEHR-EHR-OBSERVATION.apgar.v1.0.0]");
    REQUIRE(apgar != nullptr);
    CHECK(apgar->is_root());
    CHECK(apgar->node_id == "id1");
    CHECK(t.TermText(*apgar, "id1") == "Apgar score");
    const auto* event =
        t.FindByPath("/content[openEHR-EHR-OBSERVATION.apgar.v1.0.0]/data[id3]/events[id4]");
    REQUIRE(event != nullptr);
    CHECK(event->archetype_root == apgar);
    CHECK(t.TermText(*event, "id4") == "1 minute");
    CHECK(t.Terminology("openEHR-EHR-OBSERVATION.apgar.v1.0.0") != nullptr);
    // The template's name for the use (id0.1 "Apgar result") renames the root, as an OPT 1.4's
    // per-root term definitions do.
    auto rt = t.root_terms.find(apgar);
    REQUIRE(rt != t.root_terms.end());
    CHECK(rt->second.at("id1").text() == "Apgar result");
    // Ordinal [value, symbol] tuples became C_DV_ORDINAL with their pairs.
    size_t ordinals = 0;
    for (const auto& [path, obj] : t.by_path)
        if (obj->kind == archetypes::aom::CObjectKind::kDvOrdinal) {
            ++ordinals;
            CHECK(!obj->ordinal()->list.empty());
        }
    CHECK(ordinals >= 5);
}

TEST_CASE("ADL 2 template errors name what is missing", "[templates][adl2]") {
    templates::ArchetypeLibrary empty;
    const char* text = R"(template (adl_version=2.0.6; rm_release=1.0.0)
	openEHR-EHR-COMPOSITION.t_x.v1.0.0

specialize
	openEHR-EHR-COMPOSITION.no_such_parent.v1

language
	original_language = <[ISO_639-1::en]>

definition
	COMPOSITION[id1.1] matches {*}

terminology
	term_definitions = <
		["en"] = <
			["id1.1"] = <
				text = <"X">
				description = <"X">
			>
		>
	>
)";
    auto tpl = templates::LoadAdl2Template(text, "t_x.adlt", empty.repository);
    REQUIRE(!tpl.ok());
    INFO(tpl.error().message());
    CHECK(tpl.error().code() == ErrorCode::kNotFound);
    CHECK(tpl.error().message().find("openEHR-EHR-COMPOSITION.no_such_parent.v1") !=
          std::string::npos);
    auto bad = templates::LoadAdl2Template("template\n\tnot an id {", "bad.adlt", empty.repository);
    REQUIRE(!bad.ok());
    CHECK(!bad.error().issues().empty());
}
