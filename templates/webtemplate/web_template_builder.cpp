// templates/webtemplate/web_template_builder.cpp
//
// Pass 1 of GenerateWebTemplate: the constraint tree -> one web template node per object.
// Per complex object: its name (from a `name` constraint with one value, else the term text
// of its node id), one node per allowed name when the template fixes several, the children of
// every constrained attribute (siblings that share an AQL path get a name predicate), choice
// ids for alternatives at one path (`quantity_value`, `count_value`), an ELEMENT's properties
// pushed onto its value, an unconstrained ELEMENT's value alternatives, the code list of a
// DV_CODED_TEXT, the RM attributes the template leaves open, inputs, sibling id numbers, and
// the inContext flags. See web_template.hpp for the passes.
#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "templates/webtemplate/aql_path_text.hpp"
#include "templates/webtemplate/ism_transitions.hpp"
#include "templates/webtemplate/node_id_text.hpp"
#include "templates/webtemplate/rm_attributes.hpp"
#include "templates/webtemplate/term_lookup.hpp"
#include "templates/webtemplate/web_template.hpp"
#include "templates/webtemplate/web_template_build.hpp"
#include "templates/webtemplate/web_template_inputs.hpp"

namespace kjerne::templates::webtemplate {
namespace {

namespace aom = archetypes::aom;

struct NameValue {
    std::string label;
    LangTexts localized;
    std::string local_code;  // a DV_CODED_TEXT name from the archetype's own codes
};

const WtNode* FindFirst(const WtNode& n, const std::function<bool(const WtNode&)>& pred) {
    for (const WtNode& c : n.children)
        if (const WtNode* f = FindFirst(c, pred)) return f;
    return pred(n) ? &n : nullptr;
}

void SetLang(LangTexts& texts, const std::string& lang, const std::string& value) {
    for (auto& [l, v] : texts)
        if (l == lang) {
            v = value;
            return;
        }
    texts.insert(texts.begin(), {lang, value});
}

// The node's bindings (by at-code) per terminology: the bound code and the terminology id it
// names ("[SNOMED-CT::386725007]" -> SNOMED-CT, 386725007).
std::vector<WtTermBinding> TermBindings(const TermLookup& terms, const std::string& code) {
    std::vector<WtTermBinding> out;
    if (!terms.terminology) return out;
    for (const auto& [terminology, items] : terms.terminology->term_bindings) {
        auto it = items.find(code);
        if (it == items.end()) continue;
        WtTermBinding b{terminology, it->second, terminology};
        const std::string& v = it->second;
        if (size_t sep = v.find("::");
            v.size() > 2 && v.front() == '[' && v.back() == ']' && sep != std::string::npos) {
            b.terminology_id = v.substr(1, sep - 1);
            b.value = v.substr(sep + 2, v.size() - sep - 3);
        }
        out.push_back(std::move(b));
    }
    return out;
}

class Builder {
public:
    explicit Builder(const Template& tpl, const std::vector<std::string>& languages)
        : tpl_(tpl), languages_(languages) {
        for (const Annotation& a : tpl.annotations) {
            std::string key = a.path;
            size_t slash = key.find('/');
            key = slash == std::string::npos ? "" : key.substr(slash);
            auto& items = annotations_[StripNames(key)];
            for (const auto& [k, v] : a.items) items.emplace_back(k, v);
        }
    }

    std::vector<WtNode> ParseRoot(const aom::CObject& root, const std::string& path) {
        TermLookup terms{tpl_.Terminology(root.archetype_id), nullptr, tpl_.language, &languages_};
        if (auto it = tpl_.root_terms.find(&root); it != tpl_.root_terms.end())
            terms.own_terms = &it->second;
        std::vector<WtNode> nodes = ParseComplex(root, path, "", terms);
        for (WtNode& n : nodes) n.node_id = root.archetype_id;
        return nodes;
    }

private:
    std::vector<WtNode> ParseObject(const aom::CObject& obj, const std::string& attr_path,
                                    const std::string& attr, const TermLookup& terms) {
        using K = aom::CObjectKind;
        switch (obj.kind) {
            case K::kArchetypeRoot:
                return ParseRoot(obj, attr_path + "[" + obj.archetype_id + "]");
            case K::kComplexObject: {
                bool has_code = IsLocatableType(obj.rm_type_name) && !obj.node_id.empty();
                return ParseComplex(obj, has_code ? attr_path + "[" + obj.node_id + "]" : attr_path,
                                    attr, terms);
            }
            case K::kDvQuantity:
            case K::kDvOrdinal:
            case K::kCodePhrase: {
                WtNode node = BuildNode(obj, attr, terms, nullptr);
                node.aql_path = attr_path;
                if (const auto* q = obj.quantity()) AddQuantityInputs(node, *q);
                if (const auto* o = obj.ordinal()) AddOrdinalInputs(node, *o, terms);
                if (const auto* c = obj.code_phrase()) AddCodePhraseInputs(node, *c, terms);
                return {std::move(node)};
            }
            case K::kArchetypeSlot: {
                WtNode node = BuildNode(obj, attr, terms, nullptr);
                node.aql_path =
                    obj.node_id.empty() ? attr_path : attr_path + "[" + obj.node_id + "]";
                node.archetype_slot = true;
                return {std::move(node)};
            }
            default:  // ARCHETYPE_INTERNAL_REF, CONSTRAINT_REF: EHRbase shows nothing for them
                return {};
        }
    }

    // The names a `name` attribute with a single alternative allows: the C_STRING list of a
    // DV_TEXT, or the code list (resolved to labels) of a DV_CODED_TEXT.
    std::vector<NameValue> NameValues(const aom::CObject& obj, const TermLookup& terms) {
        std::vector<NameValue> out;
        const aom::CAttribute* name = obj.FindAttribute("name");
        if (!name || name->children.size() != 1) return out;
        const aom::CObject& n = *name->children[0];
        for (const aom::CAttribute& a : n.attributes) {
            for (const auto& c : a.children) {
                // A DV_CODED_TEXT's names are its codes (its `value` text is not offered).
                if (a.rm_attribute_name == "value" && c->primitive() &&
                    n.rm_type_name != "DV_CODED_TEXT") {
                    WtInput in = InputFromPrimitive(*c->primitive());
                    for (const WtInputValue& v : in.list)
                        out.push_back({v.label, v.localized_labels, ""});
                } else if (a.rm_attribute_name == "defining_code" && c->code_phrase()) {
                    WtNode tmp;
                    AddCodePhraseInputs(tmp, *c->code_phrase(), terms);
                    const bool local = c->code_phrase()->terminology_id.empty() ||
                                       c->code_phrase()->terminology_id == "local";
                    for (const WtInput& in : tmp.inputs)
                        if (in.suffix == "code" || in.suffix.empty())
                            for (const WtInputValue& v : in.list)
                                out.push_back(
                                    {v.label, v.localized_labels, local ? v.value : std::string()});
                }
            }
        }
        return out;
    }

    WtNode BuildNode(const aom::CObject& obj, const std::string& attr, const TermLookup& terms,
                     const NameValue* name) {
        WtNode node;
        node.rm_type = obj.rm_type_name;
        if (obj.occurrences) {
            node.min = obj.occurrences->lower.value_or(-1);
            node.max = obj.occurrences->upper.value_or(-1);
        } else {
            node.min = node.max = 1;
        }
        if (IsLocatableType(obj.rm_type_name) && !obj.node_id.empty()) {
            std::string text = name ? name->label : terms.Text(obj.node_id);
            node.name = text;
            node.id = BuildNodeId(text);
            node.node_id = obj.node_id;
            node.localized_name = text;
            node.localized_names = name ? name->localized : terms.Texts(obj.node_id);
            SetLang(node.localized_names, terms.default_language, text);
            // A node renamed to one of the archetype's codes is described by that code.
            node.localized_descriptions = terms.Descriptions(
                name && !name->local_code.empty() ? name->local_code : obj.node_id,
                /*keep_empty=*/true);
            node.term_bindings = TermBindings(terms, obj.node_id);
            if (const aom::ArchetypeTerm* t = terms.Find(obj.node_id, terms.default_language)) {
                if (auto c = t->items.find("comment"); c != t->items.end())
                    node.annotations.emplace_back("comment", c->second);
                for (const auto& [k, v] : t->items)
                    if (k != "text" && k != "description" && k != "comment")
                        node.annotations.emplace_back(k, v);
            }
        } else {
            node.name = attr.empty() ? obj.rm_type_name : attr;
            node.id = BuildNodeId(node.name);
            node.node_id = "";
        }
        return node;
    }

    void AddAnnotations(WtNode& node, const std::string& path) {
        auto it = annotations_.find(StripNames(path));
        if (it == annotations_.end()) return;
        for (const auto& kv : it->second) node.annotations.push_back(kv);
    }

    std::vector<WtNode> ParseComplex(const aom::CObject& obj, const std::string& path,
                                     const std::string& attr, const TermLookup& terms) {
        std::vector<NameValue> names = NameValues(obj, terms);
        // A `name` constrained only as DV_TEXT (any value) still marks the node as named: it
        // keeps its term text, and its path says so.
        if (names.empty() && IsLocatableType(obj.rm_type_name) && !obj.node_id.empty()) {
            const aom::CAttribute* name = obj.FindAttribute("name");
            if (name && name->children.size() == 1 &&
                name->children[0]->rm_type_name == "DV_TEXT" &&
                name->children[0]->attributes.empty())
                names.push_back({terms.Text(obj.node_id), terms.Texts(obj.node_id), ""});
        }
        std::vector<WtNode> out;
        auto one = [&](const NameValue* name) {
            WtNode node = BuildNode(obj, attr, terms, name);
            node.aql_path = path;
            if (!obj.node_id.empty() && name && node.node_id && !node.node_id->empty())
                node.aql_path = WithName(path, name->label);
            AddAnnotations(node, path);
            ParseComplexSingle(obj, node, terms);
            out.push_back(std::move(node));
        };
        if (names.size() > 1) {
            for (const NameValue& n : names) one(&n);
        } else {
            one(names.empty() ? nullptr : &names[0]);
        }
        return out;
    }

    void ParseComplexSingle(const aom::CObject& obj, WtNode& node, const TermLookup& terms) {
        TemplateInputs input_map;
        struct PendingCardinality {
            WtCardinality c;
            size_t first, last;  // the attribute's children in node.children
        };
        std::vector<PendingCardinality> cardinalities;
        for (const aom::CAttribute& attr : obj.attributes) {
            if (attr.rm_attribute_name == "name") continue;
            const std::string attr_path = node.aql_path + "/" + attr.rm_attribute_name;
            std::vector<WtNode> added;
            for (const auto& child : attr.children) {
                if (child->kind == aom::CObjectKind::kPrimitiveObject) {
                    if (const aom::CPrimitive* p = child->primitive())
                        input_map[attr.rm_attribute_name] = InputFromPrimitive(*p);
                    continue;
                }
                for (WtNode& n : ParseObject(*child, attr_path, attr.rm_attribute_name, terms)) {
                    if (child->kind == aom::CObjectKind::kArchetypeSlot) n.archetype_slot = true;
                    added.push_back(std::move(n));
                }
            }
            if (node.rm_type == "ACTION") MergeIsmTransitions(node, attr.rm_attribute_name, added);
            // Siblings whose paths differ only by name get the name predicate.
            std::vector<std::string> full(added.size()), bare(added.size());
            for (size_t i = 0; i < added.size(); ++i) {
                full[i] = added[i].aql_path;
                bare[i] = StripNames(added[i].aql_path);
            }
            for (size_t i = 0; i < added.size(); ++i) {
                if (LastSegmentHasName(added[i].aql_path)) continue;
                bool clash = false;
                for (size_t j = 0; j < added.size(); ++j)
                    clash |= j != i && full[j] != full[i] && bare[j] == bare[i];
                if (!clash) continue;
                std::string old = added[i].aql_path;
                added[i].aql_path = WithName(old, added[i].name);
                RebasePaths(added[i], old, added[i].aql_path);
            }
            const size_t first = node.children.size();
            for (WtNode& n : added) node.children.push_back(std::move(n));
            if (attr.is_multiple && attr.cardinality) {
                const aom::MultiplicityInterval& iv = attr.cardinality->interval;
                WtCardinality c;
                c.min = iv.lower.value_or(0);
                c.max = iv.upper.value_or(-1);
                if (c.min > 1 || c.max != -1)
                    cardinalities.push_back({std::move(c), first, node.children.size()});
            }
        }
        // Alternatives at one path: choice ids.
        std::map<std::string, int> per_path;
        for (const WtNode& c : node.children) ++per_path[c.aql_path];
        bool has_choices = false;
        for (WtNode& c : node.children) {
            if (per_path[c.aql_path] < 2) continue;
            has_choices = true;
            if (c.rm_type.rfind("DV_", 0) == 0) c.id = ChoiceId(c.rm_type);
        }
        if (node.rm_type == "ELEMENT") ElementValues(node, input_map, has_choices);
        if (node.rm_type == "DV_CODED_TEXT") {
            const WtNode* cp =
                FindFirst(node, [](const WtNode& n) { return n.rm_type == "CODE_PHRASE"; });
            if (cp && cp != &node) {
                for (const WtInput& in : cp->inputs) node.inputs.push_back(in);
            } else {
                node.inputs.push_back(WtInput::Of("code", "TEXT"));
                node.inputs.push_back(WtInput::Of("value", "TEXT"));
            }
        }
        if (node.rm_type == "COMPOSITION") MoveCategoryAfterContent(node);
        AddRmAttributeNodes(node);
        if (node.inputs.empty()) AddInputsForType(node, input_map);
        MakeIdsUnique(node);
        for (PendingCardinality& p : cardinalities) {
            for (size_t i = p.first; i < p.last && i < node.children.size(); ++i)
                p.c.ids.push_back(node.children[i].FullId());
            // Worth stating only when it says more than the children's own occurrences.
            if (p.c.min > 1 || p.c.max < static_cast<int>(p.c.ids.size()))
                node.cardinalities.push_back(std::move(p.c));
        }
        for (WtNode& c : node.children) MarkInContext(node, c);
    }

    // EHRbase lists a constrained composition category with the composition's other RM
    // attributes, after the content.
    static void MoveCategoryAfterContent(WtNode& node) {
        auto it = std::find_if(node.children.begin(), node.children.end(), [](const WtNode& c) {
            return c.id == "category" && c.aql_path == "/category";
        });
        if (it == node.children.end()) return;
        WtNode category = std::move(*it);
        node.children.erase(it);
        node.children.push_back(std::move(category));
    }

    void ElementValues(WtNode& node, const TemplateInputs& input_map, bool has_choices) {
        if (node.children.empty()) {
            // An ELEMENT whose value the template leaves open: every data value type.
            static const char* kAny[] = {
                "DV_CODED_TEXT", "DV_TEXT",       "DV_MULTIMEDIA", "DV_PARSABLE",  "DV_STATE",
                "DV_BOOLEAN",    "DV_IDENTIFIER", "DV_URI",        "DV_EHR_URI",   "DV_DURATION",
                "DV_QUANTITY",   "DV_COUNT",      "DV_PROPORTION", "DV_DATE_TIME", "DV_DATE",
                "DV_TIME",       "DV_ORDINAL"};
            for (const char* t : kAny) {
                WtNode v;
                v.rm_type = t;
                v.id = ChoiceId(t);
                v.name = node.name;
                v.aql_path = node.aql_path + "/value";
                v.in_context = true;
                v.min = 0;
                v.max = 1;
                v.localized_name = node.localized_name;
                v.localized_names = node.localized_names;
                v.localized_descriptions = node.localized_descriptions;
                AddInputsForType(v, input_map);
                node.children.push_back(std::move(v));
            }
            return;
        }
        std::vector<WtNode*> values = TrueElementChildren(node);
        for (WtNode* v : values) {
            v->node_id = node.node_id;
            if (values.size() == 1) v->annotations = node.annotations;  // not on each alternative
            v->name = node.name;
            v->localized_names = node.localized_names;
            v->localized_descriptions = node.localized_descriptions;
            v->localized_name = node.localized_name;
            v->term_bindings = node.term_bindings;
        }
        if (values.size() != 1 && !has_choices)
            for (WtNode* v : values)
                if (v->rm_type.rfind("DV_", 0) == 0) v->id = ChoiceId(v->rm_type);
        // Alternatives of a value are each optional.
        if (values.size() > 1)
            for (WtNode* v : values) v->min = 0;
    }

    const Template& tpl_;
    const std::vector<std::string>& languages_;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> annotations_;
};

}  // namespace

std::vector<WtNode*> TrueElementChildren(WtNode& element) {
    std::vector<WtNode*> out;
    if (element.rm_type != "ELEMENT") return out;
    for (WtNode& c : element.children) {
        if (c.name == "name") continue;
        if ((c.name == "null_flavour" || c.name == "feeder_audit") && c.min == 0) continue;
        out.push_back(&c);
    }
    return out;
}

void MakeIdsUnique(WtNode& node) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<WtNode*>> groups;
    for (WtNode& c : node.children) {
        auto& g = groups[c.id];
        if (g.empty()) order.push_back(c.id);
        g.push_back(&c);
    }
    for (const std::string& id : order) {
        auto& g = groups[id];
        if (g.size() == 1) {
            g[0]->id_number = 0;
            continue;
        }
        for (size_t i = 1; i < g.size(); ++i) {
            WtNode& n = *g[i];
            int number = static_cast<int>(i) + 1;
            if (n.rm_type == "ELEMENT")
                for (WtNode& c : n.children)
                    if (c.FullId() == n.id) c.id_number = number;
            n.id_number = number;
        }
    }
}

namespace {

void ApplyDefaults(WtNode& node, const Template& tpl) {
    if (!node.inputs.empty()) {
        auto it = tpl.default_values.find(StripNames(node.aql_path));
        if (it != tpl.default_values.end()) ApplyTemplateDefaults(node, it->second);
    }
    for (WtNode& c : node.children) ApplyDefaults(c, tpl);
}

}  // namespace

Result<WtNode> BuildTree(const Template& tpl, const std::vector<std::string>& languages) {
    if (!tpl.definition) return Error::InvalidArgument("template has no definition");
    Builder b(tpl, languages);
    std::vector<WtNode> nodes = b.ParseRoot(*tpl.definition, "");
    if (nodes.empty())
        return Error::InvalidArgument("template definition yields no web template node");
    if (!tpl.default_values.empty()) ApplyDefaults(nodes[0], tpl);
    return std::move(nodes[0]);
}

}  // namespace kjerne::templates::webtemplate
