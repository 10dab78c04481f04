// tests/templates/webtemplate_test.cpp
//
// Web templates generated from the corpus OPTs against the corpus web templates
// (webtemplates.tsv pairs them), node for node. Nodes are matched as EHRbase's own test
// matches them: children by (aqlPath, id). Per matched node the test compares rmType, min,
// max, localizedName, inContext, dependsOn (as a set), cardinalities, termBindings, the inputs (suffix:type, each
// list's value:label pairs, validation ranges and defaultValue), the order of the children, and
// localizedNames / localizedDescriptions; a node whose every field agrees counts as equal. Every
// difference must be listed (by template, kind and node pattern) in KNOWN_DIFFERENCES.md, and every
// listed difference must still occur.
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/common/glob.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/webtemplate/node_id_text.hpp"
#include "templates/webtemplate/web_template.hpp"
#include "tests/support/corpus.hpp"

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const fs::path kHere = fs::path(__FILE__).parent_path();

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Object::Ptr ParseJson(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Object::Ptr>();
}

std::string Str(const Object::Ptr& o, const std::string& key) {
    return o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string("-");
}

// Older web templates write name predicates as `[at0001 and name/value='X']`, newer ones as
// `[at0001,'X']`: keys use the short form. The root has no path in the older ones.
std::string NormalisePath(std::string p) {
    for (size_t at; (at = p.find(" and name/value='")) != std::string::npos;)
        p.replace(at, 17, ",'");
    return p == "-" ? "" : p;
}

std::string NodeKey(const Object::Ptr& n) {
    return NormalisePath(Str(n, "aqlPath")) + "|" + Str(n, "id");
}

std::vector<Object::Ptr> Children(const Object::Ptr& n) {
    std::vector<Object::Ptr> out;
    if (Array::Ptr a = n->getArray("children"))
        for (size_t i = 0; i < a->size(); ++i)
            out.push_back(a->getObject(static_cast<unsigned>(i)));
    return out;
}

// Texts compared with whitespace runs collapsed and trimmed: the OPT loader trims term texts.
std::string Collapse(const std::string& s) {
    std::string out;
    for (char c : s) {
        bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::map<std::string, std::string> LangMap(const Object::Ptr& n, const std::string& key) {
    std::map<std::string, std::string> out;
    if (Object::Ptr m = n->getObject(key))
        for (const auto& [k, v] : *m) out[k] = Collapse(v.toString());
    return out;
}

// A JSON value as comparable text: numbers by value (0 == 0.0), objects with sorted keys.
std::string VarText(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Object::Ptr)) {
        Object::Ptr o = v.extract<Object::Ptr>();
        std::map<std::string, std::string> sorted;
        for (const auto& [k, x] : *o) sorted[k] = VarText(x);
        std::string out = "{";
        for (const auto& [k, x] : sorted) out += k + "=" + x + ";";
        return out + "}";
    }
    if (v.isNumeric() && !v.isBoolean()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", v.convert<double>());
        return buf;
    }
    return v.toString();
}

// suffix:type -> validation and defaultValue of each input.
std::map<std::string, std::string> InputDetails(const Object::Ptr& n) {
    std::map<std::string, std::string> out;
    Array::Ptr a = n->getArray("inputs");
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
        Object::Ptr in = a->getObject(static_cast<unsigned>(i));
        std::string key =
            (in->has("suffix") ? in->getValue<std::string>("suffix") : "") + ":" + Str(in, "type");
        out[key] = "validation " + (in->has("validation") ? VarText(in->get("validation")) : "-") +
                   " default " + (in->has("defaultValue") ? VarText(in->get("defaultValue")) : "-");
    }
    return out;
}

// suffix:type -> sorted "value:label" of its list.
std::map<std::string, std::set<std::string>> Inputs(const Object::Ptr& n) {
    std::map<std::string, std::set<std::string>> out;
    Array::Ptr a = n->getArray("inputs");
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
        Object::Ptr in = a->getObject(static_cast<unsigned>(i));
        std::string key =
            (in->has("suffix") ? in->getValue<std::string>("suffix") : "") + ":" + Str(in, "type");
        auto& values = out[key];
        if (Array::Ptr l = in->getArray("list"))
            for (size_t j = 0; j < l->size(); ++j) {
                Object::Ptr v = l->getObject(static_cast<unsigned>(j));
                values.insert(Str(v, "value") + ":" + Str(v, "label"));
            }
    }
    return out;
}

struct Stats {
    size_t nodes = 0, equal = 0;
    std::map<std::string, size_t> by_kind;
};

class Comparer {
public:
    Comparer(std::string name, Stats& stats, std::vector<std::string>& diffs)
        : name_(std::move(name)), stats_(stats), diffs_(diffs) {}

    void Compare(const Object::Ptr& actual, const Object::Ptr& expected) {
        ++stats_.nodes;
        bool equal = true;
        const std::string key = NodeKey(expected);
        auto diff = [&](const std::string& kind, const std::string& detail) {
            equal = false;
            Add(kind, key, detail);
        };
        auto field = [&](const char* f) {
            std::string a = Str(actual, f), e = Str(expected, f);
            if (a != e) diff(f, a + " != " + e);
        };
        field("rmType");
        field("min");
        field("max");
        if (expected->has("localizedName")) field("localizedName");
        bool a_ctx = actual->has("inContext") && actual->getValue<bool>("inContext");
        bool e_ctx = expected->has("inContext") && expected->getValue<bool>("inContext");
        if (a_ctx != e_ctx)
            diff("inContext",
                 std::string(a_ctx ? "true" : "false") + " != " + (e_ctx ? "true" : "false"));
        auto ai = Inputs(actual), ei = Inputs(expected);
        std::string only_a, only_e;
        for (const auto& [k, v] : ai)
            if (!ei.count(k)) only_a += " " + k;
        for (const auto& [k, v] : ei)
            if (!ai.count(k)) only_e += " " + k;
        if (!only_a.empty() || !only_e.empty())
            diff("inputs", "[" + only_a + " ] != [" + only_e + " ]");
        for (const auto& [k, v] : ai) {
            auto it = ei.find(k);
            if (it == ei.end() || it->second == v) continue;
            std::string d;
            for (const auto& x : v)
                if (!it->second.count(x)) d += " +" + x;
            for (const auto& x : it->second)
                if (!v.count(x)) d += " -" + x;
            diff("input-list", k + d);
        }
        auto ad = InputDetails(actual), ed = InputDetails(expected);
        for (const auto& [k, v] : ad)
            if (auto it = ed.find(k); it != ed.end() && it->second != v)
                diff("input-detail", k + " " + v + " != " + it->second);
        auto depends = [](const Object::Ptr& n) {
            std::set<std::string> out;
            if (Array::Ptr a = n->getArray("dependsOn"))
                for (size_t i = 0; i < a->size(); ++i)
                    out.insert(a->getElement<std::string>(static_cast<unsigned>(i)));
            return out;
        };
        if (depends(actual) != depends(expected)) diff("dependsOn", "dependsOn sets differ");
        auto cards = [](const Object::Ptr& n) {
            return n->has("cardinalities") ? n->get("cardinalities").toString() : std::string();
        };
        if (cards(actual) != cards(expected))
            diff("cardinalities", cards(actual) + " != " + cards(expected));
        auto bindings = [](const Object::Ptr& n) {
            return n->has("termBindings") ? VarText(n->get("termBindings")) : std::string();
        };
        if (bindings(actual) != bindings(expected))
            diff("termBindings", bindings(actual) + " != " + bindings(expected));
        if (LangMap(actual, "localizedNames") != LangMap(expected, "localizedNames") ||
            LangMap(actual, "localizedDescriptions") != LangMap(expected, "localizedDescriptions"))
            diff("texts", "localizedNames/localizedDescriptions");

        // Children by (aqlPath, id).
        std::vector<Object::Ptr> ac = Children(actual), ec = Children(expected);
        std::vector<bool> used(ac.size(), false);
        std::vector<std::string> a_order, e_order;
        for (const Object::Ptr& e : ec) {
            std::string k = NodeKey(e);
            bool found = false;
            for (size_t i = 0; i < ac.size() && !found; ++i) {
                if (used[i] || NodeKey(ac[i]) != k) continue;
                used[i] = found = true;
                e_order.push_back(k);
                Compare(ac[i], e);
            }
            if (!found) {
                ++stats_.nodes;
                CountMissing(e);
            }
        }
        for (size_t i = 0; i < ac.size(); ++i) {
            if (used[i]) {
                a_order.push_back(NodeKey(ac[i]));
            } else {
                Add("extra", NodeKey(ac[i]), Str(ac[i], "rmType"));
            }
        }
        if (a_order != e_order) diff("order", "children order");
        if (equal) ++stats_.equal;
    }

private:
    void CountMissing(const Object::Ptr& e) {
        Add("missing", NodeKey(e), Str(e, "rmType"));
        for (const Object::Ptr& c : Children(e)) {
            ++stats_.nodes;
            CountMissing(c);
        }
    }
    void Add(const std::string& kind, const std::string& key, const std::string& detail) {
        ++stats_.by_kind[kind];
        diffs_.push_back(name_ + "\t" + kind + "\t" + key + "\t" + detail);
    }
    std::string name_;
    Stats& stats_;
    std::vector<std::string>& diffs_;
};

// The table's '*' wildcards (engine/common/glob.hpp; the table has no '?').
bool Glob(std::string_view pattern, std::string_view text) { return kjerne::GlobMatch(pattern, text); }

struct Known {
    std::string tpl, kind, node, reason;
    size_t hits = 0;
};

std::string Trim(std::string s) {
    size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Rows of the table in KNOWN_DIFFERENCES.md: | template | kind | node (aqlPath|id) | reason |
std::vector<Known> ReadKnown() {
    std::vector<Known> out;
    std::istringstream in(ReadFile(kHere / "KNOWN_DIFFERENCES.md"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos) continue;
        std::vector<std::string> cells;
        std::string cell;
        for (size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '|' && line[i - 1] != '\\') {
                cells.push_back(Trim(cell));
                cell.clear();
            } else if (!(line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|')) {
                cell.push_back(line[i]);
            }
        }
        if (cells.size() < 4 || cells[0] == "template") continue;
        auto unquote = [](std::string s) {
            return s.size() >= 2 && s.front() == '`' ? s.substr(1, s.size() - 2) : s;
        };
        out.push_back({unquote(cells[0]), unquote(cells[1]), unquote(cells[2]), cells[3]});
    }
    return out;
}

}  // namespace

TEST_CASE("web templates match the corpus web templates node for node",
          "[templates][webtemplate]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    std::istringstream pairs(ReadFile(kHere / "webtemplates.tsv"));
    std::string line;
    Stats stats;
    std::vector<std::string> diffs;
    size_t templates = 0;
    while (std::getline(pairs, line)) {
        if (line.empty() || line[0] == '#') continue;
        size_t tab = line.find('\t');
        REQUIRE(tab != std::string::npos);
        fs::path wt_file = corpus / line.substr(0, tab), opt_file = corpus / line.substr(tab + 1);
        INFO(wt_file.string());
        auto tpl = kjerne::templates::LoadOptFile(opt_file.string());
        REQUIRE(tpl.ok());
        auto wt = kjerne::templates::webtemplate::GenerateWebTemplate(**tpl);
        REQUIRE(wt.ok());
        Object::Ptr actual = ParseJson(kjerne::templates::webtemplate::WebTemplateToJson(*wt));
        Object::Ptr expected = ParseJson(ReadFile(wt_file));
        ++templates;
        const std::string name = wt_file.filename().string();
        CHECK(Str(actual, "templateId") == Str(expected, "templateId"));
        CHECK(Str(actual, "defaultLanguage") == Str(expected, "defaultLanguage"));
        const size_t nodes_before = stats.nodes, equal_before = stats.equal;
        Comparer(name, stats, diffs)
            .Compare(actual->getObject("tree"), expected->getObject("tree"));
        std::cout << "  " << name << ": " << stats.nodes - nodes_before << " nodes, "
                  << stats.equal - equal_before << " equal\n";
    }
    std::vector<Known> known = ReadKnown();
    std::vector<std::string> unlisted;
    for (const std::string& d : diffs) {
        std::vector<std::string> f;
        std::istringstream ds(d);
        for (std::string part; std::getline(ds, part, '\t');) f.push_back(part);
        bool listed = false;
        for (Known& k : known)
            if (Glob(k.tpl, f[0]) && Glob(k.kind, f[1]) && Glob(k.node, f[2])) {
                ++k.hits;
                listed = true;
                break;
            }
        if (!listed) unlisted.push_back(d);
    }
    std::cout << "webtemplates: " << templates << " templates, " << stats.nodes
              << " nodes compared, " << stats.equal << " nodes equal ("
              << (stats.nodes ? 100 * stats.equal / stats.nodes : 0) << "%); differences by kind:";
    for (const auto& [k, n] : stats.by_kind) std::cout << " " << k << "=" << n;
    std::cout << "\n";
    if (const char* dump = std::getenv("KJERNE_WT_DIFFS")) {
        std::ofstream out(dump);
        for (const std::string& d : diffs) out << d << "\n";
    }
    CHECK(templates == 17);
    for (const std::string& u : unlisted)
        FAIL_CHECK("difference not in KNOWN_DIFFERENCES.md: " << u);
    for (const Known& k : known)
        if (k.hits == 0)
            FAIL_CHECK("KNOWN_DIFFERENCES.md row no longer occurs: " << k.tpl << " | " << k.kind
                                                                     << " | " << k.node);
}

namespace {

// Sibling ids are what FLAT paths are made of: they must be unique, non-empty and snake case.
void CheckIds(const Object::Ptr& node, const std::string& where, size_t& nodes) {
    ++nodes;
    std::set<std::string> seen;
    for (const Object::Ptr& c : Children(node)) {
        const std::string id = Str(c, "id");
        INFO(where << " " << NormalisePath(Str(c, "aqlPath")));
        CHECK(!id.empty());
        CHECK(id.find(' ') == std::string::npos);
        CHECK(seen.insert(id).second);
        CHECK(Str(c, "aqlPath").rfind('/', 0) == 0);
        CHECK(Str(c, "rmType") != "-");
        CheckIds(c, where, nodes);
    }
}

}  // namespace

TEST_CASE("every corpus OPT yields a web template with unique sibling ids",
          "[templates][webtemplate]") {
    const fs::path corpus = kjerne::test::CorpusDir();
    size_t templates = 0, nodes = 0;
    for (const char* dir : {"templates/opt14", "validation-sets/integration-tests/valid_templates",
                            "aql/examples/integration-tests/aql/data_load/opts"}) {
        for (const auto& e : fs::recursive_directory_iterator(corpus / dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".opt") continue;
            INFO(e.path().string());
            auto tpl = kjerne::templates::LoadOptFile(e.path().string());
            REQUIRE(tpl.ok());
            auto wt = kjerne::templates::webtemplate::GenerateWebTemplate(**tpl);
            REQUIRE(wt.ok());
            Object::Ptr json = ParseJson(kjerne::templates::webtemplate::WebTemplateToJson(*wt));
            CHECK(Str(json, "templateId") == (*tpl)->template_id);
            CheckIds(json->getObject("tree"), e.path().filename().string(), nodes);
            ++templates;
        }
    }
    std::cout << "webtemplates: " << templates << " corpus OPTs, " << nodes
              << " nodes, sibling ids unique\n";
    CHECK(templates > 100);
}

TEST_CASE("web template ids from names and choice types", "[templates][webtemplate]") {
    std::istringstream cases(ReadFile(kHere / "webtemplate_ids.tsv"));
    size_t n = 0;
    for (std::string line; std::getline(cases, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string part; std::getline(ls, part, '\t');) f.push_back(part);
        REQUIRE(f.size() == 3);
        INFO(line);
        if (f[0] == "name") CHECK(kjerne::templates::webtemplate::BuildNodeId(f[1]) == f[2]);
        if (f[0] == "choice") CHECK(kjerne::templates::webtemplate::ChoiceId(f[1]) == f[2]);
        ++n;
    }
    CHECK(n >= 10);
}

TEST_CASE("a template without a definition has no web template", "[templates][webtemplate]") {
    kjerne::templates::Template empty;
    empty.template_id = "empty";
    empty.language = "en";
    auto wt = kjerne::templates::webtemplate::GenerateWebTemplate(empty);
    REQUIRE(!wt.ok());
    CHECK(wt.error().code() == kjerne::ErrorCode::kInvalidArgument);
}
