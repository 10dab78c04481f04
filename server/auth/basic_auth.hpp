// server/auth/basic_auth.hpp
//
// Owns HTTP Basic authentication for development and the role -> permission rules of the REST
// API. A users file lists one account per line:
//     # name:sha256-hex-of-password:role[,role...]
//     ada:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8:writer,reader
// Roles: admin (everything), modeller (definitions), writer (commits), reader (reads),
// researcher (queries, later). The password hash is unsalted SHA-256: this mode is for
// development and tests, not for production (JWT bearer tokens are the production mode, later).
// Thread-safety: immutable after Load(); Authenticate may run on many threads.
#pragma once

#include <map>
#include <set>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

#include "engine/common/result.hpp"

namespace kjerne::server::auth {

enum class Permission { kRead, kWrite, kDefine, kQuery };

struct Principal {
    std::string name;
    std::set<std::string> roles;
    bool Can(Permission permission) const;
};

class BasicAuthenticator {
public:
    // Reads the users file; kIo when unreadable, kInvalidArgument for a malformed line or an
    // unknown role (with its line number).
    static Result<BasicAuthenticator> Load(const std::string& users_file);

    // The principal of the request's `Authorization: Basic ...`; an Error made by
    // Unauthenticated() when absent, malformed or wrong.
    Result<Principal> Authenticate(const Poco::Net::HTTPServerRequest& request) const;

    // Hex SHA-256 of `password`, the form the users file stores.
    static std::string HashPassword(const std::string& password);

private:
    struct Account {
        std::string hash;
        std::set<std::string> roles;
    };
    std::map<std::string, Account> accounts_;
};

// What a request needs: definitions are read by anyone authenticated and written by modellers;
// /query needs query; other GETs read, other methods write.
Permission RequiredPermission(const std::string& method, const std::string& route_template);

}  // namespace kjerne::server::auth
