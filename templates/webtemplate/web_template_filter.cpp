// templates/webtemplate/web_template_filter.cpp
//
// Pass 2 of GenerateWebTemplate: what a form shows. Bottom-up, a node is dropped and its
// (already filtered) children take its place when it is an archetype slot, an optional or
// never-shown RM attribute (rm_attributes.hpp), a HISTORY or ITEM_STRUCTURE, the only event
// of its history with max 1, an ELEMENT with one value (the value takes the ELEMENT's id,
// min and max), or the CODE_PHRASE of a DV_CODED_TEXT. An ELEMENT choosing between
// DV_CODED_TEXT and DV_TEXT becomes one DV_CODED_TEXT with an open list and an `other` input.
// Sibling ids are renumbered after every lift.
#include <string>
#include <vector>

#include "templates/webtemplate/rm_attributes.hpp"
#include "templates/webtemplate/web_template_build.hpp"

namespace kjerne::templates::webtemplate {
namespace {

bool IsStructure(const std::string& t) {
    return t == "HISTORY" || t == "ITEM_TREE" || t == "ITEM_LIST" || t == "ITEM_SINGLE" ||
           t == "ITEM_TABLE" || t == "ITEM_STRUCTURE";
}

void PreHandle(WtNode& node) {
    if (node.rm_type != "ELEMENT") return;
    std::vector<WtNode*> values = TrueElementChildren(node);
    bool choices = false;
    for (size_t i = 0; i < node.children.size(); ++i)
        for (size_t j = i + 1; j < node.children.size(); ++j)
            choices |= node.children[i].aql_path == node.children[j].aql_path;
    WtNode* coded = nullptr;
    bool text = false;
    for (WtNode* v : values) {
        if (v->FullId() == "coded_text_value") coded = v;
        if (v->FullId() == "text_value") text = true;
    }
    if (values.size() == 2 && coded && text && choices) {
        WtNode merged;
        merged.id = node.id;
        merged.id_number = node.id_number;
        merged.name = node.name;
        merged.node_id = node.node_id;
        merged.min = node.min;
        merged.max = node.max;
        merged.rm_type = "DV_CODED_TEXT";
        merged.inputs = coded->inputs;
        merged.aql_path = coded->aql_path;
        merged.localized_descriptions = node.localized_descriptions;
        merged.localized_names = node.localized_names;
        merged.localized_name = node.localized_name;
        merged.annotations = node.annotations;
        merged.inputs.push_back(WtInput::Of("other", "TEXT"));
        for (WtInput& in : merged.inputs)
            if (in.suffix == "code") in.list_open = true;
        node.children.clear();
        node.children.push_back(std::move(merged));
    } else if (values.size() == 1) {
        values[0]->id = node.id;
    }
}

// What Skip needs of the parent, taken before its children are filtered (and moved).
struct ParentInfo {
    WtNode shape;    // rm_type only
    int events = 0;  // EVENT children before filtering
};

bool Skip(const WtNode& node, const ParentInfo* parent) {
    if (node.archetype_slot) return true;
    if (parent && IsHiddenRmAttribute(node, parent->shape)) return true;
    if (IsStructure(node.rm_type)) return true;
    if (parent && IsEventType(node.rm_type)) return parent->events == 1 && node.max == 1;
    if (node.rm_type == "ELEMENT") return node.children.size() == 1;
    if (node.rm_type == "CODE_PHRASE" && parent) return parent->shape.rm_type == "DV_CODED_TEXT";
    return false;
}

std::vector<WtNode> Filter(WtNode& node, const ParentInfo* parent) {
    PreHandle(node);
    ParentInfo me;
    me.shape.rm_type = node.rm_type;
    for (const WtNode& c : node.children) me.events += IsEventType(c.rm_type) ? 1 : 0;
    std::vector<WtNode> kept;
    for (WtNode& c : node.children)
        for (WtNode& f : Filter(c, &me)) kept.push_back(std::move(f));
    node.children = std::move(kept);
    MakeIdsUnique(node);
    if (Skip(node, parent)) {
        if (node.rm_type == "ELEMENT")
            for (WtNode& c : node.children) {
                c.min = node.min;
                c.max = node.max;
            }
        return std::move(node.children);
    }
    std::vector<WtNode> self;
    self.push_back(std::move(node));
    return self;
}

}  // namespace

WtNode FilterTree(WtNode root) {
    std::vector<WtNode> out = Filter(root, nullptr);
    return out.empty() ? WtNode{} : std::move(out[0]);
}

}  // namespace kjerne::templates::webtemplate
