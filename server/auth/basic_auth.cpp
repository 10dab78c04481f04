// server/auth/basic_auth.cpp — see basic_auth.hpp.
#include "server/auth/basic_auth.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include <Poco/Base64Decoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/SHA2Engine.h>

#include "server/http/responses.hpp"

namespace kjerne::server::auth {
namespace {

std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Compares without an early exit, so timing does not reveal how much of a hash matched.
bool SameText(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace

std::string BasicAuthenticator::HashPassword(const std::string& password) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(password);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

Result<BasicAuthenticator> BasicAuthenticator::Load(const std::string& users_file) {
    std::ifstream in(users_file);
    if (!in) return Error::Io("auth: cannot read users file '" + users_file + "'");
    BasicAuthenticator auth;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = Trim(line);
        if (line.empty() || line[0] == '#') continue;
        const std::string where = users_file + ":" + std::to_string(number) + ": ";
        size_t c1 = line.find(':');
        size_t c2 = c1 == std::string::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string::npos) {
            return Error::InvalidArgument(where + "expected name:sha256-hex:roles");
        }
        Account account;
        account.hash = line.substr(c1 + 1, c2 - c1 - 1);
        if (account.hash.size() != 64) {
            return Error::InvalidArgument(where +
                                          "the password hash must be 64 hex digits (SHA-256)");
        }
        std::stringstream roles(line.substr(c2 + 1));
        std::string role;
        while (std::getline(roles, role, ',')) {
            role = Trim(role);
            if (role.empty()) continue;
            if (!KnownRoles().count(role)) {
                return Error::InvalidArgument(where + "unknown role '" + role +
                                              "' (admin, modeller, writer, reader, researcher)");
            }
            account.roles.insert(role);
        }
        auth.accounts_[line.substr(0, c1)] = std::move(account);
    }
    return auth;
}

Result<Principal> BasicAuthenticator::Authenticate(
    const Poco::Net::HTTPServerRequest& request) const {
    const std::string header = request.get("Authorization", "");
    if (header.rfind("Basic ", 0) != 0) {
        return http::Unauthenticated("credentials required (Authorization: Basic)");
    }
    std::string decoded;
    try {
        std::istringstream encoded(Trim(header.substr(6)));
        Poco::Base64Decoder decoder(encoded);
        std::ostringstream out;
        out << decoder.rdbuf();
        decoded = out.str();
    } catch (const Poco::Exception&) {
        return http::Unauthenticated("malformed Basic credentials");
    }
    size_t colon = decoded.find(':');
    if (colon == std::string::npos) return http::Unauthenticated("malformed Basic credentials");
    auto it = accounts_.find(decoded.substr(0, colon));
    const std::string hash = HashPassword(decoded.substr(colon + 1));
    if (it == accounts_.end() || !SameText(hash, it->second.hash)) {
        return http::Unauthenticated("unknown user or wrong password");
    }
    return Principal{it->first, it->second.roles};
}

}  // namespace kjerne::server::auth
