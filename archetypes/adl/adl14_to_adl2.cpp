// archetypes/adl/adl14_to_adl2.cpp — see adl14_to_adl2.hpp.
#include "archetypes/adl/adl14_to_adl2.hpp"

#include "archetypes/adl/adl14_domain_types.hpp"
#include "archetypes/flattening/path_lookup.hpp"
#include "archetypes/flattening/specialisation_codes.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <set>

namespace kjerne::archetypes::adl {

using aom::Archetype;
using aom::CObject;
using aom::CObjectKind;
using aom::OdinValue;

std::string ConvertAdl14Code(std::string_view code, std::string_view prefix) {
    if (code.size() < 3 || !(code.starts_with("at") || code.starts_with("ac"))) return std::string(code);
    std::string_view digits = code.substr(2);
    // at0.N (a new code of a specialisation) keeps its leading 0; every other code is 0-based
    // in ADL 1.4 and 1-based in ADL 2.
    bool new_in_specialisation = digits.starts_with("0.");
    std::string out(prefix);
    size_t i = 0;
    bool first = true;
    while (i <= digits.size()) {
        size_t dot = digits.find('.', i);
        std::string_view part = digits.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
        if (part.empty() || part.find_first_not_of("0123456789") != std::string_view::npos || part.size() > 9)
            return std::string(code);
        long n = 0;
        for (char d : part) n = n * 10 + (d - '0');
        if (first && !new_in_specialisation) ++n;
        if (!first) out += '.';
        out += std::to_string(n);
        first = false;
        if (dot == std::string_view::npos) break;
        i = dot + 1;
    }
    return out;
}

std::string ConvertAdl14Path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    size_t i = 0;
    while (i < path.size()) {
        size_t open = path.find('[', i);
        if (open == std::string_view::npos) break;
        size_t close = path.find(']', open);
        if (close == std::string_view::npos) break;
        out.append(path.substr(i, open + 1 - i));
        std::string_view inner = path.substr(open + 1, close - open - 1);
        // [at0001] or [at0001, 'name'] / [at0001 and name/value='x']: only the leading code changes
        size_t end = inner.find_first_of(", ");
        std::string_view code = inner.substr(0, end);
        out += code.starts_with("at") ? ConvertAdl14Code(code, "id") : std::string(code);
        if (end != std::string_view::npos) out.append(inner.substr(end));
        out += ']';
        i = close + 1;
    }
    out.append(path.substr(i));
    return out;
}

namespace {

bool CarriesId(CObjectKind k) {
    return k == CObjectKind::kComplexObject || k == CObjectKind::kArchetypeRoot || k == CObjectKind::kArchetypeSlot ||
           k == CObjectKind::kInternalRef;
}

// CObject paths by the parser's rule: objects that carry an id add [id] to the attribute path.
void RecomputePaths(CObject& o) {
    for (auto& attr : o.attributes) {
        for (auto& c : attr.children) {
            std::string p = (o.parent ? o.path : std::string()) + "/" + attr.rm_attribute_name;
            const std::string& id = c->node_id.empty() ? c->archetype_id : c->node_id;
            if (CarriesId(c->kind) && !id.empty()) p += "[" + id + "]";
            c->path = std::move(p);
            RecomputePaths(*c);
        }
    }
}

// The top-level number of an id-code (id12 -> 12, id12.1 -> 12), or 0.
long TopNumber(std::string_view code) {
    if (!code.starts_with("id")) return 0;
    long n = 0;
    for (size_t i = 2; i < code.size() && code[i] >= '0' && code[i] <= '9' && n < 100000000; ++i) n = n * 10 + (code[i] - '0');
    return n;
}

long MaxIdNumber(const CObject& o) {
    long m = TopNumber(o.node_id);
    for (const auto& attr : o.attributes)
        for (const auto& c : attr.children) m = std::max(m, MaxIdNumber(*c));
    return m;
}

class Converter {
public:
    Converter(Archetype& a, const Archetype* flat_parent) : a_(a), flat_parent_(flat_parent) {}
    void Run();

private:
    void CollectNodeIds(const CObject& o);
    std::string Node(const std::string& old) {
        std::string n = ConvertAdl14Code(old, "id");
        if (n != old) a_.adl14_codes[n] = old;
        return n;
    }
    std::string Value(const std::string& old) {
        std::string n = ConvertAdl14Code(old, old.starts_with("ac") ? "ac" : "at");
        if (n != old) a_.adl14_codes[n] = old;
        return n;
    }
    // A code in the terminology: node ids become id-codes, everything else value codes.
    std::string TermCode(const std::string& old) { return node_ids_.count(old) ? Node(old) : Value(old); }
    // ADL 1.4 CKM archetypes use one code as a node id and as a value (ACTION's careflow_step
    // codes are the ISM_TRANSITION's node id): in ADL 2 those are two codes, id and at, and
    // the term is defined (and bound) under both.
    bool AlsoValue(const std::string& old) const { return node_ids_.count(old) && value_codes_.count(old); }
    void CollectValueCodes(const CObject& o);
    void SynthesiseIds(CObject& o, long& next);
    void SynthesiseIdsAgainstParent(CObject& c, const CObject* p, int parent_depth);
    std::string NewSpecialisedId();
    void Object(CObject& o);
    void Exprs(std::vector<aom::Expr>& list);
    void Expr(aom::Expr& e);
    void PathKeys(OdinValue& v);
    void RewriteTerminologyOdin(OdinValue& root);

    Archetype& a_;
    const Archetype* flat_parent_;  // converted flat parent of a specialisation, or nullptr
    long inherited_depth_ = 0;      // > 0: terms of fewer levels are the parent's and go
    long next_new_ = 0;             // last N of the new codes id0.N given to id-less nodes
    std::set<std::string> node_ids_;
    std::set<std::string> value_codes_;  // local codes used in code lists and ordinals (ADL 1.4)
};

void Converter::CollectNodeIds(const CObject& o) {
    if (!o.node_id.empty()) node_ids_.insert(o.node_id);
    for (const auto& attr : o.attributes)
        for (const auto& c : attr.children) CollectNodeIds(*c);
}

void Converter::CollectValueCodes(const CObject& o) {
    if (const auto* cp = o.code_phrase(); cp && cp->terminology_id == "local")
        value_codes_.insert(cp->code_list.begin(), cp->code_list.end());
    if (const auto* ord = o.ordinal())
        for (const auto& item : ord->list)
            if (item.symbol.terminology_id == "local") value_codes_.insert(item.symbol.code_string);
    for (const auto& attr : o.attributes)
        for (const auto& c : attr.children) CollectValueCodes(*c);
}

// ADL 2 gives every complex object, slot and internal ref a node id; ADL 1.4 did not
// (DV_TEXT under value, the EVENT_CONTEXT of a COMPOSITION …). New ids continue after the
// highest node id, in tree order, as the ADL Workbench numbered the CKM's ADL 2 export
// (braden_scale: DV_ORDINAL[id37] after ELEMENT[id36]). Only in archetypes
// that specialise nothing: in a specialisation an id-less node may redefine a parent node,
// and which one needs the flat parent.
void Converter::SynthesiseIds(CObject& o, long& next) {
    if (o.node_id.empty() && o.parent && (o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeSlot ||
                                          o.kind == CObjectKind::kInternalRef))
        o.node_id = "id" + std::to_string(next++);
    for (auto& attr : o.attributes)
        for (auto& c : attr.children) SynthesiseIds(*c, next);
}

static bool Identifiable(const CObject& o) {
    return o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeSlot ||
           o.kind == CObjectKind::kInternalRef;
}

// A new code at the specialisation's own level: id0.N (depth 1), id0.0.N (depth 2) …, N after
// the highest one the archetype already uses.
std::string Converter::NewSpecialisedId() {
    std::string prefix = "id0";
    for (long d = 1; d < inherited_depth_; ++d) prefix += ".0";
    return prefix + "." + std::to_string(++next_new_);
}

// In a specialisation (a complete tree in ADL 1.4) an id-less node stands for the parent's node
// at the same place: the flat parent's only object of that attribute with the same RM type. It
// takes that node's id; an id-less node with no such counterpart is new at this level (id0.N).
void Converter::SynthesiseIdsAgainstParent(CObject& c, const CObject* p, int parent_depth) {
    for (auto& attr : c.attributes) {
        const aom::CAttribute* pa = p ? p->FindAttribute(attr.rm_attribute_name) : nullptr;
        for (auto& k : attr.children) {
            const CObject* counterpart = nullptr;
            if (k->node_id.empty() && Identifiable(*k)) {
                const CObject* same = nullptr;
                int n = 0;
                if (pa)
                    for (const auto& q : pa->children)
                        if (q->rm_type_name == k->rm_type_name && !q->node_id.empty()) same = q.get(), ++n;
                if (n == 1) {
                    k->node_id = same->node_id;
                    counterpart = same;
                } else {
                    k->node_id = NewSpecialisedId();
                }
            } else if (pa && !k->node_id.empty()) {
                counterpart = flattening::FindChild(*pa, k->node_id, parent_depth);
            }
            SynthesiseIdsAgainstParent(*k, counterpart, parent_depth);
        }
    }
}

void Converter::Run() {
    if (a_.definition) CollectNodeIds(*a_.definition);
    if (a_.definition) CollectValueCodes(*a_.definition);
    if (!a_.concept_code.empty()) node_ids_.insert(a_.concept_code);
    if (a_.definition) {
        Object(*a_.definition);
        if (!a_.is_specialised()) {
            long next = MaxIdNumber(*a_.definition) + 1;  // value codes are at-codes: their numbers do not count
            SynthesiseIds(*a_.definition, next);
        } else if (flat_parent_ && flat_parent_->definition) {
            inherited_depth_ = flattening::CodeDepth(a_.definition->node_id);
            // new codes continue after the highest id0.N (id0.0.N …) the archetype has
            std::function<void(const CObject&)> highest = [&](const CObject& o) {
                std::string_view id = o.node_id;
                if (id.starts_with("id0.") && flattening::CodeDepth(id) == inherited_depth_) {
                    size_t dot = id.rfind('.');
                    long n = 0;
                    for (char d : id.substr(dot + 1)) n = std::isdigit(static_cast<unsigned char>(d)) ? n * 10 + (d - '0') : n;
                    next_new_ = std::max(next_new_, n);
                }
                for (const auto& attr : o.attributes)
                    for (const auto& c : attr.children) highest(*c);
            };
            highest(*a_.definition);
            SynthesiseIdsAgainstParent(*a_.definition, flat_parent_->definition.get(),
                                       flattening::CodeDepth(flat_parent_->definition->node_id));
        }
        RecomputePaths(*a_.definition);
        a_.definition->path.assign(1, '/');
    }
    Exprs(a_.rules);

    // Terminology: ADL 2 keeps ac-code terms among the term definitions.
    aom::ArchetypeTerminology t;
    t.archetype_id = a_.terminology.archetype_id;
    for (auto* defs : {&a_.terminology.term_definitions, &a_.terminology.constraint_definitions}) {
        for (auto& [lang, table] : *defs) {
            auto& out = t.term_definitions[lang];
            for (auto& [code, term] : table) {
                if (AlsoValue(code)) {
                    aom::ArchetypeTerm value_term = term;
                    value_term.code = Value(code);
                    out[value_term.code] = std::move(value_term);
                }
                term.code = TermCode(code);
                std::string key = term.code;
                out[std::move(key)] = std::move(term);
            }
        }
    }
    for (auto& [terminology, bindings] : a_.terminology.term_bindings) {
        auto& out = t.term_bindings[terminology];
        for (auto& [key, target] : bindings) {
            if (AlsoValue(key)) out[Value(key)] = target;
            out[key.starts_with("/") ? ConvertAdl14Path(key) : TermCode(key)] = std::move(target);
        }
    }
    // Given the flat parent, the parent's terms an ADL 1.4 specialisation repeats go: in ADL 2
    // a terminology holds its own level's codes (VTSD) and inherits the rest from the parent.
    if (inherited_depth_ > 0)
        for (auto& [lang, table] : t.term_definitions)
            std::erase_if(table, [&](const auto& kv) { return flattening::CodeDepth(kv.first) < inherited_depth_; });
    a_.terminology = std::move(t);
    if (a_.terminology_odin) RewriteTerminologyOdin(*a_.terminology_odin);
    if (a_.annotations) PathKeys(*a_.annotations);

    a_.concept_code.clear();
    a_.is_adl2 = true;
    a_.adl_version = "2.0.6";
    bool had_version = false;
    for (auto& [name, value] : a_.header_meta) {
        if (name == "adl_version") {
            value = a_.adl_version;
            had_version = true;
        }
    }
    if (!had_version) a_.header_meta.insert(a_.header_meta.begin(), {"adl_version", a_.adl_version});
}

void Converter::Object(CObject& o) {
    if (!o.node_id.empty()) {
        o.original_node_id = o.node_id;
        o.node_id = Node(o.node_id);
    }
    if (auto* r = std::get_if<aom::InternalRef>(&o.detail)) r->target_path = ConvertAdl14Path(r->target_path);
    if (auto* s = std::get_if<aom::ArchetypeSlot>(&o.detail)) {
        Exprs(s->include_assertions);
        Exprs(s->exclude_assertions);
    }
    if (auto* cp = std::get_if<aom::CCodePhrase>(&o.detail)) {
        if (cp->terminology_id == "local") {
            for (auto& c : cp->code_list) c = Value(c);
            if (cp->assumed_value) cp->assumed_value = Value(*cp->assumed_value);
        }
        o.rm_type_name = "TERMINOLOGY_CODE";  // what `[local::at2]` is in ADL 2
    }
    if (o.kind == CObjectKind::kConstraintRef) {
        // [ac0001] is a value-set constraint in ADL 2: [local::ac2]
        aom::CCodePhrase cp;
        cp.terminology_id = "local";
        cp.code_list.push_back(Value(o.constraint_ref()->reference));
        o.kind = CObjectKind::kCodePhrase;
        o.rm_type_name = "TERMINOLOGY_CODE";
        o.detail = std::move(cp);
    }
    if (auto* ord = std::get_if<aom::CDvOrdinal>(&o.detail))
        for (auto& item : ord->list)
            if (item.symbol.terminology_id == "local") item.symbol.code_string = Value(item.symbol.code_string);
    // ADL 2 has no domain-type syntax: ordinals and quantities become tuples / attributes.
    if (OrdinalAsTuple(o) || QuantityAsAdl2(o)) {
        for (auto& attr : o.attributes) {
            attr.parent = &o;
            for (auto& c : attr.children) {
                c->parent = &attr;
                c->archetype_root = o.archetype_root;
            }
        }
        return;  // the new children hold converted codes already
    }
    for (auto& attr : o.attributes)
        for (auto& c : attr.children) Object(*c);
}

void Converter::Exprs(std::vector<aom::Expr>& list) {
    for (auto& e : list) Expr(e);
}

void Converter::Expr(aom::Expr& e) {
    if (e.kind == aom::ExprKind::kPath) e.text = ConvertAdl14Path(e.text);
    for (auto& o : e.operands) Expr(o);
}

void Converter::PathKeys(OdinValue& v) {
    if (v.keyed && v.key.starts_with("/")) v.key = ConvertAdl14Path(v.key);
    for (auto& c : v.children) PathKeys(c);
}

// ADL 1.4's `["en"] = <items = <["at0000"] = <...>>>`: the codes one level up, as in ADL 2.
void FlattenItems(OdinValue& group) {
    for (auto& lang : group.children) {
        if (lang.children.size() != 1 || lang.children[0].key != "items" || !lang.children[0].is_object) continue;
        std::vector<OdinValue> codes = std::move(lang.children[0].children);
        lang.children = std::move(codes);
    }
}

// Moves the per-language (or per-terminology) groups of `from` into the same-keyed groups of
// `into`, creating them where missing.
void MergeGroups(OdinValue& from, OdinValue& into) {
    for (auto& g : from.children) {
        OdinValue* target = nullptr;
        for (auto& t : into.children)
            if (t.key == g.key) target = &t;
        if (!target) {
            into.children.push_back(std::move(g));
            continue;
        }
        for (auto& c : g.children) target->children.push_back(std::move(c));
    }
}

void Converter::RewriteTerminologyOdin(OdinValue& root) {
    OdinValue* defs = nullptr;
    OdinValue* bindings = nullptr;
    std::vector<OdinValue> constraint_groups;  // constraint_definitions, constraint_bindings
    std::vector<bool> is_binding;
    std::vector<OdinValue> kept;
    for (auto& c : root.children) {
        if (c.key == "constraint_definitions" || c.key == "constraint_bindings") {
            FlattenItems(c);
            for (auto& g : c.children)
                for (auto& code : g.children)
                    code.key = code.key.starts_with("/") ? ConvertAdl14Path(code.key) : Value(code.key);
            is_binding.push_back(c.key == "constraint_bindings");
            constraint_groups.push_back(std::move(c));
            continue;
        }
        if (c.key == "term_definitions" || c.key == "term_bindings") {
            FlattenItems(c);
            for (auto& g : c.children) {
                std::vector<OdinValue> value_twins;
                for (auto& code : g.children) {
                    if (AlsoValue(code.key)) {
                        value_twins.push_back(code);
                        value_twins.back().key = Value(code.key);
                    }
                    code.key = code.key.starts_with("/") ? ConvertAdl14Path(code.key) : TermCode(code.key);
                }
                for (auto& twin : value_twins) g.children.push_back(std::move(twin));
            }
        }
        kept.push_back(std::move(c));
    }
    root.children = std::move(kept);
    for (auto& c : root.children) {
        if (c.key == "term_definitions") defs = &c;
        if (c.key == "term_bindings") bindings = &c;
    }
    // ADL 2 has no constraint_definitions/constraint_bindings: ac-codes sit with the others.
    for (size_t i = 0; i < constraint_groups.size(); ++i) {
        OdinValue*& into = is_binding[i] ? bindings : defs;
        if (!into) {
            OdinValue group;
            group.key = is_binding[i] ? "term_bindings" : "term_definitions";
            group.is_object = true;
            root.children.push_back(std::move(group));
            into = &root.children.back();
            // the push may have moved the other group
            for (auto& c : root.children) {
                if (c.key == "term_definitions") defs = &c;
                if (c.key == "term_bindings") bindings = &c;
            }
        }
        MergeGroups(constraint_groups[i], *into);
    }
    if (inherited_depth_ > 0)  // the parent's terms go here too (see Run)
        for (auto& c : root.children)
            if (c.key == "term_definitions")
                for (auto& lang : c.children)
                    std::erase_if(lang.children, [&](const OdinValue& code) {
                        return flattening::CodeDepth(code.key) < inherited_depth_;
                    });
}

}  // namespace

void ConvertAdl14ToAdl2(Archetype& archetype) {
    if (archetype.is_adl2) return;
    Converter(archetype, nullptr).Run();
}

void ConvertAdl14ToAdl2(Archetype& archetype, const Archetype& converted_flat_parent) {
    if (archetype.is_adl2) return;
    Converter(archetype, &converted_flat_parent).Run();
}

}  // namespace kjerne::archetypes::adl
