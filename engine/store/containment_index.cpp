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
            WalkChildren(node, parent_root, /*locatable=*/false);
            return;
        }
        int64_t num = next_++;
        rm::LocatableView view(&node);
        // The archetype_node_id first: it is what AQL archetype predicates match. The RM wants
        // it equal to archetype_details.archetype_id at a root, but data disagrees (a corpus
        // ACTION's archetype_details names a COMPOSITION archetype), and a row under the other
        // id would hide the node from the planner. archetype_details stands in for an at-code.
        std::string_view archetype_id = view.archetype_node_id();
        if (!LooksLikeArchetypeId(archetype_id)) archetype_id = view.archetype_id();
        size_t row = rows_.size();
        if (!archetype_id.empty()) {
            rows_.push_back(IndexRow{num, num, parent_root, std::string(schema_.Name(node.type)),
                                     std::string(archetype_id)});
            WalkChildren(node, num, true);
            rows_[row].num_cap = next_ - 1;
        } else {
            WalkChildren(node, parent_root, true);
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
    // Slots number each class's own properties: the LOCATABLE slots of name and
    // archetype_details mean something else on other classes (EVENT_CONTEXT's other_context).
    void WalkChildren(const rm::Node& node, int64_t parent_root, bool locatable) {
        for (const rm::Attr& a : node.attributes()) {
            if (locatable && (a.slot == k_.archetype_details || a.slot == k_.name)) continue;
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
