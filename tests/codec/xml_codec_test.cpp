// tests/codec/xml_codec_test.cpp
//
// Canonical ITS-XML (engine/codec/xml_reader.cpp, xml_writer.cpp) on the real corpus and on
// hostile input.
// - Corpus: every canonical XML composition (MANIFEST), the FOLDER objects, and the EHRbase
//   validation-set compositions and versions read; writing and reading back gives an equal
//   tree; the written XML is valid against the ITS-XML schema (../shared/corpus/xsd/sdk-opt14).
//   Canonical JSON compositions written as XML are checked the same way, which exercises the
//   writer on trees the XML corpus does not have. Expected failures, each with its reason,
//   are in xml_known_issues.tsv; a listed file that passes fails the suite.
// - Malformed input (tag [asan], run under ASan/UBSan in CI): mutations of real corpus files;
//   each case must give one issue with the right code, RM path and line:col, and never crash.
// - Writer details: escaping, U+FFFD for characters XML cannot carry, DV_INTERVAL flags,
//   root element names, Hash entries.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "engine/codec/codec.hpp"
#include "engine/codec/xsd_validator.hpp"
#include "engine/rm/document.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

namespace {

constexpr const char* kOpenEhrNs = "http://schemas.openehr.org/v1";

struct Known {
    std::string check;   // read | xsd | equal
    std::string expect;
    std::string reason;
};

std::map<std::string, Known> KnownIssues() {
    std::map<std::string, Known> out;
    for (auto& row : test::ReadTable(test::SourceDir() / "tests" / "codec" / "xml_known_issues.tsv")) {
        row.resize(4);
        out[row[0]] = Known{row[1], row[2], row[3]};
    }
    return out;
}

// Schema validators for the two root elements the ITS-XML schemas declare; loaded once.
struct Validators {
    std::unique_ptr<codec::XsdValidator> composition, version;
};
Validators& Xsd() {
    static Validators v = [] {
        Validators out;
        fs::path dir = test::CorpusDir() / "xsd" / "sdk-opt14";
        auto c = codec::XsdValidator::Load((dir / "Composition.xsd").string(), kOpenEhrNs);
        auto ver = codec::XsdValidator::Load((dir / "Version.xsd").string(), kOpenEhrNs);
        if (!c.ok()) throw std::runtime_error(c.error().ToString());
        if (!ver.ok()) throw std::runtime_error(ver.error().ToString());
        out.composition = std::move(c).value();
        out.version = std::move(ver).value();
        return out;
    }();
    return v;
}

std::string Join(const std::vector<Issue>& issues) {
    std::string s;
    for (const auto& i : issues) s += "\n  " + i.ToString();
    return s;
}

size_t NewlinesInStrings(const rm::Value& v);
size_t NewlinesInStrings(const rm::Node& n) {
    size_t total = 0;
    for (const rm::Attr& a : n.attributes()) total += NewlinesInStrings(a.value);
    return total;
}
size_t NewlinesInStrings(const rm::Value& v) {
    switch (v.kind) {
        case rm::ValueKind::kString: return static_cast<size_t>(std::count(v.str().begin(), v.str().end(), '\n'));
        case rm::ValueKind::kNode: return NewlinesInStrings(*v.node());
        case rm::ValueKind::kList: {
            size_t total = 0;
            for (const rm::Value& item : v.items()) total += NewlinesInStrings(item);
            return total;
        }
        default: return 0;
    }
}

// Tally of one corpus group, for the summary line.
struct Tally {
    size_t files = 0, read = 0, equal = 0, validated = 0, valid = 0;
    std::string Summary(const std::string& what) const {
        return what + ": " + std::to_string(read) + "/" + std::to_string(files) + " read, " + std::to_string(equal) +
               "/" + std::to_string(read) + " XML round-trip equal, " + std::to_string(valid) + "/" +
               std::to_string(validated) + " XSD-valid";
    }
};

// Writes `doc` as XML, reads it back, compares, validates; checks expectations in `known`.
void CheckWrittenXml(const rm::Document& doc, const std::string& label, const Known* known, Tally& tally) {
    const std::string written = codec::WriteXml(doc);
    CHECK(written.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
    codec::ReadOptions ro;
    ro.source_name = label + " (written)";
    auto again = codec::ReadXml(written, ro);
    if (!again.ok()) {
        FAIL_CHECK("re-read of written XML failed: " << again.error().ToString());
        return;
    }
    auto diff = rm::FirstDifference(doc, *again);
    if (known && known->check == "equal") {
        INFO("expected difference (" << known->reason << ")");
        REQUIRE(diff.has_value());
        CHECK(diff->find(known->expect) != std::string::npos);
    } else {
        if (diff) FAIL_CHECK("tree differs after XML round trip: " << *diff);
        if (!diff) ++tally.equal;
        // Deterministic: the re-read tree writes the same bytes; compact reads the same.
        CHECK(codec::WriteXml(*again) == written);
        codec::WriteOptions compact;
        compact.pretty = false;
        std::string small = codec::WriteXml(doc, compact);
        // Compact adds no whitespace: its only line breaks are those inside string values.
        CHECK(static_cast<size_t>(std::count(small.begin(), small.end(), '\n')) == NewlinesInStrings(*doc.root()));
        auto from_compact = codec::ReadXml(small);
        REQUIRE(from_compact.ok());
        CHECK_FALSE(rm::FirstDifference(doc, *from_compact).has_value());
    }

    std::string_view root = doc.schema().Name(doc.root()->type);
    codec::XsdValidator* validator = root == "COMPOSITION"        ? Xsd().composition.get()
                                     : root == "ORIGINAL_VERSION" ? Xsd().version.get()
                                                                  : nullptr;
    if (!validator) return;  // FOLDER, EHR_STATUS, ...: no global element in the ITS-XML schemas
    ++tally.validated;
    auto issues = validator->Validate(written);
    if (known && known->check == "xsd") {
        INFO("expected XSD failure (" << known->reason << ")");
        REQUIRE_FALSE(issues.empty());
        INFO(Join(issues));
        CHECK(issues.front().message.find(known->expect) != std::string::npos);
        return;
    }
    if (!issues.empty()) FAIL_CHECK("written XML is not XSD-valid:" << Join(issues));
    if (issues.empty()) ++tally.valid;
}

// Reads a corpus XML file and runs CheckWrittenXml; handles expected rejections.
void CheckCorpusXml(const fs::path& rel, const std::map<std::string, Known>& known, Tally& tally) {
    INFO(rel.string());
    const auto it = known.find(rel.generic_string());
    const Known* k = it == known.end() ? nullptr : &it->second;
    ++tally.files;
    codec::ReadOptions ro;
    ro.source_name = rel.generic_string();
    auto doc = codec::ReadXml(test::ReadFile(test::CorpusDir() / rel), ro);
    if (k && k->check == "read") {
        INFO("expected rejection (" << k->reason << ")");
        REQUIRE_FALSE(doc.ok());
        CHECK(doc.error().issues().at(0).code == k->expect);
        return;
    }
    if (!doc.ok()) {
        FAIL_CHECK(doc.error().ToString());
        return;
    }
    ++tally.read;
    CheckWrittenXml(*doc, rel.generic_string(), k, tally);
}

// 1-based line and column of the first occurrence of `needle` (0, 0 when absent).
std::pair<size_t, size_t> PosOf(const std::string& text, const std::string& needle) {
    size_t at = text.find(needle);
    if (at == std::string::npos) return {0, 0};
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    size_t bol = text.rfind('\n', at);
    return {line, bol == std::string::npos ? at + 1 : at - bol};
}

// The base of the reader and malformed-input cases: a small real composition from the EHRbase
// validation set (3.5 KB, default openEHR namespace). It has a PARTY_IDENTIFIED composer, an
// EVENT_CONTEXT with a participation, and one EVALUATION (subject PARTY_SELF) whose ITEM_TREE
// holds a DV_QUANTITY (378.56119871139526 kg). Its written form is XSD-valid.
const fs::path kBaseFile = fs::path("validation-sets") / "integration-tests" / "valid_templates" / "minimal" /
                           "minimal_evaluation.composition.participations.xml";
const std::string& Base() {
    static const std::string text = test::ReadFile(test::CorpusDir() / kBaseFile);
    return text;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

const Issue& SingleIssue(const Result<rm::Document>& r) {
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().issues().size() == 1);
    return r.error().issues()[0];
}

rm::Value Str(rm::Document& doc, std::string_view s) { return doc.NewString(s); }

bmm::Slot SlotOf(const bmm::Schema& s, const char* type, const char* prop) {
    bmm::Slot slot = s.FindSlot(s.Find(type), prop);
    REQUIRE(slot != bmm::kNoSlot);
    return slot;
}

}  // namespace

// ------------------------------------------------------------------------------ corpus

TEST_CASE("every canonical XML composition reads, round-trips and is XSD-valid", "[codec][xml][corpus]") {
    auto files = test::ReadableCompositions("canonical_xml");
    REQUIRE(files.size() >= 16);
    auto known = KnownIssues();
    Tally tally;
    for (const auto& e : files) CheckCorpusXml(fs::path("compositions") / e.file, known, tally);
    WARN(tally.Summary("canonical XML compositions"));
    CHECK(tally.read == files.size());
    CHECK(tally.equal == tally.read);
}

TEST_CASE("canonical XML FOLDER objects read and round-trip", "[codec][xml][corpus]") {
    auto known = KnownIssues();
    Tally tally;
    fs::path dir = fs::path("rm-objects") / "folder" / "canonical_xml";
    for (const auto& f : fs::directory_iterator(test::CorpusDir() / dir)) {
        if (f.path().extension() != ".xml") continue;
        CheckCorpusXml(dir / f.path().filename(), known, tally);
    }
    REQUIRE(tally.files >= 1);
    CHECK(tally.read == tally.files);
    CHECK(tally.equal == tally.read);
    auto doc = codec::ReadXml(test::ReadFile(test::CorpusDir() / dir / "simple_empty_folder.xml"));
    REQUIRE(doc.ok());
    CHECK(doc->schema().Name(doc->root()->type) == "FOLDER");
    CHECK(doc->root()->Child(doc->schema(), "name")->String(doc->schema(), "value") == "Simple empty folder");
}

TEST_CASE("validation-set compositions and versions in XML read, round-trip and validate", "[codec][xml][corpus]") {
    auto known = KnownIssues();
    Tally tally;
    fs::path dir = fs::path("validation-sets") / "integration-tests";
    std::vector<fs::path> files;
    for (const auto& f : fs::recursive_directory_iterator(test::CorpusDir() / dir))
        if (f.is_regular_file() && f.path().extension() == ".xml") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) CheckCorpusXml(fs::relative(f, test::CorpusDir()), known, tally);
    WARN(tally.Summary("validation-set XML"));
    CHECK(tally.files >= 60);
    CHECK(tally.equal == tally.read);
}

TEST_CASE("canonical JSON compositions written as XML are XSD-valid and read back equal", "[codec][xml][json][corpus]") {
    auto known = KnownIssues();
    Tally tally;
    for (const auto& e : test::ReadableCompositions("canonical_json")) {
        fs::path rel = fs::path("compositions") / e.file;
        INFO(rel.string());
        auto it = known.find(rel.generic_string());
        ++tally.files;
        auto doc = codec::ReadJson(test::ReadFile(test::CorpusDir() / rel));
        if (!doc.ok()) continue;  // the JSON suite owns JSON read failures
        ++tally.read;
        CheckWrittenXml(*doc, rel.generic_string(), it == known.end() ? nullptr : &it->second, tally);
    }
    WARN(tally.Summary("canonical JSON compositions written as XML"));
    CHECK(tally.read >= 40);
}

// ------------------------------------------------------------------------------ reader details

TEST_CASE("the minimal_evaluation corpus composition reads, validates and keeps its values", "[codec][xml][corpus]") {
    auto doc = codec::ReadXml(Base());
    REQUIRE(doc.ok());
    const auto& s = doc->schema();
    const rm::Node* root = doc->root();
    CHECK(s.Name(root->type) == "COMPOSITION");
    CHECK(root->String(s, "archetype_node_id") == "openEHR-EHR-COMPOSITION.minimal.v1");
    CHECK(root->Child(s, "archetype_details")->Child(s, "template_id")->String(s, "value") ==
          "minimal_evaluation.en.v1");
    CHECK(root->Child(s, "territory")->String(s, "code_string") == "UY");
    const rm::Node* composer = root->Child(s, "composer");
    CHECK(s.Name(composer->type) == "PARTY_IDENTIFIED");
    CHECK(composer->String(s, "name") == "Dr. Yamamoto");
    CHECK(composer->Child(s, "external_ref")->String(s, "namespace") == "DEMOGRAPHIC");
    // No xsi:type in the source: the declared type is concrete and inferred.
    const rm::Node* context = root->Child(s, "context");
    CHECK(s.Name(context->type) == "EVENT_CONTEXT");
    CHECK(context->Child(s, "start_time")->String(s, "value") == "20190502T154832,979+0000");
    const rm::Value* participations = context->Find(s, "participations");
    REQUIRE(participations);
    REQUIRE(participations->items().size() == 1);
    const rm::Node* participation = participations->items()[0].node();
    CHECK(s.Name(participation->type) == "PARTICIPATION");
    const rm::Node* performer = participation->Child(s, "performer");
    CHECK(s.Name(performer->type) == "PARTY_RELATED");
    CHECK(performer->String(s, "name") == "Betty Bix");
    const rm::Value* content = root->Find(s, "content");
    REQUIRE(content);
    REQUIRE(content->items().size() == 1);
    const rm::Node* eval = content->items()[0].node();
    CHECK(s.Name(eval->type) == "EVALUATION");
    CHECK(s.Name(eval->Child(s, "subject")->type) == "PARTY_SELF");
    const rm::Node* tree = eval->Child(s, "data");
    CHECK(s.Name(tree->type) == "ITEM_TREE");
    CHECK(tree->Child(s, "name")->String(s, "value") == "Arbol");
    const rm::Node* q = tree->Find(s, "items")->items()[0].node()->Child(s, "value");
    CHECK(s.Name(q->type) == "DV_QUANTITY");
    REQUIRE(q->Find(s, "magnitude")->kind == rm::ValueKind::kReal);
    CHECK(q->Find(s, "magnitude")->u.d == 378.56119871139526);
    CHECK(q->String(s, "units") == "kg");
    CHECK(Xsd().composition->Validate(codec::WriteXml(*doc)).empty());
}

TEST_CASE("documents without the openEHR namespace, and with prefixes, read the same", "[codec][xml]") {
    auto with_ns = codec::ReadXml(Base());
    REQUIRE(with_ns.ok());
    auto no_ns = codec::ReadXml(Replace(Base(), R"(xmlns="http://schemas.openehr.org/v1" )", ""));
    REQUIRE(no_ns.ok());
    CHECK_FALSE(rm::FirstDifference(*with_ns, *no_ns).has_value());
    // The same file with a prefixed namespace: every element and every xsi:type value prefixed.
    std::string prefixed = std::regex_replace(Base(), std::regex(R"re(<(/?)([a-z_]+)([ />\n]))re"), "<$1v1:$2$3");
    prefixed = std::regex_replace(prefixed, std::regex(R"re(xsi:type="([A-Z_]+)")re"),
                                  R"(xsi:type="v1:$1")");
    prefixed = Replace(prefixed, R"(xmlns="http://schemas.openehr.org/v1")",
                       R"(xmlns:v1="http://schemas.openehr.org/v1")");
    INFO(prefixed);
    REQUIRE(prefixed.find("<v1:composition xmlns:v1=") != std::string::npos);
    REQUIRE(prefixed.find(R"(<v1:value xsi:type="v1:DV_QUANTITY">)") != std::string::npos);
    REQUIRE(prefixed.find("</v1:composition>") != std::string::npos);
    auto with_prefix = codec::ReadXml(prefixed);
    REQUIRE(with_prefix.ok());
    CHECK_FALSE(rm::FirstDifference(*with_ns, *with_prefix).has_value());
}

TEST_CASE("the root type comes from xsi:type, the element name or ReadOptions.root_type", "[codec][xml]") {
    // version -> ORIGINAL_VERSION by default; xsi:type refines.
    auto v = codec::ReadXml(R"(<version xmlns="http://schemas.openehr.org/v1"><signature>s</signature></version>)");
    REQUIRE(v.ok());
    CHECK(v->schema().Name(v->root()->type) == "ORIGINAL_VERSION");
    // Upper-cased element name.
    auto st = codec::ReadXml(R"(<ehr_status><is_queryable>true</is_queryable></ehr_status>)");
    REQUIRE(st.ok());
    CHECK(st->schema().Name(st->root()->type) == "EHR_STATUS");
    // root_type for an element name that names no type.
    codec::ReadOptions ro;
    ro.root_type = "ITEM_TREE";
    auto tree = codec::ReadXml(R"(<data archetype_node_id="at0001"><name><value>t</value></name></data>)", ro);
    REQUIRE(tree.ok());
    CHECK(tree->schema().Name(tree->root()->type) == "ITEM_TREE");
    // Structure.xsd's global `items` element needs xsi:type (LOCATABLE is abstract).
    auto items = codec::ReadXml(R"(<items xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CLUSTER" )"
                                R"(archetype_node_id="at1"><name><value>c</value></name></items>)");
    REQUIRE(items.ok());
    CHECK(items->schema().Name(items->root()->type) == "CLUSTER");
    auto untyped = codec::ReadXml(R"(<items archetype_node_id="at1"/>)");
    CHECK(SingleIssue(untyped).code == "RM_TYPE_REQUIRED");
}

TEST_CASE("a Hash<String,String> is read from id-keyed elements and written back", "[codec][xml]") {
    const std::string xml = R"(<resource_description xmlns="http://schemas.openehr.org/v1">)"
                            R"(<original_author id="name">Sam Heard</original_author>)"
                            R"(<original_author id="email">sam&amp;co@example.org</original_author>)"
                            R"(</resource_description>)";
    auto doc = codec::ReadXml(xml);
    REQUIRE(doc.ok());
    const rm::Value* h = doc->root()->Find(doc->schema(), "original_author");
    REQUIRE(h);
    REQUIRE(h->items().size() == 4);
    CHECK(h->items()[0].str() == "name");
    CHECK(h->items()[1].str() == "Sam Heard");
    CHECK(h->items()[2].str() == "email");
    CHECK(h->items()[3].str() == "sam&co@example.org");
    std::string out = codec::WriteXml(*doc);
    CHECK(out.find(R"(<original_author id="email">sam&amp;co@example.org</original_author>)") != std::string::npos);
    auto again = codec::ReadXml(out);
    REQUIRE(again.ok());
    CHECK_FALSE(rm::FirstDifference(*doc, *again).has_value());
    // A hash entry needs its key.
    auto keyless = codec::ReadXml(
        R"(<resource_description><original_author>x</original_author></resource_description>)");
    CHECK(SingleIssue(keyless).code == "RM_WRONG_VALUE_TYPE");
}

TEST_CASE("list items that are not contiguous still form one list in document order", "[codec][xml]") {
    std::string xml = R"(<item_tree xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" archetype_node_id="at0">)"
                      R"(<items xsi:type="ELEMENT" archetype_node_id="at1"><name><value>a</value></name></items>)"
                      R"(<name><value>tree</value></name>)"
                      R"(<items xsi:type="ELEMENT" archetype_node_id="at2"><name><value>b</value></name></items>)"
                      R"(</item_tree>)";
    auto doc = codec::ReadXml(xml);
    REQUIRE(doc.ok());
    const auto& s = doc->schema();
    auto items = doc->root()->Find(s, "items")->items();
    REQUIRE(items.size() == 2);
    CHECK(items[0].node()->String(s, "archetype_node_id") == "at1");
    CHECK(items[1].node()->String(s, "archetype_node_id") == "at2");
}

// ------------------------------------------------------------------------------ malformed input

TEST_CASE("malformed XML is rejected with code, RM path and line:col", "[codec][xml][asan]") {
    struct Case {
        const char* name;
        std::string text;
        const char* code;
        const char* path;     // expected rm_path ("" = not checked)
        std::string at;       // the error is reported at this text ("" = not checked)
        bool exact = true;    // at its column too (else its line only)
    };
    auto mut = [](const std::string& from, const std::string& to) { return Replace(Base(), from, to); };
    const std::vector<Case> cases = {
        {"wrong primitive text", mut("<magnitude>378.56119871139526<", "<magnitude>abc<"), "RM_WRONG_VALUE_TYPE",
         "/content[1]/data/items[1]/value/magnitude", "<magnitude>abc"},
        {"unknown element", mut("<units>kg</units>", "<unitz>kg</unitz>"), "RM_UNKNOWN_ATTRIBUTE",
         "/content[1]/data/items[1]/value/unitz", "<unitz>"},
        {"unknown element at the top", mut("<composer ", "<composr "), "RM_UNKNOWN_ATTRIBUTE", "/composr",
         "<composr"},
        {"unknown xsi:type", mut("\"DV_QUANTITY\"", "\"DV_QUANTITEE\""), "RM_UNKNOWN_TYPE",
         "/content[1]/data/items[1]/value", "<value xsi:type=\"DV_QUANTITEE"},
        {"xsi:type not a subtype", mut("<composer xsi:type=\"PARTY_IDENTIFIED\"", "<composer xsi:type=\"DV_TEXT\""),
         "RM_TYPE_MISMATCH", "/composer", "<composer"},
        {"abstract xsi:type", mut("<composer xsi:type=\"PARTY_IDENTIFIED\"", "<composer xsi:type=\"PARTY_PROXY\""),
         "RM_ABSTRACT_TYPE", "/composer", "<composer"},
        {"no xsi:type on an abstract attribute",
         mut("<content archetype_node_id=\"openEHR-EHR-EVALUATION.minimal.v1\" xsi:type=\"EVALUATION\">",
             "<content archetype_node_id=\"openEHR-EHR-EVALUATION.minimal.v1\">"),
         "RM_TYPE_REQUIRED", "/content[1]", "<content"},
        {"text inside an object", mut("<units>kg</units>", "<units>kg</units>oops"), "RM_WRONG_VALUE_TYPE",
         "/content[1]/data/items[1]/value", "oops"},
        {"element inside a primitive", mut("<units>kg</units>", "<units><b>kg</b></units>"), "RM_WRONG_VALUE_TYPE",
         "/content[1]/data/items[1]/value/units/b", "<b>"},
        {"unknown XML attribute",
         mut("<subject xsi:type=\"PARTY_SELF\" />", "<subject xsi:type=\"PARTY_SELF\" colour=\"red\" />"),
         "RM_UNKNOWN_ATTRIBUTE", "/content[1]/subject/@colour", "<subject xsi:type=\"PARTY_SELF\" colour"},
        {"single-valued attribute twice", mut("<units>kg</units>", "<units>kg</units><units>g</units>"),
         "RM_DUPLICATE_ATTRIBUTE", "/content[1]/data/items[1]/value/units", "<units>g"},
        {"element in a foreign namespace", mut("<units>kg</units>", "<x:units xmlns:x=\"urn:other\">kg</x:units>"),
         "RM_UNKNOWN_ATTRIBUTE", "/content[1]/data/items[1]/value/units", "<x:units"},
        {"mismatched end tag", mut("</units>", "</unit>"), "SYNTAX", "", "</unit>", false},
        {"invalid UTF-8", mut("<value>quantity</value>", "<value>q\xC3\x28uantity</value>"), "SYNTAX", "", ""},
        {"root element naming no type",
         Replace(mut("<composition xmlns", "<kompo xmlns"), "</composition>", "</kompo>"), "RM_TYPE_REQUIRED", "/",
         "<kompo", false},
        // The base has no boolean and the corpus has no EHR_STATUS in XML: a real DV_BOOLEAN.value instead.
        {"not a boolean",
         Replace(test::ReadFile(test::CorpusDir() / "validation-sets" / "integration-tests" / "valid_templates" /
                                "nested" / "nested.composition.xml"),
                 "<value>true</value>", "<value>yes</value>"),
         "RM_WRONG_VALUE_TYPE", "/content[1]/items[1]/activities[1]/description/items[2]/items[3]/items[1]/value/value",
         "<value>yes"},
        {"integer out of range", mut("<units>kg</units>", "<units>kg</units><precision>99999999999999999999</precision>"),
         "RM_WRONG_VALUE_TYPE", "/content[1]/data/items[1]/value/precision", "<precision>"},
    };
    for (const auto& c : cases) {
        INFO(c.name << "\n" << c.text);
        codec::ReadOptions ro;
        ro.source_name = "case.xml";
        auto r = codec::ReadXml(c.text, ro);
        const Issue& issue = SingleIssue(r);
        INFO(r.error().ToString());
        CHECK(issue.code == c.code);
        CHECK(r.error().code() == ErrorCode::kInvalidArgument);
        if (*c.path) CHECK(issue.rm_path == c.path);
        REQUIRE(issue.pos.has_value());
        CHECK(issue.pos->file == "case.xml");
        CHECK(issue.pos->line >= 1);
        CHECK(issue.pos->col >= 1);
        if (!c.at.empty()) {
            auto [line, col] = PosOf(c.text, c.at);
            CHECK(issue.pos->line == line);
            if (c.exact) CHECK(issue.pos->col == col);
        }
        // The message a user sees names file:line:col and the RM path.
        std::string shown = r.error().ToString();
        CHECK(shown.find("case.xml:" + std::to_string(issue.pos->line) + ":" + std::to_string(issue.pos->col)) !=
              std::string::npos);
        CHECK(shown.find(issue.rm_path) != std::string::npos);
    }
}

TEST_CASE("a DOCTYPE is refused: no entity is expanded or fetched", "[codec][xml][asan]") {
    // A local file the entity points at: its content must never reach the document.
    fs::path secret = fs::temp_directory_path() / "kjerne_xml_xxe_secret.txt";
    {
        std::ofstream out(secret);
        out << "TOP-SECRET-MARKER";
    }
    const std::vector<std::string> docs = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE composition [<!ENTITY xxe SYSTEM \"file://" + secret.string() +
            "\">]>\n<composition><name><value>&xxe;</value></name></composition>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE composition SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
        "<composition><name><value>x</value></name></composition>",
        // Billion laughs: internal entities only.
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n<composition><name><value>&lol3;</value></name>"
        "</composition>",
    };
    for (const auto& text : docs) {
        INFO(text);
        auto r = codec::ReadXml(text);
        const Issue& issue = SingleIssue(r);
        CHECK(issue.code == "SYNTAX");
        CHECK(issue.message.find("DOCTYPE") != std::string::npos);
        CHECK(r.error().ToString().find("TOP-SECRET-MARKER") == std::string::npos);
        REQUIRE(issue.pos.has_value());
        CHECK(issue.pos->line == 2);
    }
    fs::remove(secret);
}

TEST_CASE("10,000 levels of XML nesting stop at max_depth with LIMIT_DEPTH", "[codec][xml][asan]") {
    auto deep = [](int depth) {
        std::string xml = R"(<folder xmlns="http://schemas.openehr.org/v1" archetype_node_id="f">)";
        for (int i = 0; i < depth; ++i) xml += "<folders archetype_node_id=\"f\">";
        for (int i = 0; i < depth; ++i) xml += "</folders>";
        return xml + "</folder>";
    };
    auto r = codec::ReadXml(deep(10000));
    const Issue& issue = SingleIssue(r);
    CHECK(r.error().code() == ErrorCode::kLimitExceeded);
    CHECK(issue.code == "LIMIT_DEPTH");
    CHECK(issue.message.find("512") != std::string::npos);
    CHECK(issue.rm_path.rfind("/folders[1]/folders[1]/folders[1]", 0) == 0);
    REQUIRE(issue.pos.has_value());
    CHECK(issue.pos->line == 1);
    // Within the limit the same shape reads; a lower limit is honoured.
    auto ok = codec::ReadXml(deep(200));
    REQUIRE(ok.ok());
    codec::ReadOptions shallow;
    shallow.max_depth = 10;
    CHECK(SingleIssue(codec::ReadXml(deep(20), shallow)).code == "LIMIT_DEPTH");
    CHECK(codec::ReadXml(deep(8), shallow).ok());
}

TEST_CASE("a text node above max_bytes is refused before parsing", "[codec][xml][asan]") {
    std::string big(2u << 20, 'a');
    std::string xml = R"(<?xml version="1.0"?><folder xmlns="http://schemas.openehr.org/v1"><name><value>)" + big +
                      "</value></name></folder>";
    codec::ReadOptions small;
    small.max_bytes = 1u << 20;
    small.source_name = "big.xml";
    auto refused = codec::ReadXml(xml, small);
    const Issue& issue = SingleIssue(refused);
    CHECK(refused.error().code() == ErrorCode::kLimitExceeded);
    CHECK(issue.code == "LIMIT_SIZE");
    CHECK(issue.message.find("1048576") != std::string::npos);
    // The same document within the (default) limit reads, text intact.
    auto read = codec::ReadXml(xml);
    REQUIRE(read.ok());
    const auto& s = read->schema();
    CHECK(read->root()->Child(s, "name")->String(s, "value").size() == big.size());
}

TEST_CASE("truncated and corrupted corpus XML never crashes the reader", "[codec][xml][asan]") {
    const std::string text = test::ReadFile(test::CorpusDir() / "compositions" / "canonical_xml" / "test_all_types.v1.xml");
    REQUIRE(codec::ReadXml(text).ok());
    // Truncated everywhere (every 97th byte): always an error with a position.
    for (size_t n = 0; n < text.size(); n += 97) {
        auto r = codec::ReadXml(std::string_view(text).substr(0, n));
        INFO("truncated at " << n);
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().issues().size() == 1);
    }
    auto half = codec::ReadXml(std::string_view(text).substr(0, text.size() / 2));
    const Issue& issue = SingleIssue(half);
    CHECK(issue.code == "SYNTAX");
    REQUIRE(issue.pos.has_value());
    CHECK(issue.pos->line > 1);
    // Random byte corruption: any outcome but a crash; errors carry one issue.
    std::mt19937 rng(20240601);
    for (int i = 0; i < 300; ++i) {
        std::string bad = text;
        for (int k = 0; k < 3; ++k) bad[rng() % bad.size()] = static_cast<char>(rng() % 256);
        auto r = codec::ReadXml(bad);
        if (!r.ok()) CHECK(r.error().issues().size() == 1);
    }
    // Degenerate inputs.
    for (const char* t : {"", " ", "<", "<composition", "<composition/>x", "not xml", "<?xml version=\"1.0\"?>"}) {
        INFO("input: '" << t << "'");
        CHECK(SingleIssue(codec::ReadXml(t)).code == "SYNTAX");
    }
}

// ------------------------------------------------------------------------------ writer details

TEST_CASE("the writer escapes text and replaces what XML 1.0 cannot carry by U+FFFD", "[codec][xml]") {
    rm::Document doc;
    const auto& s = doc.schema();
    const std::string tricky = "a&b<c>d\"e'f\r\ng\th ]]> \xC3\xA6\xF0\x9F\x98\x80";
    rm::Attr name_attrs[] = {{SlotOf(s, "DV_TEXT", "value"), Str(doc, tricky)}};
    rm::Node* name = doc.NewNode(s.Find("DV_TEXT"), name_attrs);
    rm::Attr folder_attrs[] = {{SlotOf(s, "FOLDER", "archetype_node_id"), Str(doc, "at\"0\n<1>&")},
                               {SlotOf(s, "FOLDER", "name"), rm::Value::Of(name)}};
    doc.set_root(doc.NewNode(s.Find("FOLDER"), folder_attrs));
    std::string out = codec::WriteXml(doc);
    CHECK(out.find(R"(archetype_node_id="at&quot;0&#xA;&lt;1&gt;&amp;")") != std::string::npos);
    CHECK(out.find("a&amp;b&lt;c&gt;d\"e'f&#xD;\ng\th ]]&gt; ") != std::string::npos);
    auto back = codec::ReadXml(out);
    REQUIRE(back.ok());
    CHECK_FALSE(rm::FirstDifference(doc, *back).has_value());

    // Control characters, a lone surrogate in CESU form, U+FFFE and broken UTF-8.
    rm::Document bad;
    rm::Attr bad_attrs[] = {{SlotOf(s, "DV_TEXT", "value"), Str(bad, "x\x01y\x1Fz\xED\xA0\x80w\xEF\xBF\xBEv\xC3u\xFF")}};
    bad.set_root(bad.NewNode(s.Find("DV_TEXT"), bad_attrs));
    std::string written = codec::WriteXml(bad);
    auto reread = codec::ReadXml(written);
    REQUIRE(reread.ok());
    const std::string rep = "\xEF\xBF\xBD";
    CHECK(reread->root()->String(s, "value") ==
          "x" + rep + "y" + rep + "z" + rep + "w" + rep + "v" + rep + "u" + rep);
}

TEST_CASE("DV_INTERVAL is written with the XSD-mandatory unbounded flags derived", "[codec][xml]") {
    // Built by hand (readers complete the flags themselves): lower only.
    rm::Document doc;
    const auto& s = doc.schema();
    rm::Attr q_attrs[] = {{SlotOf(s, "DV_QUANTITY", "magnitude"), rm::Value::Real(1.5)},
                          {SlotOf(s, "DV_QUANTITY", "units"), Str(doc, "mg")}};
    rm::Node* q = doc.NewNode(s.Find("DV_QUANTITY"), q_attrs);
    rm::Attr iv_attrs[] = {{SlotOf(s, "DV_INTERVAL", "lower"), rm::Value::Of(q)}};
    rm::Node* iv = doc.NewNode(s.Find("DV_INTERVAL"), iv_attrs, s.Find("DV_QUANTITY"));
    rm::Attr el_attrs[] = {{SlotOf(s, "ELEMENT", "archetype_node_id"), Str(doc, "at0001")},
                           {SlotOf(s, "ELEMENT", "value"), rm::Value::Of(iv)}};
    doc.set_root(doc.NewNode(s.Find("ELEMENT"), el_attrs));
    std::string out = codec::WriteXml(doc);
    INFO(out);
    CHECK(out.find(R"(<value xsi:type="DV_INTERVAL">)") != std::string::npos);  // no generic argument
    CHECK(out.find(R"(<lower xsi:type="DV_QUANTITY">)") != std::string::npos);
    size_t lu = out.find("<lower_unbounded>false</lower_unbounded>");
    size_t uu = out.find("<upper_unbounded>true</upper_unbounded>");
    CHECK(lu != std::string::npos);
    CHECK(uu != std::string::npos);
    CHECK(lu < uu);
    CHECK(out.find("<magnitude>1.5</magnitude>") < lu);  // XSD order: lower, upper, ..., flags
    CHECK(out.find("<upper>") == std::string::npos);
}

TEST_CASE("root elements are named for their type and carry xsi:type only where the XSD needs it", "[codec][xml]") {
    rm::Document v;
    const auto& s = v.schema();
    rm::Attr sig[] = {{SlotOf(s, "ORIGINAL_VERSION", "signature"), Str(v, "sig")}};
    v.set_root(v.NewNode(s.Find("ORIGINAL_VERSION"), sig));
    std::string out = codec::WriteXml(v);
    CHECK(out.find(R"(<version xmlns="http://schemas.openehr.org/v1" )"
                   R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ORIGINAL_VERSION">)") !=
          std::string::npos);
    auto back = codec::ReadXml(out);
    REQUIRE(back.ok());
    CHECK(s.Name(back->root()->type) == "ORIGINAL_VERSION");

    for (const char* type : {"COMPOSITION", "EHR_STATUS", "FOLDER", "CONTRIBUTION"}) {
        rm::Document d;
        d.set_root(d.NewNode(s.Find(type), {}));
        std::string name = type;
        std::transform(name.begin(), name.end(), name.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
        std::string text = codec::WriteXml(d);
        INFO(text);
        CHECK(text.find("<" + name + " xmlns=") != std::string::npos);
        CHECK(text.find("xsi:type") == std::string::npos);
        auto again = codec::ReadXml(text);
        REQUIRE(again.ok());
        CHECK(s.Name(again->root()->type) == type);
    }
    // Compact output is one line after the declaration.
    codec::WriteOptions compact;
    compact.pretty = false;
    CHECK(codec::WriteXml(v, compact).find('\n') == std::string::npos);
}

TEST_CASE("DV_MULTIMEDIA.data (Array<Octet>) is one base64 element", "[codec][xml]") {
    const std::string xml = R"(<items xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ELEMENT" )"
                            R"(archetype_node_id="at1"><name><value>m</value></name><value xsi:type="DV_MULTIMEDIA">)"
                            R"(<data>aGVsbG8=</data><media_type><terminology_id><value>IANA_media-types</value>)"
                            R"(</terminology_id><code_string>text/plain</code_string></media_type><size>5</size>)"
                            R"(</value></items>)";
    auto doc = codec::ReadXml(xml);
    REQUIRE(doc.ok());
    const auto& s = doc->schema();
    const rm::Node* mm = doc->root()->Child(s, "value");
    REQUIRE(mm);
    CHECK(mm->String(s, "data") == "aGVsbG8=");
    CHECK(mm->Find(s, "size")->u.i == 5);
    std::string out = codec::WriteXml(*doc);
    CHECK(out.find("<data>aGVsbG8=</data>") != std::string::npos);
}

TEST_CASE("the XSD validator reports schema violations with line:col, never fetching", "[codec][xml]") {
    auto doc = codec::ReadXml(Base());
    REQUIRE(doc.ok());
    const std::string written = codec::WriteXml(*doc);
    codec::XsdValidator& xsd = *Xsd().composition;
    REQUIRE(xsd.Validate(written).empty());
    struct Case {
        const char* from;
        const char* to;
        const char* message;  // text of the first issue
    };
    for (const Case& c : {Case{"<units>kg</units>", "", "missing elements"},
                          Case{"<magnitude>378.56119871139526</magnitude>", "<magnitude>abc</magnitude>",
                               "invalid character"},
                          Case{"<units>kg</units>", "<units>kg</units><bogus/>", "bogus"}}) {
        std::string bad = Replace(written, c.from, c.to);
        auto issues = xsd.Validate(bad);
        INFO(c.from << " -> " << c.to << Join(issues));
        REQUIRE_FALSE(issues.empty());
        CHECK(issues[0].code == "XSD_INVALID");
        CHECK(issues[0].message.find(c.message) != std::string::npos);
        REQUIRE(issues[0].pos.has_value());
        CHECK(issues[0].pos->line > 1);
    }
    // Not well-formed, and a DOCTYPE: refused as syntax.
    CHECK(xsd.Validate(written.substr(0, written.size() / 2)).at(0).code == "SYNTAX");
    CHECK(xsd.Validate("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:9/x.dtd\"><x/>").at(0).code ==
          "SYNTAX");
    // A document's own xsi:schemaLocation (here an https URL) is ignored, not fetched: the
    // grammar loaded at start is used.
    std::string hinted = Replace(written, "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation="
                                 "\"http://schemas.openehr.org/v1 https://127.0.0.1:9/Composition.xsd\"");
    CHECK(xsd.Validate(hinted).empty());
}
