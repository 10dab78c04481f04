// archetypes/flattening/specialisation_codes.cpp — see specialisation_codes.hpp.
#include "archetypes/flattening/specialisation_codes.hpp"

#include <algorithm>
#include <vector>

namespace kjerne::archetypes::flattening {

int CodeDepth(std::string_view code) {
    return static_cast<int>(std::count(code.begin(), code.end(), '.'));
}

std::string CodeInParent(std::string_view code, int parent_depth) {
    if (CodeDepth(code) <= parent_depth) return std::string(code);
    size_t digits = 0;
    while (digits < code.size() && !(code[digits] >= '0' && code[digits] <= '9')) ++digits;
    std::string_view prefix = code.substr(0, digits);
    std::vector<std::string_view> parts;
    std::string_view rest = code.substr(digits);
    while (true) {
        size_t dot = rest.find('.');
        parts.push_back(rest.substr(0, dot));
        if (dot == std::string_view::npos) break;
        rest = rest.substr(dot + 1);
    }
    parts.resize(static_cast<size_t>(parent_depth) + 1);
    while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
    if (parts.size() == 1 && parts[0] == "0") return "";
    std::string out(prefix);
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '.';
        out += parts[i];
    }
    return out;
}

}  // namespace kjerne::archetypes::flattening
