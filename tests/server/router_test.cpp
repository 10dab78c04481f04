// tests/server/router_test.cpp
//
// The routing and negotiation helpers below the REST resources: path splitting and decoding,
// query parsing, template matching (literals beat parameters, 405 with Allow), the body limit
// for bodies without a Content-Length (chunked), Accept with q-values, and the audit header.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <catch2/catch.hpp>

#include "server/auth/basic_auth.hpp"
#include "server/auth/jwt_auth.hpp"
#include "server/http/audit_header.hpp"
#include "server/http/http_server.hpp"
#include "server/http/negotiation.hpp"
#include "server/http/router.hpp"

namespace {

using kjerne::Status;
using kjerne::server::http::RestRequest;
using kjerne::server::http::Router;

struct Reply {
    int status = 0;
    std::string allow;
    std::string body;
};

Reply Call(uint16_t port, const std::string& method, const std::string& target,
           const std::string& body = "", bool chunked = false) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (chunked) {
        request.setChunkedTransferEncoding(true);
    } else {
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply r;
    r.status = static_cast<int>(response.getStatus());
    r.allow = response.get("Allow", "");
    Poco::StreamCopier::copyToString(in, r.body);
    return r;
}

}  // namespace

TEST_CASE("SplitPath and ParseQuery decode percent-escapes", "[server][router]") {
    using kjerne::server::http::ParseQuery;
    using kjerne::server::http::SplitPath;
    CHECK(SplitPath("/a//b%20c/") == std::vector<std::string>{"a", "b c"});
    CHECK(SplitPath("") == std::vector<std::string>{});
    CHECK(SplitPath("/x%3A%3Ay") == std::vector<std::string>{"x::y"});
    auto q = ParseQuery("a=1&b=x+y&c&a=2&d=%2B");
    CHECK(q["a"] == "1");
    CHECK(q["b"] == "x y");
    CHECK(q.count("c") == 1);
    CHECK(q["d"] == "+");
}

TEST_CASE("resource routes: parameters, literals first, base path alias, 405, body limit",
          "[server][router]") {
    kjerne::server::http::RouterOptions options;
    options.max_body_bytes = 100;
    Poco::SharedPtr<Router> router = new Router(options);
    router->AddResource("GET", "/ehr/{ehr_id}", [](RestRequest& req, auto& resp) -> Status {
        kjerne::server::http::SendText(
            resp, Poco::Net::HTTPResponse::HTTP_OK, "text/plain",
            "param " + req.Param("ehr_id") + " q=" + req.Query("x").value_or("-"));
        return kjerne::OkStatus();
    });
    router->AddResource("GET", "/ehr/special", [](RestRequest&, auto& resp) -> Status {
        kjerne::server::http::SendText(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/plain",
                                       "literal");
        return kjerne::OkStatus();
    });
    router->AddResource("POST", "/echo", [](RestRequest& req, auto& resp) -> Status {
        kjerne::server::http::SendText(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/plain",
                                       std::to_string(req.body.size()));
        return kjerne::OkStatus();
    });
    kjerne::server::http::HttpServerOptions server_options;
    server_options.port = 0;
    auto server = kjerne::server::http::HttpServer::Start(server_options, router);
    REQUIRE(server.ok());
    const uint16_t port = (*server)->port();

    CHECK(Call(port, "GET", "/rest/openehr/v1/ehr/a%20b?x=1").body == "param a b q=1");
    CHECK(Call(port, "GET", "/ehrbase/rest/openehr/v1/ehr/abc").body == "param abc q=-");
    CHECK(Call(port, "GET", "/rest/openehr/v1/ehr/special").body == "literal");
    CHECK(Call(port, "GET", "/rest/openehr/v1/ehr").status == 404);
    CHECK(Call(port, "GET", "/rest/openehr/v1x/ehr/abc").status == 404);
    CHECK(Call(port, "GET", "/ehr/abc").status == 404);  // only below a base path

    Reply not_allowed = Call(port, "DELETE", "/rest/openehr/v1/ehr/abc");
    CHECK(not_allowed.status == 405);
    CHECK(not_allowed.allow == "GET");

    CHECK(Call(port, "POST", "/rest/openehr/v1/echo", std::string(100, 'x')).body == "100");
    CHECK(Call(port, "POST", "/rest/openehr/v1/echo", std::string(101, 'x')).status == 413);
    // Without a Content-Length the limit is enforced while reading.
    CHECK(Call(port, "POST", "/rest/openehr/v1/echo", std::string(50, 'x'), true).body == "50");
    CHECK(Call(port, "POST", "/rest/openehr/v1/echo", std::string(5000, 'x'), true).status == 413);
}

TEST_CASE("openEHR-AUDIT_DETAILS parsing", "[server][router]") {
    using kjerne::server::http::ParseAuditDetails;
    auto none = ParseAuditDetails("");
    REQUIRE(none.ok());
    CHECK(none->committer_json.empty());
    CHECK(none->description.empty());

    auto full = ParseAuditDetails(
        R"(committer.name="Dr. \"Q\", MD", committer.external_ref.id="42", description.value="why")");
    REQUIRE(full.ok());
    CHECK(full->description == "why");
    CHECK_THAT(full->committer_json, Catch::Contains(R"("name":"Dr. \"Q\", MD")"));
    CHECK_THAT(full->committer_json, Catch::Contains(R"("value":"42")"));

    CHECK_FALSE(ParseAuditDetails(R"(committer.name="open)").ok());
    CHECK_FALSE(ParseAuditDetails("no-equals-sign").ok());
}

TEST_CASE("users file: accounts, roles and the permission rules", "[server][auth]") {
    using kjerne::server::auth::BasicAuthenticator;
    using kjerne::server::auth::Permission;
    using kjerne::server::auth::RequiredPermission;
    const std::string dir = std::filesystem::temp_directory_path().string();
    auto write = [&](const std::string& name, const std::string& text) {
        std::string path = dir + "/kjerne-users-" + name + ".txt";
        std::ofstream(path) << text;
        return path;
    };
    const std::string hash = BasicAuthenticator::HashPassword("password");
    CHECK(hash == "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
    CHECK(BasicAuthenticator::Load(write("ok", "# c\nada:" + hash + ":writer, reader\n")).ok());
    auto role = BasicAuthenticator::Load(write("role", "ada:" + hash + ":superuser\n"));
    REQUIRE_FALSE(role.ok());
    CHECK_THAT(role.error().message(), Catch::Contains(":1: unknown role 'superuser'"));
    CHECK_FALSE(BasicAuthenticator::Load(write("hash", "ada:abc:reader\n")).ok());
    CHECK_FALSE(BasicAuthenticator::Load(write("syntax", "ada\n")).ok());
    CHECK(BasicAuthenticator::Load(dir + "/no-such-users-file").error().code() ==
          kjerne::ErrorCode::kIo);

    CHECK(RequiredPermission("GET", "/definition/template/adl1.4") == Permission::kRead);
    CHECK(RequiredPermission("POST", "/definition/template/adl1.4") == Permission::kDefine);
    CHECK(RequiredPermission("POST", "/query/aql") == Permission::kQuery);
    CHECK(RequiredPermission("DELETE", "/ehr/{ehr_id}/composition/{uid_based_id}") ==
          Permission::kWrite);
    kjerne::server::auth::Principal reader{"r", {"reader"}};
    CHECK(reader.Can(Permission::kRead));
    CHECK_FALSE(reader.Can(Permission::kWrite));
    kjerne::server::auth::Principal admin{"a", {"admin"}};
    CHECK(admin.Can(Permission::kDefine));
}

TEST_CASE("JWT RS256: a token signed with the private key passes, HS256 is then refused",
          "[server][auth]") {
    // A fresh key pair; the server only gets the public key file.
    Poco::SharedPtr<Poco::Crypto::RSAKey> key(
        new Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE));
    const std::string pem =
        (std::filesystem::temp_directory_path() / "kjerne-jwt-test-public.pem").string();
    {
        std::ofstream out(pem);
        key->save(&out);
    }
    kjerne::server::auth::JwtOptions options;
    options.rs256_public_key = pem;
    auto auth = kjerne::server::auth::JwtAuthenticator::Create(options);
    REQUIRE(auth.ok());
    CHECK_FALSE(kjerne::server::auth::JwtAuthenticator::Create({}).ok());  // no key

    kjerne::server::http::RouterOptions router_options;
    router_options.authenticator = *auth;
    Poco::SharedPtr<Router> router = new Router(router_options);
    router->AddResource("GET", "/ehr/{ehr_id}", [](RestRequest&, auto& resp) -> Status {
        kjerne::server::http::SendText(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/plain", "ok");
        return kjerne::OkStatus();
    });
    kjerne::server::http::HttpServerOptions server_options;
    server_options.port = 0;
    auto server = kjerne::server::http::HttpServer::Start(server_options, router);
    REQUIRE(server.ok());

    auto call = [&](const std::string& token) {
        Poco::Net::HTTPClientSession session("127.0.0.1", (*server)->port());
        Poco::Net::HTTPRequest request("GET", "/rest/openehr/v1/ehr/x",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "Bearer " + token);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response).ignore(1 << 20);
        return static_cast<int>(response.getStatus());
    };
    Poco::JWT::Token token;
    token.setSubject("ada");
    token.setExpiration(Poco::Timestamp() + Poco::Timespan(3600, 0));
    Poco::JSON::Array roles;
    roles.add("reader");
    token.payload().set("roles", roles);
    Poco::JWT::Signer rs_signer(key);
    CHECK(call(rs_signer.sign(token, Poco::JWT::Signer::ALGO_RS256)) == 200);
    Poco::JWT::Signer hs_signer("guessable-secret");
    CHECK(call(hs_signer.sign(token, Poco::JWT::Signer::ALGO_HS256)) == 401);
    std::filesystem::remove(pem);
}
