// tools/bench_machine.hpp
//
// What every `kjerne bench` report states about the machine it ran on (docs/benchmarks.md
// asks for it beside each figure): the CPU model and its hardware threads.
#pragma once

#include <string>

namespace kjerne::tools {

// "AMD EPYC …" from /proc/cpuinfo, or "unknown CPU".
std::string CpuModel();

// "Machine: <CPU model>, <n> hardware threads".
std::string MachineLine();

}  // namespace kjerne::tools
