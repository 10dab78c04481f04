// tests/rest/rest_race_test.cpp
//
// Optimistic concurrency through the whole stack: many clients PUT the same composition with
// the same If-Match at once. Exactly one wins (204); every other one gets 412 with the
// winner's version uid in ETag, and the revision history has exactly two versions.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "server/app/app_routes.hpp"
#include "server/app/database_handle.hpp"
#include "server/http/http_server.hpp"
#include "tests/rest/transcript.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

namespace {

using kjerne::test::rest::Response;
using kjerne::test::rest::Send;

std::string Corpus(const std::string& relative) {
    std::ifstream in(kjerne::test::CorpusDir() / relative, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Unquote(const std::string& etag) { return etag.substr(1, etag.size() - 2); }

}  // namespace

TEST_CASE("racing PUTs with one If-Match: exactly one wins, the rest are 412", "[server][rest]") {
    kjerne::test::TempDbPath db_path("kjerne-rest-race");
    auto db = kjerne::server::app::DatabaseHandle::Open(db_path.str());
    REQUIRE(db.ok());
    kjerne::server::http::HttpServerOptions options;
    options.port = 0;
    options.max_threads = 8;
    auto server =
        kjerne::server::http::HttpServer::Start(options, kjerne::server::app::BuildRouter(*db));
    REQUIRE(server.ok());
    const uint16_t port = (*server)->port();
    const std::string base = "/rest/openehr/v1";
    const std::string composition = Corpus("compositions/canonical_json/minimal_evaluation.json");

    REQUIRE(Send(port, "POST", base + "/definition/template/adl1.4",
                 {{"Content-Type", "application/xml"}},
                 Corpus("templates/opt14/minimal_evaluation.opt"))
                .status == 201);
    Response ehr = Send(port, "POST", base + "/ehr", {}, "");
    REQUIRE(ehr.status == 201);
    const std::string ehr_id = Unquote(ehr.headers["etag"]);
    Response created = Send(port, "POST", base + "/ehr/" + ehr_id + "/composition",
                            {{"Content-Type", "application/json"}}, composition);
    REQUIRE(created.status == 201);
    const std::string v1 = Unquote(created.headers["etag"]);
    const std::string vo = v1.substr(0, v1.find("::"));

    constexpr int kClients = 8;
    std::vector<Response> replies(kClients);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            replies[i] =
                Send(port, "PUT", base + "/ehr/" + ehr_id + "/composition/" + vo,
                     {{"Content-Type", "application/json"}, {"If-Match", "\"" + v1 + "\""}},
                     composition);
        });
    }
    go = true;
    for (auto& t : threads) t.join();

    int won = 0, stale = 0;
    std::string winner;
    for (const Response& r : replies) {
        if (r.status == 204) {
            ++won;
            winner = r.headers.at("etag");
        } else if (r.status == 412) {
            ++stale;
        }
    }
    CHECK(won == 1);
    CHECK(stale == kClients - 1);
    for (const Response& r : replies) {
        if (r.status == 412) CHECK(r.headers.at("etag") == winner);
    }
    Response history = Send(
        port, "GET", base + "/ehr/" + ehr_id + "/versioned_composition/" + vo + "/revision_history",
        {}, "");
    REQUIRE(history.status == 200);
    CHECK(history.body.find("::2\"") != std::string::npos);
    CHECK(history.body.find("::3\"") == std::string::npos);
    (*server)->Stop();
}
