// tests/archetypes/adl2_suite_test.cpp
//
// The openEHR ADL 2 test suite's validity/ folder (../shared/corpus/archetypes/adl2-test/
// validity): each archetype's concept names the code it must raise
// (…EVALUATION.VCARM_table.v1.0.0.adls → VCARM, also met by a refinement such as VACMC → VACMCU;
// FAIL_… → any error, a syntax error included; no code → no error). A few files put the code
// elsewhere in the name (address-VSSM_…, …-FAIL) or not at all: adl2_validity_expectations.tsv
// gives theirs (file, code, why), and a row there wins over the name. Files are linted with the whole suite as the archetype
// repository, so specialised cases are checked against their flat parents. Prints passed/total per folder. Files listed in
// adl2_validity_passing.txt must keep passing (a regression fails the test); a file that
// newly passes is printed so it can be added. Every file is parsed and checked: no crash.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "tests/archetypes/lint_support.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {

namespace {

namespace fs = std::filesystem;

// "openEHR-TEST_PKG-ENTRY.VATDF_at_code_in_ordinal.v1.0.0" -> "VATDF"; "" when none. The
// code is read from the file name and from the archetype id in the file (a few differ:
// spec_test_obs-VACSD_….adls holds ….VACSD_wrong_concept_spec_level.v1.0.0, VOTBK_….adls holds
// VTBK_…); either is accepted.
std::string ExpectedCode(const std::string& name) {
    size_t dot = name.find('.');
    if (dot == std::string::npos) return "";
    std::string concept_name = name.substr(dot + 1);
    size_t end = 0;
    while (end < concept_name.size() &&
           ((concept_name[end] >= 'A' && concept_name[end] <= 'Z') || (concept_name[end] >= '0' && concept_name[end] <= '9')))
        ++end;
    if (end < 3 || end >= concept_name.size() || concept_name[end] != '_') return "";
    return concept_name.substr(0, end);
}

// adl2_validity_expectations.tsv: relative path -> expected code.
std::map<std::string, std::string> ExpectationsFromTable() {
    std::map<std::string, std::string> out;
    std::ifstream in(SourceDir() / "tests/archetypes/adl2_validity_expectations.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        size_t t1 = line.find('\t');
        size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string::npos) continue;
        out[line.substr(0, t1)] = line.substr(t1 + 1, t2 - t1 - 1);
    }
    return out;
}

}  // namespace

TEST_CASE("ADL 2 test suite validity/: each file raises the code its name states", "[archetypes][adl2-test]") {
    fs::path root = ArchetypeCorpus();
    fs::path validity = root / "adl2-test/validity";
    std::set<std::string> listed;
    {
        std::ifstream in(SourceDir() / "tests/archetypes/adl2_validity_passing.txt");
        std::string line;
        while (std::getline(in, line))
            if (!line.empty() && line[0] != '#') listed.insert(line);
    }
    // TEST_PKG archetypes are checked against the suite's own BMM (VATID, VACSO need it)
    REQUIRE(AdlTestReferenceModel() != nullptr);
    const std::map<std::string, std::string> table = ExpectationsFromTable();
    REQUIRE(!table.empty());
    std::set<std::string> used_rows;  // a row naming no file of the suite is stale
    std::map<std::string, std::pair<int, int>> per_folder;  // folder -> (passed, total)
    int passed = 0, total = 0;
    // parents of the specialisation cases live anywhere in the suite (features/, validity/)
    LintRepository repository(root / "adl2-test");
    for (const auto& f : AdlFilesUnder(validity)) {
        std::string rel = fs::relative(f, root).generic_string();
        std::string folder = fs::relative(f.parent_path(), validity).generic_string();
        LintResult r = repository.Lint(f);
        std::string code = ExpectedCode(f.filename().string());
        std::string id_code = r.archetype_id.empty() ? code : ExpectedCode(r.archetype_id);
        if (code.empty()) code = id_code;
        if (id_code.empty()) id_code = code;
        if (auto row = table.find(rel); row != table.end()) {
            code = id_code = row->second;
            used_rows.insert(rel);
        }
        bool ok;
        if (code.empty()) ok = r.error_codes.empty();
        else if (code == "FAIL") ok = !r.error_codes.empty();
        else {
            // the spec code may be refined by a suffix (VACMC -> VACMCU, as Archie reports it)
            auto has = [&](const std::vector<std::string>& v) {
                return std::any_of(v.begin(), v.end(), [&](const std::string& c) {
                    return c.rfind(code, 0) == 0 || c.rfind(id_code, 0) == 0;
                });
            };
            ok = has(r.error_codes) || has(r.warning_codes);
        }
        auto& pf = per_folder[folder];
        ++pf.second;
        ++total;
        if (ok) {
            ++pf.first;
            ++passed;
            if (!listed.count(rel)) std::cout << "now passing (add to adl2_validity_passing.txt): " << rel << '\n';
        } else {
            INFO(rel << " expected " << (code.empty() ? "no error" : code) << (r.syntax_error.empty() ? "" : "; " + r.syntax_error));
            CHECK(listed.count(rel) == 0);
        }
    }
    for (const auto& [folder, pt] : per_folder)
        std::cout << "adl2-test/validity/" << folder << ": " << pt.first << "/" << pt.second << '\n';
    std::cout << "adl2-test/validity: " << passed << "/" << total << " raise the expected code\n";
    CHECK(total > 100);
    for (const auto& [rel, code] : table) {
        INFO("adl2_validity_expectations.tsv names a file not in the suite: " << rel);
        CHECK(used_rows.count(rel) == 1);
    }
}

TEST_CASE("the ADL 2 test suite's BMM read as a reference model", "[archetypes][adl2-test]") {
    const bmm::Schema* rm = AdlTestReferenceModel();
    REQUIRE(rm);
    bmm::TypeId entry = rm->Find("ENTRY");
    REQUIRE(entry != bmm::kNoType);
    bmm::Slot single = rm->FindSlot(entry, "element_attr"), list = rm->FindSlot(entry, "element_attr_2");
    REQUIRE(single != bmm::kNoSlot);
    REQUIRE(list != bmm::kNoSlot);
    CHECK_FALSE(rm->Prop(entry, single).is_multiple());
    CHECK(rm->Prop(entry, list).is_multiple());
    CHECK(rm->Name(rm->Prop(entry, list).type) == "ELEMENT");
    // TEST_PKG's own ENTRY, not openEHR's (which has no such attribute), and openEHR data types
    CHECK(bmm::Schema::Rm().FindSlot(bmm::Schema::Rm().Find("ENTRY"), "element_attr_2") == bmm::kNoSlot);
    CHECK(rm->Find("DV_ORDINAL") != bmm::kNoType);
    CHECK(rm->Find("SOME_TYPE") != bmm::kNoType);
}

}  // namespace kjerne::test
