// engine/store/payload.cpp — see payload.hpp.
#include "engine/store/payload.hpp"

#include <zstd.h>

namespace kjerne::store {
namespace {

// One compression and one decompression context per thread, freed when the thread ends
// (ZSTD_compress would allocate a context per call).
struct CompressContext {
    ZSTD_CCtx* p = ZSTD_createCCtx();
    ~CompressContext() { ZSTD_freeCCtx(p); }
};
struct DecompressContext {
    ZSTD_DCtx* p = ZSTD_createDCtx();
    ~DecompressContext() { ZSTD_freeDCtx(p); }
};

}  // namespace

std::string EncodePayload(std::string_view json, PayloadEncoding encoding, int level) {
    if (encoding == PayloadEncoding::kJson) return std::string(json);
    thread_local CompressContext ctx;
    ZSTD_CCtx* cctx = ctx.p;
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
    thread_local DecompressContext ctx;
    ZSTD_DCtx* dctx = ctx.p;
    std::string out(size, '\0');
    size_t n = ZSTD_decompressDCtx(dctx, out.data(), out.size(), stored.data(), stored.size());
    if (ZSTD_isError(n) || n != size) {
        return Error(ErrorCode::kCorruption, std::string("payload: zstd: ") +
                                                 (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
    }
    return out;
}

}  // namespace kjerne::store
