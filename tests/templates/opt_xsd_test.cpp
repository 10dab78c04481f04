// tests/templates/opt_xsd_test.cpp
//
// OPT 1.4 schema validation in LoadOpt (templates/opt/opt_loader.hpp, opt14_schema.hpp): the
// embedded schema is the corpus's official set; every corpus OPT loads, and the ones with
// findings (after the match_negated allowance) are exactly those in opt_xsd_findings.tsv;
// strict mode rejects exactly those; a finding in a mutated corpus OPT points at the right
// line:col; match_negated true is refused; concurrent loads share the schema safely.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/codec/xsd_validator.hpp"
#include "templates/opt/opt14_schema.hpp"
#include "templates/opt/opt_loader.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace fs = std::filesystem;
using kjerne::Issue;
using kjerne::templates::LoadOpt;
using kjerne::templates::LoadOptFile;
using kjerne::templates::OptLoadOptions;
using kjerne::templates::XsdCheck;

namespace {

const std::vector<std::string> kOptDirs = {"templates/opt14",
                                           "validation-sets/integration-tests/valid_templates",
                                           "aql/examples/integration-tests/aql/data_load/opts"};

std::vector<fs::path> CorpusOpts() {
    const fs::path corpus = kjerne::test::CorpusDir();
    std::vector<fs::path> out;
    for (const auto& d : kOptDirs)
        for (const auto& e : fs::recursive_directory_iterator(corpus / d))
            if (e.is_regular_file() && e.path().extension() == ".opt") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string Rel(const fs::path& p) {
    return fs::relative(p, kjerne::test::CorpusDir()).generic_string();
}

std::string LineCol(const Issue& i) {
    return i.pos ? std::to_string(i.pos->line) + ":" + std::to_string(i.pos->col) : "-";
}

// One row of opt_xsd_findings.tsv: a file's warnings of one code, the first one's line:col
// and how many there are.
struct FindingRow {
    std::string first;
    size_t count = 0;
    std::string message;  // of the first, for the report of an unlisted row
    bool operator==(const FindingRow& o) const { return first == o.first && count == o.count; }
};
using FindingKey = std::pair<std::string, std::string>;  // file, code

// The schema-related warnings of one loaded template, by code.
std::map<std::string, FindingRow> SchemaWarnings(const kjerne::templates::Template& t) {
    std::map<std::string, FindingRow> rows;
    for (const Issue& w : t.warnings) {
        if (w.code != "OPT_XSD" && w.code != "OPT_IGNORED_ELEMENT") continue;
        FindingRow& r = rows[w.code];
        if (r.count++ == 0) {
            r.first = LineCol(w);
            r.message = w.message;
        }
    }
    return rows;
}

// 1-based line:col just after text[0, offset) (columns in characters, as the XML reader counts).
std::string PosAfter(const std::string& text, size_t offset) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col;
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace

TEST_CASE("the embedded OPT 1.4 schema is the corpus's sdk-opt14 set, byte for byte",
          "[templates][opt][xsd]") {
    const fs::path dir = kjerne::test::CorpusDir() / "xsd/sdk-opt14";
    const auto docs = kjerne::templates::Opt14SchemaDocuments();
    std::set<std::string> names;
    for (const auto& d : docs) {
        INFO(d.name);
        names.insert(std::string(d.name));
        CHECK(std::string(d.text) == kjerne::test::ReadFile(dir / std::string(d.name)));
    }
    // Exactly what Template.xsd includes, transitively: every include is there, nothing else.
    std::set<std::string> reached;
    std::vector<std::string> todo = {std::string(kjerne::templates::kOpt14SchemaRoot)};
    const std::regex include(R"re(<xs:(include|import)[^>]*schemaLocation="([^"]+)")re");
    while (!todo.empty()) {
        std::string name = todo.back();
        todo.pop_back();
        if (!reached.insert(name).second) continue;
        const std::string text = kjerne::test::ReadFile(dir / name);
        for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it)
            todo.push_back((*it)[2].str());
    }
    CHECK(names == reached);
    CHECK(reached.size() == 5);
    auto grammar = kjerne::templates::Opt14Schema();
    REQUIRE(grammar.ok());

    // The in-memory grammar and the same schema loaded from the corpus files by path judge
    // raw OPT text alike (here: Archetype Designer's match_negated, undeclared in both).
    auto from_files = kjerne::codec::XsdValidator::Load((dir / "Template.xsd").string(),
                                                        kjerne::templates::kOpenEhrNamespace);
    REQUIRE(from_files.ok());
    auto in_memory = kjerne::codec::XsdValidator::LoadFromMemory(
        docs, kjerne::templates::kOpt14SchemaRoot, kjerne::templates::kOpenEhrNamespace);
    REQUIRE(in_memory.ok());
    for (const char* rel :
         {"templates/opt14/my_spanish_template_v0.opt", "templates/opt14/Test_all_types.opt"}) {
        INFO(rel);
        const std::string text = kjerne::test::ReadFile(kjerne::test::CorpusDir() / rel);
        auto a = (*from_files)->Validate(text, 50, rel);
        auto b = (*in_memory)->Validate(text, 50, rel);
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].ToString() == b[i].ToString());
        if (std::string(rel).find("my_spanish") != std::string::npos) {
            REQUIRE_FALSE(a.empty());
            CHECK(a.front().message.find("match_negated") != std::string::npos);
        }
    }
    // An include outside the in-memory set is refused, never looked up on disk.
    std::vector<kjerne::codec::XsdDocument> partial(docs.begin(),
                                                    docs.begin() + 1);  // Template.xsd only
    auto refused = kjerne::codec::XsdGrammar::FromMemory(
        partial, kjerne::templates::kOpt14SchemaRoot, kjerne::templates::kOpenEhrNamespace);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().ToString().find("OpenehrProfile.xsd") != std::string::npos);
}

TEST_CASE("corpus operational templates against the embedded OPT 1.4 XSD",
          "[templates][opt][xsd]") {
    // Every corpus OPT loads (XsdCheck::kWarn, the default); the schema findings left after the
    // match_negated allowance, and the ignored-element warnings, are exactly the listed ones.
    std::map<FindingKey, FindingRow> expected;
    for (const auto& row : kjerne::test::ReadTable(kjerne::test::SourceDir() /
                                                   "tests/templates/opt_xsd_findings.tsv")) {
        REQUIRE(row.size() >= 5);
        expected[{row[0], row[1]}] = FindingRow{row[2], std::stoul(row[3]), row[4]};
    }
    const std::vector<fs::path> opts = CorpusOpts();
    REQUIRE(opts.size() >= 161);
    std::map<FindingKey, FindingRow> actual;
    size_t loaded = 0, clean = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& p : opts) {
        INFO(Rel(p));
        auto t = LoadOptFile(p.string());
        if (!t.ok()) {
            FAIL_CHECK(t.error().ToString());
            continue;
        }
        ++loaded;
        for (const Issue& w : (*t)->warnings)
            CHECK(w.message.find('\n') == std::string::npos);  // one line each
        auto rows = SchemaWarnings(**t);
        if (rows.empty()) ++clean;
        for (auto& [code, r] : rows) actual[{Rel(p), code}] = r;
    }
    const auto t1 = std::chrono::steady_clock::now();
    CHECK(loaded == opts.size());
    for (const auto& [key, r] : actual) {
        auto it = expected.find(key);
        if (it == expected.end()) {
            FAIL_CHECK("unlisted finding; add to opt_xsd_findings.tsv:\n"
                       << key.first << "\t" << key.second << "\t" << r.first << "\t" << r.count
                       << "\t" << r.message);
        } else if (!(it->second == r)) {
            FAIL_CHECK(key.first << " " << key.second << ": listed " << it->second.first << " x"
                                 << it->second.count << ", found " << r.first << " x" << r.count
                                 << ": " << r.message);
        }
    }
    for (const auto& [key, r] : expected) {
        if (!actual.count(key))
            FAIL_CHECK("stale row in opt_xsd_findings.tsv: " << key.first << " " << key.second);
    }
    WARN("corpus OPTs: " << loaded << "/" << opts.size() << " load; " << clean
                         << " without schema findings (match_negated false allowed)");

    // kStrict rejects exactly the files with OPT_XSD rows, first with the listed finding;
    // kOff loads everything with no OPT_XSD warning (and the loader's own warnings unchanged).
    std::map<std::string, std::string> strict_first;  // file -> line:col of its first finding
    for (const auto& [key, r] : expected)
        if (key.second == "OPT_XSD") strict_first[key.first] = r.first;
    size_t rejected = 0;
    for (const auto& p : opts) {
        INFO(Rel(p));
        auto strict = LoadOptFile(p.string(), XsdCheck::kStrict);
        auto it = strict_first.find(Rel(p));
        if (it == strict_first.end()) {
            CHECK(strict.ok());
        } else if (!strict.ok()) {
            ++rejected;
            REQUIRE_FALSE(strict.error().issues().empty());
            CHECK(strict.error().issues().front().code == "OPT_XSD");
            CHECK(LineCol(strict.error().issues().front()) == it->second);
        } else {
            FAIL_CHECK("listed with OPT_XSD findings but loads under kStrict");
        }
    }
    CHECK(rejected == strict_first.size());
    const auto t2 = std::chrono::steady_clock::now();
    size_t off_loaded = 0;
    for (const auto& p : opts) {
        INFO(Rel(p));
        auto off = LoadOptFile(p.string(), XsdCheck::kOff);
        if (!off.ok()) {
            FAIL_CHECK(off.error().ToString());
            continue;
        }
        ++off_loaded;
        for (const Issue& w : (*off)->warnings) CHECK(w.code != "OPT_XSD");
    }
    const auto t3 = std::chrono::steady_clock::now();
    CHECK(off_loaded == opts.size());
    auto ms = [](auto d) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    WARN("loading all " << opts.size() << " corpus OPTs: " << ms(t1 - t0)
                        << " ms with the schema check (kWarn), " << ms(t3 - t2)
                        << " ms without (kOff)");
}

TEST_CASE("a schema finding in a mutated corpus OPT points at its line:col and constraint path",
          "[templates][opt][xsd]") {
    const fs::path file = kjerne::test::CorpusDir() / "templates/opt14/my_spanish_template_v0.opt";
    const std::string original = kjerne::test::ReadFile(file);
    auto clean = LoadOpt(original, {"my_spanish_template_v0.opt"});
    REQUIRE(clean.ok());
    for (const Issue& w : (*clean)->warnings)
        CHECK(w.code != "OPT_XSD");  // the unmutated file is valid
    REQUIRE((*clean)->roots.count("openEHR-EHR-OBSERVATION.my_spanish_observation.v0"));
    const std::string obs_path =
        (*clean)->roots.at("openEHR-EHR-OBSERVATION.my_spanish_observation.v0").front()->path;

    // The OBSERVATION's `data` attribute: <match_negated>false</match_negated> (blanked for the
    // schema check) and, on the same line after it, an element no schema declares. Its column
    // must be the one in the file, so the blanking kept the columns.
    const std::string anchor = "<rm_attribute_name>data</rm_attribute_name>";
    size_t at = original.find(anchor);
    REQUIRE(at != std::string::npos);
    at = original.find("</match_negated>", at);
    REQUIRE(at != std::string::npos);
    at += std::string("</match_negated>").size();
    const std::string bogus_open = "<colour>";
    std::string mutated = original;
    mutated.insert(at, bogus_open + "red</colour>");
    const std::string expected_pos = PosAfter(mutated, at + bogus_open.size());

    SECTION(
        "kWarn: a warning with the file's line:col and the enclosing constraint object's path") {
        auto t = LoadOpt(mutated, {"my_spanish_template_v0.opt"});
        REQUIRE(t.ok());
        std::vector<Issue> xsd;
        for (const Issue& w : (*t)->warnings)
            if (w.code == "OPT_XSD") xsd.push_back(w);
        REQUIRE_FALSE(xsd.empty());
        REQUIRE(xsd.front().pos);
        CHECK(xsd.front().pos->file == "my_spanish_template_v0.opt");
        CHECK(LineCol(xsd.front()) == expected_pos);
        CHECK(xsd.front().archetype_path == obs_path);
        CHECK(xsd.front().message.find("'colour'") != std::string::npos);
    }
    SECTION("kStrict: the same finding rejects the template") {
        OptLoadOptions o{"my_spanish_template_v0.opt", XsdCheck::kStrict};
        auto t = LoadOpt(mutated, o);
        REQUIRE_FALSE(t.ok());
        const Issue& first = t.error().issues().front();
        CHECK(first.code == "OPT_XSD");
        CHECK(LineCol(first) == expected_pos);
    }
    SECTION("kOff: no schema check") {
        OptLoadOptions o{"my_spanish_template_v0.opt", XsdCheck::kOff};
        auto t = LoadOpt(mutated, o);
        REQUIRE(t.ok());
        for (const Issue& w : (*t)->warnings) CHECK(w.code != "OPT_XSD");
    }
    SECTION("match_negated true is refused where it is, whatever the schema policy") {
        std::string negated = original;
        const size_t m =
            negated.find("<match_negated>false</match_negated>", original.find(anchor));
        REQUIRE(m != std::string::npos);
        negated.replace(m, std::string("<match_negated>false</match_negated>").size(),
                        "<match_negated>true</match_negated>");
        for (XsdCheck mode : {XsdCheck::kOff, XsdCheck::kWarn, XsdCheck::kStrict}) {
            auto t = LoadOpt(negated, {"my_spanish_template_v0.opt", mode});
            REQUIRE_FALSE(t.ok());
            const Issue& first = t.error().issues().front();
            CHECK(first.code == "OPT_UNSUPPORTED");
            CHECK(LineCol(first) == PosAfter(negated, m + std::string("<match_negated>").size()));
            CHECK(first.archetype_path == obs_path + "/data");
        }
    }
}

TEST_CASE("match_negated is found for blanking whatever precedes it on its line",
          "[templates][opt][xsd]") {
    // Tabs, a comment with non-ASCII characters and a processing instruction before the element
    // on its line, and an attribute value holding '>': the blanking must still find every
    // match_negated the loader accepted (else the load fails with an internal error), and
    // nothing else may be reported (kStrict).
    const std::string original = kjerne::test::ReadFile(
        kjerne::test::CorpusDir() / "templates/opt14/my_spanish_template_v0.opt");
    const std::string element = "<match_negated>false</match_negated>";
    std::string mutated;
    size_t from = 0, n = 0;
    for (size_t at; (at = original.find(element, from)) != std::string::npos;
         from = at + element.size(), ++n) {
        size_t line_start = original.rfind('\n', at) + 1;
        mutated.append(original, from, line_start - from);
        mutated += n % 2 ? "\t\t<!-- año > ñ --><?kj a>b?>"
                         : "\t<match_negated a=\"x>y\">false</match_negated>";
        mutated += element;
    }
    mutated.append(original, from, std::string::npos);
    REQUIRE(n > 3);
    auto t = LoadOpt(mutated, {"tabs.opt", XsdCheck::kStrict});
    INFO((t.ok() ? std::string() : t.error().ToString()));
    REQUIRE(t.ok());
}

TEST_CASE("broken operational templates stay rejected with their code under every schema policy",
          "[templates][opt][xsd]") {
    // invalid_opts.tsv names each broken OPT's first code; the schema check adds its findings
    // after the loader's issues and never replaces the first one.
    const fs::path dir =
        kjerne::test::CorpusDir() / "validation-sets/integration-tests/invalid_templates";
    std::map<std::string, std::string> expected;
    for (const auto& row :
         kjerne::test::ReadTable(kjerne::test::SourceDir() / "tests/templates/invalid_opts.tsv"))
        expected[row[0]] = row[1];
    REQUIRE_FALSE(expected.empty());
    size_t with_xsd = 0;
    for (const auto& [rel, code] : expected) {
        INFO(rel);
        for (XsdCheck mode : {XsdCheck::kOff, XsdCheck::kWarn, XsdCheck::kStrict}) {
            auto t = LoadOptFile((dir / rel).string(), mode);
            REQUIRE_FALSE(t.ok());
            REQUIRE_FALSE(t.error().issues().empty());
            CHECK(t.error().issues().front().code == code);
            if (mode == XsdCheck::kWarn) {
                const auto& is = t.error().issues();
                with_xsd += std::any_of(is.begin(), is.end(),
                                        [](const Issue& i) { return i.code == "OPT_XSD"; });
            }
        }
    }
    WARN("broken OPTs whose rejection also lists OPT_XSD findings: " << with_xsd << "/"
                                                                     << expected.size());
}

TEST_CASE("concurrent loads share the compiled-in schema and agree with a serial load",
          "[templates][opt][xsd]") {
    // The grammar is one immutable, locked Xerces pool shared by every load; each load has its
    // own parser. Loading the same files on four threads must give exactly the serial findings.
    std::vector<fs::path> opts = CorpusOpts();
    auto findings = [](const fs::path& p) {
        std::vector<std::string> out;
        auto t = LoadOptFile(p.string());
        if (!t.ok()) return std::vector<std::string>{"rejected"};
        for (const Issue& w : (*t)->warnings)
            out.push_back(w.code + " " + LineCol(w) + " " + w.message);
        return out;
    };
    std::vector<std::vector<std::string>> serial;
    for (const auto& p : opts) serial.push_back(findings(p));
    std::vector<std::vector<std::vector<std::string>>> parallel(
        4, std::vector<std::vector<std::string>>(opts.size()));
    std::vector<std::thread> threads;
    for (size_t k = 0; k < parallel.size(); ++k) {
        threads.emplace_back([&, k] {
            for (size_t i = 0; i < opts.size(); ++i) {
                const size_t j =
                    (i + k * opts.size() / 4) % opts.size();  // each thread starts elsewhere
                parallel[k][j] = findings(opts[j]);
            }
        });
    }
    for (auto& th : threads) th.join();
    size_t with_xsd = 0;
    for (size_t i = 0; i < opts.size(); ++i) {
        INFO(Rel(opts[i]));
        for (const auto& run : parallel) CHECK(run[i] == serial[i]);
        with_xsd += std::any_of(serial[i].begin(), serial[i].end(),
                                [](const std::string& s) { return s.rfind("OPT_XSD", 0) == 0; });
    }
    CHECK(with_xsd > 0);  // the comparison covers findings, not only clean files
}

TEST_CASE("the schema policy's names: warn, strict, off and nothing else", "[templates][opt][xsd]") {
    using kjerne::templates::ParseXsdCheck;
    using kjerne::templates::XsdCheckName;
    for (XsdCheck c : {XsdCheck::kWarn, XsdCheck::kStrict, XsdCheck::kOff}) {
        auto parsed = ParseXsdCheck(XsdCheckName(c));
        REQUIRE(parsed.ok());
        CHECK(*parsed == c);
    }
    CHECK(XsdCheckName(XsdCheck::kStrict) == "strict");
    for (const char* bad : {"", "Strict", "lenient", "warn "}) {
        INFO("'" << bad << "'");
        auto parsed = ParseXsdCheck(bad);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code() == kjerne::ErrorCode::kInvalidArgument);
        CHECK_THAT(parsed.error().message(), Catch::Contains("warn, strict or off"));
    }
}
