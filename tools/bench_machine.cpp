// tools/bench_machine.cpp — see bench_machine.hpp.
#include "tools/bench_machine.hpp"

#include <fstream>
#include <thread>

namespace kjerne::tools {

std::string CpuModel() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

std::string MachineLine() {
    return "Machine: " + CpuModel() + ", " + std::to_string(std::thread::hardware_concurrency()) +
           " hardware threads";
}

}  // namespace kjerne::tools
