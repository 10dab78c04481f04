// engine/common/sha256.cpp — see sha256.hpp. OpenSSL's SHA-256 (libcrypto): a well-kept,
// audited implementation rather than one of our own, now that the digest also chains the
// audit log (server/audit), which is a tamper-evidence boundary.
#include "engine/common/sha256.hpp"

#include <openssl/sha.h>

namespace kjerne {

std::string Sha256Hex(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(2 * SHA256_DIGEST_LENGTH, '0');
    for (size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace kjerne
