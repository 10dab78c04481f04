// server/auth/jwt_auth.cpp — see jwt_auth.hpp.
#include "server/auth/jwt_auth.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

#include "server/http/responses.hpp"

namespace kjerne::server::auth {

JwtAuthenticator::JwtAuthenticator(JwtOptions options)
    : options_(std::move(options)), signer_(std::make_unique<Poco::JWT::Signer>()) {}

JwtAuthenticator::~JwtAuthenticator() = default;

Result<std::shared_ptr<const JwtAuthenticator>> JwtAuthenticator::Create(
    const JwtOptions& options) {
    if (options.hs256_secret.empty() && options.rs256_public_key.empty()) {
        return Error::InvalidArgument(
            "auth jwt needs a key: an HS256 secret and/or an RS256 public key file");
    }
    std::shared_ptr<JwtAuthenticator> auth(new JwtAuthenticator(options));
    Poco::JWT::Signer& signer = *auth->signer_;
    signer.setAlgorithms({});
    try {
        if (!options.hs256_secret.empty()) {
            signer.setHMACKey(options.hs256_secret);
            signer.addAlgorithm(Poco::JWT::Signer::ALGO_HS256);
        }
        if (!options.rs256_public_key.empty()) {
            signer.setRSAKey(new Poco::Crypto::RSAKey(options.rs256_public_key));
            signer.addAlgorithm(Poco::JWT::Signer::ALGO_RS256);
        }
    } catch (const Poco::Exception& e) {
        return Error::Io("auth jwt: cannot read the RS256 public key '" + options.rs256_public_key +
                         "': " + e.displayText());
    }
    return std::shared_ptr<const JwtAuthenticator>(std::move(auth));
}

Result<Principal> JwtAuthenticator::Authenticate(
    const Poco::Net::HTTPServerRequest& request) const {
    const std::string header = request.get("Authorization", "");
    if (header.rfind("Bearer ", 0) != 0) {
        return http::Unauthenticated("a bearer token is required (Authorization: Bearer)");
    }
    Poco::JWT::Token token;
    try {
        if (!signer_->tryVerify(header.substr(7), token)) {
            return http::Unauthenticated("the token's signature is not valid");
        }
    } catch (const Poco::Exception&) {
        return http::Unauthenticated("the token is malformed or uses an algorithm not accepted");
    }
    const Poco::Timestamp now;
    const Poco::Timespan leeway(options_.leeway_seconds, 0);
    const Poco::JSON::Object& claims = token.payload();
    if (!claims.has("exp")) return http::Unauthenticated("the token has no exp");
    if (token.getExpiration() + leeway < now) return http::Unauthenticated("the token has expired");
    if (claims.has("nbf") && token.getNotBefore() > now + leeway) {
        return http::Unauthenticated("the token is not valid yet (nbf)");
    }
    if (!options_.issuer.empty() && token.getIssuer() != options_.issuer) {
        return http::Unauthenticated("the token's issuer is not accepted");
    }
    if (!options_.audience.empty()) {
        std::vector<std::string> audience = token.getAudience();
        if (std::find(audience.begin(), audience.end(), options_.audience) == audience.end()) {
            return http::Unauthenticated("the token is not meant for this audience");
        }
    }
    Principal principal;
    principal.name = token.getSubject();
    if (principal.name.empty() && claims.has("preferred_username")) {
        principal.name = claims.getValue<std::string>("preferred_username");
    }
    if (claims.isArray(options_.roles_claim)) {
        Poco::JSON::Array::Ptr roles = claims.getArray(options_.roles_claim);
        for (size_t i = 0; i < roles->size(); ++i) {
            Poco::Dynamic::Var role = roles->get(static_cast<unsigned>(i));
            if (role.isString() && KnownRoles().count(role.extract<std::string>())) {
                principal.roles.insert(role.extract<std::string>());
            }
        }
    }
    // Need-to-know scope (access_policy.hpp): the EHRs this caller may touch. A claim that is
    // present but not an array of strings is refused rather than read as "no limit".
    if (claims.has("ehr_ids")) {
        if (!claims.isArray("ehr_ids")) return http::Unauthenticated("the token's ehr_ids claim is not an array");
        Poco::JSON::Array::Ptr ids = claims.getArray("ehr_ids");
        std::set<std::string> scope;
        for (size_t i = 0; i < ids->size(); ++i) {
            Poco::Dynamic::Var id = ids->get(static_cast<unsigned>(i));
            if (!id.isString()) return http::Unauthenticated("the token's ehr_ids claim holds a non-string");
            scope.insert(id.extract<std::string>());
        }
        principal.ehr_scope = std::move(scope);
    }
    return principal;
}

}  // namespace kjerne::server::auth
