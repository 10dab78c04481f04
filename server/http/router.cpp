// server/http/router.cpp — see router.hpp.
#include "server/http/router.hpp"

#include <exception>
#include <iostream>

#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Net::HTTPResponse;

// The one handler object Poco creates per request; all logic lives in Router::Dispatch.
class DispatchingHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit DispatchingHandler(const Router& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        router_.Dispatch(request, response);
    }

private:
    const Router& router_;
};

void LogError(const Poco::Net::HTTPServerRequest& request, const Error& error) {
    std::cerr << "kjerne: " << request.getMethod() << ' ' << request.getURI() << ": "
              << error.ToString() << '\n';
}

// Sends the problem report for `error` unless a response is already on the wire, in which
// case the connection is the only thing left to give up (Poco closes it).
void Fail(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
          const Error& error) {
    if (HttpStatusFor(error.code()) == HTTPResponse::HTTP_INTERNAL_SERVER_ERROR) {
        LogError(request, error);
    }
    if (response.sent()) return;
    try {
        SendError(response, error);
    } catch (...) {
        // The client went away while we answered; nothing more to tell it.
    }
}

}  // namespace

Error ErrorFromPocoException(const Poco::Exception& e) {
    if (dynamic_cast<const Poco::Net::NetException*>(&e) != nullptr ||
        dynamic_cast<const Poco::IOException*>(&e) != nullptr) {
        return Error::Io(e.displayText());
    }
    if (dynamic_cast<const Poco::SyntaxException*>(&e) != nullptr ||
        dynamic_cast<const Poco::InvalidArgumentException*>(&e) != nullptr) {
        return Error::InvalidArgument(e.displayText());
    }
    return Error::Internal(e.displayText());
}

void Router::Add(std::string method, std::string path, RouteHandler handler) {
    routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

void Router::Dispatch(Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) const {
    try {
        const std::string path = Poco::URI(request.getURI()).getPath();
        auto it = routes_.find({request.getMethod(), path});
        if (it == routes_.end()) {
            SendProblem(response, HTTPResponse::HTTP_NOT_FOUND,
                        "no resource for " + request.getMethod() + " " + path);
            return;
        }
        Status status = it->second(request, response);
        if (!status.ok()) Fail(request, response, status.error());
    } catch (const Poco::Exception& e) {
        Fail(request, response, ErrorFromPocoException(e));
    } catch (const std::exception& e) {
        Fail(request, response, Error::Internal(e.what()));
    } catch (...) {
        Fail(request, response, Error::Internal("unknown exception"));
    }
}

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new DispatchingHandler(*this);
}

}  // namespace kjerne::server::http
