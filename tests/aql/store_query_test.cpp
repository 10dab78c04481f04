// tests/aql/store_query_test.cpp
//
// The reference evaluator over the versioned store: corpus compositions committed through
// the Store API read back into RM trees give the same rows as the in-memory source; logical
// deletes disappear; an EHR whose EHR_STATUS says is_queryable=false is left out of
// population queries but answers a query naming it.
#include <catch2/catch.hpp>

#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;

namespace {

std::vector<std::vector<std::string>> Rows(const aql::DataSource& data, const std::string& q) {
    auto parsed = aql::Parse(q);
    REQUIRE(parsed.ok());
    auto rs = aql::ExecuteReference(*parsed, q, data);
    if (!rs.ok()) FAIL(rs.error().ToString());
    return rs->rows;
}

rm::Document Corpus(const std::string& rel) {
    auto doc = codec::Read(test::ReadFile(test::CorpusDir() / rel));
    if (!doc.ok()) FAIL(doc.error().ToString());
    return std::move(doc).value();
}

}  // namespace

TEST_CASE("AQL over the store matches AQL over the same compositions in memory", "[aql][store][corpus]") {
    test::TempDbPath db("kjerne-aql-store");
    store::StoreOptions opts;
    opts.path = db.str();
    auto st = store::OpenSqliteStore(opts);
    REQUIRE(st.ok());
    store::Store& s = **st;
    // Three corpus compositions with their templates, each into its own EHR.
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"compositions/canonical_json/minimal_evaluation.json", "templates/opt14/minimal_evaluation.opt"},
        {"compositions/canonical_json/minimal_evaluation_item_tree_name.json", "templates/opt14/minimal_evaluation.opt"},
        {"compositions/canonical_json/minimal_observation.json",
         "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt"},
    };
    aql::InMemoryDataSource memory;
    std::vector<std::string> ehr_ids, version_uids;
    for (const auto& [comp, opt] : pairs) {
        std::string opt_text = test::ReadFile(test::CorpusDir() / opt);
        auto tid = store::OptTemplateId(opt_text);
        REQUIRE(tid.ok());
        REQUIRE(s.PutTemplate(*tid, opt_text).ok());
        auto ehr = s.CreateEhr({});
        REQUIRE(ehr.ok());
        rm::Document doc = Corpus(comp);
        auto v = s.CreateComposition(ehr->ehr_id, doc);
        REQUIRE(v.ok());
        ehr_ids.push_back(ehr->ehr_id);
        version_uids.push_back(v->uid);
        auto& m = memory.AddEhr(ehr->ehr_id, ehr->system_id, ehr->time_created);
        memory.AddComposition(m, std::make_unique<rm::Document>(Corpus(comp)));
    }
    auto loaded = aql::LoadFromStore(s);
    REQUIRE(loaded.ok());
    for (const char* q : {"SELECT e/ehr_id/value, c/name/value, c/archetype_details/template_id/value FROM EHR e CONTAINS COMPOSITION c",
                          "SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c CONTAINS EVALUATION ev[openEHR-EHR-EVALUATION.minimal.v1]",
                          "SELECT o/data[at0001]/events[at0002]/time/value FROM OBSERVATION o",
                          "SELECT e/time_created/value, e/system_id/value FROM EHR e"}) {
        INFO(q);
        CHECK(Rows(**loaded, q) == Rows(memory, q));
    }
    // The store stamps each version's uid into its payload.
    auto uids = Rows(**loaded, "SELECT c/uid/value FROM COMPOSITION c");
    REQUIRE(uids.size() == 3);
    CHECK(uids[0][0] == "\"" + version_uids[0] + "\"");

    // A logical delete removes the composition from queries.
    REQUIRE(s.DeleteComposition(ehr_ids[0], version_uids[0]).ok());
    auto after = aql::LoadFromStore(s);
    REQUIRE(after.ok());
    CHECK(Rows(**after, "SELECT COUNT(*) FROM COMPOSITION c") == std::vector<std::vector<std::string>>{{"2"}});
}

TEST_CASE("an EHR with is_queryable=false is hidden from population queries only", "[aql][store][corpus]") {
    test::TempDbPath db("kjerne-aql-queryable");
    store::StoreOptions opts;
    opts.path = db.str();
    auto st = store::OpenSqliteStore(opts);
    REQUIRE(st.ok());
    // A real EHR_STATUS from the corpus that says is_queryable: false.
    rm::Document hidden_status = Corpus("rm-objects/ehr/canonical_json/ehr_status_other_details_simple.json");
    store::CreateEhrRequest hidden;
    hidden.ehr_status = &hidden_status;
    auto h = (*st)->CreateEhr(hidden);
    REQUIRE(h.ok());
    auto v = (*st)->CreateEhr({});
    REQUIRE(v.ok());
    auto data = aql::LoadFromStore(**st);
    REQUIRE(data.ok());
    auto all = Rows(**data, "SELECT e/ehr_id/value FROM EHR e");
    REQUIRE(all.size() == 1);
    CHECK(all[0][0] == "\"" + v->ehr_id + "\"");
    auto one = Rows(**data, "SELECT e/ehr_id/value, e/ehr_status/is_queryable FROM EHR e[ehr_id/value='" + h->ehr_id + "']");
    REQUIRE(one.size() == 1);
    CHECK(one[0][1] == "false");
}
