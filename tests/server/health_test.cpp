// tests/server/health_test.cpp
//
// The HTTP floor, end to end and in-process: the application's real route table served by the
// real HttpServer on an ephemeral loopback port, spoken to over a socket with Poco's client.
// Covers GET /health, the 404 problem+json for unknown paths, and that a handler's exception
// becomes a 500 problem report that leaks nothing of the exception.
#include <istream>
#include <memory>
#include <string>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <catch2/catch.hpp>

#include "server/app/app_routes.hpp"
#include "server/app/database_handle.hpp"
#include "server/http/http_server.hpp"
#include "server/http/router.hpp"
#include "tests/server/temp_db_path.hpp"

namespace {

using kjerne::server::http::HttpServer;
using kjerne::server::http::HttpServerOptions;
using Poco::Net::HTTPResponse;

struct Reply {
    int status = 0;
    std::string content_type;
    std::string body;
};

Reply Get(uint16_t port, const std::string& path) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    reply.content_type = response.getContentType();
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

Poco::JSON::Object::Ptr ParseObject(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::unique_ptr<HttpServer> StartOnEphemeralPort(
    Poco::SharedPtr<kjerne::server::http::Router> router) {
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.max_threads = 4;
    auto server = HttpServer::Start(options, std::move(router));
    if (!server.ok()) FAIL("server did not start: " << server.error().ToString());
    REQUIRE(server.value()->port() != 0);
    return std::move(server).value();
}

}  // namespace

TEST_CASE("GET /health answers 200 with status UP and the database file", "[server][http]") {
    kjerne::test::TempDbPath db_path("kjerne-health-test");
    auto db = kjerne::server::app::DatabaseHandle::Open(db_path.str());
    REQUIRE(db.ok());
    auto server = StartOnEphemeralPort(kjerne::server::app::BuildRouter(*db));

    Reply reply = Get(server->port(), "/health");
    CHECK(reply.status == 200);
    CHECK(reply.content_type == "application/json");
    auto body = ParseObject(reply.body);
    CHECK(body->getValue<std::string>("status") == "UP");
    CHECK(body->getValue<std::string>("db") == db_path.str());

    SECTION("a query string does not change the route") {
        CHECK(Get(server->port(), "/health?verbose=1").status == 200);
    }
    server->Stop();
}

TEST_CASE("an unknown path is 404 application/problem+json", "[server][http]") {
    kjerne::test::TempDbPath db_path("kjerne-404-test");
    auto db = kjerne::server::app::DatabaseHandle::Open(db_path.str());
    REQUIRE(db.ok());
    auto server = StartOnEphemeralPort(kjerne::server::app::BuildRouter(*db));

    Reply reply = Get(server->port(), "/no/such/resource");
    CHECK(reply.status == 404);
    CHECK(reply.content_type == "application/problem+json");
    auto body = ParseObject(reply.body);
    CHECK(body->getValue<int>("status") == 404);
    CHECK(body->getValue<std::string>("error") == "Not Found");
    CHECK_THAT(body->getValue<std::string>("message"), Catch::Contains("/no/such/resource"));
}

TEST_CASE("a throwing handler becomes a 500 problem report without its details",
          "[server][http]") {
    Poco::SharedPtr<kjerne::server::http::Router> router = new kjerne::server::http::Router;
    router->Add("GET", "/boom", [](auto&, auto&) -> kjerne::Status {
        throw Poco::IllegalStateException("secret internal detail");
    });
    router->Add("GET", "/refused", [](auto&, auto&) -> kjerne::Status {
        return kjerne::Error::Conflict("already there");
    });
    auto server = StartOnEphemeralPort(router);

    Reply boom = Get(server->port(), "/boom");
    CHECK(boom.status == 500);
    CHECK(boom.content_type == "application/problem+json");
    CHECK(boom.body.find("secret") == std::string::npos);
    CHECK(ParseObject(boom.body)->getValue<int>("status") == 500);

    Reply refused = Get(server->port(), "/refused");
    CHECK(refused.status == 409);
    CHECK_THAT(ParseObject(refused.body)->getValue<std::string>("message"),
               Catch::Contains("already there"));
}

TEST_CASE("a port already in use is an Error, not an exception", "[server][http]") {
    Poco::SharedPtr<kjerne::server::http::Router> router = new kjerne::server::http::Router;
    auto first = StartOnEphemeralPort(router);

    HttpServerOptions options;
    options.port = first->port();
    auto second = HttpServer::Start(options, router);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code() == kjerne::ErrorCode::kIo);
}
