// server/http/http_server.hpp
//
// Owns the listening socket, the worker thread pool and the Poco::Net::HTTPServer that ties
// them to a Router. Why a wrapper: Poco reports bind/listen failures by throwing, and the
// rest of Kjerne speaks Result; Start() is the edge where that conversion happens. It also
// pins the shutdown order (stop accepting, let running requests finish, join workers), which
// Poco leaves to the caller.
// Ownership: the server shares ownership of the Router with Poco. Thread-safety: Start/Stop
// and the destructor from one controlling thread; requests run on the pool's threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include "engine/common/result.hpp"
#include "server/http/router.hpp"

namespace kjerne::server::http {

struct HttpServerOptions {
    std::string host = "127.0.0.1";  // address to bind; a name is resolved once at start
    uint16_t port = 8080;            // 0 = let the OS pick a free port (see HttpServer::port)
    int max_threads = 16;            // concurrent requests being handled
    int max_queued = 256;            // accepted connections waiting for a worker
};

class HttpServer {
public:
    // Binds, listens and starts serving `router`. kIo when the host cannot be resolved or
    // the address cannot be bound (in use, not a local address).
    static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                     Poco::SharedPtr<Router> router);

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    ~HttpServer();  // Stop()s

    // The bound port (the OS-assigned one when options.port was 0).
    uint16_t port() const { return port_; }
    const std::string& host() const { return host_; }

    // Stops accepting, closes idle keep-alive connections, waits for requests in flight and
    // joins the worker threads. Idempotent.
    void Stop();

private:
    HttpServer(int max_threads, std::string host);

    std::string host_;
    uint16_t port_ = 0;
    // Declared before server_: destroyed after it, so workers are joined last.
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace kjerne::server::http
