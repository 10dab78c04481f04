// tests/store/candidate_scan_test.cpp
//
// Store::ScanCandidates (engine/store/candidate_scan.hpp) on the SQLite backend: archetype
// conditions, patterns and nesting by the index's num ranges, AND / OR, the EHR filters
// (ids, is_queryable, skipping EHRs without candidates or without a live directory), deleted
// compositions, payload-free counting and stopping early. The AQL planner's end-to-end
// behaviour is tested in tests/aql.
#include <catch2/catch.hpp>


#include <filesystem>
#include <map>

#include "engine/codec/codec.hpp"
#include "engine/store/candidate_scan.hpp"
#include "engine/store/store.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
using store::IndexCondition;

namespace {

IndexCondition Arch(const std::string& id, std::vector<IndexCondition> inside = {}) {
    IndexCondition c;
    c.kind = IndexCondition::Kind::kArchetype;
    c.archetype = id;
    c.children = std::move(inside);
    return c;
}

IndexCondition Op(IndexCondition::Kind kind, std::vector<IndexCondition> operands) {
    IndexCondition c;
    c.kind = kind;
    c.children = std::move(operands);
    return c;
}

// EHR id -> number of compositions delivered, in delivery order.
std::vector<std::pair<std::string, size_t>> Scan(store::Store& s, const store::CandidateScan& scan) {
    std::vector<std::pair<std::string, size_t>> out;
    auto st = s.ScanCandidates(scan, [&](const store::CandidateEhr& e) {
        for (const auto& c : e.compositions) CHECK(scan.payloads != c.json.empty());
        out.emplace_back(e.ehr_id, e.compositions.size());
        return true;
    });
    if (!st.ok()) FAIL(st.error().ToString());
    return out;
}

}  // namespace

TEST_CASE("ScanCandidates selects compositions by archetype, pattern and nesting, EHR by EHR", "[store]") {
    test::TempDbPath db("kjerne-candidate-scan");
    auto s = test::OpenTestStore(db);
    test::CorpusComposition nested{"canonical_json/nested.json", "nested.en.v1", "templates/opt14/nested.en.v1.opt"};
    test::CorpusComposition minimal = test::MinimalObservation();
    test::RegisterTemplate(*s, nested);
    test::RegisterTemplate(*s, minimal);
    rm::Document nested_doc = test::LoadComposition(nested), minimal_doc = test::LoadComposition(minimal);

    // EHR a: nested + minimal; EHR b: minimal; EHR c (not queryable): nested; EHR d: nothing.
    const std::string a = "00000000-0000-4000-a000-000000000001", b = "00000000-0000-4000-a000-000000000002",
                      c = "00000000-0000-4000-a000-000000000003", d = "00000000-0000-4000-a000-000000000004";
    rm::Document hidden = std::move(codec::Read(test::ReadFile(test::CorpusDir() /
                                                               "rm-objects/ehr/canonical_json/ehr_status_other_details_simple.json"))
                                        .value());
    for (const std::string& id : {a, b, c, d}) {
        store::CreateEhrRequest req;
        req.ehr_id = id;
        if (id == c) req.ehr_status = &hidden;
        REQUIRE(s->CreateEhr(req).ok());
    }
    REQUIRE(s->CreateComposition(a, nested_doc).ok());
    REQUIRE(s->CreateComposition(a, minimal_doc).ok());
    auto gone = s->CreateComposition(b, nested_doc);  // deleted below
    REQUIRE(gone.ok());
    REQUIRE(s->CreateComposition(b, minimal_doc).ok());
    REQUIRE(s->CreateComposition(c, nested_doc).ok());
    REQUIRE(s->DeleteComposition(b, gone->uid).ok());

    using V = std::vector<std::pair<std::string, size_t>>;
    store::CandidateScan scan;
    scan.skip_ehrs_without_compositions = true;

    SECTION("an exact archetype, and the deleted composition is not among them") {
        scan.compositions = Arch("openEHR-EHR-SECTION.nested.v1");
        CHECK(Scan(*s, scan) == V{{a, 1}, {c, 1}});
    }
    SECTION("a pattern") {
        scan.compositions = Arch("openEHR-EHR-CLUSTER.nested*.v?");
        CHECK(Scan(*s, scan) == V{{a, 1}, {c, 1}});
        scan.compositions = Arch("openEHR-EHR-OBSERVATION.*");
        CHECK(Scan(*s, scan) == V{{a, 1}, {b, 1}});
    }
    SECTION("nesting follows the containment ranges, strictly below") {
        scan.compositions = Arch("openEHR-EHR-SECTION.nested.v1", {Arch("openEHR-EHR-CLUSTER.nested2.v1")});
        CHECK(Scan(*s, scan) == V{{a, 1}, {c, 1}});
        scan.compositions = Arch("openEHR-EHR-CLUSTER.nested2.v1", {Arch("openEHR-EHR-SECTION.nested.v1")});
        CHECK(Scan(*s, scan).empty());
        scan.compositions = Arch("openEHR-EHR-SECTION.nested.v1", {Arch("openEHR-EHR-SECTION.nested.v1")});
        CHECK(Scan(*s, scan).empty());
    }
    SECTION("AND and OR within a composition") {
        scan.compositions = Op(IndexCondition::Kind::kAnd, {Arch("openEHR-EHR-SECTION.nested.v1"),
                                                            Arch("openEHR-EHR-OBSERVATION.minimal.v1")});
        CHECK(Scan(*s, scan).empty());
        scan.compositions = Op(IndexCondition::Kind::kOr, {Arch("openEHR-EHR-SECTION.nested.v1"),
                                                           Arch("openEHR-EHR-OBSERVATION.minimal.v1")});
        CHECK(Scan(*s, scan) == V{{a, 2}, {b, 1}, {c, 1}});
    }
    SECTION("EHR filters: ids, is_queryable, EHRs without candidates") {
        scan.compositions = IndexCondition::True();
        scan.queryable_only = true;
        CHECK(Scan(*s, scan) == V{{a, 2}, {b, 1}});
        scan.skip_ehrs_without_compositions = false;
        CHECK(Scan(*s, scan) == V{{a, 2}, {b, 1}, {d, 0}});
        scan.compositions = IndexCondition::False();
        CHECK(Scan(*s, scan) == V{{a, 0}, {b, 0}, {d, 0}});
        scan.queryable_only = false;
        scan.restrict_ehrs = true;
        scan.ehr_ids = {c, d};
        CHECK(Scan(*s, scan) == V{{c, 0}, {d, 0}});
        scan.ehr_ids.clear();
        CHECK(Scan(*s, scan).empty());
    }
    SECTION("counting without payloads, reading EHR_STATUS, stopping early") {
        scan.compositions = IndexCondition::True();
        scan.payloads = false;
        CHECK(Scan(*s, scan) == V{{a, 2}, {b, 1}, {c, 1}});
        scan.payloads = true;
        scan.ehr_status = true;
        std::map<std::string, bool> queryable;
        size_t calls = 0;
        REQUIRE(s->ScanCandidates(scan, [&](const store::CandidateEhr& e) {
                     ++calls;
                     CHECK(e.ehr_status_json.find("\"EHR_STATUS\"") != std::string::npos);
                     queryable[e.ehr_id] = e.is_queryable;
                     return e.ehr_id != b;  // stop after b
                 }).ok());
        CHECK(calls == 2);
        CHECK(queryable == std::map<std::string, bool>{{a, true}, {b, true}});
    }
}

TEST_CASE("ScanCandidates visits only EHRs with a live directory when asked, with the other EHR filters",
          "[store][directory]") {
    test::TempDbPath db("kjerne-candidate-scan-directory");
    auto s = test::OpenTestStore(db);
    test::CorpusComposition minimal = test::MinimalObservation();
    test::RegisterTemplate(*s, minimal);
    rm::Document observation = test::LoadComposition(minimal);
    const std::filesystem::path folders =
        test::CorpusDir() / "aql" / "examples" / "integration-tests" / "aql" / "data_load" / "folder";
    codec::ReadOptions as_folder;
    as_folder.root_type = "FOLDER";
    auto folder_result = codec::ReadJson(test::ReadFile(folders / "folder_simple.json"), as_folder);
    REQUIRE(folder_result.ok());
    const rm::Document folder = std::move(folder_result).value();
    auto commit = [&](const std::string& ehr, store::ChangeType change, const std::string& preceding,
                      const rm::Document* data) {
        store::VersionChange c;
        c.kind = store::ObjectKind::kFolder;
        c.change = change;
        c.preceding_version_uid = preceding;
        c.data = data;
        auto r = s->CommitContribution({ehr, {c}, {}});
        REQUIRE(r.ok());
        return r->versions.front().uid;
    };

    // none: no directory; live: a directory; gone: its directory deleted; back: deleted, then
    // continued; hidden (is_queryable=false): a directory. Each has one composition.
    const std::string none = "00000000-0000-4000-a100-000000000001", live = "00000000-0000-4000-a100-000000000002",
                      gone = "00000000-0000-4000-a100-000000000003", back = "00000000-0000-4000-a100-000000000004",
                      hidden = "00000000-0000-4000-a100-000000000005";
    rm::Document hidden_status = std::move(
        codec::Read(test::ReadFile(test::CorpusDir() / "rm-objects/ehr/canonical_json/ehr_status_other_details_simple.json"))
            .value());
    for (const std::string& id : {none, live, gone, back, hidden}) {
        store::CreateEhrRequest req;
        req.ehr_id = id;
        if (id == hidden) req.ehr_status = &hidden_status;
        REQUIRE(s->CreateEhr(req).ok());
        REQUIRE(s->CreateComposition(id, observation).ok());
    }
    commit(live, store::ChangeType::kCreation, "", &folder);
    commit(gone, store::ChangeType::kDeleted, commit(gone, store::ChangeType::kCreation, "", &folder), nullptr);
    std::string deleted = commit(back, store::ChangeType::kDeleted,
                                 commit(back, store::ChangeType::kCreation, "", &folder), nullptr);
    commit(back, store::ChangeType::kModification, deleted, &folder);
    commit(hidden, store::ChangeType::kCreation, "", &folder);
    // The directory the filter means is the one GetEhr names: every EHR but `none` has one.
    CHECK(s->GetEhr(none)->directory_vo_id.empty());
    CHECK_FALSE(s->GetEhr(gone)->directory_vo_id.empty());

    using V = std::vector<std::pair<std::string, size_t>>;
    store::CandidateScan scan;
    scan.only_ehrs_with_directory = true;
    SECTION("whole-EHR scans (no compositions), with and without is_queryable and EHR ids") {
        scan.compositions = IndexCondition::False();
        CHECK(Scan(*s, scan) == V{{live, 0}, {back, 0}, {hidden, 0}});
        scan.queryable_only = true;
        CHECK(Scan(*s, scan) == V{{live, 0}, {back, 0}});
        scan.payloads = false;
        CHECK(Scan(*s, scan) == V{{live, 0}, {back, 0}});
        scan.queryable_only = false;
        scan.restrict_ehrs = true;
        scan.ehr_ids = {none, gone, hidden};
        CHECK(Scan(*s, scan) == V{{hidden, 0}});
        scan.ehr_ids = {none, gone};
        CHECK(Scan(*s, scan).empty());
        scan.only_ehrs_with_directory = false;
        CHECK(Scan(*s, scan) == V{{none, 0}, {gone, 0}});
    }
    SECTION("with candidate compositions, also when only EHRs with a candidate are visited") {
        scan.compositions = IndexCondition::True();
        scan.queryable_only = true;
        CHECK(Scan(*s, scan) == V{{live, 1}, {back, 1}});
        scan.skip_ehrs_without_compositions = true;
        CHECK(Scan(*s, scan) == V{{live, 1}, {back, 1}});
        scan.only_ehrs_with_directory = false;
        CHECK(Scan(*s, scan) == V{{none, 1}, {live, 1}, {gone, 1}, {back, 1}});
    }
}

namespace {

IndexCondition Leaf(const std::string& path, const std::string& op, double value) {
    IndexCondition c;
    c.kind = IndexCondition::Kind::kLeaf;
    c.leaf_path = path;
    c.leaf_op = op;
    c.leaf_bound.d = value;
    return c;
}

}  // namespace

TEST_CASE("leaf conditions, leaf order, root leaves and archetype rows read the leaf index; unready, they step aside",
          "[store]") {
    test::TempDbPath db("kjerne-leaf-scan");
    auto s = test::OpenTestStore(db);
    test::CorpusComposition ips = test::IpsComposition();
    test::RegisterTemplate(*s, ips);
    rm::Document doc = test::LoadComposition(ips);
    auto ehr = s->CreateEhr({});
    REQUIRE(s->CreateComposition(ehr->ehr_id, doc).ok());
    const std::string bp = "openEHR-EHR-OBSERVATION.blood_pressure.v2";
    const std::string systolic = "/data[at0001]/events[at0006]/data[at0003]/items[at0004]/value/magnitude";  // 266.0

    auto found = [&](IndexCondition leaf) {
        store::CandidateScan scan;
        scan.compositions = Arch(bp, {std::move(leaf)});
        scan.payloads = false;
        size_t n = 0;
        for (const auto& [id, count] : Scan(*s, scan)) n += count;
        return n;
    };
    auto check = [&](bool ready) {
        CHECK(found(Leaf(systolic, ">", 265.5)) == 1);
        CHECK(found(Leaf(systolic, "=", 266)) == 1);
        CHECK(found(Leaf(systolic, ">", 266)) == (ready ? 0u : 1u));       // unready: no pruning
        CHECK(found(Leaf(systolic + "x", "<", 1e9)) == (ready ? 0u : 1u));  // no such path
        store::RootScan roots;
        roots.archetype = "openEHR-EHR-OBSERVATION.blood_pressure.v*";
        roots.rm_types = {"OBSERVATION"};
        roots.paths = {systolic};
        auto count = s->CountRoots(roots);
        REQUIRE(count.ok());
        CHECK(*count == 1);
        auto leaves = s->ScanRootLeaves(roots);
        REQUIRE(leaves.ok());
        CHECK(leaves->ready == ready);
        if (ready) {
            REQUIRE(leaves->values.size() == 1);
            CHECK(leaves->values[0].d == 266.0);
            CHECK_FALSE(leaves->values[0].is_int);
        }
        std::vector<double> order;
        auto ordered = s->ScanLeafOrder({bp, systolic, true, true}, [&](int64_t, const store::RootLeaf& v) {
            order.push_back(v.d);
            return true;
        });
        REQUIRE(ordered.ok());
        CHECK(*ordered == ready);
        CHECK(order == (ready ? std::vector<double>{266.0} : std::vector<double>{}));
        store::ArchetypeRowScan rows_scan;
        rows_scan.archetypes = {bp};
        size_t rows = 0;
        auto total = s->ScanArchetypeRows(rows_scan, [&](int64_t, const std::vector<store::IndexRow>& r) {
            rows += r.size();
            return true;
        });
        REQUIRE(total.ok());
        CHECK(*total == (ready ? 1 : -1));
        CHECK(rows == (ready ? 1u : 0u));
    };
    SECTION("ready") { check(true); }
    SECTION("not ready (a store migrated with objects in it)") {
        test::ExecBehindStore(db, "UPDATE leaf_index_state SET ready = 0");
        check(false);
    }
}
