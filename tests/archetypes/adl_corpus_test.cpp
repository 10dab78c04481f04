// tests/archetypes/adl_corpus_test.cpp
//
// Every archetype of the corpus parses: the international CKM in ADL 1.4 (archetypes/adl14)
// and ADL 2 (archetypes/adl2/ckm_2013_12_09), the ADL 2 examples, and the non-validity
// folders of the ADL 2 test suite (features/, robustness/, upgrade/). Every error finding on
// them (syntax errors included) must be listed in tests/archetypes/KNOWN_FINDINGS.md with
// its reason, and every listed finding must still occur — the table cannot go stale.
#include <catch2/catch.hpp>

#include <iostream>
#include <set>
#include <string>

#include "tests/archetypes/lint_support.hpp"

namespace kjerne::test {

namespace {

namespace fs = std::filesystem;

struct Tally {
    size_t files = 0, parsed = 0, clean = 0;  // clean: no error finding
};

Tally CheckFolder(const std::string& rel, std::set<std::pair<std::string, std::string>>& seen,
                  const std::set<std::pair<std::string, std::string>>& known) {
    Tally t;
    fs::path root = ArchetypeCorpus();
    LintRepository repository(root / rel);  // specialised archetypes find their parents in the folder
    for (const auto& f : AdlFilesUnder(root / rel)) {
        ++t.files;
        LintResult r = repository.Lint(f);
        if (r.parsed) ++t.parsed;
        if (r.error_codes.empty()) ++t.clean;
        std::string name = fs::relative(f, root).generic_string();
        for (const auto& code : r.error_codes) {
            seen.emplace(name, code);
            INFO(name << ": " << code << (r.syntax_error.empty() ? "" : " " + r.syntax_error));
            CHECK(known.count({name, code}) == 1);
        }
    }
    std::cout << rel << ": " << t.parsed << "/" << t.files << " parse, " << t.clean << "/" << t.files
              << " pass (no error finding; the others are KNOWN_FINDINGS.md rows)\n";
    return t;
}

void CheckListedStillOccur(const std::string& prefix, const std::set<std::pair<std::string, std::string>>& seen,
                           const std::set<std::pair<std::string, std::string>>& known) {
    for (const auto& k : known) {
        if (k.first.rfind(prefix, 0) != 0) continue;
        INFO("listed in KNOWN_FINDINGS.md but not raised: " << k.first << " " << k.second);
        CHECK(seen.count(k) == 1);
    }
}

}  // namespace

TEST_CASE("every CKM ADL 1.4 archetype parses and its error findings are known", "[archetypes][corpus]") {
    auto known = KnownFindings();
    std::set<std::pair<std::string, std::string>> seen;
    Tally t = CheckFolder("adl14", seen, known);
    CHECK(t.files >= 600);
    CHECK(t.parsed == t.files);
    CheckListedStillOccur("adl14/", seen, known);
}

TEST_CASE("every CKM ADL 2 archetype parses and its error findings are known", "[archetypes][corpus]") {
    auto known = KnownFindings();
    std::set<std::pair<std::string, std::string>> seen;
    Tally t = CheckFolder("adl2/ckm_2013_12_09", seen, known);
    CHECK(t.files >= 300);
    CHECK(t.parsed == t.files);
    CheckListedStillOccur("adl2/ckm_2013_12_09/", seen, known);
}

TEST_CASE("ADL 2 examples and test-suite features parse and pass, except known findings", "[archetypes][corpus]") {
    auto known = KnownFindings();
    std::set<std::pair<std::string, std::string>> seen;
    for (const char* rel : {"adl2/examples", "adl2-test/features", "adl2-test/robustness", "adl2-test/upgrade"})
        CheckFolder(rel, seen, known);
    for (const char* p : {"adl2/examples/", "adl2-test/features/", "adl2-test/robustness/", "adl2-test/upgrade/"})
        CheckListedStillOccur(p, seen, known);
}

}  // namespace kjerne::test
