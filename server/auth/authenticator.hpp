// server/auth/authenticator.hpp
//
// Owns what the router asks of an authentication mode: turn a request into a Principal (or an
// Error made by http::Unauthenticated()), and say which WWW-Authenticate challenge a 401
// carries. Implementations: BasicAuthenticator (development, users file) and JwtAuthenticator
// (bearer tokens). The roles and the permission rules live in principal.hpp.
// Thread-safety: implementations are immutable after construction; Authenticate may run on
// many threads at once.
#pragma once

#include <string>

#include <Poco/Net/HTTPServerRequest.h>

#include "engine/common/result.hpp"
#include "server/auth/principal.hpp"

namespace kjerne::server::auth {

class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual Result<Principal> Authenticate(const Poco::Net::HTTPServerRequest& request) const = 0;
    // The WWW-Authenticate value of a 401, e.g. `Basic realm="kjerne"`.
    virtual std::string Challenge() const = 0;
};

}  // namespace kjerne::server::auth
