// tests/templates/validation_test.cpp
//
// Composition validation on the real corpus, driven by tables:
//   - every canonical composition of compositions/MANIFEST.tsv with its OPT validates clean,
//     except the files in KNOWN_FINDINGS.md, which give exactly the listed findings;
//   - every composition in invalid_compositions.tsv gives (at least) the listed findings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/codec/codec.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/validator.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"
#include "tests/templates/composition_pairs.hpp"

namespace fs = std::filesystem;
using Finding = std::pair<std::string, std::string>;  // (code, rm_path)

namespace {

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    return s.substr(i);
}

// Rows of the KNOWN_FINDINGS.md table: file -> findings.
std::map<std::string, std::set<Finding>> ReadKnownFindings() {
    std::map<std::string, std::set<Finding>> out;
    std::istringstream in(kjerne::test::ReadFile(kjerne::test::SourceDir() / "tests/templates/KNOWN_FINDINGS.md"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| canonical_", 0) != 0) continue;
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream row(line.substr(1));
        while (std::getline(row, cell, '|')) cells.push_back(Trim(cell));
        REQUIRE(cells.size() >= 3);
        out[cells[0]].insert({cells[1], cells[2]});
    }
    return out;
}

// Validates one file; a read error is one finding (its code and path).
std::set<Finding> Findings(const kjerne::templates::Template& tpl, const fs::path& file, std::string* detail) {
    std::set<Finding> out;
    kjerne::codec::ReadOptions ro;
    ro.source_name = file.filename().string();
    auto doc = kjerne::codec::Read(kjerne::test::ReadFile(file), ro);
    if (!doc.ok()) {
        for (const auto& i : doc.error().issues()) out.insert({i.code, i.rm_path});
        *detail += doc.error().ToString() + "\n";
        return out;
    }
    for (const auto& i : kjerne::templates::Validate(tpl, *doc->root())) {
        out.insert({i.code, i.rm_path});
        *detail += i.rm_path + ": " + i.code + ": " + i.message + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("corpus compositions validate against their templates (known findings excepted)", "[templates][validation]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    auto known = ReadKnownFindings();
    std::map<std::string, std::shared_ptr<const kjerne::templates::Template>> cache;
    size_t n = 0, clean = 0, as_listed = 0;
    for (const auto& p : kjerne::test::CanonicalCompositionPairs()) {
        ++n;
        INFO(p.file << " with " << p.opt);
        auto& tpl = cache[p.opt];
        if (!tpl) {
            auto t = kjerne::templates::LoadOptFile((corpus / p.opt).string());
            REQUIRE(t.ok());
            tpl = *t;
        }
        std::string detail;
        std::set<Finding> got = Findings(*tpl, corpus / "compositions" / p.file, &detail);
        INFO(detail);
        auto it = known.find(p.file);
        const std::set<Finding> expected = it == known.end() ? std::set<Finding>() : it->second;
        CHECK(got == expected);
        if (got.empty()) ++clean;
        if (!got.empty() && got == expected) ++as_listed;
        if (it != known.end()) known.erase(it);
    }
    CHECK(known.empty());  // every listed file is a manifest pair
    WARN("compositions: " << n << "; valid: " << clean << "; with exactly their known findings: " << as_listed);
    CHECK(n >= 50);
}

TEST_CASE("invalid compositions are rejected for the listed reasons", "[templates][validation]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    std::map<std::pair<std::string, std::string>, std::set<Finding>> expected;
    for (const auto& row : kjerne::test::ReadTable(kjerne::test::SourceDir() / "tests/templates/invalid_compositions.tsv")) {
        REQUIRE(row.size() >= 4);
        expected[{row[0], row[1]}].insert({row[2], row[3]});
    }
    size_t rejected = 0;
    for (const auto& [key, want] : expected) {
        INFO(key.first << " with " << key.second);
        auto t = kjerne::templates::LoadOptFile((corpus / key.second).string());
        REQUIRE(t.ok());
        std::string detail;
        std::set<Finding> got = Findings(**t, corpus / key.first, &detail);
        INFO(detail);
        CHECK_FALSE(got.empty());
        for (const auto& f : want) {
            INFO("expected " << f.first << " at " << f.second);
            CHECK(got.count(f) == 1);
        }
        rejected += !got.empty();
    }
    WARN("invalid compositions rejected: " << rejected << "/" << expected.size());
}

TEST_CASE("EHRbase validation-set compositions give exactly their listed findings", "[templates][validation]") {
    const fs::path base = kjerne::test::CorpusDir() / "validation-sets/integration-tests";
    size_t n = 0, valid = 0, as_listed = 0;
    for (const auto& row : kjerne::test::ReadTable(kjerne::test::SourceDir() / "tests/templates/validation_sets.tsv")) {
        REQUIRE(row.size() >= 3);
        INFO(row[0] << " with " << row[1]);
        auto t = kjerne::templates::LoadOptFile((base / row[1]).string());
        REQUIRE(t.ok());
        std::set<Finding> expected;
        if (row[2] != "-") {
            std::istringstream in(row[2]);
            std::string item;
            while (std::getline(in, item, ';')) {
                item = Trim(item);
                size_t sp = item.find(' ');
                REQUIRE(sp != std::string::npos);
                expected.insert({item.substr(0, sp), item.substr(sp + 1)});
            }
        }
        std::string detail;
        std::set<Finding> got = Findings(**t, base / row[0], &detail);
        INFO(detail);
        CHECK(got == expected);
        ++n;
        valid += got.empty();
        as_listed += got == expected;
    }
    WARN("validation-set compositions: " << n << "; valid: " << valid << "; exactly as listed: " << as_listed);
    CHECK(n >= 30);
}
