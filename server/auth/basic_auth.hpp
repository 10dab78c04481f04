// server/auth/basic_auth.hpp
//
// Owns HTTP Basic authentication for development and the role -> permission rules of the REST
// API. A users file lists one account per line:
//     # name:sha256-hex-of-password:role[,role...]
//     ada:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8:writer,reader
// Roles: admin (everything), modeller (definitions), writer (commits), reader (reads),
// researcher (queries, later). The password hash is unsalted SHA-256: this mode is for
// development and tests, not for production (bearer tokens, jwt_auth.hpp, are).
// Roles and permissions: principal.hpp.
// Thread-safety: immutable after Load(); Authenticate may run on many threads.
#pragma once

#include <map>
#include <set>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

#include "engine/common/result.hpp"
#include "server/auth/authenticator.hpp"

namespace kjerne::server::auth {

class BasicAuthenticator : public Authenticator {
public:
    // Reads the users file; kIo when unreadable, kInvalidArgument for a malformed line or an
    // unknown role (with its line number).
    static Result<BasicAuthenticator> Load(const std::string& users_file);

    // The principal of the request's `Authorization: Basic ...`; an Error made by
    // Unauthenticated() when absent, malformed or wrong.
    Result<Principal> Authenticate(const Poco::Net::HTTPServerRequest& request) const override;
    std::string Challenge() const override { return "Basic realm=\"kjerne\""; }

    // Hex SHA-256 of `password`, the form the users file stores.
    static std::string HashPassword(const std::string& password);

private:
    struct Account {
        std::string hash;
        std::set<std::string> roles;
    };
    std::map<std::string, Account> accounts_;
};

}  // namespace kjerne::server::auth
