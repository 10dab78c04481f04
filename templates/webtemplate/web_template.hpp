// templates/webtemplate/web_template.hpp
//
// The web template: the simplified, form-oriented view of an operational template that
// EHRbase and Better serve (`templateId`, `tree` of nodes with `id`, `rmType`, `min`, `max`,
// `aqlPath`, `inputs`, ...). It is the basis of the FLAT format: a node's `id` is its segment
// of a flat path, so ids follow the same rules as EHRbase's (snake case of the default-language
// name, numbered when siblings collide: `time`, `time2`).
//
// GenerateWebTemplate builds it from a loaded Template in two passes, as EHRbase's SDK does:
//   1. build (web_template_builder.cpp): one node per constraint object, RM attributes the
//      template leaves open but the RM requires (composition language, entry subject, event
//      time, ...; rm_attributes.cpp), inputs per data type (web_template_inputs.cpp);
//   2. filter (web_template_filter.cpp): structural nodes (HISTORY, ITEM_TREE, ELEMENT with
//      one value, a single event, archetype slots, optional RM attributes) are dropped and
//      their children lifted, so the tree shows what a form shows.
// WebTemplateToJson (web_template_json.cpp) writes it in the JSON field order EHRbase uses.
// The differences from the corpus web templates are listed in
// tests/templates/KNOWN_DIFFERENCES.md.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates::webtemplate {

// A range on an input or a unit: `{"minOp": ">=", "min": 0.0, "maxOp": "<", "max": 100.0}`.
// Bounds are kept as JSON literal text (`0`, `0.0`, `"PT1H"`) so integers, reals and
// durations print the way EHRbase prints them.
struct WtInterval {
    std::string min_op, min, max_op, max;  // empty = absent
    bool empty() const { return min_op.empty() && max_op.empty(); }
};

struct WtValidation {
    WtInterval range, precision;
    std::string pattern;
    bool empty() const { return range.empty() && precision.empty() && pattern.empty(); }
};

struct WtInputValue {
    std::string value, label;
    std::optional<std::string> ordinal;  // DV_ORDINAL value, as a JSON number
    std::vector<std::pair<std::string, std::string>> localized_labels;        // language -> text
    std::vector<std::pair<std::string, std::string>> localized_descriptions;  // language -> text
    std::vector<std::string> current_states;  // careflow steps: allowed ISM states
    WtValidation validation;                  // DV_QUANTITY units
};

struct WtInput {
    std::string suffix;  // empty = the node's value itself
    std::string type;    // TEXT, CODED_TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, TIME, DATETIME
    std::vector<WtInputValue> list;
    std::optional<bool> list_open;
    std::string terminology;
    WtValidation validation;
    std::optional<std::string> default_value;  // JSON literal text

    static WtInput Of(std::string suffix, std::string type) {
        WtInput in;
        in.suffix = std::move(suffix);
        in.type = std::move(type);
        return in;
    }
};

struct WtTermBinding {
    std::string terminology;     // the binding's terminology (the termBindings key)
    std::string value;           // the bound code (or URI)
    std::string terminology_id;  // the terminology the bound code names
};

// A multiple attribute's cardinality when it says more than its children's occurrences: at
// least `min` (> 1) of, or at most `max` of fewer than all, the children `ids`.
struct WtCardinality {
    int min = 0, max = -1;
    std::vector<std::string> ids;
};

struct WtNode {
    std::string id;
    int id_number = 0;  // > 0: the sibling-collision number appended to id (`time2`)
    std::string name;
    std::optional<std::string> localized_name;
    std::string rm_type;
    std::optional<std::string> node_id;   // "" for constrained non-LOCATABLE objects
    int min = 0, max = 1;                 // -1 = unbounded
    std::vector<std::string> depends_on;  // ids of the siblings a protocol/state item qualifies
    std::vector<WtCardinality> cardinalities;
    std::vector<std::pair<std::string, std::string>> localized_names;
    std::vector<std::pair<std::string, std::string>> localized_descriptions;
    std::vector<std::pair<std::string, std::string>> annotations;
    std::string aql_path;
    std::vector<std::string> proportion_types;
    std::vector<WtInput> inputs;
    std::optional<bool> in_context;
    std::vector<WtTermBinding> term_bindings;
    std::vector<WtNode> children;
    // Build-time only (not written): the object came from an ARCHETYPE_SLOT; the node is an RM
    // attribute the builder added (not constrained by the template).
    bool archetype_slot = false;
    bool rm_attribute = false;

    std::string FullId() const { return id_number > 0 ? id + std::to_string(id_number) : id; }
};

struct WebTemplate {
    std::string template_id;
    std::string version = "2.3";  // the web template format version EHRbase writes
    std::string default_language;
    std::vector<std::string> languages;
    WtNode tree;
};

struct WebTemplateOptions {
    // Skip the filter pass (debugging: shows every constraint and RM attribute node).
    bool unfiltered = false;
};

Result<WebTemplate> GenerateWebTemplate(const Template& tpl, const WebTemplateOptions& opts = {});

// Pretty-printed JSON (2-space indent) in EHRbase's field order.
std::string WebTemplateToJson(const WebTemplate& wt);

}  // namespace kjerne::templates::webtemplate
