// archetypes/adl/adl14_to_adl2.cpp — see adl14_to_adl2.hpp.
#include "archetypes/adl/adl14_to_adl2.hpp"

#include <cctype>
#include <set>

namespace kjerne::archetypes::adl {

using aom::Archetype;
using aom::CObject;
using aom::CObjectKind;
using aom::OdinAtom;
using aom::OdinAtomKind;
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
        long n = std::stol(std::string(part));
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

class Converter {
public:
    explicit Converter(Archetype& a) : a_(a) {}
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
    void Object(CObject& o);
    void Exprs(std::vector<aom::Expr>& list);
    void Expr(aom::Expr& e);
    void PathKeys(OdinValue& v);
    OdinValue BuildTerminology() const;

    Archetype& a_;
    std::set<std::string> node_ids_;
};

void Converter::CollectNodeIds(const CObject& o) {
    if (!o.node_id.empty()) node_ids_.insert(o.node_id);
    for (const auto& attr : o.attributes)
        for (const auto& c : attr.children) CollectNodeIds(*c);
}

void Converter::Run() {
    if (a_.definition) CollectNodeIds(*a_.definition);
    if (!a_.concept_code.empty()) node_ids_.insert(a_.concept_code);
    if (a_.definition) Object(*a_.definition);
    if (a_.definition) a_.definition->path = "/";
    Exprs(a_.rules);

    // Terminology: ADL 2 keeps ac-code terms among the term definitions.
    aom::ArchetypeTerminology t;
    t.archetype_id = a_.terminology.archetype_id;
    for (const auto* defs : {&a_.terminology.term_definitions, &a_.terminology.constraint_definitions}) {
        for (const auto& [lang, table] : *defs) {
            auto& out = t.term_definitions[lang];
            for (const auto& [code, term] : table) {
                aom::ArchetypeTerm nt = term;
                nt.code = TermCode(code);
                out[nt.code] = std::move(nt);
            }
        }
    }
    for (const auto& [terminology, bindings] : a_.terminology.term_bindings) {
        auto& out = t.term_bindings[terminology];
        for (const auto& [key, target] : bindings)
            out[key.starts_with("/") ? ConvertAdl14Path(key) : TermCode(key)] = target;
    }
    a_.terminology = std::move(t);
    if (a_.terminology_odin) a_.terminology_odin = BuildTerminology();
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
    // Paths follow the parser's rule: objects that carry an id add [id] to the attribute path.
    for (auto& attr : o.attributes) {
        for (auto& c : attr.children) {
            std::string p = (o.parent ? o.path : std::string()) + "/" + attr.rm_attribute_name;
            bool child_carries = c->kind == CObjectKind::kComplexObject || c->kind == CObjectKind::kArchetypeRoot ||
                                 c->kind == CObjectKind::kArchetypeSlot || c->kind == CObjectKind::kInternalRef;
            std::string id = c->node_id.empty() ? c->archetype_id : ConvertAdl14Code(c->node_id, "id");
            if (child_carries && !id.empty()) p += "[" + id + "]";
            c->path = std::move(p);
            Object(*c);
        }
    }
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

OdinValue Member(std::string key, bool keyed) {
    OdinValue v;
    v.key = std::move(key);
    v.keyed = keyed;
    v.is_object = true;
    return v;
}

OdinValue Text(std::string key, std::string text, OdinAtomKind kind = OdinAtomKind::kString) {
    OdinValue v;
    v.key = std::move(key);
    v.atoms.push_back(OdinAtom{kind, std::move(text)});
    return v;
}

OdinValue Converter::BuildTerminology() const {
    OdinValue root;
    root.is_object = true;
    if (!a_.terminologies_available.empty()) {
        OdinValue ta;
        ta.key = "terminologies_available";
        ta.is_list = true;
        for (const auto& t : a_.terminologies_available) ta.atoms.push_back(OdinAtom{OdinAtomKind::kString, t});
        root.children.push_back(std::move(ta));
    }
    OdinValue defs = Member("term_definitions", false);
    for (const auto& [lang, table] : a_.terminology.term_definitions) {
        OdinValue l = Member(lang, true);
        for (const auto& [code, term] : table) {
            OdinValue c = Member(code, true);
            for (const auto& [item, text] : term.items) c.children.push_back(Text(item, text));
            l.children.push_back(std::move(c));
        }
        defs.children.push_back(std::move(l));
    }
    root.children.push_back(std::move(defs));
    if (!a_.terminology.term_bindings.empty()) {
        OdinValue b = Member("term_bindings", false);
        for (const auto& [terminology, bindings] : a_.terminology.term_bindings) {
            OdinValue t = Member(terminology, true);
            for (const auto& [key, target] : bindings) {
                // The atom kind the ODIN reader will give the text back as: a URI, a
                // [terminology::code] (it needs the "::" and must not look like a ["key"]), else a string.
                bool uri = target.find("://") != std::string::npos;
                bool code = !uri && target.find(':') != std::string::npos && !target.empty() &&
                            (std::isalpha(static_cast<unsigned char>(target[0])) || target[0] == '_');
                OdinValue v = Text(key, target, uri ? OdinAtomKind::kUri : code ? OdinAtomKind::kTermCode : OdinAtomKind::kString);
                v.keyed = true;
                t.children.push_back(std::move(v));
            }
            b.children.push_back(std::move(t));
        }
        root.children.push_back(std::move(b));
    }
    return root;
}

}  // namespace

void ConvertAdl14ToAdl2(Archetype& archetype) {
    if (archetype.is_adl2) return;
    Converter(archetype).Run();
}

}  // namespace kjerne::archetypes::adl
