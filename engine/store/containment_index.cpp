// engine/store/containment_index.cpp — see containment_index.hpp.
#include "engine/store/containment_index.hpp"

#include <string>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/views.hpp"

namespace kjerne::store {
namespace {

class Numberer {
public:
    Numberer() : schema_(bmm::Schema::Rm()), k_(rm::KnownSlots::Rm()),
                 data_value_(schema_.Find("DATA_VALUE")) {}

    void Walk(const rm::Node& node, int64_t parent_root) {
        if (schema_.IsSubtypeOf(node.type, data_value_)) return;  // no LOCATABLE inside
        if (!schema_.IsSubtypeOf(node.type, k_.locatable)) {
            WalkChildren(node, parent_root);
            return;
        }
        int64_t num = next_++;
        rm::LocatableView view(&node);
        std::string_view archetype_id = view.archetype_id();
        if (archetype_id.empty() && LooksLikeArchetypeId(view.archetype_node_id())) {
            archetype_id = view.archetype_node_id();
        }
        size_t row = rows_.size();
        if (!archetype_id.empty()) {
            rows_.push_back(IndexRow{num, num, parent_root, std::string(schema_.Name(node.type)),
                                     std::string(archetype_id)});
            WalkChildren(node, num);
            rows_[row].num_cap = next_ - 1;
        } else {
            WalkChildren(node, parent_root);
        }
    }

    std::vector<IndexRow> Take() { return std::move(rows_); }

private:
    void WalkValue(const rm::Value& v, int64_t parent_root) {
        if (v.is_node()) {
            Walk(*v.node(), parent_root);
        } else if (v.is_list()) {
            for (const rm::Value& item : v.items()) WalkValue(item, parent_root);
        }
    }
    void WalkChildren(const rm::Node& node, int64_t parent_root) {
        for (const rm::Attr& a : node.attributes()) {
            if (a.slot == k_.archetype_details || a.slot == k_.name) continue;
            WalkValue(a.value, parent_root);
        }
    }

    const bmm::Schema& schema_;
    const rm::KnownSlots& k_;
    bmm::TypeId data_value_;
    int64_t next_ = 0;
    std::vector<IndexRow> rows_;
};

}  // namespace

bool LooksLikeArchetypeId(std::string_view t) {
    // rm_publisher-closed_package-rm_class.concept.vN: two dashes before the first dot, a ".v".
    size_t dot = t.find('.');
    if (dot == std::string_view::npos) return false;
    std::string_view head = t.substr(0, dot);
    size_t d1 = head.find('-');
    if (d1 == std::string_view::npos || head.find('-', d1 + 1) == std::string_view::npos) return false;
    return t.find(".v", dot) != std::string_view::npos;
}

std::vector<IndexRow> ComputeIndexRows(const rm::Node& root) {
    Numberer n;
    n.Walk(root, -1);
    return n.Take();
}

}  // namespace kjerne::store
