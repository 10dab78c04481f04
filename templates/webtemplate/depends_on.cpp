// templates/webtemplate/depends_on.cpp
//
// `dependsOn` (see web_template_build.hpp): the nodes an entry's protocol or an event's state
// describe. A form shows them only together with what they qualify, so EHRbase and Better list
// those ids: a state item depends on its event's data items, a protocol item (OBSERVATION,
// EVALUATION, ADMIN_ENTRY, INSTRUCTION; not ACTION) on the entry's data (its events, or the
// items of a single lifted event) or activities. Runs on the filtered tree, where ids are final.
#include <string>
#include <string_view>
#include <vector>

#include "templates/webtemplate/rm_attributes.hpp"
#include "templates/webtemplate/web_template_build.hpp"

namespace kjerne::templates::webtemplate {
namespace {

enum class Role { kOther, kMain, kEventData, kState, kProtocol };

// "/state[at0029]/items[at0030]/value" -> {"state", "items", "value"}.
std::vector<std::string_view> Attributes(std::string_view rel) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < rel.size()) {
        if (rel[i] != '/') return out;
        size_t start = ++i;
        while (i < rel.size() && rel[i] != '/' && rel[i] != '[') ++i;
        out.push_back(rel.substr(start, i - start));
        if (i < rel.size() && rel[i] == '[') {
            // Skip the predicate, quotes included.
            bool quoted = false;
            for (; i < rel.size(); ++i) {
                if (rel[i] == '\'') quoted = !quoted;
                if (rel[i] == ']' && !quoted) break;
            }
            ++i;
        }
    }
    return out;
}

Role RoleOf(const WtNode& parent, const WtNode& child) {
    if (child.aql_path.size() <= parent.aql_path.size() ||
        child.aql_path.rfind(parent.aql_path, 0) != 0)
        return Role::kOther;
    std::vector<std::string_view> attrs =
        Attributes(std::string_view(child.aql_path).substr(parent.aql_path.size()));
    if (attrs.empty()) return Role::kOther;
    if (parent.rm_type == "OBSERVATION" && attrs[0] == "data") {
        if (attrs.size() >= 3 && attrs[1] == "events") {
            if (attrs[2] == "state") return Role::kState;
            if (attrs[2] == "data") return Role::kEventData;
        }
        return Role::kMain;
    }
    if (attrs[0] == "protocol") return Role::kProtocol;
    if (attrs[0] == "state") return Role::kState;
    if (attrs[0] == "data" || attrs[0] == "activities") return Role::kMain;
    return Role::kOther;
}

void Visit(WtNode& node) {
    for (WtNode& c : node.children) Visit(c);
    const bool event = IsEventType(node.rm_type);
    const bool entry = node.rm_type == "OBSERVATION" || node.rm_type == "EVALUATION" ||
                       node.rm_type == "ADMIN_ENTRY" || node.rm_type == "INSTRUCTION";
    if (!event && !entry) return;
    std::vector<Role> roles;
    std::vector<std::string> main_ids, event_data_ids;
    for (const WtNode& c : node.children) {
        roles.push_back(RoleOf(node, c));
        if (roles.back() == Role::kMain) main_ids.push_back(c.FullId());
        if (roles.back() == Role::kEventData) event_data_ids.push_back(c.FullId());
    }
    // In an event, the data items are its main part; in an observation whose single event was
    // lifted, the event's data items are.
    const std::vector<std::string>& state_targets = event ? main_ids : event_data_ids;
    const std::vector<std::string>& protocol_targets = main_ids.empty() ? event_data_ids : main_ids;
    for (size_t i = 0; i < node.children.size(); ++i) {
        if (roles[i] == Role::kState && !state_targets.empty())
            node.children[i].depends_on = state_targets;
        if (roles[i] == Role::kProtocol && entry && !protocol_targets.empty())
            node.children[i].depends_on = protocol_targets;
    }
}

}  // namespace

void AddDependsOn(WtNode& root) { Visit(root); }

}  // namespace kjerne::templates::webtemplate
