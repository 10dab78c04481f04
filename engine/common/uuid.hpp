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

// A time-ordered UUID (RFC 9562 version 7: 48-bit Unix milliseconds, then random bits). Ids
// made later sort later, so a B-tree index over them grows at its right edge instead of
// taking every insert at a random page — the store uses them for the ids it generates for
// versioned objects and contributions. They reveal their creation time to the millisecond.
std::string NewUuidV7();

// True for any RFC 4122 text form (8-4-4-4-12 hex digits, either case).
bool IsUuid(std::string_view text);

}  // namespace kjerne
