// engine/store/payload.hpp
//
// How a version's data is kept in the `version.data` column: the canonical JSON of the RM
// object (compact, deterministic: engine/codec), either as is (encoding 0) or zstd-compressed
// (encoding 1, a standard zstd frame with the content size). The encoding is stored per row,
// so both coexist and the option can change without a rewrite.
// Thread-safety: pure functions (zstd contexts are per call).
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.hpp"

namespace kjerne::store {

enum class PayloadEncoding : int { kJson = 0, kZstdJson = 1 };

std::string EncodePayload(std::string_view json, PayloadEncoding encoding, int level = 3);

// kCorruption when the bytes do not decode under `encoding`.
Result<std::string> DecodePayload(std::string_view stored, int encoding);

}  // namespace kjerne::store
