// tests/store/store_test.cpp
//
// Every Store operation on real corpus compositions and templates: EHRs and subjects,
// templates, create / update / delete / read latest / by uid / at time / history,
// contributions all-or-nothing, EHR_STATUS rules, the containment index and the integrity
// check over the result.

#include <thread>

#include <catch2/catch.hpp>

#include "engine/codec/codec.hpp"
#include "engine/common/uuid.hpp"
#include "engine/rm/views.hpp"
#include "engine/store/containment_index.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store_check.hpp"
#include "engine/store/version_data.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/corpus.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

namespace {

rm::Document ReadJsonDoc(const std::string& json, const std::string& root_type = "") {
    codec::ReadOptions o;
    o.root_type = root_type;
    auto d = codec::ReadJson(json, o);
    INFO((d.ok() ? std::string() : d.error().ToString()));
    REQUIRE(d.ok());
    return std::move(d).value();
}

void RequireClean(const TempDbPath& db) {
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    for (const auto& f : report->findings) UNSCOPED_INFO(f);
    CHECK(report->clean());
}

}  // namespace

TEST_CASE("EHRs: generated or given ids, default EHR_STATUS, one EHR per subject", "[store]") {
    TempDbPath db("kjerne-store-ehr");
    auto s = test::OpenTestStore(db);

    auto e = s->CreateEhr({});
    REQUIRE(e.ok());
    CHECK(IsUuid(e->ehr_id));
    CHECK(e->system_id == "kjerne.local");
    CHECK(e->is_modifiable);
    CHECK(e->is_queryable);

    auto status = s->ReadEhrStatus(e->ehr_id);
    REQUIRE(status.ok());
    CHECK(status->version.uid == e->ehr_status_vo_id + "::kjerne.local::1");
    CHECK(status->version.audit.change_type == 249);
    CHECK(status->json.find("\"PARTY_SELF\"") != std::string::npos);
    CHECK(status->json.find("\"is_modifiable\":true") != std::string::npos);
    CHECK(status->json.find(status->version.uid) != std::string::npos);  // uid stamped in

    std::string given = NewUuidV4();
    CreateEhrRequest req;
    req.ehr_id = given;
    req.subject_id = "patient-1";
    req.subject_namespace = "hospital";
    auto e2 = s->CreateEhr(req);
    REQUIRE(e2.ok());
    CHECK(e2->ehr_id == given);
    CHECK(e2->subject_id == "patient-1");

    SECTION("the same ehr_id twice is a conflict") {
        CreateEhrRequest again;
        again.ehr_id = given;
        auto r = s->CreateEhr(again);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code() == ErrorCode::kConflict);
    }
    SECTION("the same subject twice is a conflict; other namespaces are other subjects") {
        auto r = s->CreateEhr(CreateEhrRequest{"", nullptr, "patient-1", "hospital", {}});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code() == ErrorCode::kConflict);
        CHECK(s->CreateEhr(CreateEhrRequest{"", nullptr, "patient-1", "other", {}}).ok());
        auto found = s->FindEhrBySubject("hospital", "patient-1");
        REQUIRE(found.ok());
        CHECK(found->ehr_id == given);
        CHECK(s->FindEhrBySubject("hospital", "nobody").error().code() == ErrorCode::kNotFound);
    }
    SECTION("unknown and malformed ids") {
        CHECK(s->GetEhr(NewUuidV4()).error().code() == ErrorCode::kNotFound);
        CHECK(s->CreateEhr(CreateEhrRequest{"not-a-uuid", nullptr, "", "", {}}).error().code() ==
              ErrorCode::kInvalidArgument);
    }
    RequireClean(db);
}

TEST_CASE("Templates are stored once; a changed OPT under the same id is a conflict", "[store]") {
    TempDbPath db("kjerne-store-tpl");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    std::string opt = test::ReadFile(test::CorpusDir() / c.opt);
    auto id = OptTemplateId(opt);
    REQUIRE(id.ok());
    CHECK(*id == "minimal_observation.en.v1");

    auto first = s->PutTemplate(*id, opt);
    REQUIRE(first.ok());
    CHECK(*first);
    auto again = s->PutTemplate(*id, opt);
    REQUIRE(again.ok());
    CHECK_FALSE(*again);
    auto changed = s->PutTemplate(*id, opt + "\n<!-- edited -->");
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().code() == ErrorCode::kConflict);

    auto got = s->GetTemplate(*id);
    REQUIRE(got.ok());
    CHECK(got->opt == opt);
    CHECK(got->sha256.size() == 64);
    CHECK(s->ListTemplates()->size() == 1);
    CHECK(s->GetTemplate("nope").error().code() == ErrorCode::kNotFound);
}

TEST_CASE("Archetypes are stored as uploaded, once per id; listed by kind", "[store]") {
    TempDbPath db("kjerne-store-archetype");
    auto s = test::OpenTestStore(db);
    ArchetypeRecord bp;
    bp.archetype_id = "openEHR-EHR-OBSERVATION.blood_pressure.v2";
    bp.artefact_type = "archetype";
    bp.adl_version = "1.4";
    bp.source = test::ReadFile(test::CorpusDir() / "archetypes/adl14/entry/observation/openEHR-EHR-OBSERVATION.blood_pressure.v2.adl");

    auto first = s->PutArchetype(bp);
    REQUIRE(first.ok());
    CHECK(*first);
    auto again = s->PutArchetype(bp);
    REQUIRE(again.ok());
    CHECK_FALSE(*again);
    ArchetypeRecord edited = bp;
    edited.source += "\n-- edited\n";
    CHECK(s->PutArchetype(edited).error().code() == ErrorCode::kConflict);

    ArchetypeRecord tpl = bp;
    tpl.archetype_id = "openEHR-EHR-COMPOSITION.t_test.v1.0.0";
    tpl.artefact_type = "template";
    tpl.adl_version = "2";
    REQUIRE(s->PutArchetype(tpl).ok());

    auto got = s->GetArchetype(bp.archetype_id);
    REQUIRE(got.ok());
    CHECK(got->source == bp.source);
    CHECK(got->sha256.size() == 64);
    CHECK(got->adl_version == "1.4");
    CHECK(s->ListArchetypes("")->size() == 2);
    auto templates = s->ListArchetypes("template");
    REQUIRE(templates->size() == 1);
    CHECK(templates->front().archetype_id == tpl.archetype_id);
    CHECK(templates->front().source.empty());
    CHECK(s->GetArchetype("nope").error().code() == ErrorCode::kNotFound);
    CHECK(s->PutArchetype(ArchetypeRecord{}).error().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("Every storable corpus composition commits, reads back equal and checks clean", "[store]") {
    TempDbPath db("kjerne-store-corpus");
    auto s = test::OpenTestStore(db);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());
    auto corpus = test::StorableCorpusCompositions();
    REQUIRE(corpus.size() >= 40);
    int64_t json_bytes = 0;
    for (const auto& c : corpus) {
        INFO(c.file);
        test::RegisterTemplate(*s, c);
        rm::Document doc = test::LoadComposition(c);
        auto v = s->CreateComposition(ehr->ehr_id, doc);
        INFO((v.ok() ? "" : v.error().ToString()));
        REQUIRE(v.ok());
        CHECK(v->uid == v->vo_id + "::kjerne.local::1");
        CHECK(v->template_id == c.template_id);
        CHECK(v->lifecycle_state == 532);

        auto back = s->ReadLatest(v->vo_id);
        REQUIRE(back.ok());
        json_bytes += static_cast<int64_t>(back->json.size());
        rm::Document read = ReadJsonDoc(back->json);
        CHECK(rm::LocatableView(read.root()).uid() == v->uid);
        // Equal to what was committed, apart from the stamped uid.
        auto diff = rm::FirstDifference(ReadJsonDoc(VersionJson(doc, v->uid)), read);
        CHECK_FALSE(diff.has_value());

        auto rows = s->ReadIndex(v->vo_id);
        REQUIRE(rows.ok());
        REQUIRE_FALSE(rows->empty());
        CHECK(rows->front().num == 0);
        CHECK(rows->front().rm_type == "COMPOSITION");
        CHECK(rows->front().parent_num == -1);
        for (const auto& r : *rows) {
            CHECK(r.num <= r.num_cap);
            CHECK(LooksLikeArchetypeId(r.archetype_id));
        }
    }
    auto stats = s->Stats();
    REQUIRE(stats.ok());
    CHECK(stats->compositions == static_cast<int64_t>(corpus.size()));
    // Size report for the corpus mix (printed with -s): stored bytes beside canonical JSON.
    WARN("corpus mix: " << corpus.size() << " compositions, canonical JSON " << json_bytes / stats->compositions
                        << " B/composition, stored payload " << stats->payload_bytes / stats->versions
                        << " B/version (zstd), index rows " << stats->index_rows << ", file "
                        << stats->file_bytes << " B");
    RequireClean(db);
}

TEST_CASE("Containment index: archetype roots with nested (num, num_cap) ranges", "[store]") {
    // vital signs-like: COMPOSITION > SECTION > OBSERVATION > CLUSTER, plus a sibling EVALUATION.
    auto c = test::CorpusComposition{"canonical_json/nested.json", "nested.en.v1", "templates/opt14/nested.en.v1.opt"};
    rm::Document doc = test::LoadComposition(c);
    auto rows = ComputeIndexRows(*doc.root());
    REQUIRE(rows.size() >= 2);
    CHECK(rows[0].rm_type == "COMPOSITION");
    // Every row's range lies inside its parent's range, and the parent precedes it.
    for (size_t i = 1; i < rows.size(); ++i) {
        const IndexRow* parent = nullptr;
        for (size_t j = 0; j < i; ++j) {
            if (rows[j].num == rows[i].parent_num) parent = &rows[j];
        }
        REQUIRE(parent != nullptr);
        CHECK(parent->num < rows[i].num);
        CHECK(rows[i].num_cap <= parent->num_cap);
    }
    // Far fewer rows than LOCATABLE nodes: roots only.
    CHECK(static_cast<int64_t>(rows.size()) < rows[0].num_cap + 1);
}

TEST_CASE("Update, delete, read by uid, at a time, and the revision history", "[store]") {
    TempDbPath db("kjerne-store-versions");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    rm::Document doc = test::LoadComposition(c);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());

    auto v1 = s->CreateComposition(ehr->ehr_id, doc, AuditInput{"", "first"});
    REQUIRE(v1.ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto v2 = s->UpdateComposition(ehr->ehr_id, v1->uid, doc, AuditInput{"", "second"});
    REQUIRE(v2.ok());
    CHECK(v2->uid == v1->vo_id + "::kjerne.local::2");
    CHECK(v2->preceding_version_uid == v1->uid);
    CHECK(v2->audit.change_type == 251);
    CHECK(v2->contribution_id != v1->contribution_id);

    SECTION("a stale preceding version is refused") {
        auto stale = s->UpdateComposition(ehr->ehr_id, v1->uid, doc);
        REQUIRE_FALSE(stale.ok());
        CHECK(stale.error().code() == ErrorCode::kPreconditionFailed);
        CHECK(stale.error().message().find(v2->uid) != std::string::npos);  // names the latest
        auto ahead = s->UpdateComposition(ehr->ehr_id, v1->vo_id + "::kjerne.local::7", doc);
        CHECK(ahead.error().code() == ErrorCode::kPreconditionFailed);
        auto other_system = s->UpdateComposition(ehr->ehr_id, v1->vo_id + "::elsewhere::2", doc);
        CHECK(other_system.error().code() == ErrorCode::kPreconditionFailed);
        auto unknown = s->UpdateComposition(ehr->ehr_id, NewUuidV4() + "::kjerne.local::1", doc);
        CHECK(unknown.error().code() == ErrorCode::kNotFound);
        auto other_ehr = s->CreateEhr({});
        auto wrong_ehr = s->UpdateComposition(other_ehr->ehr_id, v2->uid, doc);
        CHECK(wrong_ehr.error().code() == ErrorCode::kNotFound);
    }
    SECTION("versions stay readable by uid; history lists them in order") {
        auto r1 = s->ReadVersion(v1->uid);
        REQUIRE(r1.ok());
        CHECK(r1->version.audit.description == "first");
        CHECK(r1->version.superseded_at == v2->time_committed);
        CHECK(r1->json.find(v1->uid) != std::string::npos);
        auto latest = s->ReadLatest(v1->vo_id);
        REQUIRE(latest.ok());
        CHECK(latest->version.uid == v2->uid);
        CHECK(latest->version.superseded_at.empty());
        auto history = s->ListVersions(v1->vo_id);
        REQUIRE(history.ok());
        REQUIRE(history->size() == 2);
        CHECK((*history)[0].uid == v1->uid);
        CHECK((*history)[1].audit.description == "second");
        CHECK(s->ReadVersion(v1->vo_id + "::kjerne.local::3").error().code() == ErrorCode::kNotFound);
        CHECK(s->ReadVersion("garbage").error().code() == ErrorCode::kInvalidArgument);
        auto contribution = s->GetContribution(v2->contribution_id);
        REQUIRE(contribution.ok());
        CHECK(contribution->version_uids == std::vector<std::string>{v2->uid});
    }
    SECTION("read as at a time") {
        auto at1 = s->ReadAtTime(v1->vo_id, v1->time_committed);
        REQUIRE(at1.ok());
        CHECK(at1->version.uid == v1->uid);
        auto at2 = s->ReadAtTime(v1->vo_id, v2->time_committed);
        REQUIRE(at2.ok());
        CHECK(at2->version.uid == v2->uid);
        CHECK(s->ReadAtTime(v1->vo_id, "2000-01-01T00:00:00Z").error().code() == ErrorCode::kNotFound);
        CHECK(s->ReadAtTime(v1->vo_id, "2999-01-01T00:00:00+02:00")->version.uid == v2->uid);
        CHECK(s->ReadAtTime(v1->vo_id, "yesterday").error().code() == ErrorCode::kInvalidArgument);
        CHECK(s->ReadAtTime(v1->vo_id, "2026-13-01T00:00:00Z").error().code() == ErrorCode::kInvalidArgument);
        CHECK(s->ReadVersion(v1->vo_id + "::kjerne.local::99999999999999999999").error().code() == ErrorCode::kNotFound);
        CHECK(s->UpdateComposition(ehr->ehr_id, v1->vo_id + "::kjerne.local::99999999999999999999", doc).error().code() == ErrorCode::kPreconditionFailed);
    }
    SECTION("logical delete: a new version without data; index rows go; history stays") {
        CHECK_FALSE(s->ReadIndex(v1->vo_id)->empty());
        auto d = s->DeleteComposition(ehr->ehr_id, v2->uid);
        INFO((d.ok() ? std::string() : d.error().ToString()));
        REQUIRE(d.ok());
        CHECK(d->lifecycle_state == 523);
        CHECK(d->audit.change_type == 523);
        auto latest = s->ReadLatest(v1->vo_id);
        REQUIRE(latest.ok());
        CHECK(latest->version.lifecycle_state == 523);
        CHECK(latest->json.empty());
        CHECK(s->ReadIndex(v1->vo_id)->empty());
        CHECK(s->ReadVersion(v2->uid).ok());
        auto again = s->DeleteComposition(ehr->ehr_id, d->uid);
        CHECK(again.error().code() == ErrorCode::kConflict);
    }
    RequireClean(db);
}

TEST_CASE("What the store itself requires of a composition", "[store]") {
    TempDbPath db("kjerne-store-reject");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    rm::Document doc = test::LoadComposition(c);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());

    auto no_template = s->CreateComposition(ehr->ehr_id, doc);
    REQUIRE_FALSE(no_template.ok());
    CHECK(no_template.error().code() == ErrorCode::kValidation);
    REQUIRE(no_template.error().issues().size() == 1);
    CHECK(no_template.error().issues()[0].code == "STORE_UNKNOWN_TEMPLATE");

    test::RegisterTemplate(*s, c);
    auto status_doc = s->ReadEhrStatus(ehr->ehr_id);
    rm::Document not_a_composition = ReadJsonDoc(status_doc->json);
    auto wrong = s->CreateComposition(ehr->ehr_id, not_a_composition);
    CHECK(wrong.error().code() == ErrorCode::kValidation);
    CHECK(s->CreateComposition(NewUuidV4(), doc).error().code() == ErrorCode::kNotFound);
    CHECK(s->Stats()->compositions == 0);
}

TEST_CASE("A contribution is all or nothing", "[store]") {
    TempDbPath db("kjerne-store-contribution");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    rm::Document good = test::LoadComposition(c);
    auto other = test::CorpusComposition{"canonical_json/minimal_evaluation.json", "minimal_evaluation.en.v1",
                                         "templates/opt14/minimal_evaluation.opt"};
    rm::Document unregistered = test::LoadComposition(other);  // its template is not stored
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());

    ContributionRequest req{ehr->ehr_id, {}, AuditInput{"", "two at once"}};
    VersionChange a;
    a.data = &good;
    VersionChange b;
    b.data = &unregistered;
    req.changes = {a, b};
    auto failed = s->CommitContribution(req);
    REQUIRE_FALSE(failed.ok());
    CHECK(s->Stats()->compositions == 0);
    CHECK(s->Stats()->versions == 1);  // the EHR_STATUS only

    test::RegisterTemplate(*s, other);
    auto ok = s->CommitContribution(req);
    REQUIRE(ok.ok());
    REQUIRE(ok->versions.size() == 2);
    CHECK(ok->versions[0].contribution_id == ok->versions[1].contribution_id);
    auto contribution = s->GetContribution(ok->contribution_id);
    REQUIRE(contribution.ok());
    CHECK(contribution->version_uids.size() == 2);
    CHECK(contribution->audit.description == "two at once");

    SECTION("batches keep the good contributions and report the bad ones") {
        ContributionRequest single{ehr->ehr_id, {a}, {}};
        ContributionRequest missing_ehr{NewUuidV4(), {a}, {}};
        auto batch = s->CommitBatch({single, missing_ehr, single});
        REQUIRE(batch.ok());
        REQUIRE(batch->size() == 3);
        CHECK((*batch)[0].ok());
        CHECK((*batch)[1].error().code() == ErrorCode::kNotFound);
        CHECK((*batch)[2].ok());
        CHECK(s->Stats()->compositions == 4);
    }
    RequireClean(db);
}

TEST_CASE("EHR_STATUS: is_modifiable=false refuses writes until set back", "[store]") {
    TempDbPath db("kjerne-store-status");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    rm::Document doc = test::LoadComposition(c);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());
    auto v1 = s->CreateComposition(ehr->ehr_id, doc);
    REQUIRE(v1.ok());

    auto status = s->ReadEhrStatus(ehr->ehr_id);
    REQUIRE(status.ok());
    std::string frozen_json = status->json;
    auto pos = frozen_json.find("\"is_modifiable\":true");
    REQUIRE(pos != std::string::npos);
    frozen_json.replace(pos, 20, "\"is_modifiable\":false");
    pos = frozen_json.find("\"is_queryable\":true");
    frozen_json.replace(pos, 19, "\"is_queryable\":false");
    rm::Document frozen = ReadJsonDoc(frozen_json);
    auto s2 = s->UpdateEhrStatus(ehr->ehr_id, status->version.uid, frozen);
    REQUIRE(s2.ok());
    CHECK_FALSE(s->GetEhr(ehr->ehr_id)->is_modifiable);
    CHECK_FALSE(s->GetEhr(ehr->ehr_id)->is_queryable);

    CHECK(s->CreateComposition(ehr->ehr_id, doc).error().code() == ErrorCode::kConflict);
    CHECK(s->UpdateComposition(ehr->ehr_id, v1->uid, doc).error().code() == ErrorCode::kConflict);
    CHECK(s->DeleteComposition(ehr->ehr_id, v1->uid).error().code() == ErrorCode::kConflict);
    // A stale EHR_STATUS update is refused like any other.
    CHECK(s->UpdateEhrStatus(ehr->ehr_id, status->version.uid, frozen).error().code() ==
          ErrorCode::kPreconditionFailed);

    auto open_again = s->UpdateEhrStatus(ehr->ehr_id, s2->uid, ReadJsonDoc(status->json));
    REQUIRE(open_again.ok());
    CHECK(s->GetEhr(ehr->ehr_id)->is_modifiable);
    CHECK(s->CreateComposition(ehr->ehr_id, doc).ok());

    SECTION("a status naming another EHR's subject is a conflict") {
        auto taken = s->CreateEhr(CreateEhrRequest{"", nullptr, "p-9", "ns", {}});
        REQUIRE(taken.ok());
        auto theirs = s->ReadEhrStatus(taken->ehr_id);
        auto clash = s->UpdateEhrStatus(ehr->ehr_id, open_again->uid, ReadJsonDoc(theirs->json));
        CHECK(clash.error().code() == ErrorCode::kConflict);
    }
    RequireClean(db);
}

TEST_CASE("No statement pins a WAL snapshot: the log is checkpointed and reused", "[store]") {
    TempDbPath db("kjerne-store-wal");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    test::RegisterTemplate(*s, c);  // the "already stored" path returns early from a query
    rm::Document doc = test::LoadComposition(c);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());
    VersionChange add;
    add.data = &doc;
    for (int batch = 0; batch < 30; ++batch) {
        std::vector<ContributionRequest> requests(100, ContributionRequest{ehr->ehr_id, {add}, {}});
        REQUIRE(s->CommitBatch(requests).ok());
        REQUIRE(s->ReadLatest(s->ReadEhrStatus(ehr->ehr_id)->version.vo_id).ok());
    }
    auto stats = s->Stats();
    REQUIRE(stats.ok());
    auto wal = std::filesystem::file_size(db.str() + "-wal");
    INFO("payload " << stats->payload_bytes << " B, WAL " << wal << " B");
    // Without checkpoints the log would hold every page written (several times the payload).
    CHECK(wal < static_cast<uintmax_t>(stats->file_bytes));
    CHECK(wal < (6u << 20));
}

TEST_CASE("The integrity check finds damage", "[store]") {
    TempDbPath db("kjerne-store-damage");
    std::string vo_id;
    {
        auto s = test::OpenTestStore(db);
        auto c = test::MinimalObservation();
        test::RegisterTemplate(*s, c);
        rm::Document doc = test::LoadComposition(c);
        auto ehr = s->CreateEhr({});
        auto v1 = s->CreateComposition(ehr->ehr_id, doc);
        REQUIRE(v1.ok());
        REQUIRE(s->UpdateComposition(ehr->ehr_id, v1->uid, doc).ok());
        vo_id = v1->vo_id;
    }
    RequireClean(db);
    const std::string vo_num = "(SELECT vo_num FROM versioned_object WHERE vo_id = '" + vo_id + "')";
    auto damage = [&](const std::string& sql) {
        test::ExecBehindStore(db, sql);
        auto report = CheckStore(db.str());
        REQUIRE(report.ok());
        REQUIRE_FALSE(report->clean());
        return report->findings.front();
    };
    SECTION("a composition's leaf values missing, changed or stray") {
        test::CorpusComposition ips = test::IpsComposition();
        {
            auto s = test::OpenTestStore(db);
            test::RegisterTemplate(*s, ips);
            rm::Document doc = test::LoadComposition(ips);
            auto ehr = s->CreateEhr({});
            auto v1 = s->CreateComposition(ehr->ehr_id, doc);
            REQUIRE(v1.ok());
            REQUIRE(s->UpdateComposition(ehr->ehr_id, v1->uid, doc).ok());  // the rows are replaced
        }
        auto clean = CheckStore(db.str());
        REQUIRE(clean.ok());
        CHECK(clean->clean());
        CHECK(clean->leaf_rows > 10);
        CHECK(clean->leaf_index_ready);
        SECTION("changed") {
            CHECK_THAT(damage("UPDATE leaf_value SET value = value + 1 WHERE value = 266.0"),
                       Catch::Contains("leaf index has"));
        }
        SECTION("missing") {
            CHECK_THAT(damage("DELETE FROM leaf_value WHERE ord = 0"), Catch::Contains("leaf index has"));
        }
        SECTION("stray") {
            CHECK_THAT(damage("INSERT INTO leaf_value VALUES (1, 5, 999999, 0, 0, 0, 0)"),
                       Catch::Contains("leaf_value has 1 rows"));
        }
        SECTION("a list position changed") {
            CHECK_THAT(damage("UPDATE leaf_value SET list_index = list_index + 1 WHERE value = 266.0"),
                       Catch::Contains("leaf index has"));
        }
        SECTION("a header text changed") {
            CHECK_THAT(damage("UPDATE leaf_value SET value = value || 'x' WHERE typeof(value) = 'text'"),
                       Catch::Contains("leaf index has"));
        }
    }
    SECTION("an index row naming another EHR") {
        CHECK_THAT(damage("UPDATE contains_index SET ehr_num = ehr_num + 1 WHERE num = 0"),
                   Catch::Contains("another EHR"));
    }
    SECTION("an index row too many") {
        CHECK_THAT(damage("DELETE FROM contains_index WHERE num = 0"), Catch::Contains("index has"));
    }
    SECTION("a broken chain") {
        CHECK_THAT(damage("UPDATE version SET sys_period_upper = NULL WHERE sys_version = 1 AND vo_num = " + vo_num),
                   Catch::Contains("not closed"));
    }
    SECTION("a corrupted payload") {
        CHECK_THAT(damage("UPDATE version SET data = x'00112233' WHERE vo_num = " + vo_num),
                   Catch::Contains(vo_id));
    }
    SECTION("a lost latest version") {
        CHECK_THAT(damage("DELETE FROM version WHERE sys_version = 2 AND vo_num = " + vo_num),
                   Catch::Contains("versions 1..latest"));
    }
}

TEST_CASE("FOLDERs and a given EHR_STATUS from the corpus", "[store]") {
    TempDbPath db("kjerne-store-folder");
    auto s = test::OpenTestStore(db);
    auto objects = test::CorpusDir() / "rm-objects";
    rm::Document status = ReadJsonDoc(test::ReadFile(objects / "ehr" / "canonical_json" / "ehr_status_subject_external_ref.json"));
    CreateEhrRequest req;
    req.ehr_status = &status;
    auto ehr = s->CreateEhr(req);
    REQUIRE(ehr.ok());
    CHECK_FALSE(ehr->subject_id.empty());  // mirrored from subject.external_ref
    auto same_subject = s->CreateEhr(req);
    CHECK(same_subject.error().code() == ErrorCode::kConflict);

    rm::Document folder = ReadJsonDoc(test::ReadFile(objects / "folder" / "canonical_json" / "nested_folder.json"));
    VersionChange add;
    add.kind = ObjectKind::kFolder;
    add.data = &folder;
    auto created = s->CommitContribution({ehr->ehr_id, {add}, {}});
    REQUIRE(created.ok());
    const VersionRecord& f1 = created->versions.front();
    CHECK(f1.kind == ObjectKind::kFolder);
    rm::Document items = ReadJsonDoc(test::ReadFile(objects / "folder" / "canonical_json" / "flat_folder_insert.json"), "FOLDER");
    VersionChange change;
    change.kind = ObjectKind::kFolder;
    change.change = ChangeType::kModification;
    change.preceding_version_uid = f1.uid;
    change.data = &items;
    auto updated = s->CommitContribution({ehr->ehr_id, {change}, {}});
    REQUIRE(updated.ok());
    CHECK(s->ReadLatest(f1.vo_id)->json.find("\"FOLDER\"") != std::string::npos);
    // A folder cannot be updated as a composition, nor a composition body stored as a folder.
    CHECK(s->UpdateComposition(ehr->ehr_id, updated->versions.front().uid, items).error().code() ==
          ErrorCode::kValidation);
    RequireClean(db);
}

TEST_CASE("A file created but never migrated checks as an empty store; a missing one is an error", "[store]") {
    TempDbPath db("kjerne-store-empty");
    test::ExecBehindStore(db, "PRAGMA journal_mode=WAL");
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    CHECK(report->clean());
    CHECK(CheckStore(db.str() + ".absent").error().code() == ErrorCode::kNotFound);
}

TEST_CASE("Versions created under another system id keep their uids; the next version takes the store's",
          "[store]") {
    TempDbPath db("kjerne-store-system");
    auto c = test::MinimalObservation();
    rm::Document doc = test::LoadComposition(c);
    std::string ehr_id, uid1;
    {
        StoreOptions o;
        o.path = db.str();
        o.system_id = "first.example";
        auto s = OpenSqliteStore(o);
        REQUIRE(s.ok());
        test::RegisterTemplate(**s, c);
        auto ehr = (*s)->CreateEhr({});
        auto v1 = (*s)->CreateComposition(ehr->ehr_id, doc);
        REQUIRE(v1.ok());
        CHECK(v1->uid == v1->vo_id + "::first.example::1");
        ehr_id = ehr->ehr_id;
        uid1 = v1->uid;
    }
    auto s = test::OpenTestStore(db);  // kjerne.local
    auto vo_id = rm::ObjectVersionId::Parse(uid1)->object_id;
    auto wrong = s->UpdateComposition(ehr_id, vo_id + "::kjerne.local::1", doc);
    CHECK(wrong.error().code() == ErrorCode::kPreconditionFailed);
    auto v2 = s->UpdateComposition(ehr_id, uid1, doc);
    REQUIRE(v2.ok());
    CHECK(v2->uid == vo_id + "::kjerne.local::2");
    CHECK(v2->preceding_version_uid == uid1);
    CHECK(s->ReadLatest(vo_id)->version.preceding_version_uid == uid1);
    CHECK(s->ReadVersion(uid1).ok());
    RequireClean(db);
}

TEST_CASE("A store whose leaf index is not ready builds it when opened for writing", "[store]") {
    TempDbPath db("kjerne-store-leaf-build");
    test::CorpusComposition ips = test::IpsComposition();
    {
        auto s = test::OpenTestStore(db);
        test::RegisterTemplate(*s, ips);
        rm::Document doc = test::LoadComposition(ips);
        auto ehr = s->CreateEhr({});
        for (int i = 0; i < 3; ++i) REQUIRE(s->CreateComposition(ehr->ehr_id, doc).ok());
    }
    auto before = CheckStore(db.str());
    REQUIRE(before.ok());
    REQUIRE(before->clean());
    REQUIRE(before->leaf_rows > 0);
    // What a store migrated to V004 with objects in it looks like: no leaf rows, not ready.
    test::ExecBehindStore(db, "DELETE FROM leaf_value; DELETE FROM leaf_path; UPDATE leaf_index_state SET ready = 0");
    auto unready = CheckStore(db.str());
    REQUIRE(unready.ok());
    CHECK(unready->clean());  // nothing to verify yet
    CHECK_FALSE(unready->leaf_index_ready);
    { auto s = test::OpenTestStore(db); }
    auto after = CheckStore(db.str());
    REQUIRE(after.ok());
    CHECK(after->clean());
    CHECK(after->leaf_index_ready);
    CHECK(after->leaf_rows == before->leaf_rows);
}
