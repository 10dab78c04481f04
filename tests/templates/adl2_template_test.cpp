// tests/templates/adl2_template_test.cpp
//
// ADL 2 templates of the corpus (archetypes/adl2: the examples folders and ckm_2013_12_09) as
// operational templates: the whole folder is one archetype library; every artefact of type
// template in it loads through LoadAdl2TemplateFile, and its minimal, full and random examples validate
// with zero findings against it, and its web template generates. Templates that cannot be
// loaded are listed with the reason in adl2_templates_unloadable.tsv; the test fails on a
// failure that is not listed and on a listed template that now loads (stale entry).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archetypes/adl/adl_parser.hpp"
#include "templates/example/example_generator.hpp"
#include "templates/opt/adl2_template_loader.hpp"
#include "templates/validation/validator.hpp"
#include "templates/webtemplate/web_template.hpp"
#include "tests/support/corpus.hpp"

namespace fs = std::filesystem;
using namespace kjerne;

namespace {

std::vector<fs::path> TemplateFiles(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        auto ext = e.path().extension();
        if (!e.is_regular_file() || (ext != ".adls" && ext != ".adlt")) continue;
        auto parsed = archetypes::adl::ParseAdlFile(e.path());
        if (parsed.ok() && !parsed->artefacts.empty() && parsed->artefacts.front()->artefact_type == "template")
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

std::string Describe(const std::vector<Issue>& issues) {
    std::string s;
    for (size_t i = 0; i < issues.size() && i < 5; ++i) s += issues[i].ToString() + "\n";
    return s;
}

}  // namespace

TEST_CASE("corpus ADL 2 templates load, and their examples validate", "[templates][adl2]") {
    const fs::path adl2 = kjerne::test::CorpusDir() / "archetypes/adl2";
    const auto unloadable = Unloadable();
    std::set<std::string> seen;
    size_t templates = 0, loaded = 0, examples = 0, valid = 0, webtemplates = 0;
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
            for (uint64_t s = 0; s < 20; ++s) runs.push_back({templates::ExampleMode::kRandom, s});
            for (const auto& o : runs) {
                INFO("mode " << static_cast<int>(o.mode) << " seed " << o.seed);
                auto doc = templates::GenerateExample(**tpl, o);
                INFO((doc.ok() ? std::string() : doc.error().message()));
                REQUIRE(doc.ok());
                ++examples;
                auto issues = templates::Validate(**tpl, *doc->root());
                INFO(Describe(issues));
                CHECK(issues.empty());
                valid += issues.empty();
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
                             << "; valid: " << valid << "; web templates: " << webtemplates);
}
