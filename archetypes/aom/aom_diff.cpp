// archetypes/aom/aom_diff.cpp — see aom_diff.hpp. Each Diff* returns the first difference
// below the place it is given, or nullopt.
#include "archetypes/aom/aom_diff.hpp"

#include <sstream>
#include <type_traits>

namespace kjerne::archetypes::aom {

namespace {

using Found = std::optional<std::string>;

template <class T>
std::string Show(const T& v) {
    if constexpr (std::is_same_v<T, std::string>) return "'" + v + "'";
    else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        std::string s = "[";
        for (const auto& x : v) s += (s.size() > 1 ? ", " : "") + x;
        return s + "]";
    } else {
        std::ostringstream s;
        s.precision(17);
        s << v;
        return s.str();
    }
}

template <class T>
Found Eq(const std::string& where, const T& a, const T& b) {
    if (a == b) return std::nullopt;
    return where + ": " + Show(a) + " vs " + Show(b);
}

template <class T>
std::string ShowOpt(const std::optional<T>& v) { return v ? Show(*v) : "none"; }

template <class T>
Found EqOpt(const std::string& where, const std::optional<T>& a, const std::optional<T>& b) {
    if (a == b) return std::nullopt;
    return where + ": " + ShowOpt(a) + " vs " + ShowOpt(b);
}

template <class T>
bool SameInterval(const Interval<T>& a, const Interval<T>& b) {
    return a.lower == b.lower && a.upper == b.upper && a.lower_included == b.lower_included &&
           a.upper_included == b.upper_included;
}

template <class T>
Found EqInterval(const std::string& where, const std::optional<Interval<T>>& a, const std::optional<Interval<T>>& b) {
    if (a.has_value() != b.has_value() || (a && !SameInterval(*a, *b)))
        return where + ": " + (a ? a->ToString() : "none") + " vs " + (b ? b->ToString() : "none");
    return std::nullopt;
}

#define DIFF_TRY(expr)                       \
    do {                                   \
        if (Found f_ = (expr)) return f_;  \
    } while (0)

Found DiffOdin(const std::string& where, const OdinValue& a, const OdinValue& b) {
    DIFF_TRY(Eq(where + "/key", a.key, b.key));
    DIFF_TRY(Eq(where + "/keyed", a.keyed, b.keyed));
    DIFF_TRY(Eq(where + "/type", a.type_name, b.type_name));
    DIFF_TRY(Eq(where + "/is_object", a.is_object, b.is_object));
    DIFF_TRY(Eq(where + "/is_list", a.is_list, b.is_list));
    DIFF_TRY(Eq(where + "/atoms", a.atoms.size(), b.atoms.size()));
    for (size_t i = 0; i < a.atoms.size(); ++i) {
        DIFF_TRY(Eq(where + "/atom", a.atoms[i].text, b.atoms[i].text));
        DIFF_TRY(Eq(where + "/atom kind of " + a.atoms[i].text, static_cast<int>(a.atoms[i].kind),
                  static_cast<int>(b.atoms[i].kind)));
    }
    DIFF_TRY(Eq(where + "/children", a.children.size(), b.children.size()));
    for (size_t i = 0; i < a.children.size(); ++i)
        DIFF_TRY(DiffOdin(where + "/" + (a.children[i].keyed ? "[" + a.children[i].key + "]" : a.children[i].key),
                        a.children[i], b.children[i]));
    return std::nullopt;
}

Found DiffOdinOpt(const std::string& where, const std::optional<OdinValue>& a, const std::optional<OdinValue>& b) {
    if (a.has_value() != b.has_value()) return where + ": " + (a ? "present" : "absent") + " vs " + (b ? "present" : "absent");
    return a ? DiffOdin(where, *a, *b) : std::nullopt;
}

Found DiffExpr(const std::string& where, const Expr& a, const Expr& b) {
    DIFF_TRY(Eq(where + " kind", static_cast<int>(a.kind), static_cast<int>(b.kind)));
    DIFF_TRY(Eq(where + " text", a.text, b.text));
    DIFF_TRY(Eq(where + " op", a.op, b.op));
    DIFF_TRY(Eq(where + " type", a.type_name, b.type_name));
    DIFF_TRY(Eq(where + " pattern", a.pattern, b.pattern));
    DIFF_TRY(Eq(where + " tag", a.tag, b.tag));
    DIFF_TRY(Eq(where + " operands", a.operands.size(), b.operands.size()));
    for (size_t i = 0; i < a.operands.size(); ++i)
        DIFF_TRY(DiffExpr(where + "." + std::to_string(i), a.operands[i], b.operands[i]));
    return std::nullopt;
}

Found DiffExprs(const std::string& where, const std::vector<Expr>& a, const std::vector<Expr>& b) {
    DIFF_TRY(Eq(where + " count", a.size(), b.size()));
    for (size_t i = 0; i < a.size(); ++i) DIFF_TRY(DiffExpr(where + "[" + std::to_string(i) + "]", a[i], b[i]));
    return std::nullopt;
}

Found DiffTemporal(const std::string& w, const CTemporal& a, const CTemporal& b) {
    DIFF_TRY(EqOpt(w + " pattern", a.pattern, b.pattern));
    DIFF_TRY(EqInterval(w + " range", a.range, b.range));
    return EqOpt(w + " assumed", a.assumed_value, b.assumed_value);
}

Found DiffPrimitive(const std::string& w, const CPrimitive& a, const CPrimitive& b) {
    DIFF_TRY(Eq(w + " primitive kind", std::string(PrimitiveKindName(a)), std::string(PrimitiveKindName(b))));
    if (const auto* s = std::get_if<CString>(&a)) {
        const auto& t = std::get<CString>(b);
        DIFF_TRY(Eq(w + " list size", s->list.size(), t.list.size()));
        for (size_t i = 0; i < s->list.size(); ++i) DIFF_TRY(Eq(w + " list", s->list[i], t.list[i]));
        DIFF_TRY(EqOpt(w + " pattern", s->pattern, t.pattern));
        DIFF_TRY(Eq(w + " list_open", s->list_open, t.list_open));
        return EqOpt(w + " assumed", s->assumed_value, t.assumed_value);
    }
    if (const auto* i = std::get_if<CInteger>(&a)) {
        const auto& j = std::get<CInteger>(b);
        DIFF_TRY(Eq(w + " list size", i->list.size(), j.list.size()));
        for (size_t k = 0; k < i->list.size(); ++k) DIFF_TRY(Eq(w + " list", i->list[k], j.list[k]));
        DIFF_TRY(EqInterval(w + " range", i->range, j.range));
        return EqOpt(w + " assumed", i->assumed_value, j.assumed_value);
    }
    if (const auto* r = std::get_if<CReal>(&a)) {
        const auto& q = std::get<CReal>(b);
        DIFF_TRY(Eq(w + " list size", r->list.size(), q.list.size()));
        for (size_t k = 0; k < r->list.size(); ++k) DIFF_TRY(Eq(w + " list", r->list[k], q.list[k]));
        DIFF_TRY(EqInterval(w + " range", r->range, q.range));
        return EqOpt(w + " assumed", r->assumed_value, q.assumed_value);
    }
    if (const auto* x = std::get_if<CBoolean>(&a)) {
        const auto& y = std::get<CBoolean>(b);
        DIFF_TRY(Eq(w + " true_valid", x->true_valid, y.true_valid));
        DIFF_TRY(Eq(w + " false_valid", x->false_valid, y.false_valid));
        return EqOpt(w + " assumed", x->assumed_value, y.assumed_value);
    }
    if (const auto* d = std::get_if<CDate>(&a)) return DiffTemporal(w, *d, std::get<CDate>(b));
    if (const auto* t = std::get_if<CTime>(&a)) return DiffTemporal(w, *t, std::get<CTime>(b));
    if (const auto* dt = std::get_if<CDateTime>(&a)) return DiffTemporal(w, *dt, std::get<CDateTime>(b));
    return DiffTemporal(w, std::get<CDuration>(a), std::get<CDuration>(b));
}

Found DiffCode(const std::string& w, const CodeRef& a, const CodeRef& b) {
    DIFF_TRY(Eq(w + " terminology", a.terminology_id, b.terminology_id));
    return Eq(w + " code", a.code_string, b.code_string);
}

Found DiffDetail(const std::string& w, const CObjectDetail& a, const CObjectDetail& b) {
    DIFF_TRY(Eq(w + " detail kind", a.index(), b.index()));
    if (const auto* s = std::get_if<ArchetypeSlot>(&a)) {
        const auto& t = std::get<ArchetypeSlot>(b);
        DIFF_TRY(Eq(w + " closed", s->is_closed, t.is_closed));
        DIFF_TRY(Eq(w + " other assertions", s->has_other_assertions, t.has_other_assertions));
        DIFF_TRY(Eq(w + " includes", s->includes, t.includes));
        DIFF_TRY(Eq(w + " excludes", s->excludes, t.excludes));
        DIFF_TRY(DiffExprs(w + " include", s->include_assertions, t.include_assertions));
        return DiffExprs(w + " exclude", s->exclude_assertions, t.exclude_assertions);
    }
    if (const auto* r = std::get_if<InternalRef>(&a)) return Eq(w + " target", r->target_path, std::get<InternalRef>(b).target_path);
    if (const auto* c = std::get_if<ConstraintRef>(&a)) return Eq(w + " reference", c->reference, std::get<ConstraintRef>(b).reference);
    if (const auto* p = std::get_if<CPrimitive>(&a)) return DiffPrimitive(w, *p, std::get<CPrimitive>(b));
    if (const auto* q = std::get_if<CDvQuantity>(&a)) {
        const auto& r = std::get<CDvQuantity>(b);
        if (q->property.has_value() != r.property.has_value()) return w + " property: present vs absent";
        if (q->property) DIFF_TRY(DiffCode(w + " property", *q->property, *r.property));
        DIFF_TRY(Eq(w + " units count", q->list.size(), r.list.size()));
        for (size_t i = 0; i < q->list.size(); ++i) {
            DIFF_TRY(Eq(w + " units", q->list[i].units, r.list[i].units));
            DIFF_TRY(EqInterval(w + " magnitude", q->list[i].magnitude, r.list[i].magnitude));
            DIFF_TRY(EqInterval(w + " precision", q->list[i].precision, r.list[i].precision));
        }
        return std::nullopt;
    }
    if (const auto* o = std::get_if<CDvOrdinal>(&a)) {
        const auto& p = std::get<CDvOrdinal>(b);
        DIFF_TRY(Eq(w + " is_scale", o->is_scale, p.is_scale));
        DIFF_TRY(Eq(w + " ordinals", o->list.size(), p.list.size()));
        for (size_t i = 0; i < o->list.size(); ++i) {
            DIFF_TRY(Eq(w + " ordinal value", o->list[i].value, p.list[i].value));
            DIFF_TRY(DiffCode(w + " ordinal symbol", o->list[i].symbol, p.list[i].symbol));
        }
        return std::nullopt;
    }
    if (const auto* c = std::get_if<CCodePhrase>(&a)) {
        const auto& d = std::get<CCodePhrase>(b);
        DIFF_TRY(Eq(w + " terminology", c->terminology_id, d.terminology_id));
        DIFF_TRY(Eq(w + " codes", c->code_list, d.code_list));
        DIFF_TRY(Eq(w + " reference set", c->reference_set_uri, d.reference_set_uri));
        return EqOpt(w + " assumed", c->assumed_value, d.assumed_value);
    }
    return std::nullopt;
}

// Position of a tuple member object in its attribute's children (tuples hold raw pointers).
long IndexIn(const CObject& owner, const std::string& attr, const CObject* child) {
    if (const CAttribute* a = owner.FindAttribute(attr))
        for (size_t i = 0; i < a->children.size(); ++i)
            if (a->children[i].get() == child) return static_cast<long>(i);
    return -1;
}

Found DiffObject(const CObject& a, const CObject& b) {
    const std::string w = a.path.empty() ? std::string("/") : a.path;
    DIFF_TRY(Eq(w + " kind", std::string(CObjectKindName(a.kind)), std::string(CObjectKindName(b.kind))));
    DIFF_TRY(Eq(w + " rm_type_name", a.rm_type_name, b.rm_type_name));
    DIFF_TRY(Eq(w + " rm_type", a.rm_type, b.rm_type));
    DIFF_TRY(Eq(w + " node_id", a.node_id, b.node_id));
    DIFF_TRY(Eq(w + " archetype_id", a.archetype_id, b.archetype_id));
    DIFF_TRY(Eq(w + " path", a.path, b.path));
    DIFF_TRY(EqInterval(w + " occurrences", a.occurrences, b.occurrences));
    DIFF_TRY(Eq(w + " sibling_order", a.sibling_order, b.sibling_order));
    DIFF_TRY(Eq(w + " any_allowed", a.any_allowed, b.any_allowed));
    DIFF_TRY(DiffDetail(w, a.detail, b.detail));
    DIFF_TRY(Eq(w + " tuples", a.tuples.size(), b.tuples.size()));
    for (size_t t = 0; t < a.tuples.size(); ++t) {
        const auto& ta = a.tuples[t];
        const auto& tb = b.tuples[t];
        DIFF_TRY(Eq(w + " tuple members", ta.members, tb.members));
        DIFF_TRY(Eq(w + " tuple rows", ta.tuples.size(), tb.tuples.size()));
        for (size_t r = 0; r < ta.tuples.size(); ++r)
            for (size_t m = 0; m < ta.members.size() && m < ta.tuples[r].size(); ++m)
                DIFF_TRY(Eq(w + " tuple row " + std::to_string(r) + " member " + ta.members[m],
                          IndexIn(a, ta.members[m], ta.tuples[r][m]), IndexIn(b, tb.members[m], tb.tuples[r][m])));
    }
    DIFF_TRY(Eq(w + " attributes", a.attributes.size(), b.attributes.size()));
    for (size_t i = 0; i < a.attributes.size(); ++i) {
        const CAttribute& x = a.attributes[i];
        const CAttribute& y = b.attributes[i];
        const std::string aw = (w == "/" ? "" : w) + "/" + x.rm_attribute_name;
        DIFF_TRY(Eq(aw + " name", x.rm_attribute_name, y.rm_attribute_name));
        DIFF_TRY(Eq(aw + " differential_path", x.differential_path, y.differential_path));
        DIFF_TRY(Eq(aw + " rm slot", x.slot, y.slot));
        DIFF_TRY(Eq(aw + " is_multiple", x.is_multiple, y.is_multiple));
        DIFF_TRY(EqInterval(aw + " existence", x.existence, y.existence));
        if (x.cardinality.has_value() != y.cardinality.has_value())
            return aw + " cardinality: " + (x.cardinality ? "present" : "absent") + " vs " + (y.cardinality ? "present" : "absent");
        if (x.cardinality) {
            DIFF_TRY(Eq(aw + " ordered", x.cardinality->is_ordered, y.cardinality->is_ordered));
            DIFF_TRY(Eq(aw + " unique", x.cardinality->is_unique, y.cardinality->is_unique));
            DIFF_TRY(EqInterval(aw + " cardinality", std::optional(x.cardinality->interval),
                              std::optional(y.cardinality->interval)));
        }
        DIFF_TRY(Eq(aw + " children", x.children.size(), y.children.size()));
        for (size_t c = 0; c < x.children.size(); ++c) DIFF_TRY(DiffObject(*x.children[c], *y.children[c]));
    }
    return std::nullopt;
}

Found DiffTables(const std::string& w, const std::map<std::string, TermTable>& a, const std::map<std::string, TermTable>& b) {
    DIFF_TRY(Eq(w + " languages", a.size(), b.size()));
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        DIFF_TRY(Eq(w + " language", ia->first, ib->first));
        DIFF_TRY(Eq(w + "[" + ia->first + "] codes", ia->second.size(), ib->second.size()));
        for (auto ta = ia->second.begin(), tb = ib->second.begin(); ta != ia->second.end(); ++ta, ++tb) {
            DIFF_TRY(Eq(w + "[" + ia->first + "] code", ta->first, tb->first));
            if (ta->second.items != tb->second.items) return w + "[" + ia->first + "][" + ta->first + "]: items differ";
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> FirstDifference(const Archetype& a, const Archetype& b) {
    DIFF_TRY(Eq("artefact_type", a.artefact_type, b.artefact_type));
    DIFF_TRY(Eq("is_adl2", a.is_adl2, b.is_adl2));
    DIFF_TRY(Eq("header items", a.header_meta.size(), b.header_meta.size()));
    for (size_t i = 0; i < a.header_meta.size(); ++i) {
        DIFF_TRY(Eq("header item", a.header_meta[i].first, b.header_meta[i].first));
        DIFF_TRY(Eq("header " + a.header_meta[i].first, a.header_meta[i].second, b.header_meta[i].second));
    }
    DIFF_TRY(Eq("adl_version", a.adl_version, b.adl_version));
    DIFF_TRY(Eq("rm_release", a.rm_release, b.rm_release));
    DIFF_TRY(Eq("uid", a.uid, b.uid));
    DIFF_TRY(Eq("build_uid", a.build_uid, b.build_uid));
    DIFF_TRY(Eq("is_controlled", a.is_controlled, b.is_controlled));
    DIFF_TRY(Eq("is_generated", a.is_generated, b.is_generated));
    DIFF_TRY(Eq("archetype_id", a.archetype_id, b.archetype_id));
    DIFF_TRY(Eq("parent_archetype_id", a.parent_archetype_id, b.parent_archetype_id));
    DIFF_TRY(Eq("concept", a.concept_code, b.concept_code));
    DIFF_TRY(Eq("original_language", a.original_language, b.original_language));
    DIFF_TRY(DiffOdinOpt("language", a.language, b.language));
    DIFF_TRY(DiffOdinOpt("description", a.description, b.description));
    if (static_cast<bool>(a.definition) != static_cast<bool>(b.definition)) return std::string("definition: present vs absent");
    if (a.definition) DIFF_TRY(DiffObject(*a.definition, *b.definition));
    DIFF_TRY(DiffExprs("rules", a.rules, b.rules));
    DIFF_TRY(DiffOdinOpt("terminology_odin", a.terminology_odin, b.terminology_odin));
    DIFF_TRY(Eq("terminology archetype_id", a.terminology.archetype_id, b.terminology.archetype_id));
    DIFF_TRY(DiffTables("term_definitions", a.terminology.term_definitions, b.terminology.term_definitions));
    DIFF_TRY(DiffTables("constraint_definitions", a.terminology.constraint_definitions, b.terminology.constraint_definitions));
    if (a.terminology.term_bindings != b.terminology.term_bindings) return std::string("term_bindings differ");
    if (a.value_sets != b.value_sets) return std::string("value_sets differ");
    DIFF_TRY(Eq("terminologies_available", a.terminologies_available, b.terminologies_available));
    DIFF_TRY(DiffOdinOpt("annotations", a.annotations, b.annotations));
    DIFF_TRY(DiffOdinOpt("rm_overlay", a.rm_overlay, b.rm_overlay));
    DIFF_TRY(DiffOdinOpt("component_terminologies", a.component_terminologies, b.component_terminologies));
    return DiffOdinOpt("revision_history", a.revision_history, b.revision_history);
}

#undef DIFF_TRY

}  // namespace kjerne::archetypes::aom
