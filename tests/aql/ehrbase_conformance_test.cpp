// tests/aql/ehrbase_conformance_test.cpp
//
// EHRbase's AQL integration data (corpus aql/examples/integration-tests) on the reference
// evaluator. EHRbase's robot suites each set up their own data (upload OPTs, create EHRs,
// commit compositions), then run a query template over the rows of a combinations CSV and
// compare the response with an expected result file, ignoring `meta` and `q`, row order and
// string case, after replacing the ${variables} the setup bound (ids, uids).
//
// tests/aql/ehrbase/*.suite restate those setups as data (one suite per robot file; the
// robot file each came from is named in its header):
//   opt <file>                         upload an OPT (paths relative to integration-tests/)
//   ehr <var> [status=<file>]          create an EHR (optionally with that EHR_STATUS); ${var} = its id
//   ehr_status <ehr var> <file>        replace that EHR's EHR_STATUS (a new version)
//   composition <var> <file>           commit into the last EHR; ${var} = the composition's
//                                      object id (EHRbase's "short uid")
//   folder <ehr var> <file>            create that EHR's directory from a FOLDER file, its
//                                      ${...} substituted (the robot's has_robot_vars); the
//                                      root's uid names the versioned object, as EHRbase
//                                      keeps it (its uid then reads <uid>::<system>::1)
//   set <var> <value>                  bind a variable (the value's ${...} substituted)
//   expected_dir <dir>                 where expected files of later lines are looked up
//   query <AQL template>               the template of the following `csv` lines
//   csv <file>                         one case per row: template with the row's fields, and
//                                      its ${expected_file}
//   case <expected file> [<AQL>]       one case: the AQL given, else the file's own "q"
//   cases                              a case for every .json file in expected_dir, each
//                                      running its own "q"
//   param <name> <JSON>                binds $name for the cases (the row's ${...} substituted)
//   count <n> <AQL>                    one case checking only the row count
//   count_only                         cases check the row count (${nr_of_results}) only, as
//                                      robot suites that do not compare the file
//   ordered                            rows compare in order (the suite's ORDER BY cases)
//   case_sensitive                     strings compare with case (the robot's default when
//                                      it does not pass ignore_string_case)
//   exclude <key>                      drop <key> from the cells' top-level objects first
//                                      (the robot's exclude_paths, e.g. generated uids)
//   exclude_column <n>                 drop every row's n-th cell (0-based) first (the robot's
//                                      exclude_paths root['rows'][i][n], e.g. commit times)
// A CSV without an expected_file column checks the row count (${nr_of_results}) only. CSV
// fields are read as Robot reads them (a backslash escapes the next character) and the query
// as the server reads it from the robot's JSON body (\\ and \" unescaped).
// Besides ${var}, an EHR binds ${var.status_uid}, ${var.status_time}, ${var.status_contribution}
// and ${var.status_subject} (its EHR_STATUS's subject id, of the latest status version); a
// composition ${var.uid} (the full version uid), ${var.time} and ${var.contribution}; a folder
// ${ehr var.directory_uid}, ${ehr var.directory_time} and ${ehr var.directory_contribution}.
// Variables bound by every suite: system_id_with_tenant (the store's system id), EMPTY.
// Each suite runs on a fresh store, read back with aql::LoadFromStore.
//
// Every case either matches or is listed in tests/aql/KNOWN_DIFFERENCES.md with its reason
// (`| suite | expected file | reason |`); the test fails on an unlisted difference and on a
// listed one that no longer occurs, and prints the counts. With KJERNE_AQL_DIFF_REPORT=<file>
// it also writes every difference (key, reason listed or not, query, what differs) as TSV,
// to review new ones before listing them.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store.hpp"
#include "tests/aql/case_file.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

namespace {

using Vars = std::map<std::string, std::string>;

fs::path DataRoot() { return test::CorpusDir() / "aql" / "examples" / "integration-tests"; }

std::string Trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
}

// ${name} replaced from `vars` (repeatedly: CSV fields carry variables of their own);
// unknown names stay. `json_escape`: the values go inside JSON strings.
std::string Substitute(std::string text, const Vars& vars, bool json_escape) {
    for (int pass = 0; pass < 4; ++pass) {
        std::string out;
        bool changed = false;
        size_t i = 0;
        while (i < text.size()) {
            size_t a = text.find("${", i);
            if (a == std::string::npos) break;
            size_t b = text.find('}', a);
            if (b == std::string::npos) break;
            out += text.substr(i, a - i);
            auto it = vars.find(text.substr(a + 2, b - a - 2));
            if (it == vars.end()) {
                out += text.substr(a, b - a + 1);
            } else {
                changed = true;
                if (!json_escape) {
                    out += it->second;
                } else {
                    for (char c : it->second) {
                        if (c == '"' || c == '\\') out += '\\';
                        out += c;
                    }
                }
            }
            i = b + 1;
        }
        out += text.substr(i);
        text = std::move(out);
        if (!changed) break;
    }
    return text;
}

// One CSV record (Excel dialect: quoted fields, "" for a quote inside quotes).
std::vector<std::string> CsvFields(const std::string& line) {
    std::vector<std::string> out;
    std::string f;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') f += '"', ++i;
            else if (c == '"') quoted = false;
            else f += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(f);
            f.clear();
        } else if (c != '\r') {
            f += c;
        }
    }
    out.push_back(f);
    return out;
}

// A CSV field as Robot Framework hands it on: a backslash escapes the next character.
std::string RobotUnescape(const std::string& field) {
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 1 < field.size()) ++i;
        out += field[i];
    }
    return out;
}

// The query as the server reads it: the robot suites paste it into a JSON string
// ({"q":"..."}), so \\ and \" in the pasted text arrive as \ and ".
std::string JsonUnescape(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\\' || text[i + 1] == '"')) ++i;
        out += text[i];
    }
    return out;
}


// A JSON value in a canonical text for comparison as the robot suites compare: object
// keys sorted, arrays as multisets (ignore_order), strings lower case (ignore_string_case),
// numbers by value.
std::string Canonical(simdjson::dom::element e, bool fold_case = true) {
    switch (e.type()) {
        case simdjson::dom::element_type::OBJECT: {
            std::map<std::string, std::string> m;
            for (auto [k, v] : simdjson::dom::object(e)) m[std::string(k)] = Canonical(v, fold_case);
            std::string s = "{";
            for (const auto& [k, v] : m) s += "\"" + k + "\":" + v + ",";
            return s + "}";
        }
        case simdjson::dom::element_type::ARRAY: {
            std::vector<std::string> items;
            for (auto v : simdjson::dom::array(e)) items.push_back(Canonical(v, fold_case));
            std::sort(items.begin(), items.end());
            std::string s = "[";
            for (const auto& v : items) s += v + ",";
            return s + "]";
        }
        case simdjson::dom::element_type::STRING: {
            std::string s{std::string_view(e)};
            if (fold_case)
                for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return "\"" + s + "\"";
        }
        case simdjson::dom::element_type::INT64: return std::to_string(int64_t(e));
        case simdjson::dom::element_type::UINT64: return std::to_string(uint64_t(e));
        case simdjson::dom::element_type::DOUBLE: {
            double d = double(e);
            if (d == static_cast<double>(static_cast<int64_t>(d))) return std::to_string(static_cast<int64_t>(d));
            std::ostringstream o;
            o.precision(15);
            o << d;
            return o.str();
        }
        case simdjson::dom::element_type::BOOL: return bool(e) ? "true" : "false";
        default: return "null";
    }
}

// Old EHRbase result sets name a column's path without its variable ("/ehr_id/value", and
// "/" for the variable's whole object).
bool SamePath(const std::string& expected, const std::string& actual) {
    if (expected == actual) return true;
    if (expected == "/") return actual.find('/') == std::string::npos;
    if (!expected.empty() && expected[0] == '/') {
        size_t slash = actual.find('/');
        return slash != std::string::npos && actual.substr(slash) == expected;
    }
    return false;
}

struct Outcome {
    bool equal = false;
    std::string detail;  // what differs
};

struct CompareOptions {
    bool ordered = false;
    bool case_sensitive = false;
    std::vector<std::string> exclude;
    std::vector<size_t> exclude_columns;
};

// A row's canonical text without the excluded keys of its cells' objects.
std::string CanonicalRow(simdjson::dom::element row, const CompareOptions& o) {
    simdjson::dom::array cells;
    const bool fold = !o.case_sensitive;
    if (row.get(cells)) return Canonical(row, fold);
    std::string s = "[";
    size_t column = 0;
    for (auto cell : cells) {
        if (std::find(o.exclude_columns.begin(), o.exclude_columns.end(), column++) != o.exclude_columns.end()) continue;
        if (cell.type() == simdjson::dom::element_type::OBJECT && !o.exclude.empty()) {
            std::map<std::string, std::string> m;
            for (auto [k, v] : simdjson::dom::object(cell))
                if (std::find(o.exclude.begin(), o.exclude.end(), std::string(k)) == o.exclude.end())
                    m[std::string(k)] = Canonical(v, fold);
            std::string t = "{";
            for (const auto& [k, v] : m) t += "\"" + k + "\":" + v + ",";
            s += t + "},";
        } else {
            s += Canonical(cell, fold) + ",";
        }
    }
    return s + "]";
}

Outcome Compare(const std::string& expected_json, const aql::ResultSet& rs, const CompareOptions& opts) {
    simdjson::dom::parser p;
    simdjson::dom::element want;
    if (p.parse(expected_json).get(want)) return {false, "expected file is not JSON"};
    simdjson::dom::array cols, rows;
    if (want["columns"].get(cols) || want["rows"].get(rows)) return {false, "expected file has no columns/rows"};
    std::vector<std::pair<std::string, std::string>> wc;
    for (auto c : cols) {
        std::string_view name, path;  // an absent one stays empty (EHRbase omits an aggregate's path)
        if (c["name"].get(name)) name = {};
        if (c["path"].get(path)) path = {};
        wc.emplace_back(std::string(name), std::string(path));
    }
    // Columns first, then rows; a column difference still reports whether the rows agree.
    std::string column_difference;
    if (wc.size() != rs.columns.size()) {
        column_difference = "columns: expected " + std::to_string(wc.size()) + ", got " + std::to_string(rs.columns.size());
    } else {
        for (size_t i = 0; i < wc.size() && column_difference.empty(); ++i)
            if (wc[i].first != rs.columns[i].name || !SamePath(wc[i].second, rs.columns[i].path))
                column_difference = "column " + std::to_string(i) + ": expected " + wc[i].first + " '" + wc[i].second +
                                    "', got " + rs.columns[i].name + " '" + rs.columns[i].path + "'";
    }
    std::vector<std::string> w, g;
    for (auto r : rows) w.push_back(CanonicalRow(r, opts));
    simdjson::dom::parser gp;
    for (const auto& r : rs.rows) {
        std::string text = "[";
        for (size_t i = 0; i < r.size(); ++i) text += (i ? "," : "") + r[i];
        text += "]";
        simdjson::dom::element e;
        g.push_back(gp.parse(text).get(e) ? "<unparsable:" + text + ">" : CanonicalRow(e, opts));
    }
    if (!opts.ordered) {
        std::sort(w.begin(), w.end());
        std::sort(g.begin(), g.end());
    }
    if (w == g) return {column_difference.empty(), column_difference + (column_difference.empty() ? "" : "; rows equal")};
    std::string d = (column_difference.empty() ? "" : column_difference + "; ") + "rows: expected " +
                    std::to_string(w.size()) + ", got " + std::to_string(g.size());
    for (size_t i = 0; i < std::max(w.size(), g.size()); ++i) {
        std::string a = i < w.size() ? w[i] : "-", b = i < g.size() ? g[i] : "-";
        if (a != b) {
            d += "; first difference: expected " + a + " got " + b;
            break;
        }
    }
    return {false, d};
}

struct Case {
    std::string key;  // suite:expected_file
    std::string query;
    std::string expected_file;  // relative to DataRoot()
    Vars row;                   // the CSV row's fields (also substituted into the expected file)
};

struct Suite {
    std::string name;
    CompareOptions compare;
    std::map<std::string, std::string> params;  // $name -> JSON value template
    std::vector<std::string> setup;  // opt / ehr / composition / set lines, in order
    std::vector<Case> cases;
};

Suite ReadSuite(const fs::path& path) {
    Suite s;
    s.name = path.stem().string();
    std::istringstream in(test::ReadFile(path));
    std::string line, expected_dir, query_template;
    bool count_only = false;
    std::map<std::string, int> seen;
    auto add = [&](Case c) {
        int n = seen[c.key]++;
        if (n) c.key += "#" + std::to_string(n + 1);
        s.cases.push_back(std::move(c));
    };
    while (std::getline(in, line)) {
        line = Trim(line);
        if (line.empty() || line[0] == '#') continue;
        size_t sp = line.find(' ');
        std::string verb = line.substr(0, sp), rest = sp == std::string::npos ? "" : Trim(line.substr(sp + 1));
        if (verb == "opt" || verb == "ehr" || verb == "ehr_status" || verb == "composition" || verb == "folder" ||
            verb == "set") {
            s.setup.push_back(line);
        } else if (verb == "param") {
            size_t q = rest.find(' ');
            s.params[rest.substr(0, q)] = Trim(rest.substr(q + 1));
        } else if (verb == "count_only") {
            count_only = true;
        } else if (verb == "case_sensitive") {
            s.compare.case_sensitive = true;
        } else if (verb == "count") {
            size_t q = rest.find(' ');
            Case c;
            c.row["nr_of_results"] = rest.substr(0, q);
            c.key = s.name + ":count " + c.row["nr_of_results"];
            c.query = Trim(rest.substr(q + 1));
            add(std::move(c));
        } else if (verb == "ordered") {
            s.compare.ordered = true;
        } else if (verb == "exclude") {
            s.compare.exclude.push_back(rest);
        } else if (verb == "exclude_column") {
            s.compare.exclude_columns.push_back(std::stoul(rest));
        } else if (verb == "expected_dir") {
            expected_dir = rest;
        } else if (verb == "query") {
            query_template = rest;
        } else if (verb == "csv") {
            std::istringstream csv(test::ReadFile(DataRoot() / rest));
            std::string header, row;
            std::getline(csv, header);
            std::vector<std::string> names;
            for (auto& h : CsvFields(header)) names.push_back(h.size() > 3 ? h.substr(2, h.size() - 3) : h);
            while (std::getline(csv, row)) {
                if (Trim(row).empty()) continue;
                auto fields = CsvFields(row);
                Case c;
                for (size_t i = 0; i < names.size() && i < fields.size(); ++i) c.row[names[i]] = RobotUnescape(fields[i]);
                if (c.row.count("expected_file") && !count_only) {
                    c.expected_file = expected_dir + "/" + c.row["expected_file"];
                    c.key = s.name + ":" + c.row["expected_file"];
                } else {
                    c.key = s.name + ":row" + std::to_string(s.cases.size() + 1);
                }
                c.query = query_template;
                add(std::move(c));
            }
        } else if (verb == "cases") {
            std::vector<std::string> names;
            for (const auto& e : fs::directory_iterator(DataRoot() / expected_dir))
                if (e.path().extension() == ".json") names.push_back(e.path().filename().string());
            std::sort(names.begin(), names.end());
            for (const std::string& name : names) {
                Case c;
                c.expected_file = expected_dir + "/" + name;
                c.key = s.name + ":" + fs::path(expected_dir).filename().string() + "/" + name;
                add(std::move(c));
            }
        } else if (verb == "case") {
            size_t q = rest.find(' ');
            Case c;
            std::string file = rest.substr(0, q);
            c.expected_file = expected_dir + "/" + file;
            c.key = s.name + ":" + file;
            c.query = q == std::string::npos ? "" : Trim(rest.substr(q + 1));
            add(std::move(c));
        } else {
            throw std::runtime_error(path.string() + ": unknown line: " + line);
        }
    }
    return s;
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
    if (!r.ok()) throw std::runtime_error(what + ": " + r.error().ToString());
    return std::move(r).value();
}

// Runs the setup on a fresh store; returns the data source and the variables bound.
// A version's facts as variables: <var>.uid, <var>.time, <var>.contribution (prefix given).
void BindVersion(Vars& vars, const std::string& prefix, const store::VersionRecord& v) {
    vars[prefix + "uid"] = v.uid;
    vars[prefix + "time"] = v.time_committed;
    vars[prefix + "contribution"] = v.contribution_id;
}

// subject/external_ref/id/value of an EHR_STATUS, or "".
std::string SubjectId(const rm::Document& status) {
    const rm::Node* n = status.root();
    for (const char* attr : {"subject", "external_ref", "id"}) {
        const rm::Value* v = n ? n->Find(status.schema(), attr) : nullptr;
        n = v ? v->node() : nullptr;
    }
    return n ? std::string(n->String(status.schema(), "value")) : "";
}

// Runs the setup on a fresh store; returns the data source and the variables bound.
std::unique_ptr<aql::InMemoryDataSource> Setup(const Suite& s, Vars& vars) {
    test::TempDbPath db("kjerne-ehrbase-" + s.name);
    store::StoreOptions opts;
    opts.path = db.str();
    opts.system_id = "kjerne.test";
    opts.synchronous = store::Synchronous::kOff;  // a throwaway store: durability buys nothing
    auto st = Must(store::OpenSqliteStore(opts), s.name + ": open store");
    vars["system_id_with_tenant"] = opts.system_id;
    vars["EMPTY"] = "";
    std::string ehr_id;
    std::map<std::string, std::string> ehr_of;  // EHR variable -> id
    auto status_vars = [&](const std::string& var, const std::string& id) {
        auto status = Must(st->ReadEhrStatus(id), "read EHR_STATUS");
        BindVersion(vars, var + ".status_", status.version);
        rm::Document doc = Must(codec::ReadJson(status.json), "EHR_STATUS");
        vars[var + ".status_subject"] = SubjectId(doc);
    };
    for (const std::string& line : s.setup) {
        std::istringstream words(line);
        std::string verb, a, b;
        words >> verb >> a;
        std::getline(words, b);
        b = Trim(b);
        std::string what = s.name + ": " + line;
        if (verb == "opt") {
            std::string opt = test::ReadFile(DataRoot() / a);
            Must(st->PutTemplate(Must(store::OptTemplateId(opt), what), opt), what);
        } else if (verb == "ehr") {
            store::CreateEhrRequest req;
            std::optional<rm::Document> status;
            if (b.rfind("status=", 0) == 0) {
                status = Must(codec::ReadJson(test::ReadFile(DataRoot() / b.substr(7))), what);
                req.ehr_status = &*status;
            }
            auto ehr = Must(st->CreateEhr(req), what);
            ehr_id = ehr.ehr_id;
            vars[a] = ehr_id;
            ehr_of[a] = ehr_id;
            status_vars(a, ehr_id);
        } else if (verb == "ehr_status") {
            std::string id = ehr_of.at(a);
            rm::Document doc = Must(codec::ReadJson(test::ReadFile(DataRoot() / b)), what);
            Must(st->UpdateEhrStatus(id, vars.at(a + ".status_uid"), doc), what);
            status_vars(a, id);
        } else if (verb == "composition") {
            rm::Document doc = Must(codec::ReadJson(test::ReadFile(DataRoot() / b)), what);
            auto v = Must(st->CreateComposition(ehr_id, doc), what);
            vars[a] = v.vo_id;
            BindVersion(vars, a + ".", v);
        } else if (verb == "folder") {
            std::string json = Substitute(test::ReadFile(DataRoot() / b), vars, true);
            rm::Document doc = Must(codec::ReadJson(json), what);
            store::VersionChange change;
            change.kind = store::ObjectKind::kFolder;
            change.change = store::ChangeType::kCreation;
            change.data = &doc;
            const rm::Node* uid = doc.root()->Child(doc.schema(), "uid");
            if (uid) change.vo_id = std::string(uid->String(doc.schema(), "value"));
            store::ContributionRequest req;
            req.ehr_id = ehr_of.at(a);
            req.changes.push_back(change);
            auto result = Must(st->CommitContribution(req), what);
            BindVersion(vars, a + ".directory_", result.versions.at(0));
        } else if (verb == "set") {
            vars[a] = Substitute(b, vars, false);
        }
    }
    return Must(aql::LoadFromStore(*st), s.name + ": load");
}

// tests/aql/KNOWN_DIFFERENCES.md: `| suite | expected file | reason |` rows -> key -> reason.
std::map<std::string, std::string> KnownDifferences() {
    std::map<std::string, std::string> out;
    std::istringstream in(test::ReadFile(test::SourceDir() / "tests" / "aql" / "KNOWN_DIFFERENCES.md"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) != 0) continue;
        std::vector<std::string> cells;
        size_t i = 1;
        while (i < line.size()) {
            size_t j = line.find(" |", i);
            if (j == std::string::npos) break;
            cells.push_back(Trim(line.substr(i, j - i)));
            i = j + 2;
        }
        if (cells.size() < 3 || cells[0] == "suite" || cells[0].rfind("---", 0) == 0) continue;
        std::string f = cells[1];
        if (f.size() > 1 && f.front() == '`' && f.back() == '`') f = f.substr(1, f.size() - 2);
        out[cells[0] + ":" + f] = cells[2];
    }
    return out;
}

}  // namespace

TEST_CASE("EHRbase AQL integration data: expected results on the reference evaluator", "[aql][corpus][ehrbase]") {
    fs::path dir = test::SourceDir() / "tests" / "aql" / "ehrbase";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".suite") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    auto known = KnownDifferences();
    const char* report_path = std::getenv("KJERNE_AQL_DIFF_REPORT");
    std::ofstream report;
    if (report_path && *report_path) report.open(report_path);
    std::set<std::string> still_different, expected_used;
    size_t queries = 0, equal = 0, known_different = 0, unexpected = 0;
    size_t rows_equal = 0;  // known-different in the columns only
    for (const fs::path& f : files) {
        Suite s = ReadSuite(f);
        Vars vars;
        // A setup the store refuses (e.g. a composition that is not valid RM) makes each of the
        // suite's cases a difference, to be listed like any other.
        std::unique_ptr<aql::InMemoryDataSource> data;
        std::string setup_error;
        try {
            data = Setup(s, vars);
        } catch (const std::exception& e) {
            setup_error = e.what();
        }
        for (const Case& c : s.cases) {
            ++queries;
            if (!c.expected_file.empty()) expected_used.insert(c.expected_file);
            Vars all = vars;
            for (const auto& [k, v] : c.row) all[k] = v;
            std::string expected_raw = c.expected_file.empty() ? "" : test::ReadFile(DataRoot() / c.expected_file);
            std::string query = c.query;
            if (query.empty()) {
                simdjson::dom::parser p;
                simdjson::dom::element e;
                std::string_view q;
                if (!p.parse(expected_raw).get(e) && !e["q"].get(q)) query = std::string(q);
            }
            query = JsonUnescape(Substitute(query, all, false));
            std::string expected = Substitute(expected_raw, all, true);
            Outcome o;
            auto parsed = aql::Parse(query);
            if (!setup_error.empty()) {
                o.detail = "setup failed: " + setup_error;
            } else if (!parsed.ok()) {
                o.detail = "rejected: " + parsed.error().ToString();
            } else {
                aql::QueryParameters params;
                for (const auto& [name, value] : s.params) params[name] = kjerne::test::ParamFromJson(Substitute(value, all, false)).value_or(aql::Scalar::Null());
                auto rs = aql::ExecuteReference(*parsed, query, *data, params);
                if (!rs.ok()) {
                    o = {false, "error: " + rs.error().ToString()};
                } else if (c.expected_file.empty()) {
                    std::string want = c.row.count("nr_of_results") ? c.row.at("nr_of_results") : "?";
                    o = {std::to_string(rs->rows.size()) == want,
                         "rows: expected " + want + ", got " + std::to_string(rs->rows.size())};
                } else {
                    o = Compare(expected, *rs, s.compare);
                }
            }
            const bool listed = known.count(c.key) > 0;
            if (o.equal) {
                ++equal;
            } else if (listed) {
                ++known_different;
                if (o.detail.ends_with("rows equal")) ++rows_equal;
                still_different.insert(c.key);
            } else {
                ++unexpected;
            }
            if (!o.equal && report.is_open())
                report << c.key << '\t' << (listed ? known.at(c.key) : "UNLISTED") << '\t' << query << '\t' << o.detail << '\n';
            INFO("unlisted difference " << c.key << "\n  query: " << query << "\n  " << o.detail.substr(0, 600));
            CHECK((o.equal || listed));
        }
    }
    for (const auto& [key, reason] : known)
        if (!still_different.count(key)) FAIL_CHECK("KNOWN_DIFFERENCES.md lists " << key << ", which now matches (or no longer runs)");
    // How much of the data the suites reach: expected result files (non-empty) used / held.
    size_t held = 0;
    for (const char* dir : {"aql/fields_and_results", "query/expected_results"})
        for (const auto& e : fs::recursive_directory_iterator(DataRoot() / dir))
            if (e.path().extension() == ".json" && fs::file_size(e.path()) > 0) ++held;
    WARN("EHRbase AQL integration data: " << files.size() << " suites, " << queries << " queries: " << equal << " equal, "
                                          << known_different << " known-different (KNOWN_DIFFERENCES.md; in " << rows_equal
                                          << " of them only the column names/paths differ, the rows agree), " << unexpected
                                          << " unexpected; " << expected_used.size() << " of " << held
                                          << " non-empty expected result files used");
    CHECK(queries > 0);
}
