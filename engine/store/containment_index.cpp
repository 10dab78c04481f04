// engine/store/containment_index.cpp — see containment_index.hpp.
#include "engine/store/containment_index.hpp"

#include <string>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/views.hpp"

namespace kjerne::store {
namespace {

// The numeric leaves the leaf index keeps: (data value class, attribute).
constexpr std::pair<const char*, const char*> kLeafAttributes[] = {
    {"DV_QUANTITY", "magnitude"}, {"DV_COUNT", "magnitude"},      {"DV_ORDINAL", "value"},
    {"DV_SCALE", "value"},        {"DV_PROPORTION", "numerator"}, {"DV_PROPORTION", "denominator"},
};

// The root's texts kept as header leaves (attribute steps, null-terminated).
// The uid last: a store gives the version its own uid (ComputeObjectIndex's stored_uid).
constexpr const char* kHeaderPaths[][4] = {
    {"context", "start_time", "value", nullptr},
    {"uid", "value", nullptr, nullptr},
};

// One pre-order walk gives the containment rows and the leaves.
class Numberer {
public:
    Numberer() : schema_(bmm::Schema::Rm()), k_(rm::KnownSlots::Rm()),
                 data_value_(schema_.Find("DATA_VALUE")) {
        for (const auto& [type, attr] : kLeafAttributes) {
            bmm::TypeId t = schema_.Find(type);
            if (t == bmm::kNoType) continue;
            bmm::Slot s = schema_.FindSlot(t, attr);
            if (s != bmm::kNoSlot) leaf_slots_.push_back({t, s});
        }
    }

    // `path` is the node's path from the leaf root `leaf_root` (empty at that root).
    void Walk(const rm::Node& node, int64_t parent_root, std::string& path) {
        if (schema_.IsSubtypeOf(node.type, data_value_)) {  // no LOCATABLE inside
            WalkDataValue(node, path);
            return;
        }
        if (!schema_.IsSubtypeOf(node.type, k_.locatable)) {
            WalkChildren(node, parent_root, /*locatable=*/false, path);
            return;
        }
        int64_t num = next_++;
        rm::LocatableView view(&node);
        // The archetype_node_id first: it is what AQL archetype predicates match. The RM wants
        // it equal to archetype_details.archetype_id at a root, but data disagrees (a corpus
        // ACTION's archetype_details names a COMPOSITION archetype), and a row under the other
        // id would hide the node from the planner. archetype_details stands in for an at-code.
        std::string_view node_id = view.archetype_node_id();
        const bool named_root = LooksLikeArchetypeId(node_id);
        std::string_view archetype_id = named_root ? node_id : view.archetype_id();
        // Leaves hang from the nearest node an archetype predicate can match: one whose
        // archetype_node_id is an archetype id. Its path restarts there; any other LOCATABLE is
        // a step with its node id (at-code or empty), so a query step [at0004] never crosses
        // into another root.
        LeafRoot saved;
        std::string saved_path;
        const size_t path_len = path.size();
        if (named_root) {
            saved = std::move(leaf_root_);
            leaf_root_ = LeafRoot{num, std::string(node_id), ListPos{}};
            saved_path.swap(path);
            saved.list = list_;  // paths from the new root start outside any list
            list_ = ListPos{};
        } else {
            path += '[';
            path += node_id;
            path += ']';
        }
        size_t row = out_.rows.size();
        if (!archetype_id.empty()) {
            out_.rows.push_back(IndexRow{num, num, parent_root, std::string(schema_.Name(node.type)),
                                         std::string(archetype_id)});
            if (!named_root) out_.by_details.push_back(num);
            WalkChildren(node, num, true, path);
            out_.rows[row].num_cap = next_ - 1;
        } else {
            WalkChildren(node, parent_root, true, path);
        }
        if (named_root) {
            path.swap(saved_path);
            list_ = saved.list;
            leaf_root_ = std::move(saved);
        } else {
            path.resize(path_len);
        }
    }

    // The root's header texts (kHeaderPaths) as leaves of the root (num 0), whatever its
    // archetype_node_id: AQL reads c/uid/value and c/context/start_time/value on most
    // queries, and an index-only answer needs them without the payload.
    void HeaderLeaves(const rm::Node& root, std::string_view stored_uid) {
        for (const auto& steps : kHeaderPaths) {
            std::string path;
            const rm::Value* v = HeaderValue(root, steps, path);
            const bool uid = std::string_view(steps[0]) == "uid";
            if (uid && !stored_uid.empty()) {
                path = "/uid/value";
            } else if (!v || v->kind != rm::ValueKind::kString) {
                continue;
            }
            LeafRow leaf;
            leaf.archetype_id = std::string(rm::LocatableView(&root).archetype_node_id());
            leaf.path = std::move(path);
            leaf.root_num = 0;
            leaf.ord = static_cast<int64_t>(out_.leaves.size());
            leaf.is_text = true;
            leaf.text = uid && !stored_uid.empty() ? std::string(stored_uid) : std::string(v->str());
            out_.leaves.push_back(std::move(leaf));
        }
    }

    // The value at the end of `steps` below `root` (single-valued attributes only), its path in `path`.
    const rm::Value* HeaderValue(const rm::Node& root, const char* const (&steps)[4], std::string& path) const {
        const rm::Node* n = &root;
        const rm::Value* v = nullptr;
        for (const char* step : steps) {
            if (!step) break;
            if (!n) return nullptr;
            v = n->Find(schema_, step);
            if (!v) return nullptr;
            n = v->node();
            path += '/';
            path += step;
        }
        return v;
    }

    ObjectIndex Take() { return std::move(out_); }

private:
    // The first list an AQL path from the leaf root goes through item by item (LeafRow::list_at).
    struct ListPos {
        int64_t at = 0;  // 0: none yet
        int64_t index = 0;
    };
    struct LeafRoot {
        int64_t num = -1;  // -1: above every named root (no leaf is kept there)
        std::string archetype_id;
        ListPos list;  // the enclosing root's list position while this one is walked
    };

    // Whether the path step into items[i] yields every matching item rather than one: AQL
    // steps into LOCATABLEs name their node id ([at0006]), and a node id that only one item
    // has picks that item (the reference evaluator's single-match rule); other items are
    // reached by a bare step, which yields all of them.
    bool OpensList(std::span<const rm::Value> items, size_t i) const {
        const rm::Node* n = items[i].node();
        if (!n || !schema_.IsSubtypeOf(n->type, k_.locatable)) return true;
        std::string_view id = rm::LocatableView(n).archetype_node_id();
        size_t same = 0;
        for (const rm::Value& other : items)
            if (const rm::Node* o = other.node(); o && schema_.IsSubtypeOf(o->type, k_.locatable) &&
                                                  rm::LocatableView(o).archetype_node_id() == id)
                ++same;
        return same != 1;
    }

    // Walks items[i] of the list at the end of `path`, marking it as the leaves' list when
    // it is the first one their path goes through item by item.
    template <typename WalkItem>
    void WalkListItem(std::span<const rm::Value> items, size_t i, const std::string& path, WalkItem&& walk) {
        const bool opens = list_.at == 0 && OpensList(items, i);
        if (opens) list_ = ListPos{static_cast<int64_t>(path.size()), static_cast<int64_t>(i)};
        walk(items[i]);
        if (opens) list_ = ListPos{};
    }

    void WalkValue(const rm::Value& v, int64_t parent_root, std::string& path) {
        if (v.is_node()) {
            Walk(*v.node(), parent_root, path);
        } else if (v.is_list()) {
            auto items = v.items();
            for (size_t i = 0; i < items.size(); ++i)
                WalkListItem(items, i, path, [&](const rm::Value& item) { WalkValue(item, parent_root, path); });
        }
    }
    // Slots number each class's own properties: the LOCATABLE slots of name and
    // archetype_details mean something else on other classes (EVENT_CONTEXT's other_context).
    void WalkChildren(const rm::Node& node, int64_t parent_root, bool locatable, std::string& path) {
        for (const rm::Attr& a : node.attributes()) {
            if (locatable && (a.slot == k_.archetype_details || a.slot == k_.name)) continue;
            size_t len = path.size();
            path += '/';
            path += schema_.Prop(node.type, a.slot).name;
            WalkValue(a.value, parent_root, path);
            path.resize(len);
        }
    }

    // A data value: its kept numeric attributes become leaves; nested data values (a
    // quantity's normal_range, an interval's bounds) are walked too.
    void WalkDataValue(const rm::Node& node, std::string& path) {
        for (const rm::Attr& a : node.attributes()) {
            size_t len = path.size();
            path += '/';
            path += schema_.Prop(node.type, a.slot).name;
            if (a.value.is_node()) {
                WalkDataValue(*a.value.node(), path);
            } else if (a.value.is_list()) {
                auto items = a.value.items();
                for (size_t i = 0; i < items.size(); ++i)
                    WalkListItem(items, i, path, [&](const rm::Value& item) {
                        if (item.is_node()) WalkDataValue(*item.node(), path);
                    });
            } else if (leaf_root_.num >= 0 && IsLeaf(node.type, a.slot) &&
                       (a.value.kind == rm::ValueKind::kInt || a.value.kind == rm::ValueKind::kReal)) {
                LeafRow leaf;
                leaf.archetype_id = leaf_root_.archetype_id;
                leaf.path = path;
                leaf.root_num = leaf_root_.num;
                leaf.ord = static_cast<int64_t>(out_.leaves.size());
                leaf.is_int = a.value.kind == rm::ValueKind::kInt;
                if (leaf.is_int) leaf.i = a.value.u.i;
                else leaf.d = a.value.u.d;
                leaf.list_at = list_.at;
                leaf.list_index = list_.index;
                out_.leaves.push_back(std::move(leaf));
            }
            path.resize(len);
        }
    }

    bool IsLeaf(bmm::TypeId type, bmm::Slot slot) const {
        for (const auto& [t, s] : leaf_slots_)
            if (t == type && s == slot) return true;
        return false;
    }

    const bmm::Schema& schema_;
    const rm::KnownSlots& k_;
    bmm::TypeId data_value_;
    std::vector<std::pair<bmm::TypeId, bmm::Slot>> leaf_slots_;
    int64_t next_ = 0;
    LeafRoot leaf_root_;
    ListPos list_;
    ObjectIndex out_;
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

ObjectIndex ComputeObjectIndex(const rm::Node& root, std::string_view stored_uid) {
    Numberer n;
    std::string path;
    n.Walk(root, -1, path);
    n.HeaderLeaves(root, stored_uid);
    return n.Take();
}

std::vector<IndexRow> ComputeIndexRows(const rm::Node& root) { return ComputeObjectIndex(root).rows; }

}  // namespace kjerne::store
