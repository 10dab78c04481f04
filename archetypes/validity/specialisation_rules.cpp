// archetypes/validity/specialisation_rules.cpp — see specialisation_rules.hpp.
#include "archetypes/validity/specialisation_rules.hpp"

#include <re2/re2.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archetypes/flattening/path_lookup.hpp"
#include "archetypes/flattening/specialisation_codes.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::validity {

namespace {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;
using aom::MultiplicityInterval;
using flattening::CodeDepth;
using flattening::CodeInParent;
using flattening::FindChild;
using flattening::FindObject;

// `inner` wholly within `outer` (an unbounded side of `outer` admits anything).
bool Within(const MultiplicityInterval& inner, const MultiplicityInterval& outer) {
    if (outer.lower && (!inner.lower || *inner.lower < *outer.lower)) return false;
    if (outer.upper && (!inner.upper || *inner.upper > *outer.upper)) return false;
    return true;
}

bool Structural(CObjectKind k) {
    return k == CObjectKind::kComplexObject || k == CObjectKind::kArchetypeRoot ||
           k == CObjectKind::kArchetypeSlot || k == CObjectKind::kInternalRef ||
           k == CObjectKind::kPrimitiveObject;
}

class SpecChecker {
public:
    SpecChecker(const aom::Archetype& c, const aom::Archetype& p, std::string_view file,
                const ValidationContext& context)
        : c_(c), p_(p), file_(file), schema_(bmm::Schema::Rm()),
          exists_(context.archetype_exists), descends_(context.archetype_descends) {
        if (p_.definition) pdepth_ = CodeDepth(p_.definition->node_id);
        if (c_.definition) depth_ = CodeDepth(c_.definition->node_id);
        std::string_view id = c_.archetype_id;
        if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
        std::string low;
        for (char ch : id.substr(0, id.find('.')))
            low += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        rm_known_ = low.rfind("openehr-ehr-", 0) == 0 || low.rfind("openehr-demographic-", 0) == 0;
    }

    std::vector<Finding> Run() {
        if (!c_.definition || !p_.definition) return std::move(out_);
        if (c_.is_adl2 && c_.artefact_type == "archetype" && depth_ != pdepth_ + 1)
            Add("VACSD", *c_.definition,
                "root node id " + c_.definition->node_id + " is of specialisation level " +
                    std::to_string(depth_) + ", the parent " + p_.archetype_id + " is of level " +
                    std::to_string(pdepth_) + " (expected " + std::to_string(pdepth_ + 1) + ")");
        WalkObject(*c_.definition, p_.definition.get());
        return std::move(out_);
    }

private:
    void Add(const char* code, uint32_t line, uint32_t col, const std::string& path,
             std::string message) {
        Finding f;
        f.severity = code[0] == 'W' ? Severity::kWarning : Severity::kError;
        f.issue.code = code;
        f.issue.archetype_path = path;
        f.issue.pos = SourcePos{std::string(file_), line, col};
        f.issue.message = std::move(message);
        out_.push_back(std::move(f));
    }
    // Paths of nodes under a differential attribute of the root are written relative to it by
    // the parser (/events[id3.1]); findings name them from the root (/data/events[id3.1]).
    void Add(const char* code, const CObject& o, std::string message) {
        Add(code, o.line, o.col, prefix_ + o.path, std::move(message));
    }

    static std::string AttrPath(const CObject& owner, const CAttribute& a) {
        std::string base = a.differential_path.empty() ? (owner.path == "/" ? "" : owner.path)
                           : a.differential_path == "/" ? ""
                                                        : a.differential_path;
        return base + "/" + a.rm_attribute_name;
    }

    void CheckParentLevelId(const CObject& o) {
        if (o.node_id.empty() || CodeDepth(o.node_id) >= depth_ || o.node_id.rfind("id", 0) != 0)
            return;
        bool multiple = o.parent && (o.parent->is_multiple || o.parent->cardinality.has_value());
        if (c_.is_adl2 && o.parent && !multiple) return;
        // ADL 1.4 children carry their whole ontology, parent-level codes included
        if (!p_.terminology.FindTerm(o.node_id) &&
            (c_.is_adl2 || !c_.terminology.FindTerm(o.node_id)))
            Add("VATID", o,
                "node id " + o.node_id + " is not defined in the terminology of the flat parent " +
                    p_.archetype_id);
    }

    // Value codes (at-codes of code lists and ordinals, ac value-set codes) of the parent's
    // levels must be defined in the flat parent's terminology (VATDF, VACDF); the child's own
    // level is phase 1's.
    void CheckParentLevelValueCodes(const CObject& o) {
        auto check = [&](const std::string& code, std::string_view terminology) {
            if (!(terminology.empty() || terminology == "local") || code.size() < 3 ||
                CodeDepth(code) >= depth_)
                return;
            bool ac = code.rfind("ac", 0) == 0;
            if (!ac && code.rfind("at", 0) != 0) return;
            if (p_.terminology.FindTerm(code) || p_.terminology.FindConstraint(code)) return;
            if (!c_.is_adl2 &&
                (c_.terminology.FindTerm(code) || c_.terminology.FindConstraint(code)))
                return;
            Add(ac ? "VACDF" : "VATDF", o,
                std::string(ac ? "value set code " : "value code ") + code +
                    " is not defined in the terminology of the flat parent " + p_.archetype_id);
        };
        if (const auto* cp = o.code_phrase()) {
            for (const auto& c : cp->code_list) check(c, cp->terminology_id);
        } else if (const auto* cr = o.constraint_ref()) {
            check(cr->reference, "local");
        } else if (const auto* ord = o.ordinal()) {
            for (const auto& item : ord->list)
                check(item.symbol.code_string, item.symbol.terminology_id);
        }
    }

    void WalkObject(const CObject& c, const CObject* p) {
        for (const auto& ca : c.attributes) {
            const CObject* owner = p;
            if (!ca.differential_path.empty()) {
                owner = p ? FindObject(*p, ca.differential_path, pdepth_) : nullptr;
                if (p && !owner) {
                    Add("VDIFP", ca.line, ca.col, AttrPath(c, ca),
                        "differential path " + ca.differential_path +
                            " names no object of the flat parent " + p_.archetype_id);
                    continue;
                }
            }
            const CAttribute* pa = owner ? owner->FindAttribute(ca.rm_attribute_name) : nullptr;
            // the object part of a differential path must be in the flat parent (above); its last
            // attribute may be one the parent leaves unconstrained (the RM decides, VCARM), except
            // on a one-segment path (/state): naming the root's own attribute as a path asserts
            // that the parent constrains it, and an attribute the parent leaves alone is added by
            // writing it plainly (state matches {…})
            if (ca.differential_path == "/" && owner && !pa) {
                Add("VDIFP", ca.line, ca.col, AttrPath(c, ca),
                    "differential path " + AttrPath(c, ca) + " names no attribute of the flat parent " +
                        p_.archetype_id + " (" + owner->rm_type_name + " " + owner->path +
                        " does not constrain " + ca.rm_attribute_name + ")");
                continue;
            }
            if (pa) {
                if (ca.existence && pa->existence && !Within(*ca.existence, *pa->existence))
                    Add("VSANCE", ca.line, ca.col, AttrPath(c, ca),
                        "existence " + ca.existence->ToString() + " of " + ca.rm_attribute_name +
                            " is not within the parent's " + pa->existence->ToString());
                if (ca.cardinality && pa->cardinality &&
                    !Within(ca.cardinality->interval, pa->cardinality->interval))
                    Add("VSANCC", ca.line, ca.col, AttrPath(c, ca),
                        "cardinality " + ca.cardinality->interval.ToString() + " of " +
                            ca.rm_attribute_name + " is not within the parent's " +
                            pa->cardinality->interval.ToString());
            }
            std::string saved_prefix = prefix_;
            if (!ca.differential_path.empty() && ca.differential_path != "/" && c.path == "/")
                prefix_ = ca.differential_path;
            if (!ca.differential_path.empty() && owner) CheckRmUnder(*owner, ca, AttrPath(c, ca));
            std::map<const CObject*, std::vector<const CObject*>>
                redefinitions;  // parent node -> child nodes
            for (const auto& co : ca.children)
                if (const CObject* m = WalkChild(*co, pa)) redefinitions[m].push_back(co.get());
            for (const auto& [parent_node, nodes] : redefinitions)
                CheckOccurrences(*parent_node, nodes);
            prefix_ = std::move(saved_prefix);
        }
    }

    // VSONCO. One redefinition: its occurrences within the parent node's. Several (a node
    // split into specialised clones, possibly with the original closed by {0}): together they
    // must be satisfiable within the parent node's, i.e. the lower bounds of the clones (their
    // own or, unstated, the parent's) add up to no more than the parent's upper bound; each on
    // its own need not lie within it (AM 2 collective occurrences).
    void CheckOccurrences(const CObject& parent_node, const std::vector<const CObject*>& nodes) {
        if (!parent_node.occurrences) return;
        const MultiplicityInterval& po = *parent_node.occurrences;
        if (nodes.size() == 1) {
            const CObject& co = *nodes[0];
            if (co.occurrences && !Within(*co.occurrences, po))
                Add("VSONCO", co,
                    "occurrences " + co.occurrences->ToString() + " of " + co.node_id +
                        " are not within the occurrences " + po.ToString() + " of " +
                        parent_node.node_id + " in the flat parent");
            return;
        }
        if (!po.upper) return;
        long long lower_sum = 0;
        for (const CObject* co : nodes) {
            const MultiplicityInterval& eff = co->occurrences ? *co->occurrences : po;
            lower_sum += eff.lower ? *eff.lower : 0;
        }
        if (lower_sum > *po.upper)
            Add("VSONCO", *nodes[0],
                "the " + std::to_string(nodes.size()) + " redefinitions of " + parent_node.node_id +
                    " need at least " + std::to_string(lower_sum) + " occurrences, more than its " +
                    po.ToString() + " in the flat parent");
    }

    // Attributes under differential paths were not checked against the RM by phase 2 (their
    // owner is in the parent): check them against the owner's RM type now.
    void CheckRmUnder(const CObject& owner, const CAttribute& ca, const std::string& path) {
        if (!rm_known_ || owner.rm_type == bmm::kNoType) return;
        bmm::Slot slot = schema_.FindSlot(owner.rm_type, ca.rm_attribute_name);
        if (slot == bmm::kNoSlot) {
            Add("VCARM", ca.line, ca.col, path,
                "attribute " + ca.rm_attribute_name + " does not exist on RM type " +
                    owner.rm_type_name);
            return;
        }
        const bmm::PropDef& prop = schema_.Prop(owner.rm_type, slot);
        for (const auto& co : ca.children) {
            if (co->rm_type == bmm::kNoType || !(co->kind == CObjectKind::kComplexObject ||
                                                 co->kind == CObjectKind::kArchetypeRoot ||
                                                 co->kind == CObjectKind::kArchetypeSlot))
                continue;
            if (prop.type != bmm::kNoType && !schema_.IsSubtypeOf(co->rm_type, prop.type))
                Add("VCORMT", *co,
                    "RM type " + co->rm_type_name + " does not conform to " +
                        std::string(schema_.Name(prop.type)) + ", the type of " +
                        owner.rm_type_name + "." + ca.rm_attribute_name);
        }
    }

    // Checks one child object against the parent attribute's; returns the parent node it redefines.
    const CObject* WalkChild(const CObject& co, const CAttribute* pa) {
        if (!co.sibling_order.empty()) {
            size_t b = co.sibling_order.find('[');
            std::string code = b == std::string::npos ? ""
                                                      : co.sibling_order.substr(
                                                            b + 1, co.sibling_order.size() - b - 2);
            if (!pa || !FindChild(*pa, code, pdepth_))
                Add("VSSM", co,
                    "sibling order " + co.sibling_order +
                        " names no node of this attribute in the flat parent");
        }
        CheckParentLevelId(co);
        CheckParentLevelValueCodes(co);
        const std::string& code = co.node_id;
        if (code.empty() && pa) CheckTerminologyRedefinition(co, *pa);
        if (code.empty()) {
            // an id-less object (ADL 1.4 leaves, primitives) stands for the parent's only one of
            // its type
            const CObject* same = nullptr;
            int n = 0;
            if (pa)
                for (const auto& k : pa->children)
                    if (k->node_id.empty() && k->rm_type_name == co.rm_type_name)
                        same = k.get(), ++n;
            if (!co.attributes.empty()) WalkObject(co, n == 1 ? same : nullptr);
            return nullptr;
        }
        if (co.is_root() && exists_ && !co.archetype_id.empty() && !exists_(co.archetype_id))
            Add("VARXR", co,
                "filler archetype " + co.archetype_id + " is not among the archetypes at hand");
        const CObject* match = pa ? FindChild(*pa, code, pdepth_) : nullptr;
        if (match && match->kind == CObjectKind::kArchetypeSlot) CheckSlotRedefinition(co, *match);
        if (match && match->is_root() && co.is_root()) CheckRootRedefinition(co, *match);
        if (!match && pa && co.is_root()) CheckNewRoot(co, *pa);
        if (!match) {
            if (pa && !CodeInParent(code, pdepth_).empty() && CodeDepth(code) <= depth_)
                Add("VSONIN", co,
                    "node " + code + " has no counterpart " + CodeInParent(code, pdepth_) +
                        " in the flat parent here, so it is a new node and needs a new code "
                        "(id0.N, ADL 1.4 at0.N)");
            if (co.occurrences && co.occurrences->upper && *co.occurrences->upper == 0)
                Add("VSONPO", co,
                    "new node " + code +
                        " is prohibited (occurrences 0), which only makes sense for a parent node");
            WalkObject(co, nullptr);
            return nullptr;
        }
        if (rm_known_ && co.rm_type != bmm::kNoType && match->rm_type != bmm::kNoType &&
            !schema_.IsSubtypeOf(co.rm_type, match->rm_type))
            Add("VSONCT", co,
                "RM type " + co.rm_type_name + " of " + code + " does not conform to " +
                    match->rm_type_name + ", the type of " + match->node_id +
                    " in the flat parent");
        if (co.kind != match->kind && Structural(co.kind) && Structural(match->kind)) {
            bool ok = (match->kind == CObjectKind::kComplexObject && match->attributes.empty() &&
                       co.kind != CObjectKind::kPrimitiveObject) ||
                      // use_node and the object it reuses: either may stand for the other (the spec
                      // names proxy -> object; the converse occurs in converted CKM archetypes and
                      // is left unjudged)
                      (match->kind == CObjectKind::kInternalRef &&
                       co.kind == CObjectKind::kComplexObject) ||
                      (match->kind == CObjectKind::kComplexObject &&
                       co.kind == CObjectKind::kInternalRef) ||
                      (match->kind == CObjectKind::kArchetypeSlot &&
                       co.kind == CObjectKind::kArchetypeRoot);
            if (!ok)
                Add("VSONT", co,
                    std::string("node ") + code + " is a " + aom::CObjectKindName(co.kind) +
                        ", the parent's " + match->node_id + " a " +
                        aom::CObjectKindName(match->kind));
        }
        WalkObject(co, match);
        return match;
    }

    // The local codes a terminology constraint names: one value-set code ([ac3]) or at-codes
    // ([local::at4, at5]); empty for other terminologies and other objects.
    static std::vector<std::string> LocalCodes(const CObject& o) {
        if (const auto* cr = o.constraint_ref()) return {cr->reference};
        if (const auto* cp = o.code_phrase();
            cp && (cp->terminology_id.empty() || cp->terminology_id == "local"))
            return cp->code_list;
        return {};
    }

    // The at-codes `codes` admit: value-set codes expanded by the first archetype of `sources`
    // that defines them. nullopt when a value set is defined nowhere at hand (e.g. ADL 1.4
    // constraint refs, whose members are external): nothing can be judged then.
    static std::optional<std::set<std::string>> Expand(
        const std::vector<std::string>& codes,
        std::initializer_list<const aom::Archetype*> sources) {
        std::set<std::string> out;
        for (const auto& c : codes) {
            if (c.rfind("ac", 0) != 0) {
                out.insert(c);
                continue;
            }
            const std::vector<std::string>* members = nullptr;
            for (const aom::Archetype* a : sources)
                if (auto it = a->value_sets.find(c); it != a->value_sets.end()) {
                    members = &it->second;
                    break;
                }
            if (!members) return std::nullopt;
            out.insert(members->begin(), members->end());
        }
        return out;
    }

    // VPOV: a terminology constraint that redefines the parent's (the same attribute's only
    // one) may only narrow it (AOM 2 C_TERMINOLOGY_CODE.c_value_conforms_to): a value-set code
    // must be the parent's or a specialisation of it (ac3 -> ac3.1), and every code the child
    // admits must be one the parent admits or a specialisation of one (at3 -> at3.1, the spec's
    // lexical conformance of at-codes). A child value set adding codes (at0.1) widens it.
    void CheckTerminologyRedefinition(const CObject& co, const CAttribute& pa) {
        std::vector<std::string> codes = LocalCodes(co);
        if (codes.empty()) return;
        const CObject* parent_node = nullptr;
        for (const auto& k : pa.children) {
            if (!k->node_id.empty() || LocalCodes(*k).empty()) continue;
            if (parent_node) return;  // several alternatives: which one is redefined is not known
            parent_node = k.get();
        }
        if (!parent_node) return;
        std::vector<std::string> parent_codes = LocalCodes(*parent_node);
        if (codes.size() == 1 && parent_codes.size() == 1 && codes[0].rfind("ac", 0) == 0 &&
            parent_codes[0].rfind("ac", 0) == 0 && codes[0] != parent_codes[0] &&
            CodeInParent(codes[0], pdepth_) != parent_codes[0]) {
            Add("VPOV", co,
                "value set " + codes[0] + " redefines the parent's " + parent_codes[0] +
                    " but is not a specialisation of it (" + parent_codes[0] + ".N)");
            return;
        }
        auto parent_set = Expand(parent_codes, {&p_});
        auto child_set = Expand(codes, {&c_, &p_});
        if (!parent_set || !child_set || parent_set->empty()) return;
        // a code conforms to the parent's when it is that code or a specialisation of it (at3.1)
        std::string extra;
        for (const auto& m : *child_set)
            if (!parent_set->count(m) && !parent_set->count(CodeInParent(m, pdepth_)))
                extra += (extra.empty() ? "" : ", ") + m;
        if (!extra.empty())
            Add("VPOV", co,
                "the codes admitted here (" + JoinCodes(codes) + ") include " + extra +
                    ", which the parent's " + JoinCodes(parent_codes) +
                    " does not admit: a redefinition may only narrow the parent's value set");
    }

    static std::string JoinCodes(const std::vector<std::string>& codes) {
        std::string out;
        for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
        return out;
    }

    // Slot fillers and slot redefinitions against the parent's slot.
    void CheckSlotRedefinition(const CObject& co, const CObject& slot_node) {
        const aom::ArchetypeSlot* slot = slot_node.slot();
        if (!slot) return;
        // an AOM 2 rule: ADL 1.4 specialisations narrow a slot under a specialised code (at0005.1)
        if (c_.is_adl2 && co.kind == CObjectKind::kArchetypeSlot && co.node_id != slot_node.node_id)
            Add("VDSSID", co,
                "slot " + co.node_id + " redefines the parent's slot " + slot_node.node_id +
                    ", and a slot redefinition must keep the slot's node id");
        if (co.kind == CObjectKind::kArchetypeSlot) {
            if (slot->is_closed)
                Add("VDSSP", co,
                    "slot " + co.node_id + " redefines the parent's slot " + slot_node.node_id +
                        ", which is closed: a closed slot cannot be specialised");
            const aom::ArchetypeSlot* cs = co.slot();
            if (cs && cs->is_closed &&
                (!cs->include_assertions.empty() || !cs->exclude_assertions.empty() ||
                 !cs->includes.empty() || !cs->excludes.empty()))
                Add("VDSSC", co,
                    "slot " + co.node_id +
                        " is both closed and narrowed (include / exclude): a slot redefinition "
                        "does one or the other");
        }
        if (!co.is_root()) return;
        CheckFillerType(co, slot_node.rm_type, "slot " + slot_node.node_id);
        if (co.node_id == slot_node.node_id)
            Add("VARXID", co,
                "filler of slot " + slot_node.node_id +
                    " has the slot's own node id; it needs one specialising it (" +
                    slot_node.node_id + ".1 …)");
        if (!co.archetype_id.empty() && !slot->has_other_assertions &&
            !Admits(*slot, co.archetype_id))
            Add("VARXS", co,
                "archetype " + co.archetype_id +
                    " is not admitted by the include/exclude patterns of slot " +
                    slot_node.node_id);
    }

    // The RM class an archetype id names: "openEHR-EHR-CLUSTER.device.v1" -> CLUSTER.
    static std::string_view RmClassOf(std::string_view id) {
        if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
        size_t d1 = id.find('-');
        size_t d2 = d1 == std::string_view::npos ? d1 : id.find('-', d1 + 1);
        size_t dot = d2 == std::string_view::npos ? d2 : id.find('.', d2 + 1);
        if (dot == std::string_view::npos) return {};
        return id.substr(d2 + 1, dot - d2 - 1);
    }

    // VARXTV: the class a filler's archetype id names conforms to `type` (the slot's, or the
    // parent attribute's RM type).
    void CheckFillerType(const CObject& co, bmm::TypeId type, const std::string& what) {
        if (!rm_known_ || type == bmm::kNoType || co.archetype_id.empty()) return;
        std::string_view cls = RmClassOf(co.archetype_id);
        bmm::TypeId id_type = cls.empty() ? bmm::kNoType : schema_.Find(cls);
        if (id_type == bmm::kNoType) return;  // VCORM's concern, not this rule's
        if (!schema_.IsSubtypeOf(id_type, type))
            Add("VARXTV", co,
                "archetype " + co.archetype_id + " is of RM type " + std::string(cls) +
                    ", which does not conform to " + std::string(schema_.Name(type)) + ", the type of " +
                    what);
    }

    // An external reference with no counterpart by code: VARXNC when it evidently redefines
    // the parent's only slot or reference it fits (an archetype the slot admits, or the parent
    // reference's own archetype id), under a node id that does not conform; VARXTV against the
    // parent attribute's RM type otherwise.
    void CheckNewRoot(const CObject& co, const CAttribute& pa) {
        const CObject* target = nullptr;
        int candidates = 0;
        for (const auto& k : pa.children) {
            bool fits = (k->kind == CObjectKind::kArchetypeSlot && k->slot() &&
                         !k->slot()->has_other_assertions && !k->slot()->includes.empty() &&
                         Admits(*k->slot(), co.archetype_id)) ||
                        (k->is_root() && k->archetype_id == co.archetype_id);
            if (fits) target = k.get(), ++candidates;
        }
        if (candidates == 1 && !CodeInParent(co.node_id, pdepth_).empty()) {
            Add("VARXNC", co,
                "external reference " + co.node_id + " (" + co.archetype_id + ") takes the place of " +
                    (target->is_root() ? "the parent's external reference " : "the parent's slot ") +
                    target->node_id + " but its node id does not conform to it (" + target->node_id +
                    " or " + target->node_id + ".N)");
            return;
        }
        if (pa.parent && pa.slot != bmm::kNoSlot && pa.parent->rm_type != bmm::kNoType)
            CheckFillerType(co, schema_.Prop(pa.parent->rm_type, pa.slot).type,
                            "attribute " + pa.parent->rm_type_name + "." + pa.rm_attribute_name);
    }

    // VARXAV: an external reference redefining the parent's names its archetype or a
    // specialisation of it.
    void CheckRootRedefinition(const CObject& co, const CObject& parent_root) {
        if (!descends_ || co.archetype_id.empty() || parent_root.archetype_id.empty()) return;
        std::optional<bool> d = descends_(co.archetype_id, parent_root.archetype_id);
        if (d && !*d)
            Add("VARXAV", co,
                "external reference " + co.node_id + " names " + co.archetype_id +
                    ", which neither is nor specialises " + parent_root.archetype_id +
                    ", the archetype the parent's " + parent_root.node_id + " references");
    }

    // ADL slot semantics: a matching specific include admits; specific includes none of which
    // match refuse; otherwise (no include, or "any") an exclude that matches refuses.
    static bool Admits(const aom::ArchetypeSlot& slot, const std::string& id) {
        auto any = [](const std::string& p) { return p == ".*"; };
        auto matches = [&](const std::string& p) {
            RE2 re(p, RE2::Quiet);
            return re.ok() ? RE2::PartialMatch(id, re)
                           : true;  // an unreadable pattern refuses nothing
        };
        bool specific_includes = false;
        for (const auto& p : slot.includes) {
            if (any(p)) continue;
            specific_includes = true;
            if (matches(p)) return true;
        }
        if (specific_includes) return false;
        for (const auto& p : slot.excludes)
            if (any(p) || matches(p)) return false;
        return true;
    }

    const aom::Archetype& c_;
    const aom::Archetype& p_;
    std::string_view file_;
    const bmm::Schema& schema_;
    const std::function<bool(std::string_view)>& exists_;
    const std::function<std::optional<bool>(std::string_view, std::string_view)>& descends_;
    int pdepth_ = 0, depth_ = 0;
    std::string prefix_;  // the differential path being walked (see Add)
    bool rm_known_ = false;
    std::vector<Finding> out_;
};

}  // namespace

std::vector<Finding> ValidateSpecialisation(const aom::Archetype& child,
                                            const aom::Archetype& flat_parent,
                                            std::string_view file,
                                            const ValidationContext& context) {
    return SpecChecker(child, flat_parent, file, context).Run();
}

}  // namespace kjerne::archetypes::validity
