// engine/common/file.hpp
//
// Reading a whole file into memory: the one place that turns "cannot open / cannot read" into
// an Error (kIo naming the path), for the loaders (OPT, ADL, import) and the CLI.
// Thread-safety: pure function of the file system.
#pragma once

#include <filesystem>
#include <string>

#include "engine/common/result.hpp"

namespace kjerne {

// The bytes of `path`; kIo "cannot open '<path>'" / "cannot read '<path>'".
Result<std::string> ReadFileBytes(const std::filesystem::path& path);

}  // namespace kjerne
