// tests/templates/mutation_suite_test.cpp
//
// The generated mutation suite: every corpus composition that validates clean against its own
// OPT (the manifest's, composition_pairs.hpp, of which those in KNOWN_FINDINGS.md do not and
// are skipped; and the valid ones of validation_sets.tsv) yields the
// invalid variants of mutation_generator.hpp, each kind sampled down to
// KJERNE_MUTATIONS_PER_KIND per composition (default 100, which keeps all but the largest
// compositions' lists whole; about 2 s in Release). Every variant must be rejected with a
// finding at its mutated path, with one of its kind's codes, unless mutation_exceptions.tsv
// lists it with where it is reported instead and why; an exception that no longer happens as
// listed fails too. The counts per kind go to the test output.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "engine/codec/codec.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/validator.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"
#include "tests/templates/composition_pairs.hpp"
#include "tests/templates/mutation_generator.hpp"

namespace fs = std::filesystem;
using namespace kjerne;

namespace {

const size_t kDefaultPerKind = test::MutationOptions{}.max_per_kind;

// (composition, kind, target) -> where the validator reports the variant instead ("-": nowhere).
using ExceptionKey = std::tuple<std::string, std::string, std::string>;

std::map<ExceptionKey, std::string> ReadExceptions() {
    std::map<ExceptionKey, std::string> out;
    for (const auto& row :
         test::ReadTable(test::SourceDir() / "tests/templates/mutation_exceptions.tsv")) {
        REQUIRE(row.size() >= 5);
        REQUIRE_FALSE(row[4].empty());  // every exception says why
        out[{row[0], row[1], row[2]}] = row[3];
    }
    return out;
}

// The bases: the manifest's canonical compositions and the EHRbase validation-set
// compositions that validation_sets.tsv lists as valid, as paths relative to the corpus root.
std::vector<test::CompositionPair> Bases() {
    std::vector<test::CompositionPair> out;
    for (const auto& p : test::CanonicalCompositionPairs())
        out.push_back({"compositions/" + p.file, p.opt});
    const std::string sets = "validation-sets/integration-tests/";
    for (const auto& row :
         test::ReadTable(test::SourceDir() / "tests/templates/validation_sets.tsv")) {
        REQUIRE(row.size() >= 3);
        if (row[2] == "-") out.push_back({sets + row[0], sets + row[1]});
    }
    return out;
}

struct Counts {
    size_t variants = 0, rejected = 0, at_path = 0, excepted = 0;
};

}  // namespace

TEST_CASE("generated mutations of corpus compositions are rejected at the mutated path",
          "[templates][validation]") {
    const fs::path corpus = test::CorpusDir();
    test::MutationOptions options;
    if (const char* env = std::getenv("KJERNE_MUTATIONS_PER_KIND"))
        options.max_per_kind = std::max(1, std::atoi(env));
    auto exceptions = ReadExceptions();
    std::set<ExceptionKey> generated, used;
    std::map<std::string, std::shared_ptr<const templates::Template>> cache;
    std::array<Counts, test::kMutationKindCount> counts{};
    size_t compositions = 0, skipped = 0;
    for (const auto& p : Bases()) {
        INFO(p.file << " with " << p.opt);
        auto& tpl = cache[p.opt];
        if (!tpl) {
            auto t = templates::LoadOptFile((corpus / p.opt).string());
            REQUIRE(t.ok());
            tpl = *t;
        }
        auto doc = codec::Read(test::ReadFile(corpus / p.file));
        if (!doc.ok() || !templates::Validate(*tpl, *doc->root()).empty()) {
            ++skipped;  // not clean (KNOWN_FINDINGS.md): a variant could not be told from its base
            continue;
        }
        ++compositions;
        for (const test::Mutation& m : test::GenerateMutations(*tpl, *doc->root(), options)) {
            INFO(m.ToString());
            rm::Document variant = doc->Clone();
            Status applied = test::ApplyMutation(variant, m);
            INFO((applied.ok() ? std::string() : applied.error().ToString()));
            REQUIRE(applied.ok());
            const auto issues = templates::Validate(*tpl, *variant.root());
            const auto& codes = test::MutationKindCodes(m.kind);
            bool at_path = false;
            std::string all;
            for (const auto& i : issues) {
                at_path |= i.rm_path == m.expected_path &&
                           std::find(codes.begin(), codes.end(), i.code) != codes.end();
                all += "  " + i.rm_path + ": " + i.code + ": " + i.message + "\n";
            }
            Counts& c = counts[static_cast<size_t>(m.kind)];
            ++c.variants;
            c.rejected += !issues.empty();
            c.at_path += at_path;
            if (at_path) continue;
            const ExceptionKey key{p.file, test::MutationKindName(m.kind), m.target};
            generated.insert(key);
            if (auto e = exceptions.find(key); e != exceptions.end()) {
                // Listed: it must still behave as listed (accepted, or reported at that path).
                bool as_listed = e->second == "-" ? issues.empty() : false;
                for (const auto& i : issues) as_listed |= i.rm_path == e->second;
                INFO("findings:\n" << all);
                CHECK(as_listed);
                used.insert(key);
                ++c.excepted;
                continue;
            }
            INFO("findings:\n" << (all.empty() ? "  (none: the variant was accepted)\n" : all));
            FAIL_CHECK("no " << test::MutationKindName(m.kind) << " finding at "
                             << m.expected_path);
        }
    }
    for (const auto& [key, reported_at] : exceptions) {
        INFO("mutation_exceptions.tsv: " << std::get<0>(key) << " " << std::get<1>(key) << " "
                                         << std::get<2>(key));
        // Stale: the variant is now reported at its path, or no longer generated (checked with
        // the default sample only: a smaller one may leave the variant out).
        if (generated.count(key) || options.max_per_kind == kDefaultPerKind)
            CHECK(used.count(key) == 1);
    }
    std::ostringstream report;
    Counts total;
    report << "mutation suite: " << compositions << " clean compositions (" << skipped
           << " with known findings skipped), at most " << options.max_per_kind
           << " variants per kind each\n"
           << std::left << std::setw(22) << "kind" << std::right << std::setw(9) << "variants"
           << std::setw(10) << "rejected" << std::setw(10) << "at path" << std::setw(10)
           << "excepted"
           << "\n";
    for (size_t k = 0; k < counts.size(); ++k) {
        const Counts& c = counts[k];
        report << std::left << std::setw(22)
               << test::MutationKindName(static_cast<test::MutationKind>(k)) << std::right
               << std::setw(9) << c.variants << std::setw(10) << c.rejected << std::setw(10)
               << c.at_path << std::setw(10) << c.excepted << "\n";
        total.variants += c.variants;
        total.rejected += c.rejected;
        total.at_path += c.at_path;
        total.excepted += c.excepted;
        INFO(test::MutationKindName(static_cast<test::MutationKind>(k)));
        CHECK(c.variants > 0);  // a kind the corpus never exercises means the generator lost it
    }
    report << std::left << std::setw(22) << "total" << std::right << std::setw(9) << total.variants
           << std::setw(10) << total.rejected << std::setw(10) << total.at_path << std::setw(10)
           << total.excepted;
    WARN(report.str());
    CHECK(compositions + skipped >= 70);  // the manifest pairs and valid validation-set files (79)
    CHECK(compositions > skipped);
}
