// archetypes/serialise/adl2_writer.cpp — see adl2_writer.hpp. The cADL writer follows the
// parser's grammar choices in archetypes/adl/cadl_parser.cpp (which form yields which AOM
// shape); comments below say where a form was chosen for that reason.
#include "archetypes/serialise/adl2_writer.hpp"

#include <set>
#include <type_traits>

#include "archetypes/serialise/expr_writer.hpp"
#include "archetypes/serialise/odin_writer.hpp"
#include "archetypes/serialise/text_out.hpp"

namespace kjerne::archetypes::serialise {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;

namespace {

template <class T>
std::string Bound(const T& v) {
    if constexpr (std::is_same_v<T, double>) return FormatReal(v);
    else if constexpr (std::is_same_v<T, std::string>) return v;
    else return std::to_string(v);
}

// "lo..hi" with '>'/'<' for excluded bounds and '*' for unbounded ones: the one form the
// parser's interval reader maps back to every Interval (">=5" and "5..*" read alike).
template <class T>
std::string IntervalText(const aom::Interval<T>& iv) {
    std::string s;
    if (!iv.lower_included && iv.lower) s += '>';
    s += iv.lower ? Bound(*iv.lower) : "*";
    s += "..";
    if (!iv.upper_included && iv.upper) s += '<';
    s += iv.upper ? Bound(*iv.upper) : "*";
    return s;
}

std::string Multiplicity(const aom::MultiplicityInterval& m) {
    std::string lo = m.lower ? std::to_string(*m.lower) : "*";
    std::string hi = m.upper ? std::to_string(*m.upper) : "*";
    return lo + ".." + hi;
}

// A regex in /…/, or ^…^ when the pattern holds an unescaped '/' (it was written that way).
void AppendRegex(std::string& out, const std::string& re) {
    bool bare_slash = false;
    for (size_t i = 0; i < re.size(); ++i) {
        if (re[i] == '\\') ++i;
        else if (re[i] == '/') bare_slash = true;
    }
    char d = bare_slash ? '^' : '/';
    out += d;
    out += re;
    out += d;
}

// ADL 2 writes local codes bare ([at6], [ac1]); the parser reads a bare code as "local" in an
// ADL 2 archetype. In ADL 1.4 a bare [ac0001] would be a constraint ref, so there it stays qualified.
bool BareLocal(bool adl2, const std::string& terminology) { return adl2 && terminology == "local"; }

void AppendCode(std::string& out, const aom::CodeRef& c, bool adl2) {
    out += '[';
    if (!c.terminology_id.empty() && !BareLocal(adl2, c.terminology_id)) out += c.terminology_id + "::";
    out += c.code_string;
    out += ']';
}

class Writer {
public:
    Writer(std::string& out, bool adl2) : out_(out), adl2_(adl2) {}

    void Object(const CObject& o, int depth);

private:
    void Attribute(const CAttribute& a, const std::set<const CObject*>& tuple_children, int depth);
    void Children(const std::vector<const CObject*>& children, int depth);
    void Tuple(const aom::CAttributeTuple& t, int depth);
    void Primitive(const aom::CPrimitive& p);
    void Temporal(const aom::CTemporal& t);
    void Slot(const aom::ArchetypeSlot& s, int depth);
    void Quantity(const aom::CDvQuantity& q, int depth);
    void Ordinal(const aom::CDvOrdinal& ord);
    void CodePhrase(const CObject& o, const aom::CCodePhrase& cp);

    std::string& out_;
    bool adl2_;
};

void Writer::Object(const CObject& o, int depth) {
    switch (o.kind) {
        case CObjectKind::kPrimitiveObject:
            if (const auto* p = o.primitive()) Primitive(*p);
            return;
        case CObjectKind::kCodePhrase:
            if (const auto* cp = o.code_phrase()) CodePhrase(o, *cp);
            return;
        case CObjectKind::kConstraintRef:  // ADL 1.4 [acNNNN], only met when not converted
            if (const auto* cr = o.constraint_ref()) out_ += "[" + cr->reference + "]";
            return;
        case CObjectKind::kDvOrdinal:
            if (const auto* ord = o.ordinal()) Ordinal(*ord);
            return;
        case CObjectKind::kDvQuantity:
            if (const auto* q = o.quantity()) Quantity(*q, depth);
            return;
        default:
            break;
    }
    if (!o.sibling_order.empty()) out_ += o.sibling_order + " ";
    if (o.kind == CObjectKind::kInternalRef) out_ += "use_node ";
    else if (o.kind == CObjectKind::kArchetypeRoot) out_ += "use_archetype ";
    else if (o.kind == CObjectKind::kArchetypeSlot) out_ += "allow_archetype ";
    out_ += o.rm_type_name;
    if (o.kind == CObjectKind::kArchetypeRoot) {
        out_ += '[';
        if (!o.node_id.empty()) out_ += o.node_id + ", ";
        out_ += o.archetype_id + "]";
    } else if (!o.node_id.empty()) {
        out_ += "[" + o.node_id + "]";
    }
    if (o.occurrences) out_ += " occurrences matches {" + Multiplicity(*o.occurrences) + "}";
    if (o.kind == CObjectKind::kInternalRef) {
        if (const auto* r = o.internal_ref()) out_ += " " + r->target_path;
        return;
    }
    if (o.kind == CObjectKind::kArchetypeSlot) {
        if (const auto* s = o.slot()) Slot(*s, depth);
        return;
    }
    if (o.any_allowed) {
        out_ += " matches {*}";
        return;
    }
    // An object without attributes is written bare: `matches {}` is a syntax error (SCOAT).
    if (o.attributes.empty()) return;
    std::set<const CObject*> tuple_children;
    for (const auto& t : o.tuples)
        for (const auto& row : t.tuples) tuple_children.insert(row.begin(), row.end());
    out_ += " matches {\n";
    std::vector<bool> tuple_written(o.tuples.size(), false);
    for (const auto& a : o.attributes) {
        bool tuple_only = !a.children.empty() && !a.existence && !a.cardinality && a.differential_path.empty();
        for (const auto& c : a.children) tuple_only = tuple_only && tuple_children.count(c.get()) > 0;
        if (!tuple_only) {
            Attribute(a, tuple_children, depth + 1);
            continue;
        }
        // An attribute that only holds tuple members is written as its tuple, where it stood.
        for (size_t i = 0; i < o.tuples.size(); ++i) {
            if (tuple_written[i]) continue;
            for (const auto& m : o.tuples[i].members) {
                if (m != a.rm_attribute_name) continue;
                Tuple(o.tuples[i], depth + 1);
                tuple_written[i] = true;
                break;
            }
        }
    }
    for (size_t i = 0; i < o.tuples.size(); ++i)
        if (!tuple_written[i]) Tuple(o.tuples[i], depth + 1);
    Indent(out_, depth);
    out_ += "}";
}

void Writer::Attribute(const CAttribute& a, const std::set<const CObject*>& tuple_children, int depth) {
    Indent(out_, depth);
    if (a.differential_path == "/") out_ += "/";  // a one-segment path: /state
    else if (!a.differential_path.empty()) out_ += a.differential_path + "/";
    out_ += a.rm_attribute_name;
    if (a.existence) out_ += " existence matches {" + Multiplicity(*a.existence) + "}";
    if (a.cardinality) {
        out_ += " cardinality matches {" + Multiplicity(a.cardinality->interval);
        out_ += a.cardinality->is_ordered ? "; ordered" : "; unordered";
        if (a.cardinality->is_unique) out_ += "; unique";
        out_ += "}";
    }
    std::vector<const CObject*> own;
    for (const auto& c : a.children)
        if (!tuple_children.count(c.get())) own.push_back(c.get());
    if (own.empty()) {
        // No children: `matches {*}` unless existence/cardinality already say something
        // (the two read back alike: an attribute without children).
        if (!a.existence && !a.cardinality) out_ += " matches {*}";
        out_ += "\n";
        return;
    }
    out_ += " matches {";
    Children(own, depth);
    out_ += "}\n";
}

void Writer::Children(const std::vector<const CObject*>& children, int depth) {
    out_ += "\n";
    for (const CObject* c : children) {
        Indent(out_, depth + 1);
        Object(*c, depth + 1);
        out_ += "\n";
    }
    Indent(out_, depth);
}

void Writer::Tuple(const aom::CAttributeTuple& t, int depth) {
    Indent(out_, depth);
    out_ += "[";
    for (size_t i = 0; i < t.members.size(); ++i) out_ += (i ? ", " : "") + t.members[i];
    out_ += "] matches {\n";
    for (size_t r = 0; r < t.tuples.size(); ++r) {
        Indent(out_, depth + 1);
        out_ += "[";
        for (size_t i = 0; i < t.tuples[r].size(); ++i) {
            out_ += i ? ", {" : "{";
            Object(*t.tuples[r][i], depth + 1);
            out_ += "}";
        }
        out_ += r + 1 < t.tuples.size() ? "],\n" : "]\n";
    }
    Indent(out_, depth);
    out_ += "}\n";
}

void Writer::Primitive(const aom::CPrimitive& p) {
    if (const auto* s = std::get_if<aom::CString>(&p)) {
        bool first = true;
        for (const auto& v : s->list) {
            if (!first) out_ += ", ";
            first = false;
            AppendQuoted(out_, v);
        }
        if (s->pattern) {
            if (!first) out_ += ", ";
            first = false;
            AppendRegex(out_, *s->pattern);
        }
        if (s->list_open) out_ += ", ...";
        if (s->assumed_value) {
            out_ += "; ";
            AppendQuoted(out_, *s->assumed_value);
        }
    } else if (const auto* i = std::get_if<aom::CInteger>(&p)) {
        if (i->range) {
            out_ += "|" + IntervalText(*i->range) + "|";
        } else {
            for (size_t k = 0; k < i->list.size(); ++k) out_ += (k ? ", " : "") + std::to_string(i->list[k]);
        }
        if (i->assumed_value) out_ += "; " + std::to_string(*i->assumed_value);
    } else if (const auto* r = std::get_if<aom::CReal>(&p)) {
        // Reals carry a '.' before any "..", which is how the parser tells them from integers.
        if (r->range) {
            out_ += "|" + IntervalText(*r->range) + "|";
        } else {
            for (size_t k = 0; k < r->list.size(); ++k) out_ += (k ? ", " : "") + FormatReal(r->list[k]);
        }
        if (r->assumed_value) out_ += "; " + FormatReal(*r->assumed_value);
    } else if (const auto* b = std::get_if<aom::CBoolean>(&p)) {
        if (b->true_valid && b->false_valid) out_ += "True, False";
        else out_ += b->true_valid ? "True" : "False";
        if (b->assumed_value) out_ += *b->assumed_value ? "; True" : "; False";
    } else if (const auto* d = std::get_if<aom::CDate>(&p)) {
        Temporal(*d);
    } else if (const auto* t = std::get_if<aom::CTime>(&p)) {
        Temporal(*t);
    } else if (const auto* dt = std::get_if<aom::CDateTime>(&p)) {
        Temporal(*dt);
    } else if (const auto* du = std::get_if<aom::CDuration>(&p)) {
        Temporal(*du);
    }
}

void Writer::Temporal(const aom::CTemporal& t) {
    auto single = [](const aom::Interval<std::string>& r) {
        return r.lower && r.upper && *r.lower == *r.upper && r.lower_included && r.upper_included;
    };
    auto range = [&](const aom::Interval<std::string>& r) {
        // One value is written bare (2004-01-01, P1D), as the parser reads it into [v, v].
        if (single(r)) {
            out_ += *r.lower;
            return;
        }
        out_ += '|';
        out_ += IntervalText(r);
        out_ += '|';
    };
    if (t.pattern) {
        out_ += *t.pattern;
        if (t.range) {
            out_ += '/';
            range(*t.range);
        }
    } else if (t.range) {
        range(*t.range);
    }
    if (t.assumed_value) {
        out_ += "; ";
        out_ += *t.assumed_value;
    }
}

void Writer::Slot(const aom::ArchetypeSlot& s, int depth) {
    if (s.is_closed) {
        out_ += " closed";
        return;
    }
    if (s.include_assertions.empty() && s.exclude_assertions.empty()) return;
    out_ += " matches {\n";
    auto section = [&](const char* kw, const std::vector<aom::Expr>& list) {
        if (list.empty()) return;
        Indent(out_, depth + 1);
        out_ += kw;
        out_ += "\n";
        for (const auto& e : list) {
            Indent(out_, depth + 2);
            WriteExpr(out_, e);
            out_ += "\n";
        }
    };
    section("include", s.include_assertions);
    section("exclude", s.exclude_assertions);
    Indent(out_, depth);
    out_ += "}";
}

void Writer::Quantity(const aom::CDvQuantity& q, int depth) {
    // The profile's ODIN block; "C_DV_QUANTITY <" needs the space, else it reads as a generic type.
    out_ += "C_DV_QUANTITY <";
    if (!q.property && q.list.empty()) {
        out_ += ">";
        return;
    }
    out_ += "\n";
    if (q.property) {
        Indent(out_, depth + 1);
        out_ += "property = <";
        AppendCode(out_, *q.property, adl2_);
        out_ += ">\n";
    }
    if (!q.list.empty()) {
        Indent(out_, depth + 1);
        out_ += "list = <\n";
        for (size_t i = 0; i < q.list.size(); ++i) {
            const auto& item = q.list[i];
            Indent(out_, depth + 2);
            out_ += "[\"" + std::to_string(i + 1) + "\"] = <";
            if (!item.units.empty()) {
                out_ += "units = ";
                out_ += "<";
                AppendQuoted(out_, item.units);
                out_ += "> ";
            }
            if (item.magnitude) out_ += "magnitude = <|" + IntervalText(*item.magnitude) + "|> ";
            if (item.precision) out_ += "precision = <|" + IntervalText(*item.precision) + "|> ";
            out_ += ">\n";
        }
        Indent(out_, depth + 1);
        out_ += ">\n";
    }
    Indent(out_, depth);
    out_ += ">";
}

void Writer::Ordinal(const aom::CDvOrdinal& ord) {
    // Only the `n|[t::c]` list form yields values; the ODIN forms (C_DV_ORDINAL/C_DV_SCALE)
    // are read as empty lists, so they are what an empty list or a scale is written as.
    if (ord.is_scale || ord.list.empty()) {
        out_ += (ord.is_scale ? "C_DV_SCALE <>" : "C_DV_ORDINAL <>");
        return;
    }
    for (size_t i = 0; i < ord.list.size(); ++i) {
        if (i > 0) out_ += ", ";
        out_ += FormatNumber(ord.list[i].value) + "|";
        AppendCode(out_, ord.list[i].symbol, adl2_);
    }
}

void Writer::CodePhrase(const CObject& o, const aom::CCodePhrase& cp) {
    if (o.rm_type_name == "CODE_PHRASE") {
        // Only the profile's ODIN form reads back as CODE_PHRASE in an ADL 2 file.
        out_ += "C_CODE_PHRASE <";
        if (!cp.terminology_id.empty()) {
            out_ += "terminology_id = <value = <";
            AppendQuoted(out_, cp.terminology_id);
            out_ += ">> ";
        }
        if (!cp.code_list.empty()) {
            out_ += "code_list = <";
            for (size_t i = 0; i < cp.code_list.size(); ++i) {
                if (i > 0) out_ += ", ";
                AppendQuoted(out_, cp.code_list[i]);
            }
            if (cp.code_list.size() == 1) out_ += ", ...";
            out_ += ">";
        }
        out_ += ">";
        return;
    }
    out_ += "[";
    if (!cp.terminology_id.empty() && (cp.code_list.empty() || !BareLocal(adl2_, cp.terminology_id)))
        out_ += cp.terminology_id + "::";
    for (size_t i = 0; i < cp.code_list.size(); ++i) out_ += (i ? ", " : "") + cp.code_list[i];
    if (cp.assumed_value) out_ += "; " + *cp.assumed_value;
    out_ += "]";
}

void Section(std::string& out, const char* name, const std::optional<aom::OdinValue>& v) {
    if (!v) return;
    out += "\n";
    out += name;
    out += "\n";
    WriteOdinAttrList(out, *v, 1);
}

}  // namespace

std::string WriteAdl2(const aom::Archetype& a) {
    std::string out;
    out.reserve(64 * 1024);
    out += a.artefact_type;
    if (!a.header_meta.empty()) {
        out += " (";
        for (size_t i = 0; i < a.header_meta.size(); ++i) {
            if (i > 0) out += "; ";
            out += a.header_meta[i].first;
            if (!a.header_meta[i].second.empty()) out += "=" + a.header_meta[i].second;
        }
        out += ")";
    }
    out += "\n\t" + a.archetype_id + "\n";
    if (!a.parent_archetype_id.empty()) out += "\nspecialise\n\t" + a.parent_archetype_id + "\n";
    if (!a.concept_code.empty()) out += "\nconcept\n\t[" + a.concept_code + "]\n";
    Section(out, "language", a.language);
    Section(out, "description", a.description);
    out += "\ndefinition\n\t";
    if (a.definition) Writer(out, a.is_adl2).Object(*a.definition, 1);
    out += "\n";
    if (!a.rules.empty()) {
        out += "\nrules\n";
        for (const auto& r : a.rules) {
            out += "\t";  // never column 1: there a word could be taken for a section keyword
            WriteStatement(out, r);
            out += "\n";
        }
    }
    Section(out, "terminology", a.terminology_odin);
    Section(out, "annotations", a.annotations);
    Section(out, "rm_overlay", a.rm_overlay);
    Section(out, "component_terminologies", a.component_terminologies);
    Section(out, "revision_history", a.revision_history);
    return out;
}

std::string WriteAdl2(const std::vector<const aom::Archetype*>& artefacts) {
    std::string out;
    for (size_t i = 0; i < artefacts.size(); ++i) {
        if (i > 0) out += "\n------------------------------------------------------------\n\n";
        out += WriteAdl2(*artefacts[i]);
    }
    return out;
}

}  // namespace kjerne::archetypes::serialise
