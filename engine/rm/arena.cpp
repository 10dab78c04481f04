// engine/rm/arena.cpp
#include "engine/rm/arena.hpp"

#include <algorithm>

namespace kjerne::rm {

void* Arena::AllocateSlow(size_t bytes, size_t align) {
    // Oversized requests get a block of their own so the current block keeps serving
    // small allocations; otherwise blocks double up to 1 MiB.
    if (bytes + align > next_block_ / 2) {
        std::unique_ptr<char[]> block(new char[bytes + align]);  // not zeroed: make_unique would
        char* base = block.get();
        reserved_ += bytes + align;
        blocks_.push_back(std::move(block));
        size_t pad = (align - (reinterpret_cast<uintptr_t>(base) & (align - 1))) & (align - 1);
        return base + pad;
    }
    std::unique_ptr<char[]> block(new char[next_block_]);
    cur_ = block.get();
    left_ = next_block_;
    reserved_ += next_block_;
    blocks_.push_back(std::move(block));
    next_block_ = std::min<size_t>(next_block_ * 2, 1u << 20);
    return Allocate(bytes, align);
}

}  // namespace kjerne::rm
