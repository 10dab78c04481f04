// engine/common/uuid.hpp
//
// Random (version 4) UUIDs in their canonical lower-case text form, for EHR, versioned object
// and contribution ids. Thread-safety: NewUuidV4 uses a per-thread generator seeded from
// std::random_device, so threads (and forked children, which reseed by pid) never share state.
#pragma once

#include <string>
#include <string_view>

namespace kjerne {

// "8-4-4-4-12" lower-case hex with the version nibble 4 and the RFC 4122 variant.
std::string NewUuidV4();

// True for any RFC 4122 text form (8-4-4-4-12 hex digits, either case).
bool IsUuid(std::string_view text);

}  // namespace kjerne
