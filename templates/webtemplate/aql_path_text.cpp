// templates/webtemplate/aql_path_text.cpp — see aql_path_text.hpp.
#include "templates/webtemplate/aql_path_text.hpp"

namespace kjerne::templates::webtemplate {

std::string StripNames(std::string_view path) {
    // Annotation paths use the long form `[at0001 and name/value='X']`.
    std::string long_form(path);
    for (size_t at; (at = long_form.find(" and name/value='")) != std::string::npos;)
        long_form.replace(at, 17, ",'");
    path = long_form;
    std::string out;
    out.reserve(path.size());
    for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == ',' && i + 1 < path.size() && path[i + 1] == '\'') {
            size_t close = path.find('\'', i + 2);
            if (close == std::string_view::npos) break;
            i = close;
            continue;
        }
        out.push_back(path[i]);
    }
    return out;
}

bool LastSegmentHasName(std::string_view path) {
    size_t slash = path.rfind('/');
    std::string_view last = slash == std::string_view::npos ? path : path.substr(slash);
    return last.find(",'") != std::string_view::npos;
}

std::string WithName(const std::string& path, const std::string& name) {
    if (path.empty() || path.back() != ']') return path;
    std::string escaped;
    for (char c : name) {
        if (c == '\'') escaped.push_back('\\');
        escaped.push_back(c);
    }
    return path.substr(0, path.size() - 1) + ",'" + escaped + "']";
}

void RebasePaths(WtNode& n, const std::string& old_base, const std::string& new_base) {
    for (WtNode& c : n.children) {
        if (c.aql_path.rfind(old_base, 0) == 0) {
            std::string old_child = c.aql_path;
            c.aql_path = new_base + c.aql_path.substr(old_base.size());
            RebasePaths(c, old_child, c.aql_path);
        }
    }
}

}  // namespace kjerne::templates::webtemplate
