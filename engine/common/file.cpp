// engine/common/file.cpp — see file.hpp.
#include "engine/common/file.hpp"

#include <fstream>
#include <sstream>

namespace kjerne {

Result<std::string> ReadFileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Io("cannot open '" + path.string() + "'");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return Error::Io("cannot read '" + path.string() + "'");
    return buf.str();
}

}  // namespace kjerne
