// templates/flat/flat_trie.hpp
//
// FLAT keys gathered by segment: each trie node is one (id, occurrence) of a FLAT path with
// the values addressed to it (`""` = its own value, else the `|attribute`). Both converters
// use it: FLAT -> RM walks it, RM -> FLAT fills it and writes it out in web template order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "templates/flat/flat_path.hpp"
#include "templates/flat/json_value.hpp"

namespace kjerne::templates::flat {

struct Trie {
    std::string path;  // the FLAT key of this node, without attribute
    std::vector<std::pair<std::string, std::map<int, Trie>>> children;  // first-seen order
    std::vector<std::pair<std::string, JVal>> attrs;

    std::map<int, Trie>* Find(std::string_view id) {
        for (auto& [k, v] : children)
            if (k == id) return &v;
        return nullptr;
    }
    const std::map<int, Trie>* Find(std::string_view id) const {
        for (const auto& [k, v] : children)
            if (k == id) return &v;
        return nullptr;
    }
    // The trie node of child `id`, occurrence `n` (created when absent).
    Trie& Child(std::string_view id, int n, bool show_index) {
        auto* occs = Find(id);
        if (!occs) {
            children.emplace_back(std::string(id), std::map<int, Trie>{});
            occs = &children.back().second;
        }
        auto [it, fresh] = occs->try_emplace(n);
        if (fresh)
            it->second.path =
                path + "/" + std::string(id) + (show_index ? ":" + std::to_string(n) : "");
        return it->second;
    }
    void Insert(const FlatKey& key, size_t from, JVal value) {
        Trie* t = this;
        for (size_t i = from; i < key.segments.size(); ++i)
            t = &t->Child(key.segments[i].id, key.segments[i].index.value_or(0),
                          key.segments[i].index.has_value());
        t->attrs.emplace_back(key.attribute, std::move(value));
    }
    // Removes and returns the value of `attr`.
    std::optional<JVal> Take(std::string_view attr) {
        for (auto it = attrs.begin(); it != attrs.end(); ++it) {
            if (it->first == attr) {
                JVal v = std::move(it->second);
                attrs.erase(it);
                return v;
            }
        }
        return std::nullopt;
    }
    void Put(std::string_view attr, JVal v) { attrs.emplace_back(std::string(attr), std::move(v)); }
    bool empty() const { return attrs.empty() && children.empty(); }
};

}  // namespace kjerne::templates::flat
