// templates/webtemplate/ism_transitions.cpp — see ism_transitions.hpp.
#include "templates/webtemplate/ism_transitions.hpp"

#include <algorithm>
#include <string_view>

#include "templates/webtemplate/node_id_text.hpp"

namespace kjerne::templates::webtemplate {
namespace {

const WtNode* ChildById(const WtNode& n, std::string_view id) {
    for (const WtNode& c : n.children)
        if (c.FullId() == id) return &c;
    return nullptr;
}

}  // namespace

void MergeIsmTransitions(WtNode& node, const std::string& attr, std::vector<WtNode>& added) {
    std::vector<WtNode> isms;
    for (auto it = added.begin(); it != added.end();) {
        if (it->rm_type == "ISM_TRANSITION") {
            isms.push_back(std::move(*it));
            it = added.erase(it);
        } else {
            ++it;
        }
    }
    if (isms.empty()) return;
    const WtNode& first = isms[0];
    const std::string base = node.aql_path + "/" + attr;
    WtNode ism;
    ism.name = attr;
    ism.id = BuildNodeId(attr);
    ism.min = first.min;
    ism.max = first.max;
    ism.rm_type = "ISM_TRANSITION";
    ism.in_context = true;
    ism.aql_path = base;
    ism.rm_attribute = true;

    auto synthetic = [&](const char* id, const char* name, const char* terminology) {
        WtNode n;
        const WtNode* proto = ChildById(first, id);
        n.min = proto ? proto->min : 0;
        n.max = proto ? proto->max : 1;
        n.name = name;
        n.id = id;
        n.rm_type = "DV_CODED_TEXT";
        n.in_context = true;
        n.rm_attribute = true;
        n.aql_path = base + "/" + id;
        WtInput code = WtInput::Of("code", "CODED_TEXT");
        if (std::string_view(terminology) != "local") code.terminology = terminology;
        n.inputs.push_back(std::move(code));
        return n;
    };
    WtNode careflow = synthetic("careflow_step", "careflow_step", "local");
    careflow.min = 0;  // optional in the RM, whatever the template's alternatives say
    careflow.max = 1;
    WtNode state = synthetic("current_state", "current_state", "openehr");
    for (const WtNode& t : isms) {
        const WtNode* step = ChildById(t, "careflow_step");
        const WtNode* cur = ChildById(t, "current_state");
        if (step && !step->inputs.empty() && !step->inputs[0].list.empty()) {
            WtInputValue v = step->inputs[0].list[0];
            if (cur && !cur->inputs.empty())
                for (const WtInputValue& s : cur->inputs[0].list)
                    v.current_states.push_back(s.value);
            careflow.inputs[0].list.push_back(std::move(v));
        }
        if (cur)
            for (const WtInput& in : cur->inputs)
                for (const WtInputValue& s : in.list) {
                    auto& list = state.inputs[0].list;
                    bool dup = std::any_of(list.begin(), list.end(), [&](const WtInputValue& x) {
                        return x.value == s.value;
                    });
                    if (!dup) list.push_back(s);
                }
    }
    ism.children.push_back(std::move(state));
    if (const WtNode* tr = ChildById(first, "transition")) {
        WtNode t = *tr;
        t.aql_path = base + "/transition";
        t.in_context = true;
        ism.children.push_back(std::move(t));
    }
    ism.children.push_back(std::move(careflow));
    node.children.push_back(std::move(ism));
}

}  // namespace kjerne::templates::webtemplate
