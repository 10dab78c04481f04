// tests/server/temp_db_path.hpp
//
// A unique SQLite file path in the temp directory for one test, removed (with its -wal and
// -shm companions) when the object goes out of scope. Header-only: used by the server tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace kjerne::test {

class TempDbPath {
public:
    explicit TempDbPath(const std::string& stem) {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                 ".db");
        Remove();
    }
    ~TempDbPath() { Remove(); }
    TempDbPath(const TempDbPath&) = delete;
    TempDbPath& operator=(const TempDbPath&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }

private:
    void Remove() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(path_.string() + suffix, ec);
        }
    }

    std::filesystem::path path_;
};

}  // namespace kjerne::test
