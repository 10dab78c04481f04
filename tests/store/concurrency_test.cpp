// tests/store/concurrency_test.cpp
//
// Concurrent writers and readers on one store file: racing updates of one versioned object
// (exactly one wins, the others get kPreconditionFailed) — through one shared Store and through
// separate Store instances (separate connections, as separate processes would use); writers to
// different EHRs all proceed; readers see committed versions only.
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/store/store_check.hpp"
#include "tests/store/store_fixture.hpp"

using namespace kjerne;
using namespace kjerne::store;
using kjerne::test::TempDbPath;

namespace {
constexpr int kThreads = 8;
}

TEST_CASE("Racing updates of one composition: exactly one wins", "[store][concurrency]") {
    TempDbPath db("kjerne-race");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    rm::Document doc = test::LoadComposition(c);
    auto ehr = s->CreateEhr({});
    REQUIRE(ehr.ok());
    auto v1 = s->CreateComposition(ehr->ehr_id, doc);
    REQUIRE(v1.ok());

    const bool shared = GENERATE(true, false);
    INFO((shared ? "one shared Store" : "one Store per thread"));
    std::vector<std::unique_ptr<Store>> own;
    for (int i = 0; !shared && i < kThreads; ++i) own.push_back(test::OpenTestStore(db));

    for (int round = 0; round < 5; ++round) {
        auto latest = s->ReadLatest(v1->vo_id);
        REQUIRE(latest.ok());
        std::string preceding = latest->version.uid;
        std::atomic<int> won{0}, refused{0}, other{0};
        std::latch start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                Store& mine = shared ? *s : *own[t];
                start.arrive_and_wait();
                auto r = mine.UpdateComposition(ehr->ehr_id, preceding, doc);
                if (r.ok()) ++won;
                else if (r.error().code() == ErrorCode::kPreconditionFailed) ++refused;
                else ++other;
            });
        }
        for (auto& th : threads) th.join();
        CHECK(won == 1);
        CHECK(refused == kThreads - 1);
        CHECK(other == 0);
    }
    CHECK(s->ListVersions(v1->vo_id)->size() == 6);
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    CHECK(report->clean());
}

TEST_CASE("Writers to different EHRs all proceed; readers see committed versions only",
          "[store][concurrency]") {
    TempDbPath db("kjerne-parallel");
    auto s = test::OpenTestStore(db);
    auto c = test::MinimalObservation();
    test::RegisterTemplate(*s, c);
    rm::Document doc = test::LoadComposition(c);
    constexpr int kPerThread = 20;

    std::atomic<bool> writing{true};
    std::atomic<int> reads{0}, bad_reads{0};
    auto first = s->CreateEhr({});
    auto watched = s->CreateComposition(first->ehr_id, doc);
    REQUIRE(watched.ok());
    // A reader polls the watched object while the writers run: every version it sees is
    // complete (payload present, carrying its own uid) and versions never go backwards.
    std::thread reader([&] {
        int64_t last = 0;
        while (writing) {
            auto v = s->ReadLatest(watched->vo_id);
            ++reads;
            if (!v.ok() || v->json.find(v->version.uid) == std::string::npos || v->version.sys_version < last) {
                ++bad_reads;
            } else {
                last = v->version.sys_version;
            }
        }
    });
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&, t] {
            auto mine = t % 2 ? test::OpenTestStore(db) : nullptr;  // half share, half own
            Store& st = mine ? *mine : *s;
            auto ehr = st.CreateEhr({});
            if (!ehr.ok()) {
                ++failures;
                return;
            }
            for (int i = 0; i < kPerThread; ++i) {
                auto v = st.CreateComposition(ehr->ehr_id, doc);
                if (!v.ok() || !st.UpdateComposition(ehr->ehr_id, v->uid, doc).ok()) ++failures;
            }
            if (t == 0) {
                std::string prev = watched->uid;
                for (int i = 0; i < kPerThread; ++i) {
                    auto v = st.UpdateComposition(first->ehr_id, prev, doc);
                    if (!v.ok()) ++failures;
                    else prev = v->uid;
                }
            }
        });
    }
    for (auto& th : writers) th.join();
    writing = false;
    reader.join();
    CHECK(failures == 0);
    CHECK(bad_reads == 0);
    CHECK(reads > 0);
    auto stats = s->Stats();
    CHECK(stats->ehrs == kThreads + 1);
    CHECK(stats->compositions == kThreads * kPerThread + 1);
    CHECK(stats->versions == (kThreads + 1) + 2 * kThreads * kPerThread + 1 + kPerThread);
    auto report = CheckStore(db.str());
    REQUIRE(report.ok());
    CHECK(report->clean());
}
