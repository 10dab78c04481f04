// archetypes/flattening/path_lookup.cpp — see path_lookup.hpp.
#include "archetypes/flattening/path_lookup.hpp"

#include <string>

#include "archetypes/flattening/specialisation_codes.hpp"

namespace kjerne::archetypes::flattening {

bool SplitArchetypePath(std::string_view path, std::vector<PathStep>& out) {
    out.clear();
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] != '/') return false;
        ++i;
        size_t end = i;
        int br = 0;
        while (end < path.size() && (br > 0 || path[end] != '/')) {
            if (path[end] == '[')
                ++br;
            else if (path[end] == ']')
                --br;
            ++end;
        }
        std::string_view seg = path.substr(i, end - i);
        i = end;
        PathStep step{seg, {}};
        if (size_t b = seg.find('['); b != std::string_view::npos && seg.back() == ']') {
            step.attribute = seg.substr(0, b);
            step.code = seg.substr(b + 1, seg.size() - b - 2);
            if (size_t comma = step.code.find(','); comma != std::string_view::npos)
                step.code = step.code.substr(0, comma);
            while (!step.code.empty() && step.code.back() == ' ') step.code.remove_suffix(1);
        }
        if (step.attribute.empty()) return false;
        out.push_back(step);
    }
    return true;
}

const aom::CObject* FindChild(const aom::CAttribute& attr, std::string_view code,
                              int parent_depth) {
    for (const auto& c : attr.children)
        if (c->node_id == code || (c->is_root() && c->archetype_id == code)) return c.get();
    std::string in_parent = CodeInParent(code, parent_depth);
    if (in_parent.empty() || in_parent == code) return nullptr;
    for (const auto& c : attr.children)
        if (c->node_id == in_parent) return c.get();
    return nullptr;
}

const aom::CObject* FindObject(const aom::CObject& from, std::string_view path, int parent_depth) {
    if (path.empty() || path == "/") return &from;
    std::vector<PathStep> steps;
    if (!SplitArchetypePath(path, steps)) return nullptr;
    const aom::CObject* cur = &from;
    for (const auto& s : steps) {
        const aom::CAttribute* attr = cur->FindAttribute(s.attribute);
        if (!attr) return nullptr;
        if (s.code.empty()) {
            if (attr->children.size() != 1) return nullptr;
            cur = attr->children.front().get();
        } else {
            cur = FindChild(*attr, s.code, parent_depth);
        }
        if (!cur) return nullptr;
    }
    return cur;
}

}  // namespace kjerne::archetypes::flattening
