// server/http/http_server.cpp — see http_server.hpp.
#include "server/http/http_server.hpp"

#include <exception>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace kjerne::server::http {
namespace {

constexpr int kListenBacklog = 128;
constexpr int kMinThreads = 2;

}  // namespace

HttpServer::HttpServer(int max_threads, std::string host)
    : host_(std::move(host)),
      pool_(std::make_unique<Poco::ThreadPool>(kMinThreads,
                                               max_threads > kMinThreads ? max_threads
                                                                         : kMinThreads)) {}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      Poco::SharedPtr<Router> router) {
    if (router.isNull()) return Error::InvalidArgument("http: no router given");
    std::unique_ptr<HttpServer> server(new HttpServer(options.max_threads, options.host));
    try {
        Poco::Net::SocketAddress address(options.host, options.port);
        Poco::Net::ServerSocket socket;
        // SO_REUSEADDR so a restart does not wait out TIME_WAIT; never SO_REUSEPORT (Poco's
        // two-argument bind sets both), which would let a second server share the port.
        socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
        socket.listen(kListenBacklog);
        server->port_ = socket.address().port();

        auto* params = new Poco::Net::HTTPServerParams;  // Poco takes ownership (AutoPtr)
        params->setMaxThreads(options.max_threads);
        params->setMaxQueued(options.max_queued);
        params->setKeepAlive(true);
        params->setSoftwareVersion("Kjerne");

        server->server_ = std::make_unique<Poco::Net::HTTPServer>(
            Poco::Net::HTTPRequestHandlerFactory::Ptr(router), *server->pool_, socket, params);
        server->server_->start();
    } catch (const Poco::Exception& e) {
        return Error::Io("http: cannot listen on " + options.host + ":" +
                         std::to_string(options.port) + ": " + e.displayText());
    } catch (const std::exception& e) {
        return Error::Internal(std::string("http: cannot start: ") + e.what());
    }
    return server;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
    if (server_ == nullptr) return;
    try {
        server_->stopAll(/*abortCurrent=*/false);
    } catch (...) {
        // Stopping must not throw from a destructor; the socket is closed either way.
    }
    server_.reset();
    pool_->joinAll();
}

}  // namespace kjerne::server::http
