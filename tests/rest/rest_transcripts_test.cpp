// tests/rest/rest_transcripts_test.cpp
//
// Runs every transcript in tests/rest/*.http (format: transcript.hpp, README.md) against the
// real application — BuildRouter over a fresh temporary database, HttpServer on an ephemeral
// loopback port, spoken to with Poco's HTTP client — one server per file, so files are
// independent. A second case checks that the transcripts together cover every status code the
// REST layer promises and every route it serves, so a new endpoint without a transcript fails.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "server/app/app_routes.hpp"
#include "server/audit/audit_log.hpp"
#include "server/app/database_handle.hpp"
#include "server/auth/basic_auth.hpp"
#include "server/auth/jwt_auth.hpp"
#include "server/http/http_server.hpp"
#include "tests/rest/transcript.hpp"
#include "tests/server/temp_db_path.hpp"
#include "tests/support/corpus.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kjerne::test::rest;

std::vector<fs::path> TranscriptFiles() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kjerne::test::SourceDir() / "tests" / "rest")) {
        if (entry.path().extension() == ".http") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void RunTranscript(const Transcript& t) {
    kjerne::test::TempDbPath db_path("kjerne-rest-" + t.file.stem().string());
    auto db = kjerne::server::app::DatabaseHandle::Open(db_path.str());
    REQUIRE(db.ok());
    kjerne::server::http::RouterOptions router_options;
    if (auto it = t.options.find("max_body_bytes"); it != t.options.end()) {
        router_options.max_body_bytes = std::stoul(it->second);
    }
    if (auto it = t.options.find("auth"); it != t.options.end() && it->second == "basic") {
        auto users = kjerne::server::auth::BasicAuthenticator::Load(
            (kjerne::test::SourceDir() / t.options.at("users")).string());
        REQUIRE(users.ok());
        router_options.authenticator =
            std::make_shared<const kjerne::server::auth::BasicAuthenticator>(std::move(*users));
    }
    if (auto it = t.options.find("auth"); it != t.options.end() && it->second == "jwt") {
        kjerne::server::auth::JwtOptions jwt;
        auto option = [&](const char* name) {
            auto o = t.options.find(name);
            return o == t.options.end() ? std::string() : o->second;
        };
        jwt.hs256_secret = option("jwt_secret");
        jwt.issuer = option("jwt_issuer");
        jwt.audience = option("jwt_audience");
        auto auth = kjerne::server::auth::JwtAuthenticator::Create(jwt);
        REQUIRE(auth.ok());
        router_options.authenticator = *auth;
    }
    // @option audit on: the access audit log in a temporary file, checked after the run.
    std::optional<kjerne::test::TempDbPath> audit_path;
    if (auto it = t.options.find("audit"); it != t.options.end() && it->second == "on") {
        audit_path.emplace("kjerne-rest-audit-" + t.file.stem().string());
        auto log = kjerne::server::audit::AuditLog::Open(audit_path->str());
        REQUIRE(log.ok());
        router_options.audit = std::move(*log);
    }
    kjerne::server::services::QueryLimits query_limits;
    if (auto it = t.options.find("query_max_rows"); it != t.options.end()) {
        query_limits.max_rows = std::stoul(it->second);
    }
    if (auto it = t.options.find("query_timeout_ms"); it != t.options.end()) {
        query_limits.timeout = std::chrono::milliseconds(std::stol(it->second));
    }
    // @option opt_schema strict|warn|off: the OPT schema policy of template uploads.
    kjerne::templates::XsdCheck opt_schema = kjerne::templates::XsdCheck::kWarn;
    if (auto it = t.options.find("opt_schema"); it != t.options.end()) {
        auto parsed = kjerne::templates::ParseXsdCheck(it->second);
        REQUIRE(parsed.ok());
        opt_schema = *parsed;
    }
    kjerne::server::http::HttpServerOptions options;
    options.port = 0;
    options.max_threads = 4;
    auto server = kjerne::server::http::HttpServer::Start(
        options, kjerne::server::app::BuildRouter(*db, router_options, query_limits, opt_schema));
    REQUIRE(server.ok());
    const uint16_t port = (*server)->port();

    std::map<std::string, std::string> vars = {{"base", "/rest/openehr/v1"},
                                               {"ehrbase", "/ehrbase/rest/openehr/v1"}};
    for (const Exchange& x : t.exchanges) {
        const std::string where =
            t.file.filename().string() + ":" + std::to_string(x.line) + " (" + x.title + ")";
        INFO(where);
        std::vector<std::pair<std::string, std::string>> headers;
        for (const auto& [name, value] : x.headers)
            headers.emplace_back(name, Substitute(value, vars));
        std::string body = x.corpus_file.empty()
                               ? Substitute(x.body, vars)
                               : ReadFile(kjerne::test::CorpusDir() / x.corpus_file);
        const std::string target = Substitute(x.target, vars);
        Response r = Send(port, x.method, target, headers, body);
        INFO(x.method << ' ' << target << " -> " << r.status << ' ' << r.body.substr(0, 600));
        REQUIRE(r.status == x.expected_status);
        // Problem reports never leak internals.
        CHECK(r.body.find("SQLITE") == std::string::npos);
        CHECK(r.body.find("sqlite3") == std::string::npos);
        for (const Expectation& e : x.expectations) {
            INFO(t.file.filename().string() << ":" << e.line << ": " << e.text);
            std::string failure = Check(e.text, r, vars);
            CHECK(failure == "");
        }
    }
    (*server)->Stop();
    if (audit_path) {
        // One audit event per exchange (every exchange reaches a resource route), chain intact.
        auto report = kjerne::server::audit::VerifyAuditLog(audit_path->str());
        REQUIRE(report.ok());
        CHECK(report->events == static_cast<int64_t>(t.exchanges.size()));
        CHECK(report->first_bad_seq == 0);
    }
}

// The route table the transcripts must cover, as the server registers it.
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"POST", "/ehr"},
    {"GET", "/ehr"},
    {"PUT", "/ehr/{ehr_id}"},
    {"GET", "/ehr/{ehr_id}"},
    {"GET", "/ehr/{ehr_id}/ehr_status"},
    {"PUT", "/ehr/{ehr_id}/ehr_status"},
    {"GET", "/ehr/{ehr_id}/ehr_status/{version_uid}"},
    {"GET", "/ehr/{ehr_id}/versioned_ehr_status"},
    {"GET", "/ehr/{ehr_id}/versioned_ehr_status/revision_history"},
    {"GET", "/ehr/{ehr_id}/versioned_ehr_status/version"},
    {"GET", "/ehr/{ehr_id}/versioned_ehr_status/version/{version_uid}"},
    {"POST", "/ehr/{ehr_id}/composition"},
    {"GET", "/ehr/{ehr_id}/composition/{uid_based_id}"},
    {"PUT", "/ehr/{ehr_id}/composition/{uid_based_id}"},
    {"DELETE", "/ehr/{ehr_id}/composition/{uid_based_id}"},
    {"GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}"},
    {"GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/revision_history"},
    {"GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/version"},
    {"GET", "/ehr/{ehr_id}/versioned_composition/{versioned_object_uid}/version/{version_uid}"},
    {"POST", "/ehr/{ehr_id}/contribution"},
    {"GET", "/ehr/{ehr_id}/contribution/{contribution_uid}"},
    {"POST", "/ehr/{ehr_id}/directory"},
    {"PUT", "/ehr/{ehr_id}/directory"},
    {"DELETE", "/ehr/{ehr_id}/directory"},
    {"GET", "/ehr/{ehr_id}/directory"},
    {"GET", "/ehr/{ehr_id}/directory/{version_uid}"},
    {"POST", "/definition/template/adl1.4"},
    {"GET", "/definition/template/adl1.4"},
    {"GET", "/definition/template/adl1.4/{template_id}"},
    {"POST", "/definition/template/adl2"},
    {"GET", "/definition/template/adl2"},
    {"GET", "/definition/template/adl2/{id}"},
    {"GET", "/definition/template/adl2/{id}/{version}"},
    {"POST", "/definition/archetype"},
    {"GET", "/definition/archetype"},
    {"GET", "/definition/archetype/{id}"},
    {"GET", "/query/aql"},
    {"POST", "/query/aql"},
    {"GET", "/query/{qualified_query_name}"},
    {"POST", "/query/{qualified_query_name}"},
    {"GET", "/query/{qualified_query_name}/{version}"},
    {"POST", "/query/{qualified_query_name}/{version}"},
    {"PUT", "/definition/query/{qualified_query_name}"},
    {"PUT", "/definition/query/{qualified_query_name}/{version}"},
    {"GET", "/definition/query"},
    {"GET", "/definition/query/{qualified_query_name}"},
    {"GET", "/definition/query/{qualified_query_name}/{version}"},
};

std::vector<std::string> Segments(const std::string& path) {
    std::vector<std::string> out;
    std::stringstream in(path.substr(0, path.find('?')));
    std::string s;
    while (std::getline(in, s, '/')) {
        if (!s.empty()) out.push_back(s);
    }
    return out;
}

// Does a transcript target ("{{base}}/ehr/{{ehr_id}}?x=1") hit a route template?
bool Hits(const std::string& target, const std::string& route) {
    for (const char* base : {"{{base}}", "{{ehrbase}}"}) {
        if (target.rfind(base, 0) != 0) continue;
        auto got = Segments(target.substr(std::string(base).size()));
        auto want = Segments(route);
        if (got.size() != want.size()) continue;
        bool ok = true;
        for (size_t i = 0; i < got.size() && ok; ++i) {
            bool param = want[i].front() == '{';
            if (!param && got[i] != want[i]) ok = false;
            if (param && got[i].empty()) ok = false;
        }
        if (ok) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("REST transcripts (tests/rest/*.http) pass against an in-process server",
          "[server][rest]") {
    auto files = TranscriptFiles();
    REQUIRE_FALSE(files.empty());
    for (const fs::path& file : files) {
        DYNAMIC_SECTION(file.filename().string()) { RunTranscript(ParseTranscript(file)); }
    }
}

TEST_CASE("REST transcripts cover every status code and every route", "[server][rest]") {
    std::set<int> statuses;
    std::vector<std::pair<std::string, std::string>> requests;
    for (const fs::path& file : TranscriptFiles()) {
        Transcript t = ParseTranscript(file);
        for (const Exchange& x : t.exchanges) {
            statuses.insert(x.expected_status);
            requests.emplace_back(x.method, x.target);
        }
    }
    for (int status : {200, 201, 204, 400, 401, 403, 404, 405, 406, 408, 409, 412, 413, 415, 422}) {
        INFO("status " << status);
        CHECK(statuses.count(status) == 1);
    }
    for (const auto& [method, route] : kRoutes) {
        INFO(method << ' ' << route);
        bool hit = std::any_of(requests.begin(), requests.end(), [&](const auto& r) {
            return r.first == method && Hits(r.second, route);
        });
        CHECK(hit);
    }
    bool alias_used = std::any_of(requests.begin(), requests.end(), [](const auto& r) {
        return r.second.rfind("{{ehrbase}}", 0) == 0;
    });
    CHECK(alias_used);
}
