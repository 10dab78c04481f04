// server/auth/jwt_auth.hpp
//
// Owns bearer-token authentication (`Authorization: Bearer <JWT>`), the production mode:
// the signature is verified with a configured key — HS256 with a shared secret and/or RS256
// with an RSA public key (PEM file) — never with a key fetched from anywhere (the server makes
// no outbound calls); then `exp` (required), `nbf`, `iss` and `aud` (when configured) are
// checked with a small clock leeway. The principal is `sub` (else `preferred_username`) with
// the roles of the `roles` claim (an array of strings; unknown roles are ignored).
// Thread-safety: immutable after Create(); Authenticate may run on many threads.
#pragma once

#include <memory>
#include <string>

#include "engine/common/result.hpp"
#include "server/auth/authenticator.hpp"

namespace Poco::JWT {
class Signer;
}

namespace kjerne::server::auth {

struct JwtOptions {
    std::string hs256_secret;      // shared secret for HS256; empty = HS256 not accepted
    std::string rs256_public_key;  // PEM file with the RSA public key; empty = no RS256
    std::string issuer;            // required `iss` when non-empty
    std::string audience;          // required member of `aud` when non-empty
    std::string roles_claim = "roles";
    int leeway_seconds = 30;
};

class JwtAuthenticator : public Authenticator {
public:
    // kInvalidArgument without any key; kIo when the public key file cannot be read.
    static Result<std::shared_ptr<const JwtAuthenticator>> Create(const JwtOptions& options);
    ~JwtAuthenticator() override;

    Result<Principal> Authenticate(const Poco::Net::HTTPServerRequest& request) const override;
    std::string Challenge() const override { return "Bearer realm=\"kjerne\""; }

private:
    explicit JwtAuthenticator(JwtOptions options);
    JwtOptions options_;
    std::unique_ptr<Poco::JWT::Signer> signer_;
};

}  // namespace kjerne::server::auth
