// tests/templates/validator_cases_test.cpp
//
// The hand-written mutations (mutations.tsv: one change to a corpus composition, the exact
// finding it must newly cause at the mutated path; the generated suite is
// mutation_suite_test.cpp) and table-driven checks of the leaf rules (ISO 8601 patterns,
// durations).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/rm/document.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/iso8601.hpp"
#include "tests/templates/mutation_generator.hpp"
#include "templates/validation/leaf_checks.hpp"
#include "templates/validation/validator.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace fs = std::filesystem;
using namespace kjerne;

namespace {

// One row's edit as a mutation of the generator's kind (mutation_generator.hpp), applied by
// the same ApplyMutation, so hand-written and generated mutations edit trees alike.
// Returns "" on success, else why it could not.
std::string Mutate(rm::Document& doc, const std::string& op, const std::string& path, const std::string& value) {
    test::Mutation m;
    m.target = path;
    if (op == "set") {
        m.op = test::EditOp::kSet;
        if (value.size() < 2 || value[1] != ':') return "bad value " + value;
        std::string body = value.substr(2);
        switch (value[0]) {
            case 's': m.value = body; break;
            case 'i': m.value = static_cast<int64_t>(std::stoll(body)); break;
            case 'r': m.value = std::stod(body); break;
            case 'b': m.value = body == "true"; break;
            default: return "bad value " + value;
        }
    } else if (op == "remove") {
        m.op = test::EditOp::kRemove;
    } else if (op == "dup") {
        m.op = test::EditOp::kDuplicate;
        m.copies = 1;
    } else if (op == "retype") {
        m.op = test::EditOp::kReplace;
        m.new_type = value;
    } else {
        return "unknown op " + op;
    }
    Status applied = test::ApplyMutation(doc, m);
    return applied.ok() ? std::string() : applied.error().message();
}

}  // namespace

TEST_CASE("hand-written mutations: each is reported at the mutated path", "[templates][validation]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    size_t n = 0, rejected = 0, at_path = 0;
    for (const auto& row : kjerne::test::ReadTable(kjerne::test::SourceDir() / "tests/templates/mutations.tsv")) {
        REQUIRE(row.size() >= 7);
        const std::string &file = row[0], &opt = row[1], &op = row[2], &path = row[3], &value = row[4],
                          &code = row[5], &rm_path = row[6];
        INFO(file << ": " << op << " " << path << " " << value);
        std::string opt_text = kjerne::test::ReadFile(corpus / opt);
        if (row.size() > 7 && row[7] == "unique") {
            const std::string from = "<is_unique>false</is_unique>", to = "<is_unique>true</is_unique>";
            for (size_t at = opt_text.find(from); at != std::string::npos; at = opt_text.find(from, at))
                opt_text.replace(at, from.size(), to);
        } else {
            REQUIRE(row.size() == 7);
        }
        auto tpl = templates::LoadOpt(opt_text);
        REQUIRE(tpl.ok());
        auto doc = codec::Read(kjerne::test::ReadFile(corpus / "compositions" / file));
        REQUIRE(doc.ok());
        // The base may carry known findings (KNOWN_FINDINGS.md); the expected one must be new.
        for (const auto& i : templates::Validate(**tpl, *doc->root())) {
            REQUIRE_FALSE((i.code == code && i.rm_path == rm_path));
        }
        REQUIRE(Mutate(*doc, op, path, value).empty());
        ++n;
        auto issues = templates::Validate(**tpl, *doc->root());
        std::string all;
        bool found = false;
        for (const auto& i : issues) {
            all += i.rm_path + ": " + i.code + ": " + i.message + "\n";
            found |= i.code == code && i.rm_path == rm_path;
        }
        INFO(all);
        CHECK(found);
        rejected += !issues.empty();
        at_path += found;
    }
    WARN("mutations: " << n << "; rejected: " << rejected << "; with the expected code at the mutated path: " << at_path);
}

TEST_CASE("ISO 8601 values against ADL 1.4 date/time patterns", "[templates][validation]") {
    using namespace templates::validation;
    struct Case {
        const char* value;
        int kind;  // 0 date, 1 time, 2 date-time
        const char* pattern;
        bool ok;
    };
    const Case cases[] = {
        {"2021-03-04", 0, "yyyy-mm-dd", true},       {"2021-03", 0, "yyyy-mm-dd", false},
        {"2021-03", 0, "yyyy-mm-??", true},          {"2021-03-04", 0, "yyyy-mm-XX", false},
        {"20190114", 0, "yyyy-??-XX", false},        {"2019", 0, "yyyy-??-XX", true},
        {"10:20", 1, "hh:mm:ss", false},             {"10:20:30", 1, "hh:mm:ss", true},
        {"10:20:30.5Z", 1, "hh:mm:??", true},        {"10:20:30", 1, "hh:mm:XX", false},
        {"2019-01-28T10", 2, "yyyy-mm-ddTHH:MM:SS", false},
        {"2019-01-28T10:00:00+07:00", 2, "yyyy-mm-ddTHH:MM:SS", true},
        {"2019-01-28", 2, "YYYY-MM-DDTHH:??:??", false},
        {"2019-01-28T10", 2, "YYYY-MM-DDTHH:??:??", true},
        {"2019-01-28T10:20:30,380+00:00", 2, "yyyy-mm-ddTHH:MM:SS", true},
    };
    for (const auto& c : cases) {
        INFO(c.value << " ~ " << c.pattern);
        auto parts = c.kind == 0 ? ParseDate(c.value) : c.kind == 1 ? ParseTime(c.value) : ParseDateTime(c.value);
        REQUIRE(parts);
        CHECK(CheckTemporalPattern(*parts, c.pattern, c.kind == 1).empty() == c.ok);
    }
    for (const char* bad : {"2021-13-01", "2021-02-32", "21-01-01", "2021-01-01T25:00", "2021-01-01T10:61"}) {
        INFO(bad);
        CHECK_FALSE(ParseDateTime(bad));
    }
}

TEST_CASE("C_DATE / C_TIME / C_DATE_TIME ranges compare on one time line", "[templates][validation]") {
    using namespace templates::validation;
    // No corpus OPT constrains a temporal range, so the constraints are built here.
    struct Case {
        int kind;  // 0 date, 1 time, 2 date-time
        const char* lower;
        const char* upper;
        const char* value;
        bool ok;
    };
    const Case cases[] = {
        {0, "2020-01-01", "2020-12-31", "2020-06-15", true},
        {0, "2020-01-01", "2020-12-31", "2021-01-01", false},
        {0, "2020-01-01", "2020-12-31", "20200615", true},  // basic form
        {0, "2020-01-01", nullptr, "2019-12", false},       // partial: 2019-12-01
        {0, "2020-01-01", nullptr, "2020", true},           // 2020-01-01, the bound itself
        {1, "08:00", "16:00", "12:30:15", true},
        {1, "08:00", "16:00", "16:00:01", false},
        {1, "08:00:00Z", "16:00:00Z", "09:30:00+02:00", false},  // 07:30 UTC
        {2, "2020-01-01T00:00:00Z", nullptr, "2019-12-31T23:30:00-01:00", true},  // 00:30 UTC
        {2, "2020-01-01T00:00:00Z", nullptr, "2019-12-31T23:30:00Z", false},
        {2, nullptr, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.5Z", false},
    };
    RegexCache regexes;
    for (const auto& c : cases) {
        INFO(c.value << " in " << (c.lower ? c.lower : "*") << ".." << (c.upper ? c.upper : "*"));
        aom::CTemporal t;
        aom::Interval<std::string> range;
        if (c.lower) range.lower = c.lower;
        if (c.upper) range.upper = c.upper;
        t.range = range;
        aom::CPrimitive constraint;
        if (c.kind == 0) constraint = aom::CDate{t};
        else if (c.kind == 1) constraint = aom::CTime{t};
        else constraint = aom::CDateTime{t};
        Finding f = CheckPrimitive(rm::Value::String(c.value), constraint, regexes);
        CHECK(!f == c.ok);
        if (!c.ok) CHECK(std::string(f.code) == "RANGE");
    }
    CHECK_FALSE(TemporalPosition("10:20x", 1));
    CHECK(*TemporalPosition("1970-01-02", 0) == 86400.0);
}

TEST_CASE("ISO 8601 durations against C_DURATION patterns", "[templates][validation]") {
    using namespace templates::validation;
    struct Case {
        const char* value;
        const char* pattern;
        bool ok;
    };
    const Case cases[] = {
        {"P1D", "PDTH", true},       {"PT3H", "PDTH", true},     {"PT30M", "PDTH", false},
        {"P1Y2M", "PYMWDTHMS", true}, {"PT0.5S", "PTS", true},    {"P2W", "PYMD", false},
        {"-P1D", "PD", true},
    };
    for (const auto& c : cases) {
        INFO(c.value << " ~ " << c.pattern);
        auto d = ParseDuration(c.value);
        REQUIRE(d);
        CHECK(CheckDurationPattern(*d, c.pattern).empty() == c.ok);
    }
    CHECK(ParseDuration("PT1H")->seconds == 3600);
    for (const char* bad : {"P", "PT", "1D", "P1H", "PT1D", "P1.5"}) {
        INFO(bad);
        CHECK_FALSE(ParseDuration(bad));
    }
}
