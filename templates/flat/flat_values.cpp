// templates/flat/flat_values.cpp — data values, `_x` attributes and `ctx/` defaults in FLAT.
#include "templates/flat/flat_values.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "templates/validation/openehr_terminology.hpp"

namespace kjerne::templates::flat {

namespace {

bool IsEntry(std::string_view ty) {
    return ty == "OBSERVATION" || ty == "EVALUATION" || ty == "INSTRUCTION" || ty == "ACTION" ||
           ty == "ADMIN_ENTRY" || ty == "GENERIC_ENTRY";
}

void AddIssue(std::vector<Issue>& issues, const char* code, std::string key, std::string msg) {
    Issue i;
    i.code = code;
    i.rm_path = std::move(key);
    i.message = std::move(msg);
    issues.push_back(std::move(i));
}

JVal Num(std::string text) {
    JVal v;
    v.kind = JVal::Kind::kNumber;
    v.text = std::move(text);
    return v;
}
JVal Bool(bool b) {
    JVal v;
    v.kind = JVal::Kind::kBool;
    v.text = b ? "true" : "false";
    return v;
}

JVal CodePhrase(const std::string& terminology, const std::string& code) {
    JVal cp = JVal::Typed("CODE_PHRASE");
    JVal t = JVal::Typed("TERMINOLOGY_ID");
    t.Set("value", JVal::Str(terminology));
    cp.Set("terminology_id", std::move(t));
    cp.Set("code_string", JVal::Str(code));
    return cp;
}

JVal Text(const std::string& s) {
    JVal t = JVal::Typed("DV_TEXT");
    t.Set("value", JVal::Str(s));
    return t;
}

const webtemplate::WtInputValue* ListValue(const WtNode& wt, const std::string& code) {
    for (const auto& in : wt.inputs)
        for (const auto& v : in.list)
            if (v.value == code) return &v;
    return nullptr;
}

std::string DefaultTerminology(const WtNode& wt, const std::string& code) {
    // The RM fixes these attributes' terminologies; FLAT often gives only the code.
    if (wt.rm_type == "CODE_PHRASE") {
        if (wt.id == "language") return "ISO_639-1";
        if (wt.id == "territory") return "ISO_3166-1";
        if (wt.id == "encoding") return "IANA_character-sets";
    }
    if (wt.id == "setting" || wt.id == "category") return "openehr";
    for (const auto& in : wt.inputs)
        if (!in.terminology.empty()) return in.terminology;
    return code.rfind("at", 0) == 0 ? "local" : "";
}

// The party reached by `|name|id|id_scheme|id_namespace` (EHRbase's PARTY_PROXY spelling).
std::optional<JVal> PartyFrom(Trie& sub, const std::string& rm_type,
                              const char* ref_type = "PARTY") {
    auto name = sub.Take("name");
    auto id = sub.Take("id");
    auto scheme = sub.Take("id_scheme");
    auto ns = sub.Take("id_namespace");
    auto* rel = sub.Find("relationship");
    std::string type = rm_type;
    if (auto given = sub.Take("_type")) type = given->text;  // `|_type` where the parts do not tell
    bool self = type == "PARTY_SELF" ||
                (!name && !rel && type != "PARTY_IDENTIFIED" && type != "PARTY_RELATED");
    JVal p = JVal::Typed(self                    ? "PARTY_SELF"
                         : rel                   ? "PARTY_RELATED"
                         : type == "PARTY_PROXY" ? "PARTY_IDENTIFIED"
                                                 : type);
    if (rel && !self) {
        Trie& r = rel->begin()->second;
        auto code = r.Take("code");
        auto value = r.Take("value");
        auto term = r.Take("terminology");
        JVal rv = JVal::Typed("DV_CODED_TEXT");
        rv.Set("value", JVal::Str(value ? value->text : std::string()));
        rv.Set("defining_code",
               CodePhrase(term ? term->text : "openehr", code ? code->text : std::string()));
        p.Set("relationship", std::move(rv));
        std::erase_if(sub.children, [](const auto& c) { return c.first == "relationship"; });
    }
    if (id) {
        JVal ref = JVal::Typed("PARTY_REF");
        // A scheme makes it a GENERIC_ID; without one it is read as the HIER_OBJECT_ID it was.
        JVal oid = JVal::Typed(scheme ? "GENERIC_ID" : "HIER_OBJECT_ID");
        oid.Set("value", JVal::Str(id->text));
        if (scheme) oid.Set("scheme", JVal::Str(scheme->text));
        ref.Set("id", std::move(oid));
        ref.Set("namespace", JVal::Str(ns ? ns->text : std::string("local")));
        ref.Set("type", JVal::Str(ref_type));
        p.Set("external_ref", std::move(ref));
    }
    if (name && !self) p.Set("name", JVal::Str(name->text));
    if (auto* idents = sub.Find("_identifier")) {  // `_identifier:N|id|issuer|assigner|type`
        JVal arr = JVal::Array();
        for (auto& [n, it] : *idents) {
            JVal d = JVal::Typed("DV_IDENTIFIER");
            for (const char* f : {"issuer", "assigner", "id", "type"})
                if (auto v = it.Take(f)) d.Set(f, std::move(*v));
            arr.items.push_back(std::move(d));
        }
        if (!self) p.Set("identifiers", std::move(arr));
        std::erase_if(sub.children, [](const auto& c) { return c.first == "_identifier"; });
    }
    return p;
}

// `|identifiers_id:N`, `|identifiers_issuer:N`, ... -> PARTY_IDENTIFIED.identifiers.
void IdentifiersFrom(Trie& sub, JVal& party) {
    std::map<int, JVal> ids;
    for (auto it = sub.attrs.begin(); it != sub.attrs.end();) {
        const std::string& a = it->first;
        size_t colon = a.rfind(':');
        if (a.rfind("identifiers_", 0) != 0 || colon == std::string::npos) {
            ++it;
            continue;
        }
        std::string field = a.substr(12, colon - 12);
        int n = std::atoi(a.c_str() + colon + 1);
        auto [e, fresh] = ids.try_emplace(n, JVal::Typed("DV_IDENTIFIER"));
        e->second.Set(field, it->second);
        it = sub.attrs.erase(it);
    }
    if (ids.empty()) return;
    JVal arr = JVal::Array();
    for (auto& [n, v] : ids) arr.items.push_back(std::move(v));
    party.Set("identifiers", std::move(arr));
}

JVal ParticipationFrom(Trie& t) {
    JVal p = JVal::Typed("PARTICIPATION");
    auto fn = t.Take("function");
    p.Set("function", Text(fn ? fn->text : std::string("unknown")));
    if (auto mode = t.Take("mode")) {
        JVal m = JVal::Typed("DV_CODED_TEXT");
        m.Set("value", JVal::Str(mode->text));
        // The openEHR participation mode by its rubric: FLAT carries only the text.
        std::string code = "193";  // not specified
        for (const auto* c : validation::OpenEhrGroup("participation mode"))
            if (c->rubric == mode->text) code = std::string(c->code);
        m.Set("defining_code", CodePhrase("openehr", code));
        p.Set("mode", std::move(m));
    }
    JVal performer = *PartyFrom(t, "PARTY_PROXY", "PERSON");  // EHRbase's type for performers
    IdentifiersFrom(t, performer);
    p.Set("performer", std::move(performer));
    return p;
}

JVal ObjectRefFrom(Trie& t) {
    JVal ref = JVal::Typed("OBJECT_REF");
    auto id = t.Take("id");
    auto scheme = t.Take("id_scheme");
    JVal oid = JVal::Typed(scheme ? "GENERIC_ID" : "HIER_OBJECT_ID");
    oid.Set("value", JVal::Str(id ? id->text : std::string()));
    if (scheme) oid.Set("scheme", JVal::Str(scheme->text));
    ref.Set("id", std::move(oid));
    auto ns = t.Take("namespace");
    ref.Set("namespace", JVal::Str(ns ? ns->text : std::string("local")));
    auto type = t.Take("type");
    ref.Set("type", JVal::Str(type ? type->text : std::string("ANY")));
    return ref;
}

void CopyIf(Trie& sub, const char* flat_attr, JVal& out, const char* rm_attr);

// Reports what a converter left in `t` (attributes and children) as unknown paths.
void Leftovers(const Trie& t, std::vector<Issue>& issues) {
    for (const auto& [a, v] : t.attrs)
        AddIssue(issues, "FLAT_UNKNOWN_PATH", a.empty() ? t.path : t.path + "|" + a,
                 "not a part of this RM object");
    for (const auto& [id, occs] : t.children)
        for (const auto& [n, c] : occs)
            AddIssue(issues, "FLAT_UNKNOWN_PATH", c.path, "not a part of this RM object");
}

// The single occurrence of child `id`, removed from `t` (empty trie when absent).
std::optional<Trie> TakeChild(Trie& t, std::string_view id) {
    for (auto it = t.children.begin(); it != t.children.end(); ++it) {
        if (it->first != id) continue;
        Trie c = std::move(it->second.begin()->second);
        t.children.erase(it);
        return c;
    }
    return std::nullopt;
}

JVal IdentifierList(Trie& t, std::string_view id) {
    JVal arr = JVal::Array();
    for (auto it = t.children.begin(); it != t.children.end(); ++it) {
        if (it->first != id) continue;
        for (auto& [n, c] : it->second) {
            JVal d = JVal::Typed("DV_IDENTIFIER");
            for (const char* f : {"issuer", "assigner", "id", "type"})
                if (auto v = c.Take(f)) d.Set(f, std::move(*v));
            arr.items.push_back(std::move(d));
        }
        t.children.erase(it);
        break;
    }
    return arr;
}

// `_feeder_audit/...` (EHRbase's spelling): audits, item ids, original content.
JVal FeederAuditFrom(Trie& t, std::vector<Issue>& issues) {
    JVal fa = JVal::Typed("FEEDER_AUDIT");
    for (const char* audit : {"originating_system_audit", "feeder_system_audit"}) {
        auto a = TakeChild(t, audit);
        if (!a) continue;
        JVal d = JVal::Typed("FEEDER_AUDIT_DETAILS");
        CopyIf(*a, "system_id", d, "system_id");
        for (const char* party : {"location", "provider", "subject"}) {
            auto p = TakeChild(*a, party);
            if (!p) continue;
            std::string type =
                std::string_view(party) == "subject" ? "PARTY_PROXY" : "PARTY_IDENTIFIED";
            JVal pj = *PartyFrom(*p, type);
            Leftovers(*p, issues);
            d.Set(party, std::move(pj));
        }
        if (auto time = a->Take("time")) {
            JVal tv = JVal::Typed("DV_DATE_TIME");
            tv.Set("value", std::move(*time));
            d.Set("time", std::move(tv));
        }
        CopyIf(*a, "version_id", d, "version_id");
        Leftovers(*a, issues);
        fa.Set(audit, std::move(d));
    }
    if (JVal ids = IdentifierList(t, "originating_system_item_id"); !ids.items.empty())
        fa.Set("originating_system_item_ids", std::move(ids));
    if (JVal ids = IdentifierList(t, "feeder_system_item_id"); !ids.items.empty())
        fa.Set("feeder_system_item_ids", std::move(ids));
    if (auto oc = TakeChild(t, "original_content")) {
        WtNode parsable;
        parsable.rm_type = "DV_PARSABLE";
        if (auto v = LeafToRm(parsable, *oc, issues)) fa.Set("original_content", std::move(*v));
    } else if (auto om = TakeChild(t, "original_content_multimedia")) {
        WtNode mm;
        mm.rm_type = "DV_MULTIMEDIA";
        if (auto v = LeafToRm(mm, *om, issues)) fa.Set("original_content", std::move(*v));
    }
    Leftovers(t, issues);
    return fa;
}

void CopyIf(Trie& sub, const char* flat_attr, JVal& out, const char* rm_attr) {
    if (auto v = sub.Take(flat_attr)) out.Set(rm_attr, std::move(*v));
}

bool IsOrdered(std::string_view t);
void OrderedExtras(const std::string& t, Trie& sub, JVal& out, std::vector<Issue>& issues);

}  // namespace

JVal IntervalFrom(const std::string& element_type, Trie& t, std::vector<Issue>& issues);

namespace {
std::optional<JVal> LeafValue(const WtNode& wt, Trie& sub, std::vector<Issue>& issues);

// Numeric parts must be JSON numbers; a string there is the FLAT key's fault, so it is
// reported here rather than by the canonical reader (which knows only the RM path).
bool NumbersAreNumbers(Trie& sub, std::vector<Issue>& issues) {
    bool ok = true;
    for (const auto& [a, v] : sub.attrs) {
        if (a != "magnitude" && a != "precision" && a != "numerator" && a != "denominator" &&
            a != "ordinal" && a != "size" && a != "accuracy")
            continue;
        if (v.kind != JVal::Kind::kNumber) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path + "|" + a,
                     fmt::format("|{} must be a number, not '{}'", a, v.text));
            ok = false;
        }
    }
    return ok;
}
}  // namespace

std::optional<JVal> LeafToRm(const WtNode& wt, Trie& sub, std::vector<Issue>& issues) {
    if (!NumbersAreNumbers(sub, issues)) return std::nullopt;
    auto v = LeafValue(wt, sub, issues);
    if (!v) {  // still name the keys that were not understood
        for (const auto& [attr, x] : sub.attrs)
            AddIssue(issues, "FLAT_UNKNOWN_PATH", attr.empty() ? sub.path : sub.path + "|" + attr,
                     fmt::format("a {} has no {}", wt.rm_type,
                                 attr.empty() ? "value of its own" : "|" + attr));
    }
    return v;
}

namespace {
std::optional<JVal> LeafValue(const WtNode& wt, Trie& sub, std::vector<Issue>& issues) {
    // A DV_TEXT node holding a coded value (a DV_CODED_TEXT is a DV_TEXT).
    const std::string t = wt.rm_type == "DV_TEXT" && (sub.Find("code") ||
                                                      [&] {
                                                          for (const auto& [a, v] : sub.attrs)
                                                              if (a == "code") return true;
                                                          return false;
                                                      }())
                              ? std::string("DV_CODED_TEXT")
                              : wt.rm_type;
    auto own = [&]() {
        auto v = sub.Take("");
        return v ? v : sub.Take("value");
    };
    JVal out;
    if (t == "DV_TEXT") {
        auto v = own();
        if (!v) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, "a DV_TEXT needs a value");
            return std::nullopt;
        }
        out = Text(v->text);
        CopyIf(sub, "formatting", out, "formatting");
    } else if (t == "DV_CODED_TEXT") {
        auto code = sub.Take("code");
        if (!code) code = sub.Take("");
        auto value = sub.Take("value");
        auto other = sub.Take("other");
        auto term = sub.Take("terminology");
        if (!code) {
            if (other || value) {  // an open list's text outside the list
                out = Text((other ? other : value)->text);
            } else {
                AddIssue(issues, "FLAT_BAD_VALUE", sub.path,
                         "a DV_CODED_TEXT needs |code (or |other)");
                return std::nullopt;
            }
        } else {
            std::string label = value ? value->text : std::string();
            std::string terminology = term ? term->text : DefaultTerminology(wt, code->text);
            if (!value) {
                if (const auto* lv = ListValue(wt, code->text))
                    label = lv->label;
                else if (terminology == "openehr")  // the rubric, as EHRbase fills it
                    if (const auto* c = validation::FindOpenEhrConcept(code->text))
                        label = std::string(c->rubric);
            }
            out = JVal::Typed("DV_CODED_TEXT");
            out.Set("value", JVal::Str(label));
            out.Set("defining_code", CodePhrase(terminology, code->text));
        }
        CopyIf(sub, "formatting", out, "formatting");
    } else if (t == "CODE_PHRASE") {
        auto code = sub.Take("code");
        if (!code) code = sub.Take("");
        auto term = sub.Take("terminology");
        if (!code) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, "a CODE_PHRASE needs |code");
            return std::nullopt;
        }
        out = CodePhrase(term ? term->text : DefaultTerminology(wt, code->text), code->text);
    } else if (t == "DV_QUANTITY" || t == "DV_COUNT") {
        out = JVal::Typed(t);
        auto m = sub.Take("magnitude");
        if (!m) m = sub.Take("");
        if (!m) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, fmt::format("a {} needs |magnitude", t));
            return std::nullopt;
        }
        out.Set("magnitude", std::move(*m));
        if (t == "DV_QUANTITY") {
            CopyIf(sub, "unit", out, "units");
            CopyIf(sub, "precision", out, "precision");
            CopyIf(sub, "units_system", out, "units_system");
            CopyIf(sub, "units_display_name", out, "units_display_name");
        }
    } else if (t == "DV_PROPORTION") {
        out = JVal::Typed(t);
        sub.Take("");  // the ratio EHRbase writes beside numerator and denominator: derived
        CopyIf(sub, "numerator", out, "numerator");
        CopyIf(sub, "denominator", out, "denominator");
        CopyIf(sub, "type", out, "type");
        CopyIf(sub, "precision", out, "precision");
    } else if (t == "DV_ORDINAL" || t == "DV_SCALE") {
        auto code = sub.Take("code");
        if (!code) code = sub.Take("");
        auto value = sub.Take("value");
        auto ord = sub.Take("ordinal");
        auto term = sub.Take("terminology");
        if (!code) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, fmt::format("a {} needs |code", t));
            return std::nullopt;
        }
        const auto* lv = ListValue(wt, code->text);
        out = JVal::Typed(t);
        JVal sym = JVal::Typed("DV_CODED_TEXT");
        sym.Set("value", JVal::Str(value ? value->text : lv ? lv->label : std::string()));
        sym.Set("defining_code", CodePhrase(term ? term->text : "local", code->text));
        out.Set("symbol", std::move(sym));
        if (ord)
            out.Set("value", std::move(*ord));
        else if (lv && lv->ordinal)
            out.Set("value", Num(*lv->ordinal));
        else {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path,
                     fmt::format("code {} has no ordinal", code->text));
            return std::nullopt;
        }
    } else if (t == "DV_BOOLEAN" || t == "DV_DATE_TIME" || t == "DV_DATE" || t == "DV_TIME" ||
               t == "DV_DURATION" || t == "DV_URI" || t == "DV_EHR_URI") {
        auto v = own();
        if (!v) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, fmt::format("a {} needs a value", t));
            return std::nullopt;
        }
        if (t == "DV_BOOLEAN" && v->kind == JVal::Kind::kString &&
            (v->text == "true" || v->text == "false"))
            *v = Bool(v->text == "true");
        out = JVal::Typed(t);
        out.Set("value", std::move(*v));
    } else if (t == "DV_IDENTIFIER") {
        out = JVal::Typed(t);
        CopyIf(sub, "issuer", out, "issuer");
        CopyIf(sub, "assigner", out, "assigner");
        auto id = sub.Take("id");
        if (!id) id = sub.Take("");
        if (id) out.Set("id", std::move(*id));
        CopyIf(sub, "type", out, "type");
    } else if (t == "DV_PARSABLE") {
        out = JVal::Typed(t);
        auto v = own();
        if (v) out.Set("value", std::move(*v));
        CopyIf(sub, "formalism", out, "formalism");
    } else if (t == "DV_MULTIMEDIA") {
        out = JVal::Typed(t);
        if (auto at = sub.Take("alternatetext")) out.Set("alternate_text", std::move(*at));
        auto url = sub.Take("url");
        if (!url) url = sub.Take("");
        if (url) {
            JVal u = JVal::Typed("DV_URI");
            u.Set("value", std::move(*url));
            out.Set("uri", std::move(u));
        }
        if (auto mt = sub.Take("mediatype"))
            out.Set("media_type", CodePhrase("IANA_media-types", mt->text));
        CopyIf(sub, "size", out, "size");
        CopyIf(sub, "data", out, "data");
        CopyIf(sub, "integrity_check", out, "integrity_check");
        if (auto ca = sub.Take("compression_algorithm"))
            out.Set("compression_algorithm",
                    CodePhrase("openehr_compression_algorithms", ca->text));
        if (auto ia = sub.Take("integrity_check_algorithm"))
            out.Set("integrity_check_algorithm",
                    CodePhrase("openehr_integrity_check_algorithms", ia->text));
    } else if (t == "PARTY_PROXY" || t == "PARTY_SELF" || t == "PARTY_IDENTIFIED" ||
               t == "PARTY_RELATED") {
        out = *PartyFrom(sub, t);
        IdentifiersFrom(sub, out);
    } else if (t == "STRING") {
        auto v = own();
        if (!v) {
            AddIssue(issues, "FLAT_BAD_VALUE", sub.path, "a STRING needs a value");
            return std::nullopt;
        }
        out = JVal::Str(v->text);
    } else if (t.rfind("DV_INTERVAL<", 0) == 0 && t.back() == '>') {
        out = IntervalFrom(t.substr(12, t.size() - 13), sub, issues);
    } else {
        AddIssue(issues, "FLAT_UNSUPPORTED", sub.path,
                 fmt::format("{} values are not supported yet", t));
        return std::nullopt;
    }
    if (IsOrdered(t)) OrderedExtras(t, sub, out, issues);
    if (auto* maps = sub.Find("_mapping"); maps && (t == "DV_TEXT" || t == "DV_CODED_TEXT")) {
        JVal arr = JVal::Array();
        for (auto& [n, m] : *maps) {
            JVal tm = JVal::Typed("TERM_MAPPING");
            auto match = m.Take("match");
            tm.Set("match", JVal::Str(match ? match->text : std::string("?")));
            WtNode coded;
            coded.rm_type = "DV_CODED_TEXT";
            if (auto* pur = m.Find("purpose"))
                if (auto v = LeafToRm(coded, pur->begin()->second, issues))
                    tm.Set("purpose", std::move(*v));
            WtNode phrase;
            phrase.rm_type = "CODE_PHRASE";
            if (auto* tg = m.Find("target"))
                if (auto v = LeafToRm(phrase, tg->begin()->second, issues))
                    tm.Set("target", std::move(*v));
            std::erase_if(m.children, [](const auto& c) {
                return c.first == "purpose" || c.first == "target";
            });
            for (const auto& [a, v] : m.attrs)
                AddIssue(issues, "FLAT_UNKNOWN_PATH", m.path + "|" + a, "a mapping has no |" + a);
            for (const auto& [id, o] : m.children)
                AddIssue(issues, "FLAT_UNKNOWN_PATH", m.path + "/" + id, "a mapping has no " + id);
            arr.items.push_back(std::move(tm));
        }
        out.Set("mappings", std::move(arr));
        std::erase_if(sub.children, [](const auto& c) { return c.first == "_mapping"; });
    }
    if (auto* acc = sub.Find("_accuracy");
        acc && (t == "DV_DATE_TIME" || t == "DV_DATE" || t == "DV_TIME")) {
        if (auto v = acc->begin()->second.Take("")) {
            JVal d = JVal::Typed("DV_DURATION");
            d.Set("value", std::move(*v));
            out.Set("accuracy", std::move(d));
        }
        std::erase_if(sub.children, [](const auto& c) { return c.first == "_accuracy"; });
    }
    if (auto* th = sub.Find("_thumbnail"); th && t == "DV_MULTIMEDIA") {
        WtNode mm;
        mm.rm_type = "DV_MULTIMEDIA";
        if (auto v = LeafToRm(mm, th->begin()->second, issues)) out.Set("thumbnail", std::move(*v));
        std::erase_if(sub.children, [](const auto& c) { return c.first == "_thumbnail"; });
    }
    for (const char* cp : {"_language", "_encoding", "_charset"}) {
        auto* occs = sub.Find(cp);
        if (!occs || !out.is_object()) continue;
        for (auto& [n, c] : *occs) {
            auto code = c.Take("code");
            auto term = c.Take("terminology");
            c.Take("preferred_term");  // not part of a CODE_PHRASE in RM 1.0.x
            if (code) out.Set(cp + 1, CodePhrase(term ? term->text : std::string(), code->text));
            for (const auto& [a, v] : c.attrs)
                AddIssue(issues, "FLAT_UNKNOWN_PATH", c.path + "|" + a,
                         "a CODE_PHRASE has no |" + a);
        }
        std::erase_if(sub.children, [&](const auto& ch) { return ch.first == cp; });
    }
    for (const auto& [attr, v] : sub.attrs)
        AddIssue(issues, "FLAT_UNKNOWN_PATH", attr.empty() ? sub.path : sub.path + "|" + attr,
                 fmt::format("a {} has no {}", t, attr.empty() ? "value of its own" : "|" + attr));
    for (const auto& [id, occs] : sub.children)
        if (id.empty() || id[0] != '_' || id == "_mapping" || id == "_thumbnail" ||
            id == "_accuracy" || id == "_identifier")
            for (const auto& [n, c] : occs)
                AddIssue(issues, "FLAT_UNSUPPORTED", c.path,
                         fmt::format("{} of a {} is not supported yet", id, t));
    return out;
}

bool IsOrdered(std::string_view t) {
    return t == "DV_QUANTITY" || t == "DV_COUNT" || t == "DV_PROPORTION" || t == "DV_DATE_TIME" ||
           t == "DV_DATE" || t == "DV_TIME" || t == "DV_DURATION" || t == "DV_ORDINAL" ||
           t == "DV_SCALE";
}

// DV_ORDERED / DV_QUANTIFIED parts every ordered value takes: statuses, accuracy, ranges.
void OrderedExtras(const std::string& t, Trie& sub, JVal& out, std::vector<Issue>& issues) {
    if (t != "DV_ORDINAL" && t != "DV_SCALE") {
        CopyIf(sub, "magnitude_status", out, "magnitude_status");
        CopyIf(sub, "accuracy", out, "accuracy");
        CopyIf(sub, "accuracy_is_percent", out, "accuracy_is_percent");
    }
    if (auto ns = sub.Take("normal_status"))
        out.Set("normal_status", CodePhrase("openehr_normal_statuses", ns->text));
    for (auto it = sub.children.begin(); it != sub.children.end();) {
        if (it->first == "_normal_range") {
            for (auto& [n, r] : it->second) out.Set("normal_range", IntervalFrom(t, r, issues));
        } else if (it->first == "_other_reference_ranges") {
            JVal arr = JVal::Array();
            for (auto& [n, r] : it->second) {
                JVal rr = JVal::Typed("REFERENCE_RANGE");
                Trie meaning;
                if (auto* m = r.Find("meaning")) meaning = std::move(m->begin()->second);
                meaning.path = r.path + "/meaning";
                WtNode coded;
                bool has_code = meaning.attrs.size() > 1 ||
                                (!meaning.attrs.empty() && meaning.attrs[0].first == "code");
                coded.rm_type = has_code ? "DV_CODED_TEXT" : "DV_TEXT";
                if (auto mv = LeafToRm(coded, meaning, issues)) rr.Set("meaning", std::move(*mv));
                std::erase_if(r.children, [](const auto& c) { return c.first == "meaning"; });
                rr.Set("range", IntervalFrom(t, r, issues));
                arr.items.push_back(std::move(rr));
            }
            out.Set("other_reference_ranges", std::move(arr));
        } else {
            ++it;
            continue;
        }
        it = sub.children.erase(it);
    }
}

}  // namespace

// DV_INTERVAL<T>: `lower` / `upper` children and the four flags as `|lower_included`, ...
JVal IntervalFrom(const std::string& element_type, Trie& t, std::vector<Issue>& issues) {
    JVal iv = JVal::Typed("DV_INTERVAL<" + element_type + ">");
    WtNode el;
    el.rm_type = element_type;
    for (const char* end : {"lower", "upper"}) {
        if (auto* occs = t.Find(end))
            for (auto& [n, b] : *occs)
                if (auto v = LeafToRm(el, b, issues)) iv.Set(end, std::move(*v));
    }
    std::erase_if(t.children,
                  [](const auto& c) { return c.first == "lower" || c.first == "upper"; });
    for (const char* flag :
         {"lower_included", "upper_included", "lower_unbounded", "upper_unbounded"})
        if (auto v = t.Take(flag)) {
            if (v->kind == JVal::Kind::kString) *v = Bool(v->text == "true");
            iv.Set(flag, std::move(*v));
        }
    for (const auto& [attr, v] : t.attrs)
        AddIssue(issues, "FLAT_UNKNOWN_PATH", t.path + "|" + attr,
                 fmt::format("an interval has no |{}", attr));
    for (const auto& [id, occs] : t.children)
        for (const auto& [n, c] : occs)
            AddIssue(issues, "FLAT_UNKNOWN_PATH", c.path, fmt::format("an interval has no {}", id));
    return iv;
}

namespace {
void RenameClassTags(JVal& v) {
    for (auto& [k, m] : v.members) {
        if (k == "@class") k = "_type";
        RenameClassTags(m);
    }
    for (auto& i : v.items) RenameClassTags(i);
}
}  // namespace

std::optional<JVal> RawToRm(const JVal& text, const std::string& key, std::vector<Issue>& issues) {
    auto parsed = ParseJVal(text.text);
    if (!parsed.ok() || !parsed->is_object()) {
        AddIssue(issues, "FLAT_BAD_VALUE", key, "|raw must hold a JSON object");
        return std::nullopt;
    }
    RenameClassTags(*parsed);
    // `_type` first, as the canonical reader wants the type before the attributes it types.
    std::stable_partition(parsed->members.begin(), parsed->members.end(),
                          [](const auto& m) { return m.first == "_type"; });
    return std::move(*parsed);
}

bool UnderscoreToRm(const std::string& id, int n, Trie& t, JVal& obj, std::vector<Issue>& issues) {
    auto leftovers = [&]() {
        for (const auto& [attr, v] : t.attrs)
            AddIssue(issues, "FLAT_UNKNOWN_PATH", attr.empty() ? t.path : t.path + "|" + attr,
                     fmt::format("{} has no {}", id, attr));
        for (const auto& [cid, occs] : t.children)
            for (const auto& [m, c] : occs)
                AddIssue(issues, "FLAT_UNSUPPORTED", c.path, "not supported yet");
    };
    std::string_view type = obj.Type();
    if (id == "_uid" && n == 0) {
        auto v = t.Take("");
        if (!v) return false;
        JVal uid = JVal::Typed(v->text.find("::") != std::string::npos ? "OBJECT_VERSION_ID"
                                                                       : "HIER_OBJECT_ID");
        uid.Set("value", JVal::Str(v->text));
        obj.Set("uid", std::move(uid));
    } else if (id == "_name" && n == 0) {
        auto v = t.Take("");
        if (!v) v = t.Take("value");
        if (!v) return false;
        if (auto code = t.Take("code")) {
            auto term = t.Take("terminology");
            JVal name = JVal::Typed("DV_CODED_TEXT");
            name.Set("value", JVal::Str(v->text));
            name.Set("defining_code", CodePhrase(term ? term->text : "local", code->text));
            obj.Set("name", std::move(name));
        } else {
            obj.Set("name", Text(v->text));
        }
    } else if (id == "_null_flavour" && n == 0 && type == "ELEMENT") {
        auto code = t.Take("code");
        auto value = t.Take("value");
        auto term = t.Take("terminology");
        if (!code) return false;
        JVal nf = JVal::Typed("DV_CODED_TEXT");
        nf.Set("value", JVal::Str(value ? value->text : std::string()));
        nf.Set("defining_code", CodePhrase(term ? term->text : "openehr", code->text));
        obj.Set("null_flavour", std::move(nf));
    } else if (id == "_feeder_audit" && n == 0 && obj.Get("archetype_node_id")) {
        if (auto raw = t.Take("raw")) {
            if (auto v = RawToRm(*raw, t.path + "|raw", issues))
                obj.Set("feeder_audit", std::move(*v));
        } else {
            obj.Set("feeder_audit", FeederAuditFrom(t, issues));
        }
    } else if (id == "_null_reason" && n == 0 && type == "ELEMENT") {
        auto v = t.Take("");
        if (!v) return false;
        obj.Set("null_reason", Text(v->text));
    } else if (id == "_reason" && type == "ISM_TRANSITION") {
        auto v = t.Take("");
        if (!v) return false;
        JVal* arr = obj.Get("reason");
        if (!arr) arr = &obj.Set("reason", JVal::Array());
        arr->items.push_back(Text(v->text));
    } else if (id == "_wf_definition" && n == 0 && type == "INSTRUCTION") {
        JVal p = JVal::Typed("DV_PARSABLE");
        auto v = t.Take("value");
        auto f = t.Take("formalism");
        p.Set("value", JVal::Str(v ? v->text : std::string()));
        p.Set("formalism", JVal::Str(f ? f->text : std::string()));
        obj.Set("wf_definition", std::move(p));
    } else if (id == "_instruction_details" && n == 0 && type == "ACTION") {
        JVal d = JVal::Typed("INSTRUCTION_DETAILS");
        auto uid = t.Take("composition_uid");
        auto path = t.Take("path");
        auto activity = t.Take("activity_id");
        JVal ref = JVal::Typed("LOCATABLE_REF");
        JVal rid =
            JVal::Typed(uid && uid->text.find("::") != std::string::npos ? "OBJECT_VERSION_ID"
                                                                         : "HIER_OBJECT_ID");
        rid.Set("value", JVal::Str(uid ? uid->text : std::string()));
        ref.Set("id", std::move(rid));
        ref.Set("namespace", JVal::Str("local"));
        ref.Set("type", JVal::Str("COMPOSITION"));
        if (path && !path->text.empty()) ref.Set("path", JVal::Str(path->text));
        d.Set("instruction_id", std::move(ref));
        d.Set("activity_id", JVal::Str(activity ? activity->text : std::string()));
        obj.Set("instruction_details", std::move(d));
    } else if (id == "_provider" && n == 0 && IsEntry(type)) {
        obj.Set("provider", *PartyFrom(t, "PARTY_IDENTIFIED"));
    } else if ((id == "_end_time" || id == "_location") && n == 0 && type == "EVENT_CONTEXT") {
        auto v = t.Take("");
        if (!v) return false;
        if (id == "_location") {
            obj.Set("location", JVal::Str(v->text));
        } else {
            JVal et = JVal::Typed("DV_DATE_TIME");
            et.Set("value", std::move(*v));
            obj.Set("end_time", std::move(et));
        }
    } else if (id == "_health_care_facility" && n == 0 && type == "EVENT_CONTEXT") {
        obj.Set("health_care_facility", *PartyFrom(t, "PARTY_IDENTIFIED"));
    } else if ((id == "_participation" && type == "EVENT_CONTEXT") ||
               (id == "_other_participation" && IsEntry(type))) {
        const char* attr = id == "_participation" ? "participations" : "other_participations";
        JVal* arr = obj.Get(attr);
        if (!arr) arr = &obj.Set(attr, JVal::Array());
        arr->items.push_back(ParticipationFrom(t));
    } else if ((id == "_work_flow_id" || id == "_guideline_id") && n == 0 && IsEntry(type)) {
        // RM 1.1.0 spells it workflow_id; FLAT keeps EHRbase's `_work_flow_id`.
        obj.Set(id == "_work_flow_id" ? "workflow_id" : "guideline_id", ObjectRefFrom(t));
    } else if (id == "_link") {
        JVal l = JVal::Typed("LINK");
        auto meaning = t.Take("meaning");
        auto ltype = t.Take("type");
        auto target = t.Take("target");
        if (!target) return false;
        l.Set("meaning", Text(meaning ? meaning->text : std::string()));
        l.Set("type", Text(ltype ? ltype->text : std::string()));
        JVal tg = JVal::Typed("DV_EHR_URI");
        tg.Set("value", std::move(*target));
        l.Set("target", std::move(tg));
        JVal* arr = obj.Get("links");
        if (!arr) arr = &obj.Set("links", JVal::Array());
        arr->items.push_back(std::move(l));
    } else {
        return false;
    }
    leftovers();
    return true;
}

void ApplyContextDefaults(const FlatContext& c, const std::map<std::string, JVal>& ctx, JVal& comp,
                          std::vector<Issue>& issues) {
    auto get = [&](const char* k) -> std::string {
        auto it = ctx.find(k);
        return it == ctx.end() ? std::string() : it->second.text;
    };
    for (const auto& [k, v] : ctx) {
        static const char* known[] = {
            "language",  "territory",      "composer_name",           "composer_id",
            "id_scheme", "id_namespace",   "composer_self",           "time",
            "end_time",  "history_origin", "health_care_facility|id", "health_care_facility|name"};
        bool ok = k.rfind("participation_", 0) == 0 || k.rfind("work_flow_id|", 0) == 0;
        for (const char* kk : known) ok = ok || k == kk;
        if (!ok)
            AddIssue(issues, "FLAT_UNSUPPORTED", "ctx/" + k,
                     "this context attribute is not supported yet");
    }
    std::string lang = get("language");
    if (!comp.Get("language"))
        comp.Set("language", CodePhrase("ISO_639-1", lang.empty() ? c.wt.default_language : lang));
    if (!comp.Get("territory") && !get("territory").empty())
        comp.Set("territory", CodePhrase("ISO_3166-1", get("territory")));
    if (!comp.Get("composer")) {
        if (!get("composer_name").empty()) {
            Trie t;
            t.Put("name", JVal::Str(get("composer_name")));
            if (!get("composer_id").empty()) t.Put("id", JVal::Str(get("composer_id")));
            if (!get("id_scheme").empty()) t.Put("id_scheme", JVal::Str(get("id_scheme")));
            if (!get("id_namespace").empty()) t.Put("id_namespace", JVal::Str(get("id_namespace")));
            comp.Set("composer", *PartyFrom(t, "PARTY_IDENTIFIED"));
        } else if (get("composer_self") == "true") {
            comp.Set("composer", JVal::Typed("PARTY_SELF"));
        }
    }
    if (!comp.Get("category")) {
        // The template's category (its only list value), as EHRbase takes it.
        for (const auto& n : c.wt.tree.children) {
            if (n.FullId() != "category") continue;
            for (const auto& in : n.inputs)
                if (in.list.size() == 1) {
                    JVal cat = JVal::Typed("DV_CODED_TEXT");
                    cat.Set("value", JVal::Str(in.list[0].label));
                    cat.Set("defining_code", CodePhrase("openehr", in.list[0].value));
                    comp.Set("category", std::move(cat));
                }
        }
    }
    std::string time = get("time");
    if (JVal* context = comp.Get("context")) {
        if (!context->Get("start_time") && !time.empty()) {
            JVal st = JVal::Typed("DV_DATE_TIME");
            st.Set("value", JVal::Str(time));
            context->Set("start_time", std::move(st));
        }
        if (!context->Get("start_time")) {  // EHRbase's default: the time of the conversion
            JVal st = JVal::Typed("DV_DATE_TIME");
            st.Set("value", JVal::Str(fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                                                  fmt::gmtime(std::time(nullptr)))));
            context->Set("start_time", std::move(st));
        }
        if (!context->Get("setting")) {  // EHRbase's default setting: 238 other care
            JVal setting = JVal::Typed("DV_CODED_TEXT");
            setting.Set("value", JVal::Str("other care"));
            setting.Set("defining_code", CodePhrase("openehr", "238"));
            context->Set("setting", std::move(setting));
        }
        if (!context->Get("health_care_facility") && !get("health_care_facility|name").empty()) {
            Trie t;
            t.Put("name", JVal::Str(get("health_care_facility|name")));
            if (!get("health_care_facility|id").empty()) {
                t.Put("id", JVal::Str(get("health_care_facility|id")));
                t.Put("id_scheme",
                      JVal::Str(get("id_scheme").empty() ? "id_scheme" : get("id_scheme")));
                t.Put("id_namespace",
                      JVal::Str(get("id_namespace").empty() ? "local" : get("id_namespace")));
            }
            context->Set("health_care_facility", *PartyFrom(t, "PARTY_IDENTIFIED"));
        }
        if (!context->Get("end_time") && !get("end_time").empty()) {
            JVal et = JVal::Typed("DV_DATE_TIME");
            et.Set("value", JVal::Str(get("end_time")));
            context->Set("end_time", std::move(et));
        }
    }
    std::string entry_lang =
        comp.Get("language") ? comp.Get("language")->StrAt("code_string") : lang;
    // `ctx/participation_<field>[:N][|identifier_part:K]`: participations every entry gets as
    // other_participations when it names none (the EHRbase examples show them there), with
    // ctx/id_scheme and ctx/id_namespace for their ids; mode "not specified" when not given.
    std::map<int, Trie> parts;
    for (const auto& [k, v] : ctx) {
        if (k.rfind("participation_", 0) != 0) continue;
        std::string rest = k.substr(14), sub;
        if (size_t bar = rest.find('|'); bar != std::string::npos) {
            sub = rest.substr(bar + 1);
            rest = rest.substr(0, bar);
        }
        int n = 0;
        if (size_t colon = rest.find(':'); colon != std::string::npos) {
            n = std::atoi(rest.c_str() + colon + 1);
            rest = rest.substr(0, colon);
        }
        Trie& t = parts[n];
        t.path = "ctx/participation_" + rest;
        if (rest == "identifiers" && !sub.empty()) {
            t.Put("identifiers_" + sub, v);
        } else if (rest == "identifiers") {  // "issuer::assigner::id::type;..."
            int i = 0;
            std::string list = v.text;
            for (size_t start = 0; start <= list.size(); ++i) {
                size_t semi = list.find(';', start);
                std::string one = list.substr(
                    start, semi == std::string::npos ? std::string::npos : semi - start);
                const char* fields[] = {"issuer", "assigner", "id", "type"};
                size_t f = 0, pos = 0;
                while (f < 4) {
                    size_t sep = one.find("::", pos);
                    t.Put(fmt::format("identifiers_{}:{}", fields[f++], i),
                          JVal::Str(one.substr(
                              pos, sep == std::string::npos ? std::string::npos : sep - pos)));
                    if (sep == std::string::npos) break;
                    pos = sep + 2;
                }
                if (semi == std::string::npos) break;
                start = semi + 1;
            }
        } else {
            t.Put(rest, v);
        }
    }
    std::vector<JVal> default_parts;
    for (auto& [n, t] : parts) {
        // A loop, not a lambda: clang 14 (the fuzz build) cannot capture structured bindings.
        bool has_mode = t.Find("mode") != nullptr;
        for (const auto& [a, v] : t.attrs) has_mode = has_mode || a == "mode";
        if (!has_mode) t.Put("mode", JVal::Str("not specified"));
        bool has_id = false;
        for (const auto& [a, v] : t.attrs) has_id = has_id || a == "id";
        if (has_id) {
            if (!get("id_scheme").empty()) t.Put("id_scheme", JVal::Str(get("id_scheme")));
            if (!get("id_namespace").empty()) t.Put("id_namespace", JVal::Str(get("id_namespace")));
        }
        default_parts.push_back(ParticipationFrom(t));
        Leftovers(t, issues);
    }
    // `ctx/work_flow_id|id|id_scheme|namespace|type`: every entry's workflow_id when it has none.
    std::optional<JVal> default_workflow;
    {
        Trie t;
        t.path = "ctx/work_flow_id";
        for (const auto& [k, v] : ctx)
            if (k.rfind("work_flow_id|", 0) == 0) t.Put(k.substr(13), v);
        if (!t.attrs.empty()) {
            default_workflow = ObjectRefFrom(t);
            Leftovers(t, issues);
        }
    }
    // Entries: language, encoding and subject as EHRbase fills them; event time and history
    // origin from ctx/time.
    auto walk = [&](auto&& self, JVal& v) -> void {
        if (v.kind == JVal::Kind::kArray) {
            for (auto& i : v.items) self(self, i);
            return;
        }
        if (!v.is_object()) return;
        std::string_view ty = v.Type();
        if (IsEntry(ty)) {
            if (!default_parts.empty() && !v.Get("other_participations")) {
                JVal arr = JVal::Array();
                arr.items = default_parts;
                v.Set("other_participations", std::move(arr));
            }
            if (default_workflow && !v.Get("workflow_id")) v.Set("workflow_id", *default_workflow);
            if (!v.Get("language")) v.Set("language", CodePhrase("ISO_639-1", entry_lang));
            if (!v.Get("encoding")) v.Set("encoding", CodePhrase("IANA_character-sets", "UTF-8"));
            if (!v.Get("subject")) v.Set("subject", JVal::Typed("PARTY_SELF"));
            if (ty == "ACTION" && !v.Get("time") && !time.empty()) {
                JVal t = JVal::Typed("DV_DATE_TIME");
                t.Set("value", JVal::Str(time));
                v.Set("time", std::move(t));
            }
        }
        // EHRbase's default: an activity that names no action archetype accepts any.
        if (ty == "ACTIVITY" && !v.Get("action_archetype_id"))
            v.Set("action_archetype_id", JVal::Str("/.*/"));
        if ((ty == "POINT_EVENT" || ty == "INTERVAL_EVENT") && !v.Get("time") && !time.empty()) {
            JVal t = JVal::Typed("DV_DATE_TIME");
            t.Set("value", JVal::Str(time));
            v.Set("time", std::move(t));
        }
        for (auto& [k, m] : v.members) self(self, m);
        if (ty == "HISTORY" && !v.Get("origin")) {
            std::string origin = get("history_origin");
            if (const JVal* evs = v.Get("events"); evs && !evs->items.empty())
                if (const JVal* t0 = evs->items[0].Get("time")) origin = t0->StrAt("value");
            if (origin.empty()) origin = time;
            if (!origin.empty()) {
                JVal o = JVal::Typed("DV_DATE_TIME");
                o.Set("value", JVal::Str(origin));
                v.Set("origin", std::move(o));
            }
        }
    };
    walk(walk, comp);
}

// ---- canonical -> FLAT ----

namespace {

// The `|code` and `|terminology` of a DV_CODED_TEXT's defining_code, when it has one.
void DefiningCodeTo(const JVal& coded, Trie& out) {
    if (const JVal* cp = coded.Get("defining_code")) {
        out.Put("code", JVal::Str(cp->StrAt("code_string")));
        if (const JVal* tid = cp->Get("terminology_id")) out.Put("terminology", JVal::Str(tid->StrAt("value")));
    }
}

void PartyTo(const JVal& v, Trie& out, bool as_participation = false) {
    if (auto n = v.StrAt("name"); !n.empty()) out.Put("name", JVal::Str(n));
    if (const JVal* rel = v.Get("relationship")) {
        Trie& r = out.Child("relationship", 0, false);
        DefiningCodeTo(*rel, r);
        r.Put("value", JVal::Str(rel->StrAt("value")));
    }
    if (const JVal* ids = v.Get("identifiers")) {
        int i = 0;
        for (const auto& d : ids->items) {
            Trie* it = as_participation ? nullptr : &out.Child("_identifier", i, true);
            for (const char* f : {"id", "issuer", "assigner", "type"})
                if (const JVal* x = d.Get(f)) {
                    if (it)
                        it->Put(f, *x);
                    else
                        out.Put(fmt::format("identifiers_{}:{}", f, i), *x);
                }
            ++i;
        }
    }
    if (const JVal* ref = v.Get("external_ref")) {
        if (const JVal* id = ref->Get("id")) {
            out.Put("id", JVal::Str(id->StrAt("value")));
            if (auto s = id->StrAt("scheme"); !s.empty()) out.Put("id_scheme", JVal::Str(s));
        }
        if (auto ns = ref->StrAt("namespace"); !ns.empty()) out.Put("id_namespace", JVal::Str(ns));
    }
}

void CopyTo(const JVal& v, const char* rm_attr, Trie& out, const char* flat_attr) {
    if (const JVal* m = v.Get(rm_attr); m && m->is_scalar()) out.Put(flat_attr, *m);
}

}  // namespace

void IntervalTo(const JVal& v, Trie& out);

// A Real the canonical writer printed without a fraction (39) keeps one in FLAT (39.0), as
// EHRbase writes it.
void RealText(Trie& out, std::string_view attr) {
    for (auto& [a, v] : out.attrs)
        if (a == attr && v.kind == JVal::Kind::kNumber &&
            v.text.find_first_of(".eE") == std::string::npos)
            v.text += ".0";
}

void RmToLeaf(const WtNode& wt, const JVal& v, Trie& out) {
    std::string_view t = v.Type();
    if (t == "DV_TEXT") {
        if (wt.rm_type == "DV_CODED_TEXT")
            out.Put("other", JVal::Str(v.StrAt("value")));
        else
            out.Put("", JVal::Str(v.StrAt("value")));
        CopyTo(v, "formatting", out, "formatting");
    } else if (t == "DV_CODED_TEXT" || t == "CODE_PHRASE") {
        const JVal* cp = t == "CODE_PHRASE" ? &v : v.Get("defining_code");
        if (cp) {
            out.Put("code", JVal::Str(cp->StrAt("code_string")));
            if (const JVal* tid = cp->Get("terminology_id"))
                out.Put("terminology", JVal::Str(tid->StrAt("value")));
        }
        if (t == "DV_CODED_TEXT") {
            out.Put("value", JVal::Str(v.StrAt("value")));
            CopyTo(v, "formatting", out, "formatting");
        }
    } else if (t == "DV_QUANTITY" || t == "DV_COUNT") {
        CopyTo(v, "magnitude", out, "magnitude");
        if (t == "DV_QUANTITY") RealText(out, "magnitude");
        CopyTo(v, "units", out, "unit");
        CopyTo(v, "precision", out, "precision");
        CopyTo(v, "units_system", out, "units_system");
        CopyTo(v, "units_display_name", out, "units_display_name");
    } else if (t == "DV_PROPORTION") {
        for (const char* a : {"numerator", "denominator", "type", "precision"})
            CopyTo(v, a, out, a);
        RealText(out, "numerator");
        RealText(out, "denominator");
    } else if (t == "DV_ORDINAL" || t == "DV_SCALE") {
        if (const JVal* sym = v.Get("symbol")) {
            DefiningCodeTo(*sym, out);
            out.Put("value", JVal::Str(sym->StrAt("value")));
        }
        CopyTo(v, "value", out, "ordinal");
    } else if (t == "DV_BOOLEAN" || t == "DV_DATE_TIME" || t == "DV_DATE" || t == "DV_TIME" ||
               t == "DV_DURATION" || t == "DV_URI" || t == "DV_EHR_URI") {
        CopyTo(v, "value", out, "");
    } else if (t == "DV_IDENTIFIER") {
        for (const char* a : {"issuer", "assigner", "id", "type"}) CopyTo(v, a, out, a);
    } else if (t == "DV_PARSABLE") {
        CopyTo(v, "value", out, "value");
        CopyTo(v, "formalism", out, "formalism");
    } else if (t == "DV_MULTIMEDIA") {
        CopyTo(v, "alternate_text", out, "alternatetext");
        if (const JVal* u = v.Get("uri")) out.Put("url", JVal::Str(u->StrAt("value")));
        if (const JVal* mt = v.Get("media_type"))
            out.Put("mediatype", JVal::Str(mt->StrAt("code_string")));
        CopyTo(v, "size", out, "size");
        CopyTo(v, "data", out, "data");
        CopyTo(v, "integrity_check", out, "integrity_check");
        if (const JVal* ca = v.Get("compression_algorithm"))
            out.Put("compression_algorithm", JVal::Str(ca->StrAt("code_string")));
        if (const JVal* ia = v.Get("integrity_check_algorithm"))
            out.Put("integrity_check_algorithm", JVal::Str(ia->StrAt("code_string")));
    } else if (t == "PARTY_IDENTIFIED" || t == "PARTY_SELF" || t == "PARTY_RELATED") {
        PartyTo(v, out);
        // The type the parts alone would read back as (PartyFrom); `|_type` when it differs, and
        // for a bare PARTY_SELF outside `subject` (which is PARTY_SELF by default anyway).
        std::string_view derived = v.Get("relationship")      ? "PARTY_RELATED"
                                   : !v.StrAt("name").empty() ? "PARTY_IDENTIFIED"
                                                              : "PARTY_SELF";
        if (t != derived || (t == "PARTY_SELF" && out.attrs.empty() && wt.id != "subject"))
            out.Put("_type", JVal::Str(t));
    } else if (t.rfind("DV_INTERVAL", 0) == 0) {
        IntervalTo(v, out);
    } else if (v.kind == JVal::Kind::kString) {
        out.Put("", v);
    }
    if (const JVal* maps = v.Get("mappings")) {
        int i = 0;
        for (const auto& m : maps->items) {
            Trie& mt = out.Child("_mapping", i++, true);
            CopyTo(m, "match", mt, "match");
            WtNode coded;
            coded.rm_type = "DV_CODED_TEXT";
            if (const JVal* pur = m.Get("purpose"))
                RmToLeaf(coded, *pur, mt.Child("purpose", 0, false));
            if (const JVal* tg = m.Get("target"))
                RmToLeaf(coded, *tg, mt.Child("target", 0, false));
        }
    }
    if (const JVal* acc = v.Get("accuracy"); acc && acc->is_object())
        out.Child("_accuracy", 0, false).Put("", JVal::Str(acc->StrAt("value")));
    if (const JVal* th = v.Get("thumbnail")) {
        WtNode mm;
        mm.rm_type = "DV_MULTIMEDIA";
        RmToLeaf(mm, *th, out.Child("_thumbnail", 0, false));
    }
    if (t.rfind("DV_", 0) == 0) {
        for (const char* cp : {"language", "encoding", "charset"})
            if (const JVal* c = v.Get(cp)) {
                Trie& ct = out.Child(std::string("_") + cp, 0, false);
                ct.Put("code", JVal::Str(c->StrAt("code_string")));
                if (const JVal* tid = c->Get("terminology_id"))
                    ct.Put("terminology", JVal::Str(tid->StrAt("value")));
            }
    }
    if (IsOrdered(t)) {
        CopyTo(v, "magnitude_status", out, "magnitude_status");
        CopyTo(v, "accuracy", out, "accuracy");
        CopyTo(v, "accuracy_is_percent", out, "accuracy_is_percent");
        if (const JVal* ns = v.Get("normal_status"))
            out.Put("normal_status", JVal::Str(ns->StrAt("code_string")));
        if (const JVal* nr = v.Get("normal_range"))
            IntervalTo(*nr, out.Child("_normal_range", 0, false));
        if (const JVal* rrs = v.Get("other_reference_ranges")) {
            int i = 0;
            for (const auto& rr : rrs->items) {
                Trie& rt = out.Child("_other_reference_ranges", i++, true);
                if (const JVal* m = rr.Get("meaning")) {
                    WtNode text;
                    text.rm_type = std::string(m->Type());
                    RmToLeaf(text, *m, rt.Child("meaning", 0, false));
                }
                if (const JVal* r = rr.Get("range")) IntervalTo(*r, rt);
            }
        }
    }
}

void IntervalTo(const JVal& v, Trie& out) {
    for (const char* end : {"lower", "upper"})
        if (const JVal* b = v.Get(end)) {
            WtNode el;
            el.rm_type = std::string(b->Type());
            RmToLeaf(el, *b, out.Child(end, 0, false));
        }
    for (const char* flag :
         {"lower_included", "upper_included", "lower_unbounded", "upper_unbounded"})
        CopyTo(v, flag, out, flag);
}

namespace {

void IdentifiersTo(const JVal* ids, Trie& out, const char* id) {
    if (!ids) return;
    int i = 0;
    for (const auto& d : ids->items) {
        Trie& it = out.Child(id, i++, true);
        for (const char* f : {"id", "issuer", "assigner", "type"})
            if (const JVal* x = d.Get(f)) it.Put(f, *x);
    }
}

void FeederAuditTo(const JVal& fa, Trie& out) {
    for (const char* audit : {"originating_system_audit", "feeder_system_audit"}) {
        const JVal* d = fa.Get(audit);
        if (!d) continue;
        Trie& a = out.Child(audit, 0, false);
        CopyTo(*d, "system_id", a, "system_id");
        for (const char* party : {"location", "provider", "subject"})
            if (const JVal* p = d->Get(party)) {
                WtNode proxy;  // not `subject`: a bare PARTY_SELF here must be written
                proxy.id = std::string("audit_") + party;
                proxy.rm_type = "PARTY_PROXY";
                RmToLeaf(proxy, *p, a.Child(party, 0, false));
            }
        if (const JVal* t = d->Get("time")) a.Put("time", JVal::Str(t->StrAt("value")));
        CopyTo(*d, "version_id", a, "version_id");
    }
    IdentifiersTo(fa.Get("originating_system_item_ids"), out, "originating_system_item_id");
    IdentifiersTo(fa.Get("feeder_system_item_ids"), out, "feeder_system_item_id");
    if (const JVal* oc = fa.Get("original_content")) {
        WtNode n;
        n.rm_type = std::string(oc->Type());
        RmToLeaf(n, *oc,
                 out.Child(oc->Type() == "DV_MULTIMEDIA" ? "original_content_multimedia"
                                                         : "original_content",
                           0, false));
    }
}

}  // namespace

void RmToUnderscores(const JVal& obj, const WtNode& wt, Trie& out) {
    if (const JVal* fa = obj.Get("feeder_audit"))
        FeederAuditTo(*fa, out.Child("_feeder_audit", 0, false));
    if (const JVal* uid = obj.Get("uid"))
        out.Child("_uid", 0, false).Put("", JVal::Str(uid->StrAt("value")));
    if (const JVal* name = obj.Get("name"); name && name->StrAt("value") != wt.name) {
        Trie& n = out.Child("_name", 0, false);
        n.Put("", JVal::Str(name->StrAt("value")));
        DefiningCodeTo(*name, n);
    }
    if (const JVal* nf = obj.Get("null_flavour")) {
        Trie& n = out.Child("_null_flavour", 0, false);
        DefiningCodeTo(*nf, n);
        n.Put("value", JVal::Str(nf->StrAt("value")));
    }
    if (const JVal* nr = obj.Get("null_reason"))
        out.Child("_null_reason", 0, false).Put("", JVal::Str(nr->StrAt("value")));
    if (const JVal* pr = obj.Get("provider")) PartyTo(*pr, out.Child("_provider", 0, false));
    if (obj.Type() == "EVENT_CONTEXT") {
        if (const JVal* et = obj.Get("end_time"))
            out.Child("_end_time", 0, false).Put("", JVal::Str(et->StrAt("value")));
        if (auto loc = obj.StrAt("location"); !loc.empty())
            out.Child("_location", 0, false).Put("", JVal::Str(loc));
        if (const JVal* hcf = obj.Get("health_care_facility"))
            PartyTo(*hcf, out.Child("_health_care_facility", 0, false));
    }
    for (const char* attr : {"participations", "other_participations"}) {
        const JVal* ps = obj.Get(attr);
        if (!ps) continue;
        int i = 0;
        for (const auto& p : ps->items) {
            Trie& pt =
                out.Child(attr[0] == 'p' ? "_participation" : "_other_participation", i++, true);
            if (const JVal* fn = p.Get("function"))
                pt.Put("function", JVal::Str(fn->StrAt("value")));
            if (const JVal* m = p.Get("mode")) pt.Put("mode", JVal::Str(m->StrAt("value")));
            if (const JVal* perf = p.Get("performer")) PartyTo(*perf, pt, true);
        }
    }
    if (const JVal* rs = obj.Get("reason")) {
        int i = 0;
        for (const auto& r : rs->items)
            out.Child("_reason", i++, true).Put("", JVal::Str(r.StrAt("value")));
    }
    if (const JVal* wf = obj.Get("wf_definition")) {
        Trie& w = out.Child("_wf_definition", 0, false);
        w.Put("value", JVal::Str(wf->StrAt("value")));
        w.Put("formalism", JVal::Str(wf->StrAt("formalism")));
    }
    if (const JVal* d = obj.Get("instruction_details")) {
        Trie& it = out.Child("_instruction_details", 0, false);
        if (const JVal* ref = d->Get("instruction_id")) {
            if (const JVal* id = ref->Get("id"))
                it.Put("composition_uid", JVal::Str(id->StrAt("value")));
            CopyTo(*ref, "path", it, "path");
        }
        CopyTo(*d, "activity_id", it, "activity_id");
    }
    for (const char* attr : {"workflow_id", "guideline_id"}) {
        const JVal* ref = obj.Get(attr);
        if (!ref) continue;
        Trie& rt = out.Child(attr[0] == 'w' ? "_work_flow_id" : "_guideline_id", 0, false);
        if (const JVal* id = ref->Get("id")) {
            rt.Put("id", JVal::Str(id->StrAt("value")));
            if (const JVal* s = id->Get("scheme")) rt.Put("id_scheme", *s);
        }
        rt.Put("namespace", JVal::Str(ref->StrAt("namespace")));
        rt.Put("type", JVal::Str(ref->StrAt("type")));
    }
    if (const JVal* links = obj.Get("links")) {
        int i = 0;
        for (const auto& l : links->items) {
            Trie& lt = out.Child("_link", i++, true);
            if (const JVal* m = l.Get("meaning")) lt.Put("meaning", JVal::Str(m->StrAt("value")));
            if (const JVal* ty = l.Get("type")) lt.Put("type", JVal::Str(ty->StrAt("value")));
            if (const JVal* tg = l.Get("target")) lt.Put("target", JVal::Str(tg->StrAt("value")));
        }
    }
}

}  // namespace kjerne::templates::flat
