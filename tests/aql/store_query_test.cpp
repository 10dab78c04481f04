// tests/aql/store_query_test.cpp
//
// The reference evaluator over the versioned store: corpus compositions committed through
// the Store API read back into RM trees give the same rows as the in-memory source; logical
// deletes disappear; an EHR whose EHR_STATUS says is_queryable=false is left out of
// population queries but answers a query naming it.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "aql/exec/planned_executor.hpp"
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

TEST_CASE("index-only rows on a store opened read-only before V005 decode instead", "[aql][store][corpus]") {
    test::TempDbPath db("kjerne-aql-old-schema");
    std::string ehr_id, uid;
    const std::string comp = "compositions/canonical_json/minimal_observation.json";
    {
        store::StoreOptions opts;
        opts.path = db.str();
        auto st = store::OpenSqliteStore(opts);
        REQUIRE(st.ok());
        std::string opt = test::ReadFile(test::CorpusDir() /
                                         "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt");
        auto tid = store::OptTemplateId(opt);
        REQUIRE(tid.ok());
        REQUIRE((*st)->PutTemplate(*tid, opt).ok());
        auto ehr = (*st)->CreateEhr({});
        REQUIRE(ehr.ok());
        auto v = (*st)->CreateComposition(ehr->ehr_id, Corpus(comp));
        REQUIRE(v.ok());
        ehr_id = ehr->ehr_id;
        uid = v->uid;
    }
    const std::string q = "SELECT c/uid/value, c/context/start_time/value FROM EHR e[ehr_id/value='" + ehr_id +
                          "'] CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1]";
    auto parsed = aql::Parse(q);
    REQUIRE(parsed.ok());
    auto run = [&](bool read_only, aql::PlannedRunStats& stats) {
        store::StoreOptions opts;
        opts.path = db.str();
        opts.read_only = read_only;
        auto st = store::OpenSqliteStore(opts);
        REQUIRE(st.ok());
        auto rs = aql::ExecutePlanned(*parsed, q, **st, {}, {}, &stats);
        if (!rs.ok()) FAIL(rs.error().ToString());
        return rs->rows;
    };
    aql::PlannedRunStats current, old;
    auto rows = run(true, current);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][0] == "\"" + uid + "\"");
    CHECK(current.index_rows_nodes == 1);
    CHECK(current.compositions_decoded == 0);
    // What a V004 store lacks; read-only, nothing migrates it.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.str().c_str(), &raw) == SQLITE_OK);
    const int rc = sqlite3_exec(raw, "DROP INDEX contains_by_ehr; PRAGMA user_version = 4", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
    CHECK(run(true, old) == rows);
    CHECK(old.index_rows_nodes == 0);
    CHECK(old.compositions_decoded == 1);
}
