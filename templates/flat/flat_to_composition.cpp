// templates/flat/flat_to_composition.cpp — FLAT JSON -> canonical JSON tree -> rm::Document.
//
// The FLAT keys are first gathered into a trie of (id, occurrence) segments; the trie is then
// walked together with the web template, and every node's aqlPath says which RM objects to
// create below its parent (including the structural ones the web template hides, typed and
// named from the unfiltered web template). Data values are built by flat_values.cpp. The
// finished tree goes through codec::ReadJson, so the result obeys the canonical reader's RM
// rules. Children are placed in web template order and occurrence order, not key order, so
// any FLAT spelling of one composition builds the same tree.
#include <fmt/format.h>

#include <map>

#include "engine/codec/codec.hpp"
#include "templates/flat/flat.hpp"
#include "templates/flat/flat_context.hpp"
#include "templates/flat/flat_trie.hpp"
#include "templates/flat/flat_values.hpp"
#include "templates/flat/json_value.hpp"

namespace kjerne::templates::flat {

namespace {

// RM attributes reached with `_x` that belong to the data value, not to its ELEMENT.
bool IsValueUnderscore(std::string_view id) {
    return id == "_normal_range" || id == "_other_reference_ranges" || id == "_mapping" ||
           id == "_thumbnail" || id == "_language" || id == "_charset" || id == "_encoding" ||
           id == "_accuracy" || id == "_identifier";
}

bool HasLeafData(const Trie& t) {
    if (!t.attrs.empty()) return true;
    for (const auto& [id, occ] : t.children)
        if (id.empty() || id[0] != '_' || IsValueUnderscore(id)) return true;
    return false;
}

class Builder {
public:
    explicit Builder(const FlatContext& c) : c_(c), schema_(bmm::Schema::Rm()) {}

    std::vector<Issue> issues;

    JVal NewObject(const std::string& type, const std::string& node_id, const std::string& name) {
        JVal o = JVal::Typed(type);
        bmm::TypeId tid = schema_.Find(type);
        if (tid != bmm::kNoType && schema_.IsSubtypeOf(tid, schema_.Find("LOCATABLE"))) {
            JVal n = JVal::Typed("DV_TEXT");
            n.Set("value", JVal::Str(name));
            o.Set("name", std::move(n));
            o.Set("archetype_node_id", JVal::Str(node_id));
            if (node_id.rfind("openEHR-", 0) == 0) {
                JVal ad = JVal::Typed("ARCHETYPED");
                JVal aid = JVal::Typed("ARCHETYPE_ID");
                aid.Set("value", JVal::Str(node_id));
                ad.Set("archetype_id", std::move(aid));
                ad.Set("rm_version", JVal::Str("1.0.4"));
                o.Set("archetype_details", std::move(ad));
            }
        }
        return o;
    }

    // The name the template fixes as a single DV_CODED_TEXT for the object at `constraint_path`
    // (node ids only), as EHRbase writes it; nullopt when the name is free text.
    // The fixed name text of a constraint object (a single DV_TEXT value or coded term), or "".
    std::string FixedName(const aom::CObject& o) const {
        const aom::CAttribute* na = o.FindAttribute("name");
        if (!na || na->children.size() != 1) return "";
        const aom::CObject& dv = *na->children[0];
        if (const aom::CAttribute* v = dv.FindAttribute("value"); v && v->children.size() == 1)
            if (const auto* prim = v->children[0]->primitive())
                if (const auto* str = std::get_if<archetypes::aom::CString>(prim);
                    str && str->list.size() == 1)
                    return str->list[0];
        if (const aom::CAttribute* dc = dv.FindAttribute("defining_code");
            dc && dc->children.size() == 1)
            if (const auto* cp = dc->children[0]->code_phrase(); cp && cp->code_list.size() == 1)
                return std::string(c_.tpl->TermText(dv, cp->code_list[0]));
        return "";
    }

    // The constraint object along `steps` (node ids and, where several siblings share one, the
    // name predicate), or nullptr. Template::FindByPath alone cannot tell named siblings apart.
    const aom::CObject* ConstraintAt(const std::vector<AqlStep>& steps, size_t last) const {
        const aom::CObject* cur = c_.tpl->definition.get();
        for (size_t k = 0; cur && k <= last; ++k) {
            const aom::CAttribute* a = cur->FindAttribute(steps[k].attribute);
            if (!a) return nullptr;
            const aom::CObject* found = nullptr;
            for (const auto& ch : a->children) {
                if (!steps[k].node_id.empty() && ch->match_id() != steps[k].node_id) continue;
                if (!found) found = ch.get();
                if (!steps[k].name.empty() && FixedName(*ch) == steps[k].name) {
                    found = ch.get();
                    break;
                }
            }
            cur = found;
        }
        return cur;
    }

    std::optional<JVal> CodedName(const aom::CObject* o, const std::string& text) {
        const aom::CAttribute* na = o ? o->FindAttribute("name") : nullptr;
        if (!na || na->children.size() != 1 || na->children[0]->rm_type_name != "DV_CODED_TEXT")
            return std::nullopt;
        const aom::CObject& dv = *na->children[0];
        const aom::CAttribute* dc = dv.FindAttribute("defining_code");
        const aom::CCodePhrase* cp =
            dc && dc->children.size() == 1 ? dc->children[0]->code_phrase() : nullptr;
        if (!cp || cp->code_list.size() != 1) return std::nullopt;
        const std::string& code = cp->code_list[0];
        std::string terminology = cp->terminology_id.empty() ? "local" : cp->terminology_id;
        std::string value = text;
        if (terminology == "local")
            if (auto t = c_.tpl->TermText(dv, code); !t.empty()) value = std::string(t);
        JVal name = JVal::Typed("DV_CODED_TEXT");
        name.Set("value", JVal::Str(value));
        JVal phrase = JVal::Typed("CODE_PHRASE");
        JVal tid = JVal::Typed("TERMINOLOGY_ID");
        tid.Set("value", JVal::Str(terminology));
        phrase.Set("terminology_id", std::move(tid));
        phrase.Set("code_string", JVal::Str(code));
        name.Set("defining_code", std::move(phrase));
        return name;
    }

    // The child object of `parent` for `step` (occurrence `occ`), created when absent.
    JVal* Navigate(JVal& parent, const AqlStep& step, const std::string& type,
                   const std::string& name, int occ, const std::string& flat_key,
                   const aom::CObject* constraint) {
        bmm::TypeId ptype = schema_.Find(parent.Type());
        bmm::Slot slot =
            ptype == bmm::kNoType ? bmm::kNoSlot : schema_.FindSlot(ptype, step.attribute);
        if (slot == bmm::kNoSlot) {
            Add("FLAT_UNKNOWN_PATH", flat_key,
                fmt::format("{} has no attribute {}", parent.Type(), step.attribute));
            return nullptr;
        }
        std::string key = fmt::format("{}\x1f{}\x1f{}", step.node_id, step.name, occ);
        if (schema_.Prop(ptype, slot).is_multiple()) {
            JVal* arr = parent.Get(step.attribute);
            if (!arr) arr = &parent.Set(step.attribute, JVal::Array());
            for (auto& item : arr->items)
                if (item.build_key == key) return &item;
            JVal o = NewObject(type, step.node_id, name);
            if (auto coded = CodedName(constraint, name); coded && o.Get("name"))
                o.Set("name", std::move(*coded));
            o.build_key = key;
            arr->items.push_back(std::move(o));
            return &arr->items.back();
        }
        if (JVal* existing = parent.Get(step.attribute); existing && existing->is_object())
            return existing;
        JVal o = NewObject(type, step.node_id, name);
        if (auto coded = CodedName(constraint, name); coded && o.Get("name"))
            o.Set("name", std::move(*coded));
        return &parent.Set(step.attribute, std::move(o));
    }

    void BuildNode(const WtNode& wt, Trie& t, JVal& obj) {
        if (obj.Type() == "INTERVAL_EVENT")
            if (auto sc = t.Take("sample_count")) obj.Set("sample_count", std::move(*sc));
        for (const auto& [attr, v] : t.attrs)
            Add("FLAT_UNKNOWN_PATH", t.path + (attr.empty() ? "" : "|" + attr),
                fmt::format("{} {} takes no value of its own", wt.rm_type, wt.FullId()));
        for (auto& [id, occs] : t.children) {
            if (!id.empty() && id[0] == '_') {
                for (auto& [n, sub] : occs) ApplyUnderscore(id, n, sub, obj);
                continue;
            }
            bool known = false;
            for (const auto& c : wt.children) known = known || c.FullId() == id;
            if (known || (id == "history_origin" && obj.Type() == "OBSERVATION")) continue;
            if (auto type = ValueAttributeType(obj, id)) {  // `width`, `math_function` of an event
                WtNode synthetic;
                synthetic.id = id;
                synthetic.rm_type = *type;
                for (auto& [n, sub] : occs)
                    if (auto v = LeafToRm(synthetic, sub, issues)) obj.Set(id, std::move(*v));
                continue;
            }
            for (auto& [n, sub] : occs)
                Add("FLAT_UNKNOWN_PATH", sub.path,
                    fmt::format("{} has no node {}", wt.FullId(), id));
        }
        for (const auto& child : wt.children) {
            auto* occs = t.Find(child.FullId());
            if (!occs) continue;
            for (auto& [n, sub] : *occs) BuildChild(wt, child, n, sub, obj);
        }
        // EHRbase's `history_origin` of an OBSERVATION: its HISTORY's origin.
        if (auto* ho = t.Find("history_origin"); ho && obj.Type() == "OBSERVATION") {
            JVal* data = obj.Get("data");
            auto v = ho->begin()->second.Take("");
            if (data && v) {
                JVal o = JVal::Typed("DV_DATE_TIME");
                o.Set("value", std::move(*v));
                data->Set("origin", std::move(o));
            } else {
                Add("FLAT_BAD_VALUE", ho->begin()->second.path,
                    "history_origin needs a value and event data");
            }
        }
    }

    void BuildChild(const WtNode& parent, const WtNode& child, int occ, Trie& sub, JVal& obj) {
        ChildPath cp = ChildPathOf(parent, child);
        if (cp.first >= cp.steps.size()) {
            Add("FLAT_UNSUPPORTED", sub.path, "node has no path below its parent");
            return;
        }
        bool leaf = IsDataValueType(child.rm_type);
        JVal* cur = &obj;
        std::optional<JVal> raw;
        if (auto text = sub.Take("raw")) {
            raw = RawToRm(*text, sub.path + "|raw", issues);
            if (!raw) return;
            for (const auto& [a, v] : sub.attrs)
                Add("FLAT_UNKNOWN_PATH", sub.path + "|" + a, "given beside |raw");
            for (const auto& [id, o] : sub.children)
                for (const auto& [m, c] : o) Add("FLAT_UNKNOWN_PATH", c.path, "given beside |raw");
        }
        for (size_t i = cp.first; i < cp.steps.size(); ++i) {
            const AqlStep& step = cp.steps[i];
            if (raw && i == cp.index_step) {  // the whole node, as given
                Place(*cur, step, std::move(*raw), sub.path);
                return;
            }
            int n = i == cp.index_step ? occ : 0;
            bool last = i + 1 == cp.steps.size();
            if (last && leaf) {
                if (i == cp.index_step) RejectLocatableUnderscores(sub);
                if (!HasLeafData(sub)) return;
                std::optional<JVal> value = LeafToRm(child, sub, issues);
                if (!value) return;
                Place(*cur, step, std::move(*value), sub.path);
                return;
            }
            std::string prefix = child.aql_path.substr(0, step.end);
            std::string type, name = step.name;
            if (last) {
                type = child.rm_type;
                if (type == "EVENT")
                    type = (sub.Find("width") || sub.Find("math_function")) ? "INTERVAL_EVENT"
                                                                            : "POINT_EVENT";
                if (name.empty()) name = child.name;
            } else {
                auto it = c_.hidden_by_path.find(prefix);
                if (it == c_.hidden_by_path.end()) {
                    Add("FLAT_UNSUPPORTED", sub.path,
                        fmt::format("no template node at {}", prefix));
                    return;
                }
                type = it->second->rm_type;
                if (name.empty()) name = i == cp.index_step ? child.name : it->second->name;
            }
            cur = Navigate(*cur, step, ConcreteType(type), name, n, sub.path,
                           ConstraintAt(cp.steps, i));
            if (!cur) return;
            // A value node's ELEMENT takes the LOCATABLE's `_x`; a structural node's own
            // object gets them in BuildNode.
            if (i == cp.index_step && leaf) ApplyLocatableUnderscores(sub, *cur);
        }
        if (!leaf) BuildNode(child, sub, *cur);
    }

    // The data value type of a single-valued RM attribute `name` of `obj` that the web template
    // does not show (EHRbase accepts them by attribute name).
    std::optional<std::string> ValueAttributeType(const JVal& obj, const std::string& name) {
        bmm::TypeId t = schema_.Find(obj.Type());
        bmm::Slot slot = t == bmm::kNoType ? bmm::kNoSlot : schema_.FindSlot(t, name);
        if (slot == bmm::kNoSlot || schema_.Prop(t, slot).is_multiple()) return std::nullopt;
        std::string type(schema_.Name(schema_.Prop(t, slot).type));
        if (type.rfind("DV_", 0) != 0) return std::nullopt;
        return type;
    }

    // A built data value into its attribute (a list attribute gets one more item).
    void Place(JVal& parent, const AqlStep& step, JVal value, const std::string& flat_key) {
        bmm::TypeId ptype = schema_.Find(parent.Type());
        bmm::Slot slot =
            ptype == bmm::kNoType ? bmm::kNoSlot : schema_.FindSlot(ptype, step.attribute);
        if (slot == bmm::kNoSlot) {
            Add("FLAT_UNKNOWN_PATH", flat_key,
                fmt::format("{} has no attribute {}", parent.Type(), step.attribute));
            return;
        }
        if (schema_.Prop(ptype, slot).is_multiple()) {
            JVal* arr = parent.Get(step.attribute);
            if (!arr) arr = &parent.Set(step.attribute, JVal::Array());
            arr->items.push_back(std::move(value));
        } else {
            parent.Set(step.attribute, std::move(value));
        }
    }

    // `_uid`, `_name`, `_null_flavour`, ... of the LOCATABLE a node creates; the value-level
    // ones stay for LeafToRm. Structural nodes see them again in BuildNode (ignored there).
    void ApplyLocatableUnderscores(Trie& sub, JVal& obj) {
        for (auto& [id, occs] : sub.children) {
            if (id.empty() || id[0] != '_' || IsValueUnderscore(id)) continue;
            for (auto& [n, t] : occs) ApplyUnderscore(id, n, t, obj);
        }
    }

    // A value that is an RM attribute itself (no ELEMENT around it) has no LOCATABLE to take them.
    void RejectLocatableUnderscores(Trie& sub) {
        for (auto& [id, occs] : sub.children) {
            if (id.empty() || id[0] != '_' || IsValueUnderscore(id)) continue;
            for (auto& [n, t] : occs)
                Add("FLAT_UNKNOWN_PATH", t.path, fmt::format("{} has no {}", sub.path, id));
        }
    }

    void ApplyUnderscore(const std::string& id, int n, Trie& t, JVal& obj) {
        if (UnderscoreToRm(id, n, t, obj, issues)) return;
        Add("FLAT_UNSUPPORTED", t.path, fmt::format("{} is not supported yet", id));
    }

    void Add(const char* code, const std::string& key, std::string msg) {
        Issue i;
        i.code = code;
        i.rm_path = key;
        i.message = std::move(msg);
        issues.push_back(std::move(i));
    }

    const FlatContext& c_;
    const bmm::Schema& schema_;
};

}  // namespace

Result<rm::Document> FlatToComposition(const Template& tpl, std::string_view flat_json) {
    KJ_ASSIGN_OR_RETURN(auto c, MakeFlatContext(tpl));
    return FlatToComposition(*c, flat_json);
}

Result<rm::Document> FlatToComposition(const FlatContext& context, std::string_view flat_json) {
    const FlatContext* c = &context;
    const Template& tpl = *context.tpl;
    KJ_ASSIGN_OR_RETURN(JVal flat, ParseJVal(flat_json));
    std::vector<Issue> issues;
    auto fail = [&](const char* code, std::string key, std::string msg) {
        Issue i;
        i.code = code;
        i.rm_path = std::move(key);
        i.message = std::move(msg);
        issues.push_back(std::move(i));
    };
    if (!flat.is_object()) {
        fail("FLAT_SYNTAX", "", "a FLAT composition is a JSON object");
        return Error::Validation(std::move(issues));
    }
    std::map<std::string, JVal> ctx;
    Trie root;
    const WtNode& top = c->wt.tree;
    root.path = top.FullId();
    for (auto& [key, value] : flat.members) {
        if (!value.is_scalar()) {
            if (value.kind != JVal::Kind::kNull)
                fail("FLAT_SYNTAX", key, "a FLAT value is a string, number or boolean");
            continue;
        }
        if (key.rfind("ctx/", 0) == 0) {
            ctx[key.substr(4)] = value;
            continue;
        }
        auto parsed = ParseFlatKey(key);
        if (!parsed) {
            fail("FLAT_SYNTAX", key, "not a FLAT path (id/id:index/id|attribute)");
            continue;
        }
        if (parsed->segments[0].id != top.FullId() || parsed->segments[0].index) {
            fail("FLAT_UNKNOWN_PATH", key,
                 fmt::format("FLAT paths of this template start with {}/", top.FullId()));
            continue;
        }
        root.Insert(*parsed, 1, std::move(value));
    }
    Builder b(*c);
    std::string root_id = top.node_id.value_or("");
    JVal comp = b.NewObject("COMPOSITION", root_id, top.name);
    {
        JVal* ad = comp.Get("archetype_details");
        if (!ad) ad = &comp.Set("archetype_details", JVal::Typed("ARCHETYPED"));
        JVal tid = JVal::Typed("TEMPLATE_ID");
        tid.Set("value", JVal::Str(tpl.template_id));
        ad->Set("template_id", std::move(tid));
    }
    b.BuildNode(top, root, comp);
    for (auto& i : b.issues) issues.push_back(std::move(i));
    ApplyContextDefaults(*c, ctx, comp, issues);
    if (!issues.empty()) return Error::Validation(std::move(issues));

    codec::ReadOptions ro;
    ro.root_type = "COMPOSITION";
    auto doc = codec::ReadJson(WriteJVal(comp, false), ro);
    if (!doc.ok()) {
        std::vector<Issue> out;
        for (const auto& i : doc.error().issues()) {
            Issue o = i;
            o.code = "FLAT_BAD_VALUE";
            o.pos.reset();
            o.message = fmt::format("{} ({})", i.message, i.code);
            out.push_back(std::move(o));
        }
        if (out.empty()) fail("FLAT_BAD_VALUE", "", doc.error().message());
        for (auto& o : out) issues.push_back(std::move(o));
        return Error::Validation(std::move(issues));
    }
    return std::move(doc).value();
}

}  // namespace kjerne::templates::flat
