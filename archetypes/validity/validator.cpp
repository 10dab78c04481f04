// archetypes/validity/validator.cpp
//
// The checks, one small pass each over the constraint tree:
//   VARDT  root RM type equals the RM class named in the archetype id
//   VCORM  object RM type exists in the RM (openEHR EHR/DEMOGRAPHIC archetypes only: the
//          compiled-in BMM is openEHR RM 1.1.0; other publishers' RMs are not loaded)
//   VCARM  attribute exists on the object's RM type
//   VCORMT object RM type conforms to the attribute's static RM type
//   VCAEX  explicit existence lies within the RM property's existence (1..1 if mandatory)
//   VATID  node ids (id-codes / ADL 1.4 at-code node ids) defined in term_definitions
//   VATDF  value at-codes (local code phrases, ordinal symbols) defined in term_definitions
//   VACDF  ac-codes defined (ADL 1.4 constraint_definitions, ADL 2 term_definitions)
//   VUNP   use_node target path names an object of this archetype
//   VOKU   keys of every ODIN keyed list unique (terminology, description, ...)
//   VARCN  ADL 2 root node id is id1 (id1.1, … when specialised)
//   VACSD  ADL 2 root node id specialised exactly when the archetype is (id1 vs id1.1)
//   VCOID  ADL 2 complex objects, slots and internal refs carry a node id
//   VSAM   cardinality only on multiply-valued RM attributes
//   VACSO  objects under a single-valued RM attribute have occurrences upper <= 1
//   VCACA  cardinality within the RM's: a mandatory list of a LOCATABLE (CLUSTER.items) is 1..*
//   VACMCU object occurrences upper within the attribute's cardinality upper
//   VCORMT generic parameters conform to the class's generic bound (HISTORY<ITEM_LIST>);
//          primitive constraints only under primitive-typed RM attributes (primitive_rules.cpp)
//   VETDF  terms of terminology "openehr" (bindings, code phrases, quantity properties) are
//          openEHR concept ids, i.e. integers (external_term_rules.cpp)
//   VCOV   values of one ordinal constraint unique (domain_type_rules.cpp)
//   VDSEV  ADL 2 slots: with both includes and excludes, exactly one of them is "any" (/.*/)
//   VOTM   term_definitions present for the original language and every translation
//   VTLC   every code of the original language is defined in every other language
//   VATDA  an assumed code is one of the listed codes / value-set members
//   WOUC   (warning) terms defined but used nowhere in the definition (non-specialised only)
//   WACMCL (warning) the children's occurrences lower bounds add up to more than the cardinality upper
//   VRDLA  description.details["xx"] states language xx
//   VTVSMD value-set members defined in the terminology;  VTVSUQ  members unique
//   VOTBK  term-binding keys are codes of the terminology or paths naming objects of the archetype
//          (non-specialised)
//   VTSD   ADL 2: node ids and terminology codes of the archetype's own specialisation level
//   VRANP  annotation paths exist in the archetype or, past its leaves, in the RM
// Codes are checked only at the archetype's own specialisation depth (a code with fewer
// dots than the root node id is the parent's: specialisation_rules.cpp checks those against
// the flat parent when Validate is given one).
#include "archetypes/validity/validator.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archetypes/validity/bmm_reference_model.hpp"
#include "archetypes/validity/domain_type_rules.hpp"
#include "archetypes/validity/external_term_rules.hpp"
#include "archetypes/validity/primitive_rules.hpp"
#include "archetypes/validity/specialisation_rules.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::validity {

namespace {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;

int CodeDepth(std::string_view code) { return static_cast<int>(std::count(code.begin(), code.end(), '.')); }

bool IsLocalTerminology(std::string_view t) { return t.empty() || t == "local"; }

class Checker {
public:
    // `rm`: the archetype's reference model when it is not the compiled-in openEHR RM (a BMM
    // read by bmm_reference_model.hpp; the archetype then bound to it); nullptr = openEHR RM 1.1.0.
    Checker(const aom::Archetype& a, std::string_view file, const bmm::Schema* rm = nullptr)
        : a_(a), file_(file), schema_(rm ? *rm : bmm::Schema::Rm()) {
        locatable_ = schema_.Find("LOCATABLE");
        // RM id segment: [ns::]publisher-package-CLASS.concept.version
        std::string_view id = a_.archetype_id;
        if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
        size_t d1 = id.find('-'), d2 = d1 == std::string_view::npos ? d1 : id.find('-', d1 + 1);
        size_t dot = d2 == std::string_view::npos ? d2 : id.find('.', d2 + 1);
        if (d1 != std::string_view::npos && d2 != std::string_view::npos && dot != std::string_view::npos) {
            publisher_ = std::string(id.substr(0, d1));
            package_ = std::string(id.substr(d1 + 1, d2 - d1 - 1));
            id_class_ = std::string(id.substr(d2 + 1, dot - d2 - 1));
        }
        std::string pub = publisher_;
        for (char& c : pub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        rm_known_ = rm != nullptr || (pub == "openehr" && (package_ == "EHR" || package_ == "DEMOGRAPHIC"));
        if (a_.definition) depth_ = CodeDepth(a_.definition->node_id);
        if (a_.is_specialised()) depth_ = std::max(depth_, 1);
    }

    std::vector<Finding> Run() {
        if (!a_.definition) return std::move(out_);
        if (a_.artefact_type != "template_overlay" && !id_class_.empty() &&
            a_.definition->rm_type_name != id_class_)
            Add("VARDT", *a_.definition,
                "root type " + a_.definition->rm_type_name + " does not match the RM type " + id_class_ +
                    " of the archetype id");
        if (a_.is_adl2 && a_.definition->node_id.rfind("id1", 0) != 0)
            Add("VARCN", *a_.definition, "the root node id must be id1 (or id1.1… in a specialised archetype), found '" +
                                             a_.definition->node_id + "'");
        else if (a_.is_adl2 && a_.definition->node_id.size() > 3 && a_.definition->node_id[3] != '.')
            Add("VARCN", *a_.definition, "the root node id must be id1 (or id1.1… in a specialised archetype), found '" +
                                             a_.definition->node_id + "'");
        if (a_.is_adl2 && a_.artefact_type != "template_overlay") {
            int root_depth = CodeDepth(a_.definition->node_id);
            if (a_.is_specialised() ? root_depth == 0 : root_depth != 0)
                Add("VACSD", *a_.definition,
                    "root node id " + a_.definition->node_id + " is of specialisation level " + std::to_string(root_depth) +
                        (a_.is_specialised() ? ", but the archetype specialises " + a_.parent_archetype_id
                                             : ", but the archetype is not specialised"));
        }
        Walk(*a_.definition);
        CheckLanguages();
        CheckDetailsLanguages();
        CheckValueSets();
        CheckTerminologyLevels();
        if (!a_.is_specialised() && a_.artefact_type == "archetype") {
            CheckBindingPaths();
            CheckAnnotationPaths();
        }
        if (!a_.is_specialised() && a_.artefact_type == "archetype") CheckUnused();
        for (const auto* odin : {&a_.terminology_odin, &a_.description, &a_.language, &a_.annotations})
            if (odin->has_value()) CheckKeys(**odin);
        return std::move(out_);
    }

private:
    void Add(const char* code, uint32_t line, uint32_t col, const std::string& path, std::string message) {
        Finding f;
        f.severity = code[0] == 'W' ? Severity::kWarning : Severity::kError;
        f.issue.code = code;
        f.issue.archetype_path = path;
        f.issue.pos = SourcePos{std::string(file_), line, col};
        f.issue.message = std::move(message);
        out_.push_back(std::move(f));
    }
    void Add(const char* code, const CObject& o, std::string message) { Add(code, o.line, o.col, o.path, std::move(message)); }

    bool TermDefined(const std::string& code) const { return a_.terminology.FindTerm(code) != nullptr; }
    bool OwnCode(std::string_view code) const { return CodeDepth(code) == depth_; }

    void CheckNodeId(const CObject& o) {
        const std::string& id = o.node_id;
        if (id.empty()) return;
        if (a_.is_adl2 && CodeDepth(id) > depth_) {
            Add("VTSD", o, "node id " + id + " is specialised deeper than the archetype (depth " + std::to_string(depth_) + ")");
            return;
        }
        if (!OwnCode(id)) return;
        if (a_.is_adl2) {
            // ADL 2 (AOM 2 VATID): the root and the children of multiply-valued attributes
            // need a term; other id-codes (e.g. DV_QUANTITY[id5] under a single attribute) need not.
            if (id.rfind("id", 0) != 0) return;
            bool multiple = o.parent && (o.parent->is_multiple || o.parent->cardinality.has_value());
            if (o.parent && !multiple) return;
        }
        if (!TermDefined(id)) Add("VATID", o, "node id " + id + " is not defined in the terminology's term_definitions");
    }

    void CheckValueCode(const CObject& o, const std::string& code) {
        if (code.empty() || !OwnCode(code)) return;
        if (code.rfind("ac", 0) == 0) {
            if (!TermDefined(code) && !a_.terminology.FindConstraint(code))
                Add("VACDF", o, "value set code " + code + " is not defined in the terminology");
        } else if (code.rfind("at", 0) == 0) {
            if (!TermDefined(code)) Add("VATDF", o, "value code " + code + " is not defined in the terminology's term_definitions");
        }
    }

    void CheckCodes(const CObject& o) {
        if (o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeSlot ||
            o.kind == CObjectKind::kArchetypeRoot)
            CheckNodeId(o);
        if (!o.node_id.empty()) used_.insert(o.node_id);
        if (a_.is_adl2 && o.node_id.empty() &&
            (o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeSlot ||
             o.kind == CObjectKind::kInternalRef))
            Add("VCOID", o, std::string(o.kind == CObjectKind::kArchetypeSlot ? "slot " : "object ") + o.rm_type_name +
                                " has no node id");
        if (const auto* cp = o.code_phrase()) {
            for (const auto& c : cp->code_list) used_.insert(c);
            if (cp->assumed_value && !cp->code_list.empty()) {
                const std::string& av = *cp->assumed_value;
                bool listed = std::find(cp->code_list.begin(), cp->code_list.end(), av) != cp->code_list.end();
                for (const auto& c : cp->code_list) {
                    auto vs = a_.value_sets.find(c);
                    if (vs != a_.value_sets.end() &&
                        std::find(vs->second.begin(), vs->second.end(), av) != vs->second.end())
                        listed = true;
                    if (vs == a_.value_sets.end() && c.rfind("ac", 0) == 0) listed = true;  // members unknown here
                }
                if (!listed) Add("VATDA", o, "assumed code " + av + " is not one of the constraint's codes");
            }
        } else if (const auto* cr = o.constraint_ref()) {
            used_.insert(cr->reference);
        } else if (const auto* ord = o.ordinal()) {
            for (const auto& item : ord->list) used_.insert(item.symbol.code_string);
        }
        if (const auto* cp = o.code_phrase()) {
            if (IsLocalTerminology(cp->terminology_id)) {
                for (const auto& c : cp->code_list) CheckValueCode(o, c);
                if (cp->assumed_value) CheckValueCode(o, *cp->assumed_value);
            }
        } else if (const auto* cr = o.constraint_ref()) {
            if (OwnCode(cr->reference) && !a_.terminology.FindConstraint(cr->reference) && !TermDefined(cr->reference))
                Add("VACDF", o, "constraint code " + cr->reference + " is not defined in constraint_definitions");
        } else if (const auto* ord = o.ordinal()) {
            for (const auto& item : ord->list)
                if (IsLocalTerminology(item.symbol.terminology_id)) CheckValueCode(o, item.symbol.code_string);
        }
    }

    void CheckRm(const CObject& o) {
        if (!rm_known_) return;
        bool structural = o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeRoot ||
                          o.kind == CObjectKind::kArchetypeSlot || o.kind == CObjectKind::kInternalRef;
        if (!structural) return;
        if (o.rm_type == bmm::kNoType) {
            Add("VCORM", o, "RM type " + o.rm_type_name + " does not exist in the reference model");
            return;
        }
        if (size_t lt = o.rm_type_name.find('<'); lt != std::string::npos && o.rm_type_name.back() == '>') {
            std::string arg = o.rm_type_name.substr(lt + 1, o.rm_type_name.size() - lt - 2);
            bmm::TypeId arg_type = schema_.Find(arg);
            bmm::TypeId bound = schema_.Class(o.rm_type).generic_bound;
            if (arg_type == bmm::kNoType)
                Add("VCORM", o, "RM type " + arg + " (generic parameter of " + o.rm_type_name + ") does not exist in the reference model");
            else if (bound != bmm::kNoType && !schema_.IsSubtypeOf(arg_type, bound))
                Add("VCORMT", o, "generic parameter " + arg + " of " + o.rm_type_name + " does not conform to " +
                                     std::string(schema_.Name(bound)));
            // the owner's own parameter binds the child's: HISTORY<ITEM_LIST>.events holds EVENT<ITEM_LIST>
            const CObject* owner = o.parent ? o.parent->parent : nullptr;
            if (owner && arg_type != bmm::kNoType && o.parent->slot != bmm::kNoSlot) {
                size_t olt = owner->rm_type_name.find('<');
                if (olt != std::string::npos && owner->rm_type != bmm::kNoType) {
                    const bmm::PropDef& prop = schema_.Prop(owner->rm_type, o.parent->slot);
                    bmm::TypeId owner_arg = schema_.Find(owner->rm_type_name.substr(olt + 1, owner->rm_type_name.size() - olt - 2));
                    if (prop.generic_arg == bmm::kNoType && schema_.Class(prop.type).is_generic && owner_arg != bmm::kNoType &&
                        !schema_.IsSubtypeOf(arg_type, owner_arg))
                        Add("VCORMT", o, "generic parameter " + arg + " of " + o.rm_type_name + " does not conform to " +
                                             std::string(schema_.Name(owner_arg)) + ", the parameter of " + owner->rm_type_name);
                }
            }
        }
        // conformance to the attribute holding it
        if (o.parent && o.parent->slot != bmm::kNoSlot && o.parent->parent &&
            o.parent->parent->rm_type != bmm::kNoType) {
            const bmm::PropDef& prop = schema_.Prop(o.parent->parent->rm_type, o.parent->slot);
            if (prop.type != bmm::kNoType && !schema_.Class(prop.type).is_primitive() &&
                !schema_.IsSubtypeOf(o.rm_type, prop.type))
                Add("VCORMT", o,
                    "RM type " + o.rm_type_name + " does not conform to " + std::string(schema_.Name(prop.type)) +
                        ", the type of " + std::string(schema_.Name(o.parent->parent->rm_type)) + "." +
                        o.parent->rm_attribute_name);
        }
    }

    void CheckAttribute(const CObject& owner, const CAttribute& attr) {
        if (attr.cardinality && attr.cardinality->interval.upper) {
            int cu = *attr.cardinality->interval.upper;
            long long lower_sum = 0;
            for (const auto& c : attr.children) lower_sum += c->occurrences && c->occurrences->lower ? *c->occurrences->lower : 0;
            if (lower_sum > cu)
                Add("WACMCL", attr.line, attr.col, (owner.path == "/" ? "" : owner.path) + "/" + attr.rm_attribute_name,
                    "the children's occurrences need at least " + std::to_string(lower_sum) +
                        " items, more than the cardinality " + attr.cardinality->interval.ToString() + " allows");
            for (const auto& c : attr.children)
                if (c->occurrences && (!c->occurrences->upper || *c->occurrences->upper > cu))
                    Add("VACMCU", *c, "occurrences " + c->occurrences->ToString() + " exceed the cardinality " +
                                          attr.cardinality->interval.ToString() + " of " + attr.rm_attribute_name);
        }
        if (!rm_known_ || owner.rm_type == bmm::kNoType || !attr.differential_path.empty()) return;
        std::string path = (owner.path == "/" ? "" : owner.path) + "/" + attr.rm_attribute_name;
        if (attr.slot == bmm::kNoSlot) {
            Add("VCARM", attr.line, attr.col, path,
                "attribute " + attr.rm_attribute_name + " does not exist on RM type " + owner.rm_type_name);
            return;
        }
        const bmm::PropDef& prop = schema_.Prop(owner.rm_type, attr.slot);
        // VCACA. The compiled-in schema keeps a container's is_mandatory, not its BMM
        // cardinality; in RM 1.1.0 the mandatory containers of LOCATABLE classes (CLUSTER.items,
        // PARTY.identities) are exactly those of cardinality >= 1, so there a stated lower bound
        // of 0 admits what the RM does not (the non-LOCATABLE EHR.contributions,
        // CONTRIBUTION.versions and REVISION_HISTORY.items are mandatory but >= 0).
        if (attr.cardinality && prop.is_multiple() && prop.mandatory && locatable_ != bmm::kNoType &&
            schema_.IsSubtypeOf(owner.rm_type, locatable_) &&
            (!attr.cardinality->interval.lower || *attr.cardinality->interval.lower < 1))
            Add("VCACA", attr.line, attr.col, path,
                "cardinality " + attr.cardinality->interval.ToString() + " of " + owner.rm_type_name + "." +
                    attr.rm_attribute_name + " is wider than the RM's 1..* (the list is mandatory and not empty)");
        if (attr.cardinality && !prop.is_multiple())
            Add("VSAM", attr.line, attr.col, path,
                "cardinality on " + attr.rm_attribute_name + ", a single-valued attribute of " + owner.rm_type_name);
        if (!prop.is_multiple() && !attr.cardinality) {
            for (const auto& c : attr.children)
                if (c->occurrences && (!c->occurrences->upper || *c->occurrences->upper > 1))
                    Add("VACSO", *c, "occurrences " + c->occurrences->ToString() + " under the single-valued attribute " +
                                         attr.rm_attribute_name);
        }
        if (attr.existence) {
            int rm_lower = prop.mandatory ? 1 : 0;
            const auto& ex = *attr.existence;
            bool lower_ok = ex.lower && *ex.lower >= rm_lower;
            bool upper_ok = ex.upper && *ex.upper <= 1;
            if (!lower_ok || !upper_ok)
                Add("VCAEX", attr.line, attr.col, path,
                    "existence " + ex.ToString() + " of " + attr.rm_attribute_name + " is not within the RM's " +
                        (prop.mandatory ? "1..1" : "0..1"));
        }
    }

    // One step of an archetype path: the attribute and the text inside its [...], if any.
    struct PathSegment {
        std::string_view name, predicate;
    };
    // "/a[x]/b/c[y, 'n']" -> (a, x), (b, ""), (c, "y, 'n'"); brackets may hold '/'. nullopt when
    // a segment does not start with '/'. Shared by Resolve and ResolveRm.
    static std::optional<std::vector<PathSegment>> SplitPath(std::string_view path) {
        std::vector<PathSegment> out;
        size_t i = 0;
        while (i < path.size()) {
            if (path[i] != '/') return std::nullopt;
            ++i;
            size_t end = i;
            int br = 0;
            while (end < path.size() && (br > 0 || path[end] != '/')) {
                if (path[end] == '[') ++br;
                else if (path[end] == ']') --br;
                ++end;
            }
            std::string_view seg = path.substr(i, end - i);
            i = end;
            PathSegment p{seg, {}};
            if (size_t b = seg.find('['); b != std::string_view::npos) {
                p.name = seg.substr(0, b);
                p.predicate = seg.substr(b + 1, seg.size() - b - 2);
            }
            out.push_back(p);
        }
        return out;
    }

    // The object an archetype path names, following use_node references; nullptr if none.
    const CObject* Resolve(std::string_view path, int depth = 0) const {
        if (depth > 16) return nullptr;
        const CObject* cur = a_.definition.get();
        if (path.empty() || path[0] != '/') return nullptr;
        if (path == "/") return cur;
        auto segs = SplitPath(path);
        if (!segs) return nullptr;
        for (size_t k = 0; k < segs->size() && cur; ++k) {
            std::string_view name = (*segs)[k].name, pred = (*segs)[k].predicate;
            if (size_t comma = pred.find(','); comma != std::string_view::npos) pred = pred.substr(0, comma);
            const CAttribute* attr = cur->FindAttribute(name);
            if (!attr) return nullptr;
            const CObject* next = nullptr;
            for (const auto& c : attr->children) {
                bool match = pred.empty() ? attr->children.size() == 1 : (c->node_id == pred || c->archetype_id == pred);
                if (!match && c->internal_ref()) {  // a use_node is also named by its target's id
                    const CObject* target = Resolve(c->internal_ref()->target_path, depth + 1);
                    match = target && target->node_id == pred;
                }
                if (match) {
                    next = c.get();
                    break;
                }
            }
            if (next && next->internal_ref() && k + 1 < segs->size()) next = Resolve(next->internal_ref()->target_path, depth + 1);
            cur = next;
        }
        return cur;
    }

    void Walk(const CObject& o) {
        CheckCodes(o);
        CheckRm(o);
        if (const auto* slot = o.slot(); slot && a_.is_adl2 && !slot->includes.empty() && !slot->excludes.empty() &&
                                         !slot->has_other_assertions) {
            auto any = [](const std::vector<std::string>& v) { return v.size() == 1 && v[0] == ".*"; };
            if (any(slot->includes) == any(slot->excludes))
                Add("VDSEV", o, any(slot->includes) ? "slot includes and excludes are both 'any'"
                                                    : "slot with includes and excludes, neither of them 'any'");
        }
        if (const auto* ref = o.internal_ref()) {
            if (!a_.is_specialised() && a_.artefact_type == "archetype" && !Resolve(ref->target_path))
                Add("VUNP", o, "use_node path " + ref->target_path + " does not name an object of this archetype");
        }
        for (const auto& attr : o.attributes) {
            CheckAttribute(o, attr);
            for (const auto& child : attr.children) Walk(*child);
        }
    }

    void CheckLanguages() {
        const auto& defs = a_.terminology.term_definitions;
        if (!a_.terminology_odin) return;
        std::vector<std::string> langs;
        if (!a_.original_language.empty()) langs.push_back(a_.original_language);
        if (a_.language)
            if (const auto* tr = a_.language->Get("translations"))
                for (const auto& t : tr->children) langs.push_back(t.key);
        uint32_t line = a_.terminology_pos.line, col = a_.terminology_pos.col;
        for (const auto& l : langs)
            if (!defs.count(l))
                Add("VOTM", line, col, "", "term_definitions has no entry for the language '" + l + "'");
        auto orig = defs.find(a_.original_language);
        if (orig == defs.end()) return;
        for (const auto& [lang, table] : defs) {
            if (lang == a_.original_language) continue;
            for (const auto& [code, term] : orig->second)
                if (!table.count(code))
                    Add("VTLC", line, col, "", "code " + code + " of the original language '" + a_.original_language +
                                                   "' is not defined in language '" + lang + "'");
        }
    }

    void CheckDetailsLanguages() {
        if (!a_.description) return;
        const auto* details = a_.description->Get("details");
        if (!details) return;
        for (const auto& d : details->children) {
            const auto* lang = d.Get("language");
            if (!lang) continue;
            std::string_view t = lang->Text();
            size_t sep = t.find("::");
            std::string_view code = sep == std::string_view::npos ? t : t.substr(sep + 2);
            if (code != d.key)
                Add("VRDLA", lang->line, lang->col, "",
                    "description details [\"" + d.key + "\"] states language '" + std::string(code) + "'");
        }
    }

    // ADL 2: a terminology holds the codes of its own specialisation level only.
    void CheckTerminologyLevels() {
        if (!a_.is_adl2) return;
        for (const auto& [lang, table] : a_.terminology.term_definitions) {
            for (const auto& [code, term] : table)
                if (CodeDepth(code) != depth_)
                    Add("VTSD", a_.terminology_pos.line, a_.terminology_pos.col, "",
                        "code " + code + " in term_definitions [\"" + lang + "\"] is of specialisation level " +
                            std::to_string(CodeDepth(code)) + ", the archetype's is " + std::to_string(depth_));
            break;  // one language is enough: VTLC covers the others
        }
    }

    void CheckValueSets() {
        for (const auto& [code, members] : a_.value_sets) {
            std::set<std::string_view> seen;
            for (const auto& m : members) {
                if (!seen.insert(m).second)
                    Add("VTVSUQ", a_.terminology_pos.line, a_.terminology_pos.col, "",
                        "value set " + code + " lists " + m + " more than once");
                if (OwnCode(m) && !TermDefined(m))
                    Add("VTVSMD", a_.terminology_pos.line, a_.terminology_pos.col, "",
                        "value set " + code + " member " + m + " is not defined in term_definitions");
            }
        }
    }

    void CheckBindingPaths() {
        if (!a_.terminology_odin) return;
        const auto* b = a_.terminology_odin->Get("term_bindings");
        if (!b) return;
        for (const auto& term : b->children) {
            const aom::OdinValue* items = term.Get("items");
            const aom::OdinValue& src = items && items->is_object ? *items : term;
            for (const auto& bind : src.children) {
                if (!bind.key.empty() && bind.key[0] == '/') {
                    if (!Resolve(bind.key) && !ResolveRm(bind.key))
                        Add("VOTBK", bind.line, bind.col, bind.key,
                            "term binding path " + bind.key + " names no object of this archetype");
                } else if (!TermDefined(bind.key) && !a_.terminology.FindConstraint(bind.key)) {
                    Add("VOTBK", bind.line, bind.col, "",
                        "term binding key " + bind.key + " is neither a code of this terminology nor a path");
                }
            }
        }
    }

    void CheckAnnotationPaths() {
        if (!a_.annotations) return;
        const auto* doc = a_.annotations->Get("documentation");
        if (!doc) return;
        for (const auto& lang : doc->children)
            for (const auto& entry : lang.children)
                if (!entry.key.empty() && entry.key[0] == '/' && !Resolve(entry.key) && !ResolveRm(entry.key))
                    Add("VRANP", entry.line, entry.col, entry.key,
                        "annotation path " + entry.key + " exists neither in the archetype nor in the RM");
    }

    // Archetype path that may continue past the constrained nodes into RM attributes
    // (/context[id17]/health_care_facility/name): archetype nodes first, then RM properties.
    bool ResolveRm(std::string_view path) const {
        const CObject* cur = a_.definition.get();
        bmm::TypeId type = cur->rm_type;
        bool in_rm = false;
        auto segs = SplitPath(path);
        if (!segs) return false;
        for (const PathSegment& seg : *segs) {
            std::string_view name = seg.name, pred = seg.predicate;
            if (!in_rm && cur) {
                if (const CAttribute* attr = cur->FindAttribute(name)) {
                    const CObject* next = nullptr;
                    for (const auto& c : attr->children)
                        if (pred.empty() ? attr->children.size() == 1 : c->node_id == pred) next = c.get();
                    if (next) {
                        cur = next;
                        type = next->rm_type;
                        continue;
                    }
                    if (!pred.empty()) return false;
                }
                in_rm = true;
            }
            if (type == bmm::kNoType || !rm_known_) return false;
            bmm::Slot slot = schema_.FindSlot(type, name);
            if (slot == bmm::kNoSlot) return false;
            type = schema_.Prop(type, slot).type;
            cur = nullptr;
        }
        return true;
    }

    void CheckUnused() {
        for (const auto& [code, members] : a_.value_sets)
            if (used_.count(code))
                for (const auto& m : members) used_.insert(m);
        auto orig = a_.terminology.term_definitions.find(a_.original_language);
        if (orig == a_.terminology.term_definitions.end()) return;
        // the term's own place in the ODIN text, for the finding's position
        const aom::OdinValue* lang_block = nullptr;
        if (a_.terminology_odin)
            if (const auto* defs = a_.terminology_odin->Get("term_definitions")) lang_block = defs->Get(a_.original_language);
        if (lang_block && lang_block->Get("items") && lang_block->Get("items")->is_object) lang_block = lang_block->Get("items");
        for (const auto& [code, term] : orig->second) {
            if (used_.count(code) || !(code.rfind("at", 0) == 0 || code.rfind("ac", 0) == 0 || code.rfind("id", 0) == 0))
                continue;
            const aom::OdinValue* at = lang_block ? lang_block->Get(code) : nullptr;
            Add("WOUC", at ? at->line : a_.terminology_pos.line, at ? at->col : a_.terminology_pos.col, "",
                "code " + code + " is defined in the terminology but not used in the definition");
        }
    }

    void CheckKeys(const aom::OdinValue& v) {
        std::set<std::string_view> seen;
        for (const auto& c : v.children) {
            if (c.keyed && !seen.insert(c.key).second)
                Add("VOKU", c.line, c.col, "", "key \"" + c.key + "\" occurs more than once in the same ODIN list");
            if (c.is_object) CheckKeys(c);
        }
    }

    const aom::Archetype& a_;
    std::string_view file_;
    const bmm::Schema& schema_;
    bmm::TypeId locatable_ = bmm::kNoType;
    std::string publisher_, package_, id_class_;
    bool rm_known_ = false;
    int depth_ = 0;
    std::set<std::string> used_;  // codes used in the definition (for WOUC)
    std::vector<Finding> out_;
};

}  // namespace

std::vector<Finding> Validate(const aom::Archetype& archetype, std::string_view file) {
    std::vector<Finding> out = Checker(archetype, file).Run();
    CheckPrimitiveConformance(archetype, file, out);
    CheckDomainTypes(archetype, file, out);
    CheckExternalTerms(archetype, file, out);
    return out;
}

std::vector<Finding> Validate(const aom::Archetype& archetype, std::string_view file, const ValidationContext& context) {
    std::vector<Finding> out;
    const bmm::Schema* rm = nullptr;
    if (!context.reference_models.empty()) {
        // "[ns::]publisher-package-CLASS.concept.version" -> "publisher-package", lower case
        std::string_view id = archetype.archetype_id;
        if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
        size_t d1 = id.find('-');
        size_t d2 = d1 == std::string_view::npos ? d1 : id.find('-', d1 + 1);
        std::string key(id.substr(0, d2 == std::string_view::npos ? 0 : d2));
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (auto it = context.reference_models.find(key); it != context.reference_models.end()) rm = it->second;
    }
    if (rm) {
        // phases 1 and 2 against that model; positions and paths are the original's
        auto bound = BindToReferenceModel(archetype, *rm);
        out = Checker(*bound, file, rm).Run();
        CheckPrimitiveConformance(*bound, file, out, *rm);
        CheckDomainTypes(*bound, file, out);
        CheckExternalTerms(*bound, file, out);
    } else {
        out = Validate(archetype, file);
    }
    if (!archetype.is_specialised()) return out;
    if (context.flat_parent) {
        for (auto& f : ValidateSpecialisation(archetype, *context.flat_parent, file, context)) out.push_back(std::move(f));
    } else if (!context.parent_problem.empty()) {
        // VASID: the specialise clause must name the archetype's (existing) immediate parent
        Finding f;
        f.issue.code = "VASID";
        f.issue.pos = SourcePos{std::string(file), archetype.id_pos.line, archetype.id_pos.col};
        f.issue.message = context.parent_problem;
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace kjerne::archetypes::validity
