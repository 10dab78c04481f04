// tests/store/directory_test.cpp
//
// The EHR's directory in the store: one FOLDER versioned object per EHR (EhrRecord.
// directory_vo_id), created, updated, logically deleted and continued through contributions,
// read at a time, indexed, and refused a second time — also when two writers race. Data: the
// FOLDERs EHRbase loads for its AQL tests (aql/examples/integration-tests/aql/data_load/folder),
// whose ${c_uid...} item placeholders become the ids of compositions stored from the corpus.

#include <atomic>
#include <filesystem>
#include <map>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>

#include "engine/codec/codec.hpp"
#include "engine/common/uuid.hpp"
#include "engine/store/store_check.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

namespace {

std::filesystem::path FolderDir() {
    return test::CorpusDir() / "aql" / "examples" / "integration-tests" / "aql" / "data_load" / "folder";
}

rm::Document ReadFolderJson(const std::string& json) {
    codec::ReadOptions o;
    o.root_type = "FOLDER";
    auto d = codec::ReadJson(json, o);
    INFO((d.ok() ? std::string() : d.error().ToString()));
    REQUIRE(d.ok());
    return std::move(d).value();
}

// The corpus folder `name` with every ${placeholder} replaced by the id of a composition
// committed to `ehr_id` for it (one per distinct placeholder); `refs` collects them.
rm::Document FolderReferencing(Store& s, const std::string& ehr_id, const std::string& name,
                               std::map<std::string, std::string>& refs) {
    std::string json = test::ReadFile(FolderDir() / name);
    const std::regex placeholder(R"(\$\{([A-Za-z0-9_]+)\})");
    std::string out;
    auto begin = std::sregex_iterator(json.begin(), json.end(), placeholder);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const std::string key = (*it)[1];
        if (!refs.count(key)) {
            auto c = test::MinimalObservation();
            rm::Document doc = test::LoadComposition(c);
            auto v = s.CreateComposition(ehr_id, doc);
            REQUIRE(v.ok());
            refs[key] = v->vo_id;
        }
        out += json.substr(last, it->position() - last) + refs[key];
        last = it->position() + it->length();
    }
    out += json.substr(last);
    return ReadFolderJson(out);
}

VersionChange FolderChange(ChangeType change, const std::string& preceding, const rm::Document* data) {
    VersionChange c;
    c.kind = ObjectKind::kFolder;
    c.change = change;
    c.preceding_version_uid = preceding;
    c.data = data;
    return c;
}

Result<VersionRecord> CommitFolder(Store& s, const std::string& ehr_id, ChangeType change,
                                   const std::string& preceding, const rm::Document* data) {
    auto r = s.CommitContribution({ehr_id, {FolderChange(change, preceding, data)}, {}});
    if (!r.ok()) return std::move(r).error();
    return r->versions.front();
}

void RequireClean(const TempDbPath& db) {
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    for (const auto& f : report->findings) UNSCOPED_INFO(f);
    CHECK(report->clean());
}

}  // namespace

TEST_CASE("Directory: one FOLDER object per EHR, versioned, deleted, continued, indexed", "[store][directory]") {
    TempDbPath db("kjerne-store-directory");
    auto s = test::OpenTestStore(db);
    test::RegisterTemplate(*s, test::MinimalObservation());
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());
    CHECK(ehr->directory_vo_id.empty());

    std::map<std::string, std::string> refs;
    rm::Document with_compositions = FolderReferencing(*s, ehr->ehr_id, "folder_with_compositions.json", refs);
    REQUIRE(refs.size() == 4);  // c_uid1 .. c_uid4
    auto v1 = CommitFolder(*s, ehr->ehr_id, ChangeType::kCreation, "", &with_compositions);
    REQUIRE(v1.ok());
    CHECK(v1->kind == ObjectKind::kFolder);
    CHECK(s->GetEhr(ehr->ehr_id)->directory_vo_id == v1->vo_id);

    // The stored folder carries the version uid and items naming the stored compositions.
    auto read = s->ReadLatest(v1->vo_id);
    REQUIRE(read.ok());
    CHECK(read->json.find("\"" + v1->uid + "\"") != std::string::npos);
    for (const auto& [key, vo_id] : refs) {
        INFO(key);
        CHECK(read->json.find(vo_id) != std::string::npos);
        CHECK(s->ReadLatest(vo_id)->version.ehr_id == ehr->ehr_id);
    }
    // Every archetyped folder is an index row (AQL: FOLDER f CONTAINS ...).
    auto index = s->ReadIndex(v1->vo_id);
    REQUIRE(index.ok());
    REQUIRE(index->size() == 5);  // root1, subfolder1, subsubfolder1, subsubsubfolder2, subsubfolder2
    CHECK(index->front().rm_type == "FOLDER");
    CHECK(index->front().archetype_id == "openEHR-EHR-FOLDER.generic.v1");

    SECTION("a second directory is a conflict, through any contribution") {
        rm::Document simple = ReadFolderJson(test::ReadFile(FolderDir() / "folder_simple.json"));
        auto again = CommitFolder(*s, ehr->ehr_id, ChangeType::kCreation, "", &simple);
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().code() == ErrorCode::kConflict);
        CHECK_THAT(again.error().message(), Catch::Contains(v1->vo_id));
        CHECK(s->GetEhr(ehr->ehr_id)->directory_vo_id == v1->vo_id);
    }

    SECTION("two directories in one contribution: conflict, nothing stored") {
        auto other = s->CreateEhr({});
        REQUIRE(other.ok());
        rm::Document simple = ReadFolderJson(test::ReadFile(FolderDir() / "folder_simple.json"));
        auto both = s->CommitContribution(
            {other->ehr_id,
             {FolderChange(ChangeType::kCreation, "", &simple), FolderChange(ChangeType::kCreation, "", &simple)},
             {}});
        REQUIRE_FALSE(both.ok());
        CHECK(both.error().code() == ErrorCode::kConflict);
        CHECK(s->GetEhr(other->ehr_id)->directory_vo_id.empty());
        // One is fine, and it is that EHR's own.
        auto one = CommitFolder(*s, other->ehr_id, ChangeType::kCreation, "", &simple);
        REQUIRE(one.ok());
        CHECK(one->vo_id != v1->vo_id);
        // A directory cannot be changed through another EHR.
        auto cross = CommitFolder(*s, other->ehr_id, ChangeType::kModification, v1->uid, &simple);
        REQUIRE_FALSE(cross.ok());
        CHECK(cross.error().code() == ErrorCode::kNotFound);
    }

    SECTION("update, delete, continue after the delete; read by uid and at a time") {
        rm::Document complex = ReadFolderJson(test::ReadFile(FolderDir() / "folder_complex_hierarchy.json"));
        auto v2 = CommitFolder(*s, ehr->ehr_id, ChangeType::kModification, v1->uid, &complex);
        REQUIRE(v2.ok());
        CHECK(v2->sys_version == 2);
        CHECK(v2->preceding_version_uid == v1->uid);
        // Stale preceding version: optimistic concurrency as for compositions.
        auto stale = CommitFolder(*s, ehr->ehr_id, ChangeType::kModification, v1->uid, &complex);
        CHECK(stale.error().code() == ErrorCode::kPreconditionFailed);

        auto v3 = CommitFolder(*s, ehr->ehr_id, ChangeType::kDeleted, v2->uid, nullptr);
        REQUIRE(v3.ok());
        auto latest = s->ReadLatest(v1->vo_id);
        REQUIRE(latest.ok());
        CHECK(latest->version.lifecycle_state == static_cast<int>(Lifecycle::kDeleted));
        CHECK(latest->json.empty());
        CHECK(s->ReadIndex(v1->vo_id)->empty());
        // The EHR keeps its directory object; a creation is still refused ...
        CHECK(s->GetEhr(ehr->ehr_id)->directory_vo_id == v1->vo_id);
        CHECK(CommitFolder(*s, ehr->ehr_id, ChangeType::kCreation, "", &complex).error().code() ==
              ErrorCode::kConflict);
        // ... and the object continues after the deletion.
        auto v4 = CommitFolder(*s, ehr->ehr_id, ChangeType::kModification, v3->uid, &complex);
        REQUIRE(v4.ok());
        CHECK(v4->sys_version == 4);
        CHECK(s->ReadIndex(v1->vo_id)->size() == 7);

        auto at_v1 = s->ReadAtTime(v1->vo_id, v1->time_committed);
        REQUIRE(at_v1.ok());
        CHECK(at_v1->version.uid == v1->uid);
        auto at_v3 = s->ReadAtTime(v1->vo_id, v3->time_committed);
        REQUIRE(at_v3.ok());
        CHECK(at_v3->version.lifecycle_state == static_cast<int>(Lifecycle::kDeleted));
        CHECK(s->ReadVersion(v2->uid)->json.find("subsubfolder2") != std::string::npos);
        auto history = s->ListVersions(v1->vo_id);
        REQUIRE(history.ok());
        REQUIRE(history->size() == 4);
        CHECK((*history)[2].audit.change_type == static_cast<int>(ChangeType::kDeleted));
    }
    RequireClean(db);
}

TEST_CASE("Directory: every corpus FOLDER of the AQL data load commits and reads back", "[store][directory]") {
    TempDbPath db("kjerne-store-directory-corpus");
    auto s = test::OpenTestStore(db);
    test::RegisterTemplate(*s, test::MinimalObservation());
    size_t folders = 0;
    for (const auto& entry : std::filesystem::directory_iterator(FolderDir())) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path().filename().string());
        auto ehr = s->CreateEhr({});
        REQUIRE(ehr.ok());
        std::map<std::string, std::string> refs;
        rm::Document folder = FolderReferencing(*s, ehr->ehr_id, entry.path().filename().string(), refs);
        auto v = CommitFolder(*s, ehr->ehr_id, ChangeType::kCreation, "", &folder);
        REQUIRE(v.ok());
        auto back = s->ReadLatest(s->GetEhr(ehr->ehr_id)->directory_vo_id);
        REQUIRE(back.ok());
        rm::Document reread = ReadFolderJson(back->json);
        CHECK(reread.schema().Name(reread.root()->type) == "FOLDER");
        for (const auto& [key, vo_id] : refs) CHECK(back->json.find(vo_id) != std::string::npos);
        ++folders;
    }
    CHECK(folders == 8);
    RequireClean(db);
}

TEST_CASE("Directory: of two racing creations in one EHR exactly one wins", "[store][directory]") {
    TempDbPath db("kjerne-store-directory-race");
    auto s = test::OpenTestStore(db);
    rm::Document simple = ReadFolderJson(test::ReadFile(FolderDir() / "folder_simple.json"));
    for (int round = 0; round < 10; ++round) {
        auto ehr = s->CreateEhr({});
        REQUIRE(ehr.ok());
        std::atomic<int> won{0}, conflicts{0};
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t) {
            writers.emplace_back([&] {
                auto r = CommitFolder(*s, ehr->ehr_id, ChangeType::kCreation, "", &simple);
                if (r.ok()) ++won;
                else if (r.error().code() == ErrorCode::kConflict) ++conflicts;
            });
        }
        for (auto& w : writers) w.join();
        CHECK(won == 1);
        CHECK(conflicts == 3);
    }
    RequireClean(db);
}

TEST_CASE("The integrity check reports a second directory", "[store][directory]") {
    TempDbPath db("kjerne-store-directory-damage");
    std::string ehr_id;
    {
        auto s = test::OpenTestStore(db);
        rm::Document simple = ReadFolderJson(test::ReadFile(FolderDir() / "folder_simple.json"));
        auto ehr = s->CreateEhr({});
        REQUIRE(ehr.ok());
        ehr_id = ehr->ehr_id;
        REQUIRE(CommitFolder(*s, ehr_id, ChangeType::kCreation, "", &simple).ok());
    }
    RequireClean(db);
    // Bypass the store: a second FOLDER object with a copy of the first one's version.
    const std::string sql =
        "INSERT INTO versioned_object (vo_id, ehr_num, kind, time_created, latest_version) "
        "SELECT '" + NewUuidV4() + "', ehr_num, 'FOLDER', time_created, 1 FROM versioned_object WHERE kind = 'FOLDER';";
    test::ExecBehindStore(db, sql);
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    bool found = false;
    for (const auto& f : report->findings) found = found || f.find("more than one directory") != std::string::npos;
    CHECK(found);
}
