// tests/templates/example_support.hpp
//
// What the example-generation suites (OPT 1.4 and ADL 2 templates) share: how many random
// seeds each template gets — 100 by default, the templates issue's acceptance, or
// KJERNE_EXAMPLE_SEEDS for a quicker or longer run — and the first few validation issues
// of a failing example as one INFO text.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/common/error.hpp"

namespace kjerne::test {

inline uint64_t ExampleSeeds() {
    if (const char* env = std::getenv("KJERNE_EXAMPLE_SEEDS")) return static_cast<uint64_t>(std::max(1, std::atoi(env)));
    return 100;
}

inline std::string DescribeIssues(const std::vector<Issue>& issues, size_t max = 5) {
    std::string s;
    for (size_t i = 0; i < issues.size() && i < max; ++i) s += issues[i].ToString() + "\n";
    return s;
}

}  // namespace kjerne::test
