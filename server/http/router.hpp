// server/http/router.hpp
//
// Owns request dispatch: a table of (method, exact path) -> handler function, installed as the
// Poco HTTPRequestHandlerFactory of HttpServer. It is also the edge where failures become
// responses: a handler returns Status, and both returned Errors and exceptions escaping a
// handler (Poco throws) are turned into problem+json here, so no exception and no stack trace
// ever reaches a client. Unmatched requests get 404 problem+json.
// Thread-safety: routes are added before the server starts; afterwards the table is read-only
// and Dispatch() may run on any number of Poco worker threads at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "engine/common/error.hpp"
#include "engine/common/result.hpp"

namespace kjerne::server::http {

// A route handler either sends a complete response and returns OkStatus(), or returns an
// Error without having sent anything; the router then sends the problem report.
using RouteHandler =
    std::function<Status(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

class Router : public Poco::Net::HTTPRequestHandlerFactory {
public:
    // Registers `handler` for `method` ("GET", "POST", ...) on the exact `path` ("/health").
    // A later registration of the same pair replaces the earlier one.
    void Add(std::string method, std::string path, RouteHandler handler);

    // Finds the route for the request and runs it; never throws.
    void Dispatch(Poco::Net::HTTPServerRequest& request,
                  Poco::Net::HTTPServerResponse& response) const;

    // Poco::Net::HTTPRequestHandlerFactory: every request goes through Dispatch().
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    std::map<std::pair<std::string, std::string>, RouteHandler> routes_;
};

// The conversion used at the edge: a Poco exception as a Kjerne Error value. Network and file
// failures become kIo, malformed input (URI syntax, bad numbers) kInvalidArgument, the rest
// kInternal. The message is Poco's displayText().
Error ErrorFromPocoException(const Poco::Exception& e);

}  // namespace kjerne::server::http
