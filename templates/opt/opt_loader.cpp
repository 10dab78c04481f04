// templates/opt/opt_loader.cpp
//
// OPT 1.4 element tree -> AOM. The loader is lenient where tools differ (whitespace inside
// values, "xs:"/"xsd:" prefixes, missing optional elements) and strict where the model
// would be wrong (unknown RM types or attributes, broken intervals, header elements missing
// or repeated). Every problem found is collected; loading fails if there is any.
#include "templates/opt/opt_loader.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/bmm/rm_schema.hpp"
#include "engine/common/file.hpp"
#include "engine/codec/xml_tree.hpp"
#include "templates/opt/blank_elements.hpp"
#include "templates/opt/legacy_attributes.hpp"
#include "templates/opt/opt14_schema.hpp"

namespace kjerne::templates {
namespace {

using codec::XmlElement;

std::string_view Trim(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view StripPrefix(std::string_view qname) {
    size_t colon = qname.rfind(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

class OptLoader {
public:
    explicit OptLoader(const OptLoadOptions& opts) : opts_(opts), schema_(bmm::Schema::Rm()) {}

    Result<std::shared_ptr<const Template>> Load(const XmlElement& root, std::string_view xml) {
        auto t = std::make_shared<Template>();
        if (root.name != "template") {
            Add("OPT_STRUCTURE", root, "", "root element is <" + root.name + ">, expected <template>");
            return Fail();
        }
        LoadHeader(root, *t);
        if (const XmlElement* def = root.Child("definition"); def && root.Count("definition") == 1) {
            t->definition = LoadObject(*def, "/", /*is_definition=*/true);
        }
        for (const auto& c : root.children) {
            if (c->name == "component_ontologies" || c->name == "ontology") LoadOntology(*c, *t);
            if (c->name == "annotations") LoadAnnotation(*c, *t);
            if (c->name == "constraints") LoadDefaults(*c, *t);
        }
        for (auto& [id, term] : local_terms_) {
            auto& dst = t->terminologies[id];
            dst.archetype_id = id;
            for (auto& [code, def] : term) {
                auto& table = dst.term_definitions[t->language];
                table.emplace(code, def);
            }
        }
        for (auto& [id, b] : local_bindings_) {
            auto& dst = t->terminologies[id];
            dst.archetype_id = id;
            for (auto& [tid, m] : b)
                for (auto& [code, v] : m) dst.term_bindings[tid].emplace(code, v);
        }
        std::vector<Issue> xsd;
        if (opts_.xsd != XsdCheck::kOff) {
            KJ_ASSIGN_OR_RETURN(xsd, CheckSchema(root, xml));
        }
        // When loading fails anyway, the schema's findings follow the loader's own issues.
        auto fail_with_xsd = [&] {
            issues_.insert(issues_.end(), xsd.begin(), xsd.end());
            return Fail();
        };
        if (!issues_.empty()) return fail_with_xsd();
        t->root_terms = std::move(root_terms_);
        t->BuildIndexes();
        CheckTerms(*t);
        if (!issues_.empty()) return fail_with_xsd();
        if (opts_.xsd == XsdCheck::kStrict && !xsd.empty()) return fail_with_xsd();
        warnings_.insert(warnings_.end(), xsd.begin(), xsd.end());
        t->warnings = std::move(warnings_);
        return std::shared_ptr<const Template>(std::move(t));
    }

private:
    // Validates the text against the OPT 1.4 schema, with the tool extensions the loader
    // accepted (match_negated false) blanked, and gives each finding the constraint path of the
    // constraint object around it.
    Result<std::vector<Issue>> CheckSchema(const XmlElement& root, std::string_view xml) {
        BlankedText blanked = BlankElements(xml, accepted_extensions_);
        if (blanked.blanked != accepted_extensions_.size()) {
            return Error::Internal("OPT schema check: found " + std::to_string(blanked.blanked) + " of " +
                                   std::to_string(accepted_extensions_.size()) + " match_negated elements to blank");
        }
        KJ_ASSIGN_OR_RETURN(std::vector<Issue> found, CheckOpt14Schema(blanked.text, opts_.source_name));
        for (Issue& i : found) {
            if (i.pos && i.pos->line) i.archetype_path = PathAt(root, TagEnd{i.pos->line, i.pos->col});
        }
        return found;
    }

    // The path of the innermost constraint object whose element is open at `at`: going down
    // from the root, the last child that starts at or before `at`, at every level.
    std::string PathAt(const XmlElement& root, TagEnd at) const {
        std::string path;
        const XmlElement* e = &root;
        while (e) {
            if (auto it = object_paths_.find(e); it != object_paths_.end()) path = it->second;
            const XmlElement* next = nullptr;
            for (const auto& c : e->children) {
                if (TagEnd{c->line, c->col} <= at) next = c.get();
                else break;
            }
            e = next;
        }
        return path;
    }

    Error Fail() {
        std::string msg = "operational template rejected: " + std::to_string(issues_.size()) +
                          (issues_.size() == 1 ? " issue" : " issues") + "; first: " + issues_.front().ToString();
        return Error(ErrorCode::kInvalidArgument, std::move(msg), std::move(issues_));
    }

    void Add(const char* code, const XmlElement& at, std::string path, std::string message) {
        Issue i;
        i.code = code;
        i.archetype_path = std::move(path);
        i.pos = SourcePos{opts_.source_name, at.line, at.col};
        i.message = std::move(message);
        issues_.push_back(std::move(i));
    }

    // ---- header
    void LoadHeader(const XmlElement& root, Template& t) {
        static const std::set<std::string, std::less<>> kSingle = {
            "language", "is_controlled", "description", "revision_history", "uid", "template_id",
            "concept", "definition", "ontology", "invariants", "constraints", "view", "parent_archetype_id",
            "adl_version", "archetype_id"};
        static const std::set<std::string, std::less<>> kMany = {"translations", "component_ontologies",
                                                                  "annotations"};
        for (const auto& c : root.children) {
            if (kSingle.count(c->name)) {
                if (root.Count(c->name) > 1 && root.Child(c->name) == c.get()) {
                    Add("OPT_STRUCTURE", *c, "", "<" + c->name + "> appears " + std::to_string(root.Count(c->name)) +
                                                     " times; the template allows it once");
                }
            } else if (!kMany.count(c->name)) {
                Add("OPT_STRUCTURE", *c, "", "unknown element <" + c->name + "> in <template>");
            }
        }
        for (const char* required : {"language", "template_id", "concept", "definition"}) {
            if (!root.Child(required)) {
                Add("OPT_STRUCTURE", root, "", std::string("missing mandatory element <") + required + ">");
            }
        }
        if (const XmlElement* tid = root.Child("template_id")) {
            const XmlElement* v = tid->Child("value");
            t.template_id = v ? std::string(v->Trimmed()) : "";
            if (t.template_id.empty()) Add("OPT_STRUCTURE", *tid, "", "<template_id> has no <value>");
        }
        if (const XmlElement* c = root.Child("concept")) {
            t.concept_name = std::string(c->Trimmed());
            if (t.concept_name.empty()) Add("OPT_STRUCTURE", *c, "", "<concept> is empty");
        }
        if (const XmlElement* l = root.Child("language")) {
            const XmlElement* cs = l->Child("code_string");
            t.language = cs ? std::string(cs->Trimmed()) : "";
            if (t.language.empty()) Add("OPT_STRUCTURE", *l, "", "<language> has no <code_string>");
        }
        if (const XmlElement* u = root.Child("uid")) {
            if (const XmlElement* v = u->Child("value")) t.uid = std::string(v->Trimmed());
        }
    }

    // ---- intervals
    template <class T>
    bool ParseNumber(std::string_view s, T& out) {
        s = Trim(s);
        if constexpr (std::is_floating_point_v<T>) {
            std::string tmp(s);
            char* end = nullptr;
            out = std::strtod(tmp.c_str(), &end);
            return !tmp.empty() && end == tmp.c_str() + tmp.size();
        } else {
            auto r = std::from_chars(s.data(), s.data() + s.size(), out);
            return r.ec == std::errc() && r.ptr == s.data() + s.size();
        }
    }

    static bool Flag(const XmlElement& e, std::string_view name, bool dflt) {
        const XmlElement* c = e.Child(name);
        if (!c) return dflt;
        return Trim(c->text) == "true";
    }

    template <class T>
    std::optional<aom::Interval<T>> ParseInterval(const XmlElement& e, const std::string& path, bool multiplicity) {
        aom::Interval<T> iv;
        iv.lower_included = Flag(e, "lower_included", true);
        iv.upper_included = Flag(e, "upper_included", true);
        const bool lower_unbounded = Flag(e, "lower_unbounded", false);
        const bool upper_unbounded = Flag(e, "upper_unbounded", false);
        if (!lower_unbounded) {
            if (const XmlElement* lo = e.Child("lower")) {
                T v{};
                if (!ParseNumber(lo->text, v)) {
                    Add("OPT_OCCURRENCES", *lo, path, "<" + e.name + "> lower bound '" + std::string(Trim(lo->text)) + "' is not a number");
                    return std::nullopt;
                }
                iv.lower = v;
            } else if (multiplicity) {
                iv.lower = T{0};
            }
        }
        if (!upper_unbounded) {
            if (const XmlElement* hi = e.Child("upper")) {
                T v{};
                if (!ParseNumber(hi->text, v)) {
                    Add("OPT_OCCURRENCES", *hi, path, "<" + e.name + "> upper bound '" + std::string(Trim(hi->text)) + "' is not a number");
                    return std::nullopt;
                }
                iv.upper = v;
            } else if (multiplicity) {
                Add("OPT_OCCURRENCES", e, path, "<" + e.name + "> is bounded above but has no <upper>");
                return std::nullopt;
            }
        }
        if (multiplicity) {
            if (iv.lower && *iv.lower < 0) {
                Add("OPT_OCCURRENCES", e, path, "<" + e.name + "> lower bound is negative");
                return std::nullopt;
            }
            if (iv.lower && iv.upper && *iv.lower > *iv.upper) {
                Add("OPT_OCCURRENCES", e, path,
                    "<" + e.name + "> lower bound " + std::to_string(*iv.lower) + " exceeds upper bound " +
                        std::to_string(*iv.upper));
                return std::nullopt;
            }
        }
        return iv;
    }

    std::optional<aom::Interval<std::string>> ParseStringInterval(const XmlElement& e) {
        aom::Interval<std::string> iv;
        iv.lower_included = Flag(e, "lower_included", true);
        iv.upper_included = Flag(e, "upper_included", true);
        if (!Flag(e, "lower_unbounded", false))
            if (const XmlElement* lo = e.Child("lower")) iv.lower = std::string(Trim(lo->text));
        if (!Flag(e, "upper_unbounded", false))
            if (const XmlElement* hi = e.Child("upper")) iv.upper = std::string(Trim(hi->text));
        return iv;
    }

    // ---- objects
    std::unique_ptr<aom::CObject> LoadObject(const XmlElement& e, const std::string& path, bool is_definition) {
        auto obj = std::make_unique<aom::CObject>();
        std::string_view kind = StripPrefix(e.Attr("type"));
        if (kind.empty() && is_definition) kind = "C_ARCHETYPE_ROOT";
        if (const XmlElement* rt = e.Child("rm_type_name")) obj->rm_type_name = std::string(Trim(rt->text));
        if (const XmlElement* nid = e.Child("node_id")) obj->node_id = std::string(Trim(nid->text));
        if (const XmlElement* aid = e.Child("archetype_id")) {
            if (const XmlElement* v = aid->Child("value")) obj->archetype_id = std::string(Trim(v->text));
        }
        std::string here = path;
        object_paths_[&e] = here;
        obj->rm_type = schema_.Find(obj->rm_type_name);
        if (obj->rm_type == bmm::kNoType && kind == "C_PRIMITIVE_OBJECT") {
            // AOM 1.4 writes primitive types upper-case (STRING, DATE_TIME); the BMM names them
            // String, Date_time.
            std::string bmm_name = obj->rm_type_name;
            for (size_t i = 1; i < bmm_name.size(); ++i) bmm_name[i] = static_cast<char>(std::tolower(bmm_name[i]));
            obj->rm_type = schema_.Find(bmm_name);
        }
        if (obj->rm_type_name.empty()) {
            Add("OPT_STRUCTURE", e, here, std::string(kind) + " has no <rm_type_name>");
        } else if (obj->rm_type == bmm::kNoType) {
            Add("OPT_UNKNOWN_RM_TYPE", e, here, "unknown RM type '" + obj->rm_type_name + "'");
        }
        if (const XmlElement* occ = e.Child("occurrences")) {
            obj->occurrences = ParseInterval<int>(*occ, here, true);
        }

        if (kind == "C_COMPLEX_OBJECT" || kind == "C_ARCHETYPE_ROOT") {
            obj->kind = kind == "C_ARCHETYPE_ROOT" ? aom::CObjectKind::kArchetypeRoot : aom::CObjectKind::kComplexObject;
            if (obj->kind == aom::CObjectKind::kArchetypeRoot) {
                if (obj->archetype_id.empty()) {
                    Add("OPT_STRUCTURE", e, here, "C_ARCHETYPE_ROOT has no <archetype_id>");
                }
                LoadRootTerminology(e, obj->archetype_id, obj.get());
            }
            for (const auto& c : e.children) {
                if (c->name == "attributes") {
                    obj->attributes.push_back(LoadAttribute(*c, *obj, here));
                } else if (!IsComplexObjectPart(c->name, obj->kind)) {
                    Issue w;
                    w.code = "OPT_IGNORED_ELEMENT";
                    w.archetype_path = here;
                    w.pos = SourcePos{opts_.source_name, c->line, c->col};
                    w.message = "<" + c->name + "> is not part of a " + std::string(kind) +
                                (c->name == "children" ? " (constraint objects belong inside an <attributes>)" : "") +
                                "; ignored, so whatever it constrains is not applied";
                    warnings_.push_back(std::move(w));
                }
            }
        } else if (kind == "ARCHETYPE_SLOT") {
            obj->kind = aom::CObjectKind::kArchetypeSlot;
            aom::ArchetypeSlot slot;
            for (const auto& c : e.children) {
                if (c->name == "includes") CollectPatterns(*c, slot.includes);
                if (c->name == "excludes") CollectPatterns(*c, slot.excludes);
            }
            obj->detail = std::move(slot);
        } else if (kind == "ARCHETYPE_INTERNAL_REF") {
            obj->kind = aom::CObjectKind::kInternalRef;
            const XmlElement* tp = e.Child("target_path");
            obj->detail = aom::InternalRef{tp ? std::string(Trim(tp->text)) : std::string()};
        } else if (kind == "CONSTRAINT_REF") {
            obj->kind = aom::CObjectKind::kConstraintRef;
            const XmlElement* r = e.Child("reference");
            obj->detail = aom::ConstraintRef{r ? std::string(Trim(r->text)) : std::string()};
        } else if (kind == "C_PRIMITIVE_OBJECT") {
            obj->kind = aom::CObjectKind::kPrimitiveObject;
            if (const XmlElement* item = e.Child("item")) {
                if (auto p = LoadPrimitive(*item, here)) obj->detail = std::move(*p);
            }
            if (!obj->primitive()) Add("OPT_STRUCTURE", e, here, "C_PRIMITIVE_OBJECT without a known <item>");
        } else if (kind == "C_DV_QUANTITY") {
            obj->kind = aom::CObjectKind::kDvQuantity;
            aom::CDvQuantity q;
            if (const XmlElement* p = e.Child("property")) q.property = LoadCodeRef(*p);
            for (const auto& c : e.children) {
                if (c->name != "list") continue;
                aom::CQuantityItem item;
                if (const XmlElement* u = c->Child("units")) item.units = std::string(Trim(u->text));
                if (const XmlElement* m = c->Child("magnitude")) item.magnitude = ParseInterval<double>(*m, here, false);
                if (const XmlElement* p = c->Child("precision")) item.precision = ParseInterval<int>(*p, here, false);
                q.list.push_back(std::move(item));
            }
            if (const XmlElement* av = e.Child("assumed_value")) {
                double m = 0;
                if (const XmlElement* mag = av->Child("magnitude"); mag && ParseNumber(mag->text, m)) q.assumed_magnitude = m;
                if (const XmlElement* u = av->Child("units")) q.assumed_units = std::string(Trim(u->text));
            }
            obj->detail = std::move(q);
        } else if (kind == "C_DV_ORDINAL" || kind == "C_DV_SCALE") {
            obj->kind = aom::CObjectKind::kDvOrdinal;
            aom::CDvOrdinal o;
            o.is_scale = kind == "C_DV_SCALE";
            for (const auto& c : e.children) {
                if (c->name != "list") continue;
                aom::OrdinalItem item;
                if (const XmlElement* v = c->Child("value")) ParseNumber(v->text, item.value);
                if (const XmlElement* s = c->Child("symbol")) {
                    if (const XmlElement* dc = s->Child("defining_code")) item.symbol = LoadCodeRef(*dc);
                }
                o.list.push_back(std::move(item));
            }
            if (const XmlElement* av = e.Child("assumed_value")) {
                if (const XmlElement* s = av->Child("symbol")) {
                    if (const XmlElement* dc = s->Child("defining_code")) o.assumed_symbol = LoadCodeRef(*dc);
                }
            }
            obj->detail = std::move(o);
        } else if (kind == "C_CODE_PHRASE" || kind == "C_CODE_REFERENCE") {
            obj->kind = aom::CObjectKind::kCodePhrase;
            aom::CCodePhrase cp;
            if (const XmlElement* tid = e.Child("terminology_id")) {
                if (const XmlElement* v = tid->Child("value")) cp.terminology_id = std::string(Trim(v->text));
            }
            for (const auto& c : e.children)
                if (c->name == "code_list") cp.code_list.emplace_back(Trim(c->text));
            if (const XmlElement* r = e.Child("referenceSetUri")) cp.reference_set_uri = std::string(Trim(r->text));
            if (const XmlElement* av = e.Child("assumed_value")) {
                if (const XmlElement* cs = av->Child("code_string")) cp.assumed_value = std::string(Trim(cs->text));
            }
            obj->detail = std::move(cp);
        } else {
            Add("OPT_UNKNOWN_KIND", e, here, "unknown constraint kind '" + std::string(kind) + "'");
        }
        return obj;
    }

    aom::CAttribute LoadAttribute(const XmlElement& e, const aom::CObject& owner, const std::string& owner_path) {
        aom::CAttribute a;
        if (const XmlElement* n = e.Child("rm_attribute_name")) a.rm_attribute_name = std::string(Trim(n->text));
        a.is_multiple = StripPrefix(e.Attr("type")) == "C_MULTIPLE_ATTRIBUTE";
        std::string base = (owner_path == "/" ? std::string() : owner_path) + "/" + a.rm_attribute_name;
        if (a.rm_attribute_name.empty()) {
            Add("OPT_STRUCTURE", e, owner_path, "attribute without <rm_attribute_name>");
        } else if (owner.rm_type != bmm::kNoType) {
            a.slot = schema_.FindSlot(owner.rm_type, a.rm_attribute_name);
            if (a.slot == bmm::kNoSlot) {
                if (const LegacyAttribute* legacy = FindLegacyAttribute(owner.rm_type_name, a.rm_attribute_name)) {
                    Issue w;
                    w.code = "OPT_LEGACY_ATTRIBUTE";
                    w.archetype_path = base;
                    w.pos = SourcePos{opts_.source_name, e.line, e.col};
                    w.message = "RM type " + owner.rm_type_name + " has no attribute '" + a.rm_attribute_name +
                                "' in RM 1.1.0; constraint ignored (" + std::string(legacy->why) + ")";
                    warnings_.push_back(std::move(w));
                } else {
                    Add("OPT_UNKNOWN_ATTRIBUTE", e, base,
                        "RM type " + owner.rm_type_name + " has no attribute '" + a.rm_attribute_name + "'");
                }
            }
        }
        if (const XmlElement* ex = e.Child("existence")) a.existence = ParseInterval<int>(*ex, base, true);
        if (const XmlElement* card = e.Child("cardinality")) {
            aom::Cardinality c;
            c.is_ordered = Flag(*card, "is_ordered", true);
            c.is_unique = Flag(*card, "is_unique", false);
            if (const XmlElement* iv = card->Child("interval")) {
                if (auto parsed = ParseInterval<int>(*iv, base, true)) c.interval = *parsed;
            }
            a.cardinality = c;
        }
        for (const auto& c : e.children) {
            if (c->name == "match_negated") LoadMatchNegated(*c, base);
            if (c->name != "children") continue;
            std::string id;
            if (const XmlElement* aid = c->Child("archetype_id")) {
                if (const XmlElement* v = aid->Child("value")) id = std::string(Trim(v->text));
            }
            if (id.empty() || StripPrefix(c->Attr("type")) != "C_ARCHETYPE_ROOT") {
                if (const XmlElement* nid = c->Child("node_id")) id = std::string(Trim(nid->text));
            }
            a.children.push_back(LoadObject(*c, id.empty() ? base : base + "[" + id + "]", false));
        }
        return a;
    }

    // Archetype Designer writes <match_negated> in every C_ATTRIBUTE; the OPT 1.4 schema has
    // no such element. false is the meaning of its absence and is accepted (and blanked for the
    // schema check); true would negate the attribute's constraint, which aom::CAttribute cannot
    // say, so it is an error rather than a constraint silently turned around.
    void LoadMatchNegated(const XmlElement& m, const std::string& path) {
        const std::string_view v = Trim(m.text);
        if (v == "false" && m.children.empty() && m.attrs.empty()) {
            accepted_extensions_.push_back(TagEnd{m.line, m.col});
        } else if (v == "true") {
            Add("OPT_UNSUPPORTED", m, path,
                "<match_negated>true</match_negated>: a negated attribute constraint cannot be represented; "
                "the template is rejected rather than loaded with the constraint inverted");
        } else {
            Add("OPT_STRUCTURE", m, path, "<match_negated> must be true or false, not '" + std::string(v) + "'");
        }
    }

    // What a C_COMPLEX_OBJECT (and C_ARCHETYPE_ROOT) may hold besides <attributes>
    // (Archetype.xsd C_OBJECT, Template.xsd C_ARCHETYPE_ROOT).
    static bool IsComplexObjectPart(std::string_view name, aom::CObjectKind kind) {
        if (name == "rm_type_name" || name == "occurrences" || name == "node_id") return true;
        return kind == aom::CObjectKind::kArchetypeRoot &&
               (name == "archetype_id" || name == "template_id" || name == "term_definitions" ||
                name == "term_bindings");
    }

    static aom::CodeRef LoadCodeRef(const XmlElement& e) {
        aom::CodeRef r;
        if (const XmlElement* tid = e.Child("terminology_id")) {
            if (const XmlElement* v = tid->Child("value")) r.terminology_id = std::string(Trim(v->text));
        }
        if (const XmlElement* cs = e.Child("code_string")) r.code_string = std::string(Trim(cs->text));
        return r;
    }

    // Include/exclude assertions: keep the archetype-id regexes of their C_STRING patterns.
    static void CollectPatterns(const XmlElement& e, std::vector<std::string>& out) {
        if (e.name == "item" && StripPrefix(e.Attr("type")) == "C_STRING") {
            if (const XmlElement* p = e.Child("pattern")) out.emplace_back(Trim(p->text));
            return;
        }
        for (const auto& c : e.children) CollectPatterns(*c, out);
    }

    // <assumed_value> of a C_INTEGER / C_REAL, when present and numeric.
    template <class T>
    void AssumedNumber(const XmlElement& item, std::optional<T>& out) {
        T x{};
        if (const XmlElement* a = item.Child("assumed_value"); a && ParseNumber(a->text, x)) out = x;
    }

    std::optional<aom::CPrimitive> LoadPrimitive(const XmlElement& item, const std::string& path) {
        std::string_view kind = StripPrefix(item.Attr("type"));
        auto text_of = [&](std::string_view n) -> std::optional<std::string> {
            const XmlElement* c = item.Child(n);
            if (!c) return std::nullopt;
            return std::string(Trim(c->text));
        };
        if (kind == "C_STRING") {
            aom::CString s;
            for (const auto& c : item.children)
                if (c->name == "list") s.list.emplace_back(Trim(c->text));
            s.pattern = text_of("pattern");
            s.list_open = Flag(item, "list_open", false);
            s.assumed_value = text_of("assumed_value");
            return s;
        }
        if (kind == "C_INTEGER") {
            aom::CInteger v;
            for (const auto& c : item.children) {
                long long x;
                if (c->name == "list" && ParseNumber(c->text, x)) v.list.push_back(x);
            }
            if (const XmlElement* r = item.Child("range")) v.range = ParseInterval<long long>(*r, path, false);
            AssumedNumber(item, v.assumed_value);
            return v;
        }
        if (kind == "C_REAL") {
            aom::CReal v;
            for (const auto& c : item.children) {
                double x;
                if (c->name == "list" && ParseNumber(c->text, x)) v.list.push_back(x);
            }
            if (const XmlElement* r = item.Child("range")) v.range = ParseInterval<double>(*r, path, false);
            AssumedNumber(item, v.assumed_value);
            return v;
        }
        if (kind == "C_BOOLEAN") {
            aom::CBoolean b;
            b.true_valid = Flag(item, "true_valid", true);
            b.false_valid = Flag(item, "false_valid", true);
            if (auto a = text_of("assumed_value")) b.assumed_value = *a == "true";
            return b;
        }
        auto temporal = [&](aom::CTemporal& t) {
            t.pattern = text_of("pattern");
            if (const XmlElement* r = item.Child("range")) t.range = ParseStringInterval(*r);
            t.assumed_value = text_of("assumed_value");
        };
        if (kind == "C_DATE") { aom::CDate d; temporal(d); return d; }
        if (kind == "C_TIME") { aom::CTime d; temporal(d); return d; }
        if (kind == "C_DATE_TIME") { aom::CDateTime d; temporal(d); return d; }
        if (kind == "C_DURATION") { aom::CDuration d; temporal(d); return d; }
        Add("OPT_UNKNOWN_KIND", item, path, "unknown primitive constraint '" + std::string(kind) + "'");
        return std::nullopt;
    }

    // ---- terminology
    // Inline term definitions of a C_ARCHETYPE_ROOT: <term_definitions code="at0000"><items id="text">.
    void LoadRootTerminology(const XmlElement& e, const std::string& archetype_id, const aom::CObject* root) {
        auto& terms = local_terms_[archetype_id];
        auto& own = root_terms_[root];
        for (const auto& c : e.children) {
            if (c->name == "term_definitions") {
                aom::ArchetypeTerm term;
                term.code = std::string(c->Attr("code"));
                for (const auto& it : c->children)
                    if (it->name == "items") term.items[std::string(it->Attr("id"))] = std::string(Trim(it->text));
                own[term.code] = term;
                terms[term.code] = std::move(term);
            } else if (c->name == "term_bindings") {
                std::string tid(c->Attr("terminology"));
                for (const auto& it : c->children) {
                    if (it->name != "items") continue;
                    local_bindings_[archetype_id][tid][std::string(it->Attr("code"))] = BindingText(*it);
                }
            }
        }
    }

    static std::string BindingText(const XmlElement& item) {
        const XmlElement* v = item.Child("value");
        if (!v) return std::string(Trim(item.text));
        if (v->Child("code_string")) {
            aom::CodeRef r = LoadCodeRef(*v);
            return "[" + r.terminology_id + "::" + r.code_string + "]";
        }
        return std::string(Trim(v->text));
    }

    // <component_ontologies archetype_id=".."> / <ontology archetype_id="..">: term and
    // constraint definitions per language, term bindings per terminology.
    void LoadOntology(const XmlElement& e, Template& t) {
        std::string id(e.Attr("archetype_id"));
        auto& dst = t.terminologies[id];
        dst.archetype_id = id;
        for (const auto& c : e.children) {
            const bool is_term = c->name == "term_definitions";
            const bool is_constraint = c->name == "constraint_definitions";
            if (is_term || is_constraint) {
                std::string lang(c->Attr("language"));
                auto& table = (is_term ? dst.term_definitions : dst.constraint_definitions)[lang];
                for (const auto& it : c->children) {
                    if (it->name != "items") continue;
                    aom::ArchetypeTerm term;
                    term.code = std::string(it->Attr("code"));
                    for (const auto& kv : it->children)
                        if (kv->name == "items") term.items[std::string(kv->Attr("id"))] = std::string(Trim(kv->text));
                    table[term.code] = std::move(term);
                }
            } else if (c->name == "term_bindings") {
                std::string tid(c->Attr("terminology"));
                for (const auto& it : c->children) {
                    if (it->name != "items") continue;
                    dst.term_bindings[tid][std::string(it->Attr("code"))] = BindingText(*it);
                }
            }
        }
    }

    void LoadAnnotation(const XmlElement& e, Template& t) {
        Annotation a;
        a.path = std::string(e.Attr("path"));
        for (const auto& c : e.children)
            if (c->name == "items") a.items[std::string(c->Attr("id"))] = std::string(Trim(c->text));
        t.annotations.push_back(std::move(a));
    }

    // <constraints><attributes><rm_attribute_name/><children><default_value>…</default_value>
    // </children><differential_path>[archetype id]/path</differential_path>: the template's
    // default values (Template::default_values).
    static void LoadDefaults(const XmlElement& e, Template& t) {
        for (const auto& a : e.children) {
            if (a->name != "attributes") continue;
            const XmlElement* name = a->Child("rm_attribute_name");
            const XmlElement* diff = a->Child("differential_path");
            if (!name || !diff) continue;
            std::string path(Trim(diff->text));
            if (size_t slash = path.find('/'); slash != std::string::npos) {
                path = path.substr(slash);
            } else {
                path.clear();  // the root itself
            }
            path += "/" + std::string(Trim(name->text));
            for (const auto& c : a->children) {
                if (c->name != "children") continue;
                const XmlElement* dv = c->Child("default_value");
                if (!dv) continue;
                auto& fields = t.default_values[path];
                for (const auto& f : dv->children) {
                    if (f->children.empty()) {
                        fields[f->name] = std::string(Trim(f->text));
                    } else if (const XmlElement* code = FindDescendant(*f, "defining_code")) {
                        if (const XmlElement* cs = code->Child("code_string")) fields["defining_code"] = std::string(Trim(cs->text));
                    }
                }
            }
        }
    }

    static const XmlElement* FindDescendant(const XmlElement& e, std::string_view name) {
        if (e.name == name) return &e;
        for (const auto& c : e.children)
            if (const XmlElement* f = FindDescendant(*c, name)) return f;
        return nullptr;
    }

    // Every at-code used as a node id must have a term definition in its archetype.
    void CheckTerms(const Template& t) {
        for (const auto& [key, objs] : t.by_node) {
            const auto& [archetype_id, code] = key;
            if (code.rfind("at", 0) != 0) continue;
            const aom::ArchetypeTerminology* term = t.Terminology(archetype_id);
            if (term && term->FindTerm(code)) continue;
            Issue i;
            i.code = "OPT_MISSING_TERM";
            i.archetype_path = objs.front()->path;
            i.pos = SourcePos{opts_.source_name, 0, 0};
            i.message = "node id " + code + " of " + archetype_id + " has no term definition";
            issues_.push_back(std::move(i));
        }
    }

private:
    const OptLoadOptions& opts_;
    const bmm::Schema& schema_;
    std::vector<Issue> issues_;
    std::vector<Issue> warnings_;
    std::vector<TagEnd> accepted_extensions_;  // match_negated false elements, blanked for the XSD
    std::unordered_map<const XmlElement*, std::string> object_paths_;  // constraint object -> path
    std::map<std::string, std::map<std::string, aom::ArchetypeTerm>> local_terms_;
    std::unordered_map<const aom::CObject*, aom::TermTable> root_terms_;
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> local_bindings_;
};

}  // namespace

Result<std::shared_ptr<const Template>> LoadOpt(std::string_view xml, const OptLoadOptions& opts) {
    codec::XmlTreeOptions xo;
    xo.source_name = opts.source_name;
    Result<std::unique_ptr<codec::XmlElement>> tree = codec::ReadXmlTree(xml, xo);
    if (!tree.ok()) return std::move(tree).error();
    OptLoader loader(opts);
    return loader.Load(**tree, xml);
}

Result<std::shared_ptr<const Template>> LoadOptFile(const std::string& path, XsdCheck xsd) {
    KJ_ASSIGN_OR_RETURN(std::string xml, ReadFileBytes(path));
    OptLoadOptions opts;
    opts.source_name = path;
    opts.xsd = xsd;
    return LoadOpt(xml, opts);
}

}  // namespace kjerne::templates
