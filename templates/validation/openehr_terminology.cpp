// templates/validation/openehr_terminology.cpp
#include "templates/validation/openehr_terminology.hpp"

#include <unordered_map>
#include <vector>

namespace kjerne::templates::validation {
namespace {

constexpr std::string_view kTable =
#include "templates/validation/openehr_terminology.inc"
    ;

const std::unordered_multimap<std::string_view, OpenEhrConcept>& Table() {
    static const auto* table = [] {
        auto* m = new std::unordered_multimap<std::string_view, OpenEhrConcept>();
        size_t pos = 0;
        while (pos < kTable.size()) {
            size_t eol = kTable.find('\n', pos);
            if (eol == std::string_view::npos) eol = kTable.size();
            std::string_view line = kTable.substr(pos, eol - pos);
            pos = eol + 1;
            size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
            if (t1 == std::string_view::npos || t2 == std::string_view::npos) continue;
            OpenEhrConcept c{line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)};
            m->emplace(c.code, c);
        }
        return m;
    }();
    return *table;
}

}  // namespace

const OpenEhrConcept* FindOpenEhrConcept(std::string_view code) {
    const auto& t = Table();
    auto it = t.find(code);
    return it == t.end() ? nullptr : &it->second;
}

}  // namespace kjerne::templates::validation

namespace kjerne::templates::validation {

bool InOpenEhrGroup(std::string_view code, std::string_view group) {
    auto [lo, hi] = Table().equal_range(code);
    for (auto it = lo; it != hi; ++it)
        if (it->second.group == group) return true;
    return false;
}

}  // namespace kjerne::templates::validation
