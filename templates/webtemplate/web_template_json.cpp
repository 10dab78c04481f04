// templates/webtemplate/web_template_json.cpp — WebTemplateToJson: the web template as JSON in
// the field order of EHRbase's serialiser (id, name, localizedName, rmType, nodeId, min, max,
// dependsOn, cardinalities, localizedNames, localizedDescriptions, annotations, aqlPath,
// proportionTypes, inputs, children, inContext, termBindings); empty fields are left out. Nodes
// constrained by the template without a node id (context, category) carry `"nodeId": ""` and no
// name; RM attribute nodes added by the builder carry a capitalised name ("Start_time") and no
// nodeId.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/json_string.hpp"
#include "templates/webtemplate/node_id_text.hpp"
#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {
namespace {

class JsonOut {
public:
    std::string out;

    void Str(std::string_view s) { AppendJsonString(out, s); }
    void Open(char c) {
        out.push_back(c);
        ++depth_;
        first_ = true;
    }
    void Close(char c) {
        --depth_;
        if (!first_) Newline();
        out.push_back(c);
        first_ = false;
    }
    void Key(std::string_view k) {
        Sep();
        Str(k);
        out += ": ";
    }
    void Item() { Sep(); }
    void Raw(std::string_view v) { out += v; }

private:
    void Sep() {
        if (!first_) out.push_back(',');
        Newline();
        first_ = false;
    }
    void Newline() {
        out.push_back('\n');
        out.append(static_cast<size_t>(depth_) * 2, ' ');
    }
    int depth_ = 0;
    bool first_ = true;
};

void LangMap(JsonOut& j, std::string_view key,
             const std::vector<std::pair<std::string, std::string>>& m) {
    if (m.empty()) return;
    j.Key(key);
    j.Open('{');
    for (const auto& [k, v] : m) {
        j.Key(k);
        j.Str(v);
    }
    j.Close('}');
}

void Interval(JsonOut& j, std::string_view key, const WtInterval& r) {
    if (r.empty()) return;
    j.Key(key);
    j.Open('{');
    if (!r.min_op.empty()) {
        j.Key("minOp");
        j.Str(r.min_op);
        j.Key("min");
        j.Raw(r.min);
    }
    if (!r.max_op.empty()) {
        j.Key("maxOp");
        j.Str(r.max_op);
        j.Key("max");
        j.Raw(r.max);
    }
    j.Close('}');
}

void Validation(JsonOut& j, const WtValidation& v) {
    if (v.empty()) return;
    j.Key("validation");
    j.Open('{');
    Interval(j, "range", v.range);
    Interval(j, "precision", v.precision);
    if (!v.pattern.empty()) {
        j.Key("pattern");
        j.Str(v.pattern);
    }
    j.Close('}');
}

void Input(JsonOut& j, const WtInput& in) {
    j.Open('{');
    if (!in.suffix.empty()) {
        j.Key("suffix");
        j.Str(in.suffix);
    }
    j.Key("type");
    j.Str(in.type);
    if (!in.list.empty()) {
        j.Key("list");
        j.Open('[');
        for (const WtInputValue& v : in.list) {
            j.Item();
            j.Open('{');
            j.Key("value");
            j.Str(v.value);
            if (!v.label.empty()) {
                j.Key("label");
                j.Str(v.label);
            }
            LangMap(j, "localizedLabels", v.localized_labels);
            LangMap(j, "localizedDescriptions", v.localized_descriptions);
            if (v.ordinal) {
                j.Key("ordinal");
                j.Raw(*v.ordinal);
            }
            if (!v.current_states.empty()) {
                j.Key("currentStates");
                j.Open('[');
                for (const std::string& s : v.current_states) {
                    j.Item();
                    j.Str(s);
                }
                j.Close(']');
            }
            Validation(j, v.validation);
            j.Close('}');
        }
        j.Close(']');
    }
    if (in.list_open) {
        j.Key("listOpen");
        j.Raw(*in.list_open ? "true" : "false");
    }
    Validation(j, in.validation);
    if (in.default_value) {
        j.Key("defaultValue");
        j.Raw(*in.default_value);
    }
    if (!in.terminology.empty()) {
        j.Key("terminology");
        j.Str(in.terminology);
    }
    j.Close('}');
}

void Node(JsonOut& j, const WtNode& n) {
    j.Open('{');
    j.Key("id");
    j.Str(n.FullId());
    const bool constrained_non_locatable = n.node_id && n.node_id->empty();
    if (!constrained_non_locatable && !n.name.empty()) {
        j.Key("name");
        j.Str(n.rm_attribute ? CapitalizeFirst(n.name) : n.name);
    }
    if (n.localized_name && !n.rm_attribute) {
        j.Key("localizedName");
        j.Str(*n.localized_name);
    }
    j.Key("rmType");
    j.Str(n.rm_type);
    if (n.node_id) {
        j.Key("nodeId");
        j.Str(*n.node_id);
    }
    j.Key("min");
    j.Raw(std::to_string(n.min));
    j.Key("max");
    j.Raw(std::to_string(n.max));
    if (!n.depends_on.empty()) {
        j.Key("dependsOn");
        j.Open('[');
        for (const std::string& d : n.depends_on) {
            j.Item();
            j.Str(d);
        }
        j.Close(']');
    }
    if (!n.cardinalities.empty()) {
        j.Key("cardinalities");
        j.Open('[');
        for (const WtCardinality& c : n.cardinalities) {
            j.Item();
            j.Open('{');
            j.Key("min");
            j.Raw(std::to_string(c.min));
            j.Key("max");
            j.Raw(std::to_string(c.max));
            j.Key("ids");
            j.Open('[');
            for (const std::string& id : c.ids) {
                j.Item();
                j.Str(id);
            }
            j.Close(']');
            j.Close('}');
        }
        j.Close(']');
    }
    LangMap(j, "localizedNames", n.localized_names);
    LangMap(j, "localizedDescriptions", n.localized_descriptions);
    LangMap(j, "annotations", n.annotations);
    j.Key("aqlPath");
    j.Str(n.aql_path);
    if (!n.proportion_types.empty()) {
        j.Key("proportionTypes");
        j.Open('[');
        for (const std::string& p : n.proportion_types) {
            j.Item();
            j.Str(p);
        }
        j.Close(']');
    }
    if (!n.inputs.empty()) {
        j.Key("inputs");
        j.Open('[');
        for (const WtInput& in : n.inputs) {
            j.Item();
            Input(j, in);
        }
        j.Close(']');
    }
    if (!n.children.empty()) {
        j.Key("children");
        j.Open('[');
        for (const WtNode& c : n.children) {
            j.Item();
            Node(j, c);
        }
        j.Close(']');
    }
    if (n.in_context) {
        j.Key("inContext");
        j.Raw(*n.in_context ? "true" : "false");
    }
    if (!n.term_bindings.empty()) {
        j.Key("termBindings");
        j.Open('{');
        for (const WtTermBinding& b : n.term_bindings) {
            j.Key(b.terminology);
            j.Open('{');
            j.Key("value");
            j.Str(b.value);
            j.Key("terminologyId");
            j.Str(b.terminology_id);
            j.Close('}');
        }
        j.Close('}');
    }
    j.Close('}');
}

}  // namespace

std::string WebTemplateToJson(const WebTemplate& wt) {
    JsonOut j;
    j.Open('{');
    j.Key("templateId");
    j.Str(wt.template_id);
    j.Key("version");
    j.Str(wt.version);
    j.Key("defaultLanguage");
    j.Str(wt.default_language);
    j.Key("languages");
    j.Open('[');
    for (const std::string& l : wt.languages) {
        j.Item();
        j.Str(l);
    }
    j.Close(']');
    j.Key("tree");
    Node(j, wt.tree);
    j.Close('}');
    j.out.push_back('\n');
    return std::move(j.out);
}

}  // namespace kjerne::templates::webtemplate
