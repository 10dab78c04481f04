// archetypes/serialise/aom_json_writer.cpp — see aom_json_writer.hpp.
#include "archetypes/serialise/aom_json_writer.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "engine/common/json_string.hpp"
#include "archetypes/serialise/text_out.hpp"

namespace kjerne::archetypes::serialise {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;
using aom::Expr;
using aom::ExprKind;
using aom::OdinAtomKind;
using aom::OdinValue;

namespace {

// A small streaming JSON writer: commas are placed by tracking whether the current
// container already has a member.
class Json {
public:
    std::string out;

    void Begin(char c) { Sep(); out += c; first_ = true; }
    void End(char c) { out += c; first_ = false; }
    void Key(std::string_view k) { Sep(); Str(k); out += ':'; first_ = true; }
    void String(std::string_view s) { Sep(); Str(s); }
    void Raw(std::string_view s) { Sep(); out += s; }
    void Bool(bool b) { Raw(b ? "true" : "false"); }
    void Field(std::string_view k, std::string_view v) { Key(k); String(v); }
    void FieldIf(std::string_view k, const std::string& v) { if (!v.empty()) Field(k, v); }
    void Type(std::string_view t) { Field("_type", t); }

private:
    void Sep() {
        if (!first_) out += ',';
        first_ = false;
    }
    void Str(std::string_view s) { AppendJsonString(out, s); }
    bool first_ = true;
};

template <class T>
void Value(Json& j, const T& v) {
    if constexpr (std::is_same_v<T, std::string>) j.String(v);
    else if constexpr (std::is_same_v<T, double>) j.Raw(std::isfinite(v) ? FormatNumber(v) : "null");
    else j.Raw(std::to_string(v));
}

template <class T>
void IntervalJson(Json& j, std::string_view key, const aom::Interval<T>& iv) {
    if (!key.empty()) j.Key(key);  // "" = an element of a list
    j.Begin('{');
    j.Type("INTERVAL");
    if (iv.lower) { j.Key("lower"); Value(j, *iv.lower); }
    if (iv.upper) { j.Key("upper"); Value(j, *iv.upper); }
    j.Key("lower_included"); j.Bool(iv.lower_included);
    j.Key("upper_included"); j.Bool(iv.upper_included);
    j.Key("lower_unbounded"); j.Bool(!iv.lower);
    j.Key("upper_unbounded"); j.Bool(!iv.upper);
    j.End('}');
}

void CodeJson(Json& j, std::string_view key, const std::string& terminology, const std::string& code) {
    j.Key(key);
    j.Begin('{');
    j.Key("terminology_id");
    j.Begin('{');
    j.Field("value", terminology);
    j.End('}');
    j.Field("code_string", code);
    j.End('}');
}

void OdinJson(Json& j, const OdinValue& v);

void AtomJson(Json& j, const aom::OdinAtom& a) {
    switch (a.kind) {
        case OdinAtomKind::kInteger:
        case OdinAtomKind::kReal: {
            // Numbers as JSON numbers when their ODIN text is also valid JSON number text.
            bool plain = !a.text.empty() && a.text.find_first_not_of("0123456789.eE+-") == std::string::npos &&
                         a.text[0] != '+' && a.text.back() != '.';
            if (plain) j.Raw(a.text);
            else j.String(a.text);
            return;
        }
        case OdinAtomKind::kBoolean: j.Bool(a.text == "true"); return;
        case OdinAtomKind::kTermCode: {
            size_t sep = a.text.find("::");
            j.Begin('{');
            j.Key("terminology_id");
            j.Begin('{');
            j.Field("value", sep == std::string::npos ? std::string() : a.text.substr(0, sep));
            j.End('}');
            j.Field("code_string", sep == std::string::npos ? a.text : a.text.substr(sep + 2));
            j.End('}');
            return;
        }
        default: j.String(a.text); return;
    }
}

void OdinJson(Json& j, const OdinValue& v) {
    if (v.is_object) {
        j.Begin('{');
        if (!v.type_name.empty()) j.Type(v.type_name);
        for (const auto& c : v.children) {
            j.Key(c.key);
            OdinJson(j, c);
        }
        j.End('}');
        return;
    }
    if (v.is_list) {
        j.Begin('[');
        for (const auto& a : v.atoms) AtomJson(j, a);
        j.End(']');
        return;
    }
    if (v.atoms.empty()) j.Raw("null");
    else AtomJson(j, v.atoms[0]);
}

void ExprJson(Json& j, const Expr& e) {
    j.Begin('{');
    switch (e.kind) {
        case ExprKind::kBinary:
            j.Type("BINARY_OPERATOR");
            j.Field("operator", e.text);
            if (e.operands.size() == 2) {
                j.Key("left_operand"); ExprJson(j, e.operands[0]);
                j.Key("right_operand"); ExprJson(j, e.operands[1]);
            }
            break;
        case ExprKind::kUnary:
            j.Type("UNARY_OPERATOR");
            j.Field("operator", e.text);
            if (!e.operands.empty()) { j.Key("operand"); ExprJson(j, e.operands[0]); }
            break;
        case ExprKind::kLiteral:
            j.Type("CONSTANT");
            j.Field("type", e.op == "string" ? "String" : "");
            j.Field("value", e.text);
            break;
        case ExprKind::kPath:
            j.Type("MODEL_REFERENCE");
            j.Field("path", e.text);
            break;
        case ExprKind::kVariable:
            j.Type("VARIABLE_REFERENCE");
            j.Field("variable", e.text);
            if (!e.operands.empty()) j.Field("path", e.operands[0].text);
            break;
        case ExprKind::kCall:
            j.Type("FUNCTION_CALL");
            j.Field("function", e.text);
            j.Key("arguments");
            j.Begin('[');
            for (const auto& a : e.operands) ExprJson(j, a);
            j.End(']');
            break;
        case ExprKind::kForAll:
            j.Type("FOR_ALL_STATEMENT");
            j.Field("quantifier", e.op);
            j.Field("variable", e.text);
            if (e.operands.size() == 2) {
                j.Key("collection"); ExprJson(j, e.operands[0]);
                j.Key("assertion"); ExprJson(j, e.operands[1]);
            }
            break;
        case ExprKind::kConstraint:
            j.Type("C_CONSTRAINT");
            j.Field("item", e.text);
            j.FieldIf("pattern", e.pattern);
            break;
        case ExprKind::kDeclaration:
            j.Type("VARIABLE_DECLARATION");
            j.Field("name", e.text);
            j.FieldIf("type", e.type_name);
            if (!e.operands.empty()) { j.Key("value"); ExprJson(j, e.operands[0]); }
            break;
    }
    j.FieldIf("tag", e.tag);
    j.End('}');
}

void ExprList(Json& j, std::string_view key, const std::vector<Expr>& list) {
    j.Key(key);
    j.Begin('[');
    for (const auto& e : list) ExprJson(j, e);
    j.End(']');
}

template <class C>
void ConstraintList(Json& j, const C& list) {
    j.Key("constraint");
    j.Begin('[');
    for (const auto& v : list) Value(j, v);
    j.End(']');
}

void PrimitiveJson(Json& j, const aom::CPrimitive& p) {
    j.Type(aom::PrimitiveKindName(p));
    if (const auto* s = std::get_if<aom::CString>(&p)) {
        j.Key("constraint");
        j.Begin('[');
        for (const auto& v : s->list) j.String(v);
        if (s->pattern) j.String("/" + *s->pattern + "/");
        j.End(']');
        if (s->list_open) { j.Key("list_open"); j.Bool(true); }
        if (s->assumed_value) j.Field("assumed_value", *s->assumed_value);
    } else if (const auto* i = std::get_if<aom::CInteger>(&p)) {
        if (i->range) {
            j.Key("constraint");
            j.Begin('[');
            IntervalJson(j, "", *i->range);
            j.End(']');
        } else {
            ConstraintList(j, i->list);
        }
    } else if (const auto* r = std::get_if<aom::CReal>(&p)) {
        if (r->range) {
            j.Key("constraint");
            j.Begin('[');
            IntervalJson(j, "", *r->range);
            j.End(']');
        } else {
            ConstraintList(j, r->list);
        }
    } else if (const auto* b = std::get_if<aom::CBoolean>(&p)) {
        j.Key("constraint");
        j.Begin('[');
        if (b->true_valid) j.Bool(true);
        if (b->false_valid) j.Bool(false);
        j.End(']');
    } else {
        const aom::CTemporal* t = nullptr;
        std::visit([&](const auto& x) {
            if constexpr (std::is_base_of_v<aom::CTemporal, std::decay_t<decltype(x)>>) t = &x;
        }, p);
        if (t) {
            if (t->pattern) j.Field("pattern_constraint", *t->pattern);
            if (t->range) {
                j.Key("constraint");
                j.Begin('[');
                IntervalJson(j, "", *t->range);
                j.End(']');
            }
            if (t->assumed_value) j.Field("assumed_value", *t->assumed_value);
        }
    }
}

void ObjectJson(Json& j, const CObject& o);

void AttributeJson(Json& j, const CAttribute& a) {
    j.Begin('{');
    j.Type(a.is_multiple ? "C_MULTIPLE_ATTRIBUTE" : "C_SINGLE_ATTRIBUTE");
    j.Field("rm_attribute_name", a.rm_attribute_name);
    j.FieldIf("differential_path", a.differential_path);
    if (a.existence) IntervalJson(j, "existence", *a.existence);
    if (a.cardinality) {
        j.Key("cardinality");
        j.Begin('{');
        IntervalJson(j, "interval", a.cardinality->interval);
        j.Key("is_ordered"); j.Bool(a.cardinality->is_ordered);
        j.Key("is_unique"); j.Bool(a.cardinality->is_unique);
        j.End('}');
    }
    j.Key("children");
    j.Begin('[');
    for (const auto& c : a.children) ObjectJson(j, *c);
    j.End(']');
    j.End('}');
}

void ObjectJson(Json& j, const CObject& o) {
    j.Begin('{');
    if (const auto* p = o.primitive()) {
        PrimitiveJson(j, *p);
        j.End('}');
        return;
    }
    switch (o.kind) {
        case CObjectKind::kCodePhrase: j.Type(o.rm_type_name == "CODE_PHRASE" ? "C_CODE_PHRASE" : "C_TERMINOLOGY_CODE"); break;
        case CObjectKind::kDvOrdinal: j.Type(o.ordinal() && o.ordinal()->is_scale ? "C_DV_SCALE" : "C_DV_ORDINAL"); break;
        case CObjectKind::kInternalRef: j.Type("C_COMPLEX_OBJECT_PROXY"); break;
        default: j.Type(aom::CObjectKindName(o.kind)); break;
    }
    j.Field("rm_type_name", o.rm_type_name);
    j.FieldIf("node_id", o.node_id);
    j.FieldIf("original_node_id", o.original_node_id);
    j.FieldIf("archetype_ref", o.archetype_id);
    if (o.occurrences) IntervalJson(j, "occurrences", *o.occurrences);
    j.FieldIf("sibling_order", o.sibling_order);
    if (o.any_allowed) { j.Key("any_allowed"); j.Bool(true); }
    if (const auto* s = o.slot()) {
        j.Key("is_closed"); j.Bool(s->is_closed);
        ExprList(j, "includes", s->include_assertions);
        ExprList(j, "excludes", s->exclude_assertions);
    } else if (const auto* r = o.internal_ref()) {
        j.Field("target_path", r->target_path);
    } else if (const auto* cr = o.constraint_ref()) {
        j.Field("reference", cr->reference);
    } else if (const auto* q = o.quantity()) {
        if (q->property) CodeJson(j, "property", q->property->terminology_id, q->property->code_string);
        j.Key("list");
        j.Begin('[');
        for (const auto& item : q->list) {
            j.Begin('{');
            j.FieldIf("units", item.units);
            if (item.magnitude) IntervalJson(j, "magnitude", *item.magnitude);
            if (item.precision) IntervalJson(j, "precision", *item.precision);
            j.End('}');
        }
        j.End(']');
    } else if (const auto* ord = o.ordinal()) {
        j.Key("list");
        j.Begin('[');
        for (const auto& item : ord->list) {
            j.Begin('{');
            j.Key("value");
            Value(j, item.value);
            CodeJson(j, "symbol", item.symbol.terminology_id, item.symbol.code_string);
            j.End('}');
        }
        j.End(']');
    } else if (const auto* cp = o.code_phrase()) {
        j.Key("terminology_id");
        j.Begin('{');
        j.Field("value", cp->terminology_id);
        j.End('}');
        j.Key("code_list");
        j.Begin('[');
        for (const auto& c : cp->code_list) j.String(c);
        j.End(']');
        j.FieldIf("reference_set_uri", cp->reference_set_uri);
        if (cp->assumed_value) j.Field("assumed_value", *cp->assumed_value);
    }
    if (!o.attributes.empty()) {
        j.Key("attributes");
        j.Begin('[');
        for (const auto& a : o.attributes) AttributeJson(j, a);
        j.End(']');
    }
    if (!o.tuples.empty()) {
        j.Key("attribute_tuples");
        j.Begin('[');
        for (const auto& t : o.tuples) {
            j.Begin('{');
            j.Key("members");
            j.Begin('[');
            for (const auto& m : t.members) j.String(m);
            j.End(']');
            j.Key("tuples");
            j.Begin('[');
            for (const auto& row : t.tuples) {
                j.Begin('[');
                for (const CObject* c : row) ObjectJson(j, *c);
                j.End(']');
            }
            j.End(']');
            j.End('}');
        }
        j.End(']');
    }
    j.End('}');
}

void Terms(Json& j, std::string_view key, const std::map<std::string, aom::TermTable>& by_lang) {
    j.Key(key);
    j.Begin('{');
    for (const auto& [lang, table] : by_lang) {
        j.Key(lang);
        j.Begin('{');
        for (const auto& [code, term] : table) {
            j.Key(code);
            j.Begin('{');
            j.Field("code", code);
            for (const auto& [item, text] : term.items) j.Field(item, text);
            j.End('}');
        }
        j.End('}');
    }
    j.End('}');
}

void OdinSection(Json& j, std::string_view key, const std::optional<OdinValue>& v) {
    if (!v) return;
    j.Key(key);
    OdinJson(j, *v);
}

std::string TypeOf(const std::string& artefact) {
    std::string t;
    for (char c : artefact) t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
}

}  // namespace

std::string WriteAomJson(const aom::Archetype& a) {
    Json j;
    j.out.reserve(64 * 1024);
    j.Begin('{');
    j.Type(TypeOf(a.artefact_type));
    j.Key("archetype_id");
    j.Begin('{');
    j.Field("value", a.archetype_id);
    j.End('}');
    if (!a.parent_archetype_id.empty()) {
        j.Key("parent_archetype_id");
        j.String(a.parent_archetype_id);
    }
    j.FieldIf("adl_version", a.adl_version);
    j.FieldIf("rm_release", a.rm_release);
    j.FieldIf("uid", a.uid);
    j.FieldIf("build_uid", a.build_uid);
    j.Key("is_controlled"); j.Bool(a.is_controlled);
    j.Key("is_generated"); j.Bool(a.is_generated);
    j.Key("is_adl2"); j.Bool(a.is_adl2);
    j.FieldIf("concept_code", a.concept_code);
    if (!a.original_language.empty()) CodeJson(j, "original_language", "ISO_639-1", a.original_language);
    OdinSection(j, "language", a.language);
    OdinSection(j, "description", a.description);
    if (a.definition) {
        j.Key("definition");
        ObjectJson(j, *a.definition);
    }
    if (!a.rules.empty()) ExprList(j, "rules", a.rules);
    j.Key("terminology");
    j.Begin('{');
    j.Type("ARCHETYPE_TERMINOLOGY");
    Terms(j, "term_definitions", a.terminology.term_definitions);
    if (!a.terminology.constraint_definitions.empty())
        Terms(j, "constraint_definitions", a.terminology.constraint_definitions);
    j.Key("term_bindings");
    j.Begin('{');
    for (const auto& [terminology, bindings] : a.terminology.term_bindings) {
        j.Key(terminology);
        j.Begin('{');
        for (const auto& [k, v] : bindings) j.Field(k, v);
        j.End('}');
    }
    j.End('}');
    if (!a.value_sets.empty()) {
        j.Key("value_sets");
        j.Begin('{');
        for (const auto& [id, members] : a.value_sets) {
            j.Key(id);
            j.Begin('{');
            j.Field("id", id);
            j.Key("members");
            j.Begin('[');
            for (const auto& m : members) j.String(m);
            j.End(']');
            j.End('}');
        }
        j.End('}');
    }
    j.End('}');
    if (!a.adl14_codes.empty()) {
        j.Key("adl14_codes");
        j.Begin('{');
        for (const auto& [k, v] : a.adl14_codes) j.Field(k, v);
        j.End('}');
    }
    OdinSection(j, "annotations", a.annotations);
    OdinSection(j, "rm_overlay", a.rm_overlay);
    OdinSection(j, "component_terminologies", a.component_terminologies);
    OdinSection(j, "revision_history", a.revision_history);
    j.End('}');
    j.out += '\n';
    return std::move(j.out);
}

}  // namespace kjerne::archetypes::serialise
