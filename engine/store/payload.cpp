// engine/store/payload.cpp — see payload.hpp.
#include "engine/store/payload.hpp"

#include <zstd.h>

namespace kjerne::store {

std::string EncodePayload(std::string_view json, PayloadEncoding encoding, int level) {
    if (encoding == PayloadEncoding::kJson) return std::string(json);
    // One context per thread: ZSTD_compress would allocate one per call.
    thread_local ZSTD_CCtx* cctx = ZSTD_createCCtx();
    std::string out(ZSTD_compressBound(json.size()), '\0');
    size_t n = ZSTD_compressCCtx(cctx, out.data(), out.size(), json.data(), json.size(), level);
    if (ZSTD_isError(n)) return std::string(json);  // cannot happen with a bound-sized buffer
    out.resize(n);
    return out;
}

Result<std::string> DecodePayload(std::string_view stored, int encoding) {
    if (encoding == static_cast<int>(PayloadEncoding::kJson)) return std::string(stored);
    if (encoding != static_cast<int>(PayloadEncoding::kZstdJson)) {
        return Error(ErrorCode::kCorruption, "payload: unknown encoding " + std::to_string(encoding));
    }
    unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 32)) {
        return Error(ErrorCode::kCorruption, "payload: not a zstd frame with a content size");
    }
    thread_local ZSTD_DCtx* dctx = ZSTD_createDCtx();
    std::string out(size, '\0');
    size_t n = ZSTD_decompressDCtx(dctx, out.data(), out.size(), stored.data(), stored.size());
    if (ZSTD_isError(n) || n != size) {
        return Error(ErrorCode::kCorruption, std::string("payload: zstd: ") +
                                                 (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
    }
    return out;
}

}  // namespace kjerne::store
