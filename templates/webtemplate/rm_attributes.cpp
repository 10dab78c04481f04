// templates/webtemplate/rm_attributes.cpp — see rm_attributes.hpp.
#include "templates/webtemplate/rm_attributes.hpp"

#include <set>
#include <string>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "templates/webtemplate/node_id_text.hpp"
#include "templates/webtemplate/web_template_inputs.hpp"

namespace kjerne::templates::webtemplate {
namespace {

const bmm::Schema& S() { return bmm::Schema::Rm(); }

bool Conforms(std::string_view rm_type, std::string_view ancestor) {
    bmm::TypeId t = S().Find(rm_type), a = S().Find(ancestor);
    return t != bmm::kNoType && a != bmm::kNoType && S().IsSubtypeOf(t, a);
}

// Properties of `type` in the order EHRbase lists added attributes: the class's own
// properties, then each ancestor's.
void CollectProps(bmm::TypeId type, std::vector<bmm::Slot>& out, std::set<std::string>& seen) {
    const bmm::ClassDef& c = S().Class(type);
    std::set<std::string> inherited;
    for (bmm::TypeId p : c.parents)
        for (const bmm::PropDef& pp : S().Class(p).props) inherited.insert(pp.name);
    std::vector<bmm::Slot> own;
    for (bmm::Slot s = 0; s < c.props.size(); ++s)
        if (!inherited.count(c.props[s].name) && !seen.count(c.props[s].name)) own.push_back(s);
    // INSTRUCTION: EHRbase lists expiry_time before narrative.
    if (c.name == "INSTRUCTION" && own.size() >= 2 && c.props[own[0]].name == "narrative")
        std::swap(own[0], own[1]);
    for (bmm::Slot s : own) {
        seen.insert(c.props[s].name);
        out.push_back(s);
    }
    for (bmm::TypeId p : c.parents) CollectProps(p, out, seen);
}

std::string RmTypeName(bmm::TypeId t) {
    std::string n(S().Name(t));
    // BASE primitive types as EHRbase names them (String -> STRING).
    if (S().Class(t).is_primitive())
        for (char& ch : n) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    return n;
}

}  // namespace

bool IsLocatableType(std::string_view rm_type) { return Conforms(rm_type, "LOCATABLE"); }
bool IsEventType(std::string_view rm_type) { return Conforms(rm_type, "EVENT"); }

void AddRmAttributeNodes(WtNode& node) {
    bmm::TypeId type = S().Find(node.rm_type);
    if (type == bmm::kNoType) return;
    const bool is_interval = node.rm_type.rfind("DV_INTERVAL", 0) == 0;
    if (!Conforms(node.rm_type, "PATHABLE") && !is_interval) return;
    bmm::TypeId generic_arg = bmm::kNoType;
    if (size_t lt = node.rm_type.find('<'); lt != std::string::npos)
        generic_arg =
            S().Find(std::string_view(node.rm_type).substr(lt + 1, node.rm_type.size() - lt - 2));
    const bool is_element = node.rm_type == "ELEMENT";
    const bool is_event = IsEventType(node.rm_type);
    std::vector<bmm::Slot> slots;
    std::set<std::string> seen;
    CollectProps(type, slots, seen);
    for (bmm::Slot s : slots) {
        const bmm::PropDef& p = S().Prop(type, s);
        if (p.name == "value" || (is_event && p.name == "offset") ||
            (is_interval && p.name == "interval"))
            continue;
        if (is_element && p.name != "name" && p.name != "feeder_audit" && p.name != "null_flavour")
            continue;
        bmm::TypeId pt = S().StaticType(p, generic_arg);
        // An open generic attribute (EVENT<T>.data) without an argument has the bound's type.
        if (p.open_generic && generic_arg == bmm::kNoType &&
            S().Class(type).generic_bound != bmm::kNoType)
            pt = S().Class(type).generic_bound;
        // `Any`: an open generic attribute inherited without its bound (POINT_EVENT.data).
        if (pt == bmm::kNoType || S().Name(pt) == "Any" || Conforms(S().Name(pt), "LOCATABLE"))
            continue;
        std::string id = BuildNodeId(p.name);
        bool present = false;
        for (const WtNode& c : node.children) present |= c.FullId() == id;
        if (present) continue;
        WtNode a;
        a.aql_path = node.aql_path + "/" + p.name;
        a.name = p.name;
        a.id = id;
        a.rm_type = RmTypeName(pt);
        a.max = p.is_multiple() ? -1 : 1;
        a.min = p.mandatory || p.name == "action_archetype_id" || p.name == "math_function" ? 1 : 0;
        a.rm_attribute = true;
        AddInputsForType(a, {});
        // An optional attribute is dropped by the filter (with whatever it would hold) unless it
        // is one EHRbase always shows: only those get their own RM attributes.
        if (a.min == 1 || (node.rm_type == "COMPOSITION" && p.name == "context"))
            AddRmAttributeNodes(a);
        node.children.push_back(std::move(a));
    }
}

void MarkInContext(const WtNode& parent, WtNode& child) {
    struct Rule {
        const char* type;
        std::vector<const char*> ids;
    };
    static const std::vector<Rule> kRules = {
        {"LOCATABLE", {"language"}},
        {"ACTION", {"time"}},
        {"ACTIVITY", {"timing", "action_archetype_id"}},
        {"INSTRUCTION", {"narrative"}},
        {"ISM_TRANSITION", {"current_state", "careflow_step", "transition"}},
        {"HISTORY", {"origin"}},
        {"EVENT", {"time"}},
        {"INTERVAL_EVENT", {"width_rm", "math_function_rm"}},
        {"ENTRY", {"language", "provider", "other_participations", "subject", "encoding"}},
        {"EVENT_CONTEXT",
         {"start_time", "end_time", "location", "setting", "healthCareFacility", "participations"}},
        {"COMPOSITION", {"language", "territory", "composer", "category"}},
    };
    std::string id = child.FullId();
    // INTERVAL_EVENT width and math_function come from the request context only when the
    // template leaves them open (EHRbase's corpus web templates flag only the added ones).
    if (child.rm_attribute && (id == "width" || id == "math_function")) id += "_rm";
    for (const Rule& r : kRules) {
        if (!Conforms(parent.rm_type, r.type)) continue;
        for (const char* i : r.ids)
            if (id == i) child.in_context = true;
    }
}

bool IsHiddenRmAttribute(const WtNode& node, const WtNode& parent) {
    bmm::TypeId pt = S().Find(parent.rm_type);
    if (pt == bmm::kNoType) return false;
    const std::string& p = S().Class(pt).name;
    const std::string& n = node.name;
    if ((p == "ACTIVITY" && n == "timing") || (p == "INSTRUCTION" && n == "expiry_time") ||
        (p == "ISM_TRANSITION" && (n == "transition" || n == "careflow_step")) ||
        (p == "COMPOSITION" && n == "context"))
        return false;
    static const std::set<std::string, std::less<>> kNeverShown = {
        "name",           "archetype_node_id", "origin",          "media_type",
        "upper_included", "lower_included",    "upper_unbounded", "lower_unbounded"};
    if (kNeverShown.count(n)) return true;
    return node.min == 0 && S().FindSlot(pt, n) != bmm::kNoSlot;
}

}  // namespace kjerne::templates::webtemplate
