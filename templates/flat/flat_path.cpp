// templates/flat/flat_path.cpp — FLAT keys and web template aqlPaths, split into steps.
#include "templates/flat/flat_path.hpp"

#include <charconv>

namespace kjerne::templates::flat {

std::optional<FlatKey> ParseFlatKey(std::string_view key) {
    FlatKey out;
    size_t bar = key.find('|');
    std::string_view path = key.substr(0, bar);
    if (bar != std::string_view::npos) {
        out.attribute = std::string(key.substr(bar + 1));
        if (out.attribute.empty()) return std::nullopt;
    }
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        std::string_view seg = path.substr(
            pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (seg.empty()) return std::nullopt;
        FlatSegment s;
        size_t colon = seg.rfind(':');
        if (colon != std::string_view::npos) {
            std::string_view num = seg.substr(colon + 1);
            int idx = -1;
            auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), idx);
            if (ec != std::errc() || p != num.data() + num.size() || idx < 0) return std::nullopt;
            s.index = idx;
            seg = seg.substr(0, colon);
        }
        s.id = std::string(seg);
        out.segments.push_back(std::move(s));
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    if (out.segments.empty()) return std::nullopt;
    return out;
}

std::vector<AqlStep> ParseAqlPath(std::string_view path) {
    std::vector<AqlStep> steps;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] != '/') break;
        ++i;
        AqlStep step;
        while (i < path.size() && path[i] != '/' && path[i] != '[') step.attribute += path[i++];
        if (i < path.size() && path[i] == '[') {
            ++i;
            std::string pred;
            bool quoted = false;
            while (i < path.size() && (quoted || path[i] != ']')) {
                if (quoted && path[i] == '\\' && i + 1 < path.size()) {  // `\'` inside a name
                    pred += path[i++];
                } else if (path[i] == '\'') {
                    quoted = !quoted;
                }
                pred += path[i++];
            }
            ++i;  // ']'
            size_t comma = pred.find(",");
            if (comma == std::string::npos) {
                step.node_id = pred;
            } else {
                step.node_id = pred.substr(0, comma);
                // The first quoted string after the comma (`\'` escapes a quote); anything after
                // it is ignored (some generators repeat the name predicate).
                std::string name;
                size_t k = pred.find('\'', comma);
                if (k != std::string::npos) {
                    for (++k; k < pred.size() && pred[k] != '\''; ++k) {
                        if (pred[k] == '\\' && k + 1 < pred.size()) ++k;
                        name += pred[k];
                    }
                }
                step.name = name;
            }
        }
        step.end = i;
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace kjerne::templates::flat
