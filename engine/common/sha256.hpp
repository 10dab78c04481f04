// engine/common/sha256.hpp
//
// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex. Used to fingerprint stored
// templates (a changed OPT under an existing id is refused). A small self-contained
// implementation: the engine links no crypto library, and this is not a security boundary.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace kjerne {

std::string Sha256Hex(std::string_view data);

}  // namespace kjerne
