// engine/common/uuid.cpp — see uuid.hpp.
#include "engine/common/uuid.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <random>

namespace kjerne {
namespace {

struct ThreadGenerator {
    std::mt19937_64 gen;
    pid_t pid = 0;
};

std::mt19937_64& Generator() {
    thread_local ThreadGenerator g;
    // Reseed after fork(): a child must not repeat its parent's sequence.
    if (g.pid != ::getpid()) {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), static_cast<unsigned>(::getpid())};
        g.gen.seed(seq);
        g.pid = ::getpid();
    }
    return g.gen;
}

std::string Format(uint64_t hi, uint64_t lo) {
    static const char* kHex = "0123456789abcdef";
    std::string out(36, '-');
    int pos = 0;
    auto put = [&](uint64_t v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i) {
            if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
            out[pos++] = kHex[(v >> (i * 4)) & 0xF];
        }
    };
    put(hi, 16);
    put(lo, 16);
    return out;
}

}  // namespace

std::string NewUuidV4() {
    auto& gen = Generator();
    uint64_t hi = gen(), lo = gen();
    hi = (hi & ~uint64_t{0xF000}) | 0x4000;                        // version 4
    lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);    // variant 10xx
    return Format(hi, lo);
}

std::string NewUuidV7() {
    auto& gen = Generator();
    uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
    uint64_t hi = (ms << 16) | 0x7000 | (gen() & 0x0FFF);         // unix_ts_ms, version 7, rand_a
    uint64_t lo = (gen() & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant, rand_b
    return Format(hi, lo);
}

bool IsUuid(std::string_view t) {
    if (t.size() != 36) return false;
    for (size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace kjerne
