// tests/aql/parser_test.cpp
//
// The AQL parser on EHRbase's AQL test data (every query in
// ../shared/corpus/aql/examples/integration-tests parses, except the non-AQL-1.1 ones listed in
// corpus_query_rejections.tsv), on a table of malformed queries with the exact error position
// (syntax_errors.tsv), and on the shape of the tree for each construct of the language.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <filesystem>

#include "aql/parser/parser.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
namespace fs = std::filesystem;

namespace {

std::string Lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string Unescape(std::string s) {
    for (size_t at; (at = s.find("\\n")) != std::string::npos;) s.replace(at, 2, "\n");
    return s;
}

aql::Query MustParse(const std::string& q) {
    auto r = aql::Parse(q);
    INFO(q);
    if (!r.ok()) FAIL(r.error().ToString());
    return std::move(r).value();
}

}  // namespace

TEST_CASE("every corpus AQL query parses, or is rejected as listed", "[aql][corpus]") {
    auto rules = test::ReadTable(test::SourceDir() / "tests" / "aql" / "corpus_query_rejections.tsv");
    REQUIRE(rules.size() >= 3);
    simdjson::dom::parser json;
    size_t parsed = 0, rejected = 0, templates = 0;
    fs::path root = test::CorpusDir() / "aql" / "examples" / "integration-tests";
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.path().extension() != ".json") continue;
        std::string text = test::ReadFile(entry.path());
        simdjson::dom::element doc;
        std::string_view q;
        if (json.parse(text).get(doc) || doc.type() != simdjson::dom::element_type::OBJECT || doc["q"].get_string().get(q))
            continue;  // expected-result files without a query, and the empty files of the source
        if (q.find("${") != std::string_view::npos) {  // templates the EHRbase runner fills in
            ++templates;
            continue;
        }
        std::string rel = fs::relative(entry.path(), root).generic_string();
        INFO(rel << "\n" << q);
        const std::vector<std::string>* rule = nullptr;
        std::string lower_q = Lower(std::string(q));
        for (const auto& r : rules)
            if (lower_q.find(Lower(r.at(0))) != std::string::npos) rule = &r;
        bool invalid_folder = rel.find("aql_queries_invalid") != std::string::npos;
        auto result = aql::Parse(q);
        if (rule || invalid_folder) {
            REQUIRE_FALSE(result.ok());
            if (rule) CHECK(result.error().issues().at(0).code == rule->at(1));
            ++rejected;
        } else {
            if (!result.ok()) FAIL_CHECK(result.error().ToString());
            else ++parsed;
        }
    }
    WARN("corpus AQL: " << parsed << " parsed, " << rejected << " rejected as listed, " << templates
                        << " runner templates skipped");
    CHECK(parsed >= 880);
    CHECK(rejected >= 30);
}

TEST_CASE("malformed queries give the listed code at the listed line:col", "[aql]") {
    auto rows = test::ReadTable(test::SourceDir() / "tests" / "aql" / "syntax_errors.tsv");
    REQUIRE(rows.size() >= 20);
    for (auto row : rows) {
        row.resize(4);
        std::string q = Unescape(row[0]);
        INFO(q);
        auto r = aql::Parse(q);
        REQUIRE_FALSE(r.ok());
        const Issue& issue = r.error().issues().at(0);
        INFO(r.error().ToString());
        CHECK(issue.code == row[1]);
        REQUIRE(issue.pos.has_value());
        CHECK(std::to_string(issue.pos->line) + ":" + std::to_string(issue.pos->col) == row[2]);
        CHECK(issue.message.find(row[3]) != std::string::npos);
    }
}

TEST_CASE("SELECT columns: paths, predicates, aliases, literals, aggregates, functions", "[aql]") {
    auto q = MustParse(
        "SELECT DISTINCT e/ehr_id/value AS id, o/data[at0001]/events[at0006, 'any event']/data[at0003]/items[at0004]/value/magnitude AS sys, "
        "c[openEHR-EHR-COMPOSITION.encounter.v1]/name/value, 'text', 42, -1.5, true, COUNT(*), COUNT(DISTINCT c/uid/value), "
        "MAX(o/data/events/time/value), LENGTH(c/name/value), CONCAT_WS('-', c/name/value, 'x') "
        "FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v2]");
    CHECK(q.distinct);
    REQUIRE(q.columns.size() == 12);
    auto& p = std::get<aql::IdentifiedPath>(q.columns[0].expr);
    CHECK(p.variable == "e");
    CHECK(p.path.parts.size() == 2);
    CHECK(q.columns[0].alias == "id");
    CHECK(q.columns[0].source == "e/ehr_id/value");
    auto& bp = std::get<aql::IdentifiedPath>(q.columns[1].expr);
    REQUIRE(bp.path.parts.size() == 6);
    REQUIRE(bp.path.parts[1].predicate);
    CHECK(bp.path.parts[1].predicate->node_id == "at0006");
    CHECK(bp.path.parts[1].predicate->name.value() == "any event");
    auto& arch = std::get<aql::IdentifiedPath>(q.columns[2].expr);
    REQUIRE(arch.predicate);
    CHECK(arch.predicate->node_id == "openEHR-EHR-COMPOSITION.encounter.v1");
    CHECK(std::get<aql::Primitive>(q.columns[3].expr).kind == aql::Primitive::Kind::kString);
    CHECK(std::get<aql::Primitive>(q.columns[4].expr).integer == 42);
    CHECK(std::get<aql::Primitive>(q.columns[5].expr).real == -1.5);
    CHECK(std::get<aql::Primitive>(q.columns[6].expr).boolean);
    CHECK(std::get<aql::AggregateCall>(q.columns[7].expr).star);
    CHECK(std::get<aql::AggregateCall>(q.columns[8].expr).distinct);
    CHECK(std::get<aql::AggregateCall>(q.columns[9].expr).name == "MAX");
    CHECK(std::get<aql::FunctionCall>(q.columns[10].expr).name == "LENGTH");
    CHECK(std::get<aql::FunctionCall>(q.columns[11].expr).args.size() == 3);
}

TEST_CASE("FROM: CONTAINS nests, AND/OR combine, NOT CONTAINS and VERSION predicates", "[aql]") {
    auto q = MustParse(
        "SELECT c FROM EHR e[ehr_id/value=$ehr_id] CONTAINS COMPOSITION c CONTAINS "
        "(OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v*] OR EVALUATION ev) AND NOT CONTAINS SECTION s");
    const aql::ContainsExpr& e = *q.from;
    CHECK(e.rm_type == "EHR");
    REQUIRE(e.predicate);
    CHECK(e.predicate->kind == aql::NodePredicate::Kind::kComparison);
    CHECK(std::get<aql::Parameter>(e.predicate->operand->value).name == "ehr_id");
    const aql::ContainsExpr& c = *e.contains;
    CHECK(c.rm_type == "COMPOSITION");
    REQUIRE(c.contains);
    CHECK(c.contains->kind == aql::ContainsExpr::Kind::kAnd);
    CHECK(c.contains->left->kind == aql::ContainsExpr::Kind::kOr);
    CHECK(c.contains->left->left->predicate->node_id == "openEHR-EHR-OBSERVATION.blood_pressure.v*");
    CHECK(c.contains->right->kind == aql::ContainsExpr::Kind::kNotContains);
    CHECK(c.contains->right->left->rm_type == "SECTION");

    auto v = MustParse("SELECT cv/commit_audit/time_committed FROM EHR e CONTAINS VERSION cv[ALL_VERSIONS] CONTAINS COMPOSITION c");
    CHECK(v.from->contains->rm_type == "VERSION");
    CHECK(v.from->contains->version_predicate == "ALL_VERSIONS");
    auto t = MustParse(
        "SELECT c FROM EHR e CONTAINS VERSION cv[commit_audit/time_committed > '2021-01-01T00:00:00Z'] CONTAINS COMPOSITION c");
    REQUIRE(t.from->contains->version_condition);
    CHECK(std::get<aql::Primitive>(t.from->contains->version_condition->operand->value).kind ==
          aql::Primitive::Kind::kDateTime);
}

TEST_CASE("WHERE: NOT binds tighter than AND, AND tighter than OR, with LIKE, MATCHES and EXISTS", "[aql]") {
    auto q = MustParse(
        "SELECT c FROM COMPOSITION c CONTAINS OBSERVATION o WHERE NOT EXISTS c/context/end_time OR "
        "c/name/value LIKE 'Blood*' AND o/data/events/data/items/value/magnitude >= 140 AND "
        "o/data/events/data/items/value/defining_code/code_string MATCHES {'at0001', 'at0002', $code} OR "
        "c/category/defining_code MATCHES TERMINOLOGY('expand', 'hl7.org/fhir/4.0', 'url=http://snomed.info/sct?fhir_vs=isa/50697003')");
    const aql::WhereExpr& w = *q.where;
    REQUIRE(w.kind == aql::WhereExpr::Kind::kOr);
    REQUIRE(w.left->kind == aql::WhereExpr::Kind::kOr);
    CHECK(w.left->left->kind == aql::WhereExpr::Kind::kNot);
    CHECK(w.left->left->left->kind == aql::WhereExpr::Kind::kExists);
    const aql::WhereExpr& ands = *w.left->right;
    REQUIRE(ands.kind == aql::WhereExpr::Kind::kAnd);
    CHECK(ands.left->kind == aql::WhereExpr::Kind::kAnd);
    CHECK(ands.left->left->kind == aql::WhereExpr::Kind::kLike);
    CHECK(ands.left->right->op == ">=");
    CHECK(ands.right->kind == aql::WhereExpr::Kind::kMatches);
    CHECK(ands.right->matches.values.size() == 3);
    CHECK(w.right->kind == aql::WhereExpr::Kind::kMatches);
    CHECK(std::get<std::unique_ptr<aql::FunctionCall>>(w.right->matches.values.at(0).value)->name == "TERMINOLOGY");
}

TEST_CASE("ORDER BY, LIMIT, OFFSET, TOP and comments", "[aql]") {
    auto q = MustParse(
        "-- latest blood pressures\nSELECT TOP 10 BACKWARD c/name/value FROM COMPOSITION c\n"
        "ORDER BY c/context/start_time/value DESC, c/name/value ASC LIMIT 20 OFFSET 40");
    CHECK(q.top.value() == 10);
    CHECK(q.top_backward);
    REQUIRE(q.order_by.size() == 2);
    CHECK(q.order_by[0].descending);
    CHECK_FALSE(q.order_by[1].descending);
    CHECK(q.limit.value() == 20);
    CHECK(q.offset.value() == 40);
    auto lower = MustParse("select c/name/value from composition c order by c/name/value limit 1");
    CHECK(lower.limit.value() == 1);
}

TEST_CASE("hostile queries hit the size and depth limits, not the stack", "[aql][asan]") {
    std::string deep = "SELECT c FROM COMPOSITION c WHERE ";
    for (int i = 0; i < 10000; ++i) deep += "(";
    deep += "c/name/value = 'x'";
    for (int i = 0; i < 10000; ++i) deep += ")";
    aql::ParseLimits limits;
    limits.max_bytes = 1 << 20;
    auto r = aql::Parse(deep, limits);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().issues().at(0).message.find("nested deeper") != std::string::npos);
    auto big = aql::Parse(std::string(100000, ' ') + "SELECT c FROM COMPOSITION c");
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().code() == ErrorCode::kLimitExceeded);
}
