// templates/validation/openehr_terminology.cpp
#include "templates/validation/openehr_terminology.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace kjerne::templates::validation {
namespace {

constexpr std::string_view kTable =
#include "templates/validation/openehr_terminology.inc"
    ;

struct Terminology {
    std::vector<OpenEhrConcept> concepts;                       // file order
    std::unordered_multimap<std::string_view, size_t> by_code;  // code -> index in concepts
};

const Terminology& Table() {
    static const auto* table = [] {
        auto* t = new Terminology();
        size_t pos = 0;
        while (pos < kTable.size()) {
            size_t eol = kTable.find('\n', pos);
            if (eol == std::string_view::npos) eol = kTable.size();
            std::string_view line = kTable.substr(pos, eol - pos);
            pos = eol + 1;
            size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
            if (t1 == std::string_view::npos || t2 == std::string_view::npos) continue;
            t->concepts.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
        }
        for (size_t i = 0; i < t->concepts.size(); ++i) t->by_code.emplace(t->concepts[i].code, i);
        return t;
    }();
    return *table;
}

}  // namespace

const OpenEhrConcept* FindOpenEhrConcept(std::string_view code) {
    const auto& t = Table();
    auto [lo, hi] = t.by_code.equal_range(code);
    if (lo == hi) return nullptr;
    // The first in file order, whichever bucket order the map keeps.
    size_t best = lo->second;
    for (auto it = lo; it != hi; ++it) best = std::min(best, it->second);
    return &t.concepts[best];
}

const OpenEhrConcept* FindOpenEhrConcept(std::string_view code, std::string_view group) {
    const auto& t = Table();
    auto [lo, hi] = t.by_code.equal_range(code);
    for (auto it = lo; it != hi; ++it)
        if (t.concepts[it->second].group == group) return &t.concepts[it->second];
    return nullptr;
}

bool InOpenEhrGroup(std::string_view code, std::string_view group) { return FindOpenEhrConcept(code, group) != nullptr; }

std::vector<const OpenEhrConcept*> OpenEhrGroup(std::string_view group) {
    std::vector<const OpenEhrConcept*> out;
    for (const OpenEhrConcept& c : Table().concepts)
        if (c.group == group) out.push_back(&c);
    return out;
}

std::vector<std::string_view> OpenEhrGroups() {
    std::vector<std::string_view> out;
    for (const OpenEhrConcept& c : Table().concepts)
        if (out.empty() || out.back() != c.group) out.push_back(c.group);
    return out;
}

}  // namespace kjerne::templates::validation
