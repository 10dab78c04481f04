// engine/rm/arena.hpp
//
// A bump allocator that owns every node, attribute array and string of one
// rm::Document, so freeing a composition is a handful of block frees. Objects placed
// here must be trivially destructible (nothing is destroyed individually).
// Thread-safety: none; a Document (and its arena) is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace kjerne::rm {

class Arena {
public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    Arena(Arena&&) noexcept = default;
    Arena& operator=(Arena&&) noexcept = default;

    void* Allocate(size_t bytes, size_t align) {
        size_t pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
        if (pad + bytes > left_) return AllocateSlow(bytes, align);
        char* p = cur_ + pad;
        cur_ = p + bytes;
        left_ -= pad + bytes;
        return p;
    }

    template <class T>
    T* AllocArray(size_t n) {
        static_assert(std::is_trivially_destructible_v<T>);
        return static_cast<T*>(Allocate(sizeof(T) * (n ? n : 1), alignof(T)));
    }

    std::string_view CopyString(std::string_view s) {
        if (s.empty()) return {};
        char* p = static_cast<char*>(Allocate(s.size(), 1));
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }

    size_t bytes_reserved() const { return reserved_; }

private:
    void* AllocateSlow(size_t bytes, size_t align);

    std::vector<std::unique_ptr<char[]>> blocks_;
    char* cur_ = nullptr;
    size_t left_ = 0;
    size_t next_block_ = 32 * 1024;
    size_t reserved_ = 0;
};

}  // namespace kjerne::rm
