// engine/common/sha256.hpp
//
// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex, computed by OpenSSL's libcrypto.
// Used to fingerprint stored templates and archetypes (a changed artefact under an existing id
// is refused), stored queries in the audit log, and to chain audit events (server/audit).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace kjerne {

std::string Sha256Hex(std::string_view data);

}  // namespace kjerne
