// templates/validation/validator.cpp
//
// The walker behind Validate(). For each RM node it knows the CObject constraining it (or
// none: an unconstrained subtree is still checked against the RM). Per constrained
// attribute it checks existence and cardinality, assigns every child to one alternative
// (same archetype_node_id — at-code, or archetype id for roots — then RM type, then the
// name constraint when several alternatives share a node id; archetype slots by their
// archetype-id patterns; node-id-less alternatives by RM type), recurses, and checks
// occurrences per alternative. Leaves go to leaf_checks.hpp. BMM-mandatory attributes are
// checked everywhere, constrained or not.
#include "templates/validation/validator.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>
#include <string>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/document.hpp"
#include "engine/rm/rm_path.hpp"
#include "engine/rm/views.hpp"
#include "templates/validation/iso8601.hpp"
#include "templates/validation/leaf_checks.hpp"
#include "templates/validation/openehr_terminology.hpp"

namespace kjerne::templates {
namespace {

using validation::Finding;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

class Walker {
public:
    Walker(const Template& t, const MatchObserver* on_match)
        : t_(t), s_(bmm::Schema::Rm()), k_(rm::KnownSlots::Rm()), on_match_(on_match) {
        dv_quantity_ = s_.Find("DV_QUANTITY");
        dv_ordinal_ = s_.Find("DV_ORDINAL");
        dv_scale_ = s_.Find("DV_SCALE");
        dv_coded_text_ = s_.Find("DV_CODED_TEXT");
        dv_date_time_ = s_.Find("DV_DATE_TIME");
        event_ = s_.Find("EVENT");
        dv_date_ = s_.Find("DV_DATE");
        dv_time_ = s_.Find("DV_TIME");
        dv_duration_ = s_.Find("DV_DURATION");
    }

    std::vector<Issue> Run(const rm::Node& root) {
        const aom::CObject* def = t_.definition.get();
        if (!def) return {};
        rm::LocatableView lv(&root);
        if (lv.valid()) {
            if (lv.archetype_node_id() != def->archetype_id) {
                Report("ARCHETYPE_ID", def,
                       "archetype_node_id " + Quote(lv.archetype_node_id()) + " where the template's root is " +
                           Quote(def->archetype_id));
            }
            std::string_view tid = lv.template_id();
            if (!tid.empty() && tid != t_.template_id) {
                Report("TEMPLATE_ID", def,
                       "archetype_details.template_id " + Quote(tid) + " is not this template's id " +
                           Quote(t_.template_id));
            }
        }
        CheckObject(root, *def);
        if (root.type == k_.composition) CheckComposition(root);
        // One finding per (code, place): a value can break the same rule twice (an RM
        // invariant and the template's primitive constraint).
        std::vector<Issue> out;
        std::set<std::pair<std::string, std::string>> seen;
        for (Issue& i : issues_)
            if (seen.insert({i.code, i.rm_path}).second) out.push_back(std::move(i));
        return out;
    }

private:
    void Report(const char* code, const aom::CObject* c, std::string message) {
        Issue i;
        i.code = code;
        i.rm_path = path_.str();
        if (c) i.archetype_path = c->path;
        i.message = std::move(message);
        issues_.push_back(std::move(i));
    }

    static bool Absent(const rm::Value* v) { return !v || v->is_null() || (v->is_list() && v->items().empty()); }

    std::string_view NodeId(const rm::Node& n) const {
        if (!s_.IsSubtypeOf(n.type, k_.locatable)) return {};
        const rm::Value* v = n.Find(k_.archetype_node_id);
        return v ? v->str() : std::string_view();
    }

    // ---- objects
    void CheckObject(const rm::Node& n, const aom::CObject& c) {
        // A resolved internal ref is reported as its target (the recursive call below).
        if (on_match_ && trial_depth_ == 0 && (c.kind != aom::CObjectKind::kInternalRef || !ResolveRef(c))) {
            (*on_match_)(path_.str(), n, c);
        }
        if (c.rm_type != bmm::kNoType && !s_.IsSubtypeOf(n.type, c.rm_type)) {
            Report("TYPE", &c, "RM type " + std::string(s_.Name(n.type)) + " where the template requires " + c.rm_type_name);
            CheckRm(n);
            return;
        }
        CheckValueInvariants(n);
        switch (c.kind) {
            case aom::CObjectKind::kArchetypeRoot:
                // RM COMPOSITION invariant Is_archetype_root: the top-level object carries
                // archetype_details. Nested archetype roots may omit it (the RM's LOCATABLE
                // has no such invariant), and EHRbase-written data routinely does.
                if (&c == t_.definition.get() && s_.IsSubtypeOf(n.type, k_.locatable) &&
                    Absent(n.Find(k_.archetype_details))) {
                    path_.Push("archetype_details");
                    Report("RM_REQUIRED", &c, "archetype_details is required on the root " + c.archetype_id);
                    path_.Pop();
                }
                break;
            case aom::CObjectKind::kDvQuantity: CheckQuantity(n, c); break;
            case aom::CObjectKind::kDvOrdinal: CheckOrdinal(n, c); break;
            case aom::CObjectKind::kCodePhrase: CheckCodePhrase(n, c); break;
            case aom::CObjectKind::kInternalRef:
                if (const aom::CObject* target = ResolveRef(c); target && target != &c && depth_ < 64) {
                    ++depth_;
                    CheckObject(n, *target);
                    --depth_;
                    return;
                }
                break;
            default: break;
        }
        const bmm::ClassDef& cls = s_.Class(n.type);
        std::vector<uint8_t> constrained(cls.props.size(), 0);
        for (const aom::CAttribute& a : c.attributes) {
            if (a.slot == bmm::kNoSlot || a.slot >= cls.props.size()) continue;
            constrained[a.slot] = 1;
            if (a.existence && a.existence->lower.value_or(0) >= 1) constrained[a.slot] = 2;  // reports its own absence
            CheckAttribute(n, a);
        }
        for (const rm::Attr& attr : n.attributes()) {
            if (attr.slot < constrained.size() && constrained[attr.slot]) continue;
            CheckRmValue(n, attr);
        }
        CheckMandatory(n, &constrained, &c);
    }

    const aom::CObject* ResolveRef(const aom::CObject& c) {
        const aom::InternalRef* ref = c.internal_ref();
        if (!ref || ref->target_path.empty()) return nullptr;
        std::string base = c.archetype_root && c.archetype_root->path != "/" ? c.archetype_root->path : "";
        if (const aom::CObject* o = t_.FindByPath(base + ref->target_path)) return o;
        return t_.FindByPath(ref->target_path);
    }

    // ---- attributes
    // Attributes that RM 1.1.0 defines as functions computed from other attributes
    // (DV_PROPORTION.is_integral, EVENT.offset), which older OPTs (RM 1.0.2 era tools) still
    // constrain with existence 1..1. Stored data need
    // not carry them; when present they are checked like any other attribute.
    bool IsDerived(bmm::TypeId type, std::string_view attr) const {
        return (attr == "is_integral" && s_.Name(type) == "DV_PROPORTION") ||
               (attr == "offset" && s_.IsSubtypeOf(type, event_));  // EVENT.offset(): time - parent.origin
    }

    void CheckAttribute(const rm::Node& n, const aom::CAttribute& a) {
        const rm::Value* v = n.Find(a.slot);
        path_.Push(s_.Prop(n.type, a.slot).name);
        const aom::CObject* owner = a.parent;
        if (Absent(v)) {
            if (a.existence && a.existence->lower.value_or(0) >= 1 && !IsDerived(n.type, a.rm_attribute_name)) {
                Report("RM_REQUIRED", owner, "attribute " + a.rm_attribute_name + " is required by the template (existence " +
                                                 a.existence->ToString() + ")");
            }
            path_.Pop();
            return;
        }
        std::vector<int> counts(a.children.size(), 0);
        if (v->is_list()) {
            auto items = v->items();
            if (a.cardinality && !a.cardinality->interval.Has(static_cast<int>(items.size()))) {
                Report("CARDINALITY", owner, std::to_string(items.size()) + " items in " + a.rm_attribute_name +
                                                 " where the template allows " + a.cardinality->interval.ToString());
            }
            if (a.cardinality && a.cardinality->is_unique) {
                // A unique container is a set (AOM CARDINALITY.is_unique): no item may equal an
                // earlier one. Reported at the later item; quadratic, but such lists are short.
                for (size_t i = 1; i < items.size(); ++i) {
                    for (size_t j = 0; j < i; ++j) {
                        if (!rm::Equal(items[i], items[j])) continue;
                        path_.SetIndex(i + 1);
                        Report("CARDINALITY_UNIQUE", owner, a.rm_attribute_name + " item " + std::to_string(i + 1) +
                                                                " repeats item " + std::to_string(j + 1) +
                                                                " where the template requires unique items");
                        path_.SetIndex(0);
                        break;
                    }
                }
            }
            for (size_t i = 0; i < items.size(); ++i) {
                path_.SetIndex(i + 1);
                if (items[i].is_node()) ChildNode(*items[i].node(), a, counts);
                else ChildPrimitive(items[i], a);
            }
            path_.SetIndex(0);
        } else if (v->is_node()) {
            ChildNode(*v->node(), a, counts);
        } else {
            ChildPrimitive(*v, a);
        }
        // Occurrences: on a container every alternative's interval applies; on a single-valued
        // attribute the alternatives are a choice, so only an upper bound can be broken
        // (an alternative a template prohibits with occurrences 0..0).
        const bool container = v->is_list() || a.is_multiple;
        {
            for (size_t k = 0; k < a.children.size(); ++k) {
                const aom::CObject& c = *a.children[k];
                if (!c.occurrences || c.kind == aom::CObjectKind::kPrimitiveObject) continue;
                const bool broken = container ? !c.occurrences->Has(counts[k])
                                              : (c.occurrences->upper && counts[k] > *c.occurrences->upper);
                if (broken) {
                    Report("OCCURRENCES", &c,
                           std::to_string(counts[k]) + " occurrences of " + DescribeConstraint(c) +
                               " where the template allows " + c.occurrences->ToString());
                }
            }
        }
        path_.Pop();
    }

    std::string DescribeConstraint(const aom::CObject& c) const {
        std::string d = c.rm_type_name;
        std::string_view id = c.match_id();
        if (!id.empty()) {
            d += "[" + std::string(id);
            if (c.archetype_root && !c.is_root()) {
                std::string_view text = t_.TermText(c, c.node_id);
                if (!text.empty()) d += " '" + std::string(text) + "'";
            }
            d += "]";
        }
        return d;
    }

    void ChildPrimitive(const rm::Value& v, const aom::CAttribute& a) {
        const aom::CObject* first = nullptr;
        Finding first_finding;
        for (const auto& c : a.children) {
            const aom::CPrimitive* p = c->primitive();
            if (!p) continue;
            Finding f = validation::CheckPrimitive(v, *p, regexes_);
            if (!f) return;
            if (!first) {
                first = c.get();
                first_finding = std::move(f);
            }
        }
        if (first) Report(first_finding.code, first, std::move(first_finding.message));
    }

    void ChildNode(const rm::Node& item, const aom::CAttribute& a, std::vector<int>& counts) {
        if (a.children.empty()) {
            CheckRm(item);
            return;
        }
        int k = Match(item, a, counts);
        if (k < 0) {
            CheckRm(item);
            return;
        }
        ++counts[k];
        const aom::CObject& c = *a.children[k];
        if (c.kind == aom::CObjectKind::kArchetypeSlot || c.kind == aom::CObjectKind::kConstraintRef) {
            CheckRm(item);  // an archetype the template does not include: the RM still applies
            return;
        }
        CheckObject(item, c);
    }

    // Does the name constraint of `c` accept the item's name? 1 yes, 0 no constraint, -1 no.
    int NameScore(const rm::Node& item, const aom::CObject& c) const {
        const aom::CAttribute* na = c.FindAttribute("name");
        if (!na || na->children.empty() || !s_.IsSubtypeOf(item.type, k_.locatable)) return 0;
        const rm::Value* nv = item.Find(k_.name);
        const rm::Node* name = nv ? nv->node() : nullptr;
        std::string_view text = rm::ValueOf(name);
        std::string_view code;
        if (name && name->type == dv_coded_text_) {
            const rm::Value* dc = name->Find(k_.defining_code);
            if (dc && dc->node()) {
                const rm::Value* cs = dc->node()->Find(k_.code_string);
                if (cs) code = cs->str();
            }
        }
        bool constrained = false;
        for (const auto& alt : na->children) {
            if (const aom::CAttribute* va = alt->FindAttribute("value")) {
                for (const auto& p : va->children) {
                    const aom::CPrimitive* prim = p->primitive();
                    const aom::CString* cs = prim ? std::get_if<aom::CString>(prim) : nullptr;
                    if (!cs || cs->list.empty()) continue;
                    constrained = true;
                    if (std::find(cs->list.begin(), cs->list.end(), text) != cs->list.end()) return 1;
                }
            }
            if (const aom::CAttribute* da = alt->FindAttribute("defining_code")) {
                for (const auto& p : da->children) {
                    const aom::CCodePhrase* cp = p->code_phrase();
                    if (!cp || cp->code_list.empty()) continue;
                    constrained = true;
                    if (std::find(cp->code_list.begin(), cp->code_list.end(), code) != cp->code_list.end()) return 1;
                }
            }
        }
        return constrained ? -1 : 0;
    }

    bool SlotAllows(const aom::ArchetypeSlot& slot, std::string_view archetype_id) {
        auto any = [&](const std::vector<std::string>& pats) {
            for (const auto& p : pats) {
                const RE2* re = regexes_.Get(p);
                if (re && RE2::FullMatch(archetype_id, *re)) return true;
            }
            return false;
        };
        if (any(slot.includes)) return true;
        if (!slot.includes.empty()) return false;
        return !any(slot.excludes);
    }

    // Picks the alternative of `a` for `item`, or reports why none fits and returns -1.
    int Match(const rm::Node& item, const aom::CAttribute& a, const std::vector<int>& counts) {
        const bool locatable = s_.IsSubtypeOf(item.type, k_.locatable);
        const std::string_view nid = NodeId(item);
        std::vector<int> by_id, by_type, slots;
        bool id_type_mismatch = false, slot_refused = false;
        const aom::CObject* mismatch = nullptr;
        for (size_t k = 0; k < a.children.size(); ++k) {
            const aom::CObject& c = *a.children[k];
            if (c.kind == aom::CObjectKind::kPrimitiveObject) continue;
            const bool conforms = c.rm_type == bmm::kNoType || s_.IsSubtypeOf(item.type, c.rm_type);
            if (c.kind == aom::CObjectKind::kArchetypeSlot) {
                const aom::ArchetypeSlot* slot = c.slot();
                if (!nid.empty() && nid.rfind("openEHR-", 0) == 0 && conforms) {
                    if (slot && SlotAllows(*slot, nid)) slots.push_back(static_cast<int>(k));
                    else slot_refused = true;
                }
                continue;
            }
            std::string_view id = c.match_id();
            if (!locatable || id.empty()) {
                // Non-LOCATABLE objects (data values, ISM_TRANSITION, ...) carry no node id:
                // they match by RM type, then by trying each alternative.
                if (conforms) by_type.push_back(static_cast<int>(k));
                else if (!mismatch) mismatch = &c;
                continue;
            }
            if (id == nid) {
                if (conforms) by_id.push_back(static_cast<int>(k));
                else {
                    id_type_mismatch = true;
                    if (!mismatch) mismatch = &c;
                }
            }
        }
        const std::vector<int>& pool = !by_id.empty() ? by_id : !slots.empty() ? slots : by_type;
        if (pool.empty()) {
            if (id_type_mismatch || (mismatch && (!locatable || nid.empty()))) {
                Report("TYPE", mismatch,
                       "RM type " + std::string(s_.Name(item.type)) + " where the template requires " +
                           mismatch->rm_type_name);
            } else if (slot_refused) {
                Report("SLOT", a.parent, "archetype " + Quote(nid) + " is not allowed by the slot in " + a.rm_attribute_name);
            } else {
                std::string allowed;
                for (const auto& c : a.children) {
                    std::string_view id = c->match_id();
                    if (!id.empty() && allowed.find(id) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + std::string(id);
                }
                Report("NOT_IN_TEMPLATE", a.parent,
                       std::string(s_.Name(item.type)) + (nid.empty() ? "" : "[" + std::string(nid) + "]") +
                           " is not allowed in " + a.rm_attribute_name + (allowed.empty() ? "" : " (template allows: " + allowed + ")"));
            }
            return -1;
        }
        if (pool.size() == 1) return pool[0];
        // Several alternatives: keep those whose name constraint accepts the item's name
        // (or that have none), preferring an explicit name match; then the exact RM type.
        std::vector<int> best;
        long best_score = -1000000;
        for (int k : pool) {
            const aom::CObject& c = *a.children[k];
            long score = NameScore(item, c) * 100;
            if (c.rm_type == item.type) score += 10;
            if (score > best_score) {
                best_score = score;
                best.clear();
            }
            if (score == best_score) best.push_back(k);
        }
        if (best.size() == 1) return best[0];
        // Still ambiguous: validate against each and keep the one with the fewest findings
        // (ties: one with room left under its occurrences, then document order).
        int pick = best[0];
        size_t pick_issues = SIZE_MAX;
        bool pick_room = false;
        for (int k : best) {
            const aom::CObject& c = *a.children[k];
            size_t n = TrialIssues(item, c);
            bool room = !c.occurrences || !c.occurrences->upper || counts[k] < *c.occurrences->upper;
            if (n < pick_issues || (n == pick_issues && room && !pick_room)) {
                pick = k;
                pick_issues = n;
                pick_room = room;
            }
        }
        return pick;
    }

    // How many findings `item` would have against `c` (nothing is reported).
    size_t TrialIssues(const rm::Node& item, const aom::CObject& c) {
        const size_t before = issues_.size();
        ++trial_depth_;
        if (trial_depth_ <= 8) CheckObject(item, c);
        --trial_depth_;
        const size_t n = issues_.size() - before;
        issues_.resize(before);
        return n;
    }

    // ---- domain types
    static std::optional<double> Number(const rm::Value* v) {
        if (!v) return std::nullopt;
        if (v->kind == rm::ValueKind::kInt) return static_cast<double>(v->u.i);
        if (v->kind == rm::ValueKind::kReal) return v->u.d;
        return std::nullopt;
    }

    void CheckQuantity(const rm::Node& n, const aom::CObject& c) {
        const aom::CDvQuantity* q = c.quantity();
        if (!q || !s_.IsSubtypeOf(n.type, dv_quantity_)) return;
        std::optional<long long> precision;
        if (const rm::Value* p = n.Find(s_, "precision"); p && p->kind == rm::ValueKind::kInt) precision = p->u.i;
        Finding f = validation::CheckQuantity(n.String(s_, "units"), Number(n.Find(s_, "magnitude")), precision, *q);
        if (f) Report(f.code, &c, std::move(f.message));
    }

    void CheckOrdinal(const rm::Node& n, const aom::CObject& c) {
        const aom::CDvOrdinal* o = c.ordinal();
        if (!o) return;
        std::string_view term, code;
        if (const rm::Node* sym = n.Child(s_, "symbol")) {
            if (const rm::Value* dc = sym->Find(k_.defining_code); dc && dc->node()) {
                term = rm::ValueOf(dc->node()->Child(s_, "terminology_id"));
                code = dc->node()->String(s_, "code_string");
            }
        }
        Finding f = validation::CheckOrdinal(Number(n.Find(s_, "value")), term, code, *o);
        if (f) Report(f.code, &c, std::move(f.message));
    }

    void CheckCodePhrase(const rm::Node& n, const aom::CObject& c) {
        const aom::CCodePhrase* cp = c.code_phrase();
        if (!cp || n.type != k_.code_phrase) return;
        std::string_view term = rm::ValueOf(n.Child(s_, "terminology_id"));
        const rm::Value* cs = n.Find(k_.code_string);
        const std::string_view code = cs ? cs->str() : std::string_view();
        Finding f = validation::CheckCodePhrase(term, code, *cp);
        if (f) {
            Report(f.code, &c, std::move(f.message));
            return;
        }
        // A local code without a code list must still be one the archetype defines: local
        // codes only mean something through its terminology (AOM 1.4 C_CODE_PHRASE) — unless
        // the constraint names a reference set, whose members are not in the archetype.
        if (term == "local" && cp->code_list.empty() && cp->reference_set_uri.empty() && !code.empty() &&
            c.archetype_root &&
            t_.Terminology(c.archetype_root->archetype_id) != nullptr &&
            !t_.Terminology(c.archetype_root->archetype_id)->HasCode(code)) {
            Report("LOCAL_CODE_UNKNOWN", &c,
                   "local code '" + std::string(code) + "' is not defined in the terminology of " +
                       c.archetype_root->archetype_id);
        }
    }

    // ---- RM only
    void CheckRm(const rm::Node& n) {
        CheckValueInvariants(n);
        for (const rm::Attr& attr : n.attributes()) CheckRmValue(n, attr);
        CheckMandatory(n, nullptr, nullptr);
    }

    // An attribute no constraint covers: each object must still be of the attribute's RM
    // type (a reader enforces that; a tree built in code, e.g. a DV_COUNT as a LOCATABLE's
    // name, may not), then the RM rules apply below it.
    void CheckRmValue(const rm::Node& owner, const rm::Attr& attr) {
        const bmm::PropDef& prop = s_.Prop(owner.type, attr.slot);
        const bmm::TypeId want = s_.StaticType(prop, owner.generic_arg);
        const bool any = want == bmm::kNoType || s_.Class(want).prim == bmm::PrimKind::kAny;
        auto check = [&](const rm::Node& n) {
            if (!any && !s_.IsSubtypeOf(n.type, want)) {
                Report("TYPE", nullptr,
                       "RM type " + std::string(s_.Name(n.type)) + " where the RM requires " + std::string(s_.Name(want)) +
                           " (" + std::string(s_.Name(owner.type)) + "." + prop.name + ")");
            }
            CheckRm(n);
        };
        const rm::Value& v = attr.value;
        if (v.is_node()) {
            path_.Push(prop.name);
            check(*v.node());
            path_.Pop();
        } else if (v.is_list()) {
            path_.Push(prop.name);
            auto items = v.items();
            for (size_t i = 0; i < items.size(); ++i) {
                if (!items[i].is_node()) continue;
                path_.SetIndex(i + 1);
                check(*items[i].node());
            }
            path_.Pop();
        }
    }

    // BMM-mandatory attributes that are absent. `constrained` marks slots whose template
    // existence already reported their absence (value 2).
    void CheckMandatory(const rm::Node& n, const std::vector<uint8_t>* constrained, const aom::CObject* c) {
        const bmm::ClassDef& cls = s_.Class(n.type);
        for (size_t slot = 0; slot < cls.props.size(); ++slot) {
            const bmm::PropDef& p = cls.props[slot];
            if (!p.mandatory) continue;
            if (constrained && (*constrained)[slot] == 2) continue;
            if (!Absent(n.Find(static_cast<bmm::Slot>(slot)))) continue;
            path_.Push(p.name);
            Report("RM_REQUIRED", c, std::string(cls.name) + "." + p.name + " is mandatory in the RM");
            path_.Pop();
        }
    }

    // Node-level RM invariants (RM 1.1.0): ELEMENT value or null_flavour, non-empty DV_TEXT,
    // PARTY_IDENTIFIED basic validity, and the temporal data values DV_DATE_TIME, DV_DATE,
    // DV_TIME and DV_DURATION holding valid ISO 8601 strings (Valid_iso8601_* invariants).
    void CheckValueInvariants(const rm::Node& n) {
        const std::string_view type_name = s_.Name(n.type);
        // ELEMENT Inv_null_flavour_indicated: is_null() implies null_flavour /= Void.
        if (type_name == "ELEMENT" && Absent(n.Find(s_, "value")) && Absent(n.Find(s_, "null_flavour"))) {
            Report("RM_INVARIANT", nullptr, "ELEMENT has neither a value nor a null_flavour");
        }
        // DV_TEXT Value_valid: not value.is_empty.
        if (s_.IsSubtypeOf(n.type, k_.dv_text)) {
            const rm::Value* v = n.Find(k_.text_value);
            if (v && v->is_string() && v->str().empty()) {
                path_.Push("value");
                Report("RM_INVARIANT", nullptr, std::string(type_name) + ".value is empty");
                path_.Pop();
            }
        }
        // PARTY_IDENTIFIED Basic_validity: name, identifiers or external_ref present.
        if (type_name == "PARTY_IDENTIFIED" && Absent(n.Find(s_, "name")) && Absent(n.Find(s_, "identifiers")) &&
            Absent(n.Find(s_, "external_ref"))) {
            Report("RM_INVARIANT", nullptr, "PARTY_IDENTIFIED needs a name, identifiers or an external_ref");
        }
        // Codes of the openEHR terminology exist, and coded RM attributes use their group.
        if (n.type == k_.code_phrase) {
            const rm::Value* cs = n.Find(k_.code_string);
            if (rm::ValueOf(n.Child(s_, "terminology_id")) == "openehr" && cs &&
                !validation::FindOpenEhrConcept(cs->str())) {
                Report("RM_INVARIANT", nullptr, "code " + Quote(cs->str()) + " is not in the openEHR terminology");
            }
        }
        if (n.type == dv_coded_text_ && !path_.segments().empty()) {
            const std::string_view group = OpenEhrGroupOf(path_.segments().back().attr);
            const rm::Value* dc = n.Find(k_.defining_code);
            const rm::Node* cp = dc ? dc->node() : nullptr;
            if (!group.empty() && cp && rm::ValueOf(cp->Child(s_, "terminology_id")) == "openehr") {
                const rm::Value* cs = cp->Find(k_.code_string);
                std::string_view code = cs ? cs->str() : std::string_view();
                if (validation::FindOpenEhrConcept(code) && !validation::InOpenEhrGroup(code, group)) {
                    Report("RM_INVARIANT", nullptr,
                           "openEHR code " + Quote(code) + " is not in the group " + Quote(group));
                }
            }
        }
        const bool dt = n.type == dv_date_time_, d = n.type == dv_date_, t = n.type == dv_time_,
                   du = n.type == dv_duration_;
        if (!dt && !d && !t && !du) return;
        bmm::Slot slot = s_.FindSlot(n.type, "value");
        const rm::Value* v = slot == bmm::kNoSlot ? nullptr : n.Find(slot);
        if (!v || !v->is_string()) return;
        std::string_view text = v->str();
        bool ok = dt ? validation::ParseDateTime(text).has_value()
                  : d ? validation::ParseDate(text).has_value()
                  : t ? validation::ParseTime(text).has_value()
                      : validation::ParseDuration(text).has_value();
        if (ok) return;
        path_.Push("value");
        Report("PRIMITIVE", nullptr,
               Quote(text) + " is not a valid ISO 8601 " + std::string(dt ? "date-time" : d ? "date" : t ? "time" : "duration") +
                   " (" + std::string(s_.Name(n.type)) + ".value)");
        path_.Pop();
    }

    // The openEHR terminology group an RM attribute's DV_CODED_TEXT must come from (RM 1.1.0
    // invariants such as Category_validity, Setting_valid, Null_flavour_valid), or "".
    static std::string_view OpenEhrGroupOf(std::string_view attr) {
        if (attr == "category") return "composition category";
        if (attr == "setting") return "setting";
        if (attr == "null_flavour") return "null flavours";
        if (attr == "current_state") return "instruction states";
        if (attr == "transition") return "instruction transitions";
        if (attr == "math_function") return "event math function";
        if (attr == "relationship") return "subject relationship";
        return {};
    }

    // ---- composition invariants (RM: COMPOSITION, EVENT_CONTEXT)
    void CheckComposition(const rm::Node& root) {
        auto check_terminology = [&](bmm::Slot slot, const char* name, std::string_view expected) {
            const rm::Value* v = root.Find(slot);
            if (!v || !v->node()) return;
            std::string_view term = rm::ValueOf(v->node()->Child(s_, "terminology_id"));
            if (term != expected) {
                path_.Push(name);
                Report("RM_INVARIANT", nullptr,
                       std::string(name) + " uses terminology " + Quote(term) + ", expected " + Quote(expected));
                path_.Pop();
            }
        };
        check_terminology(k_.language, "language", "ISO_639-1");
        check_terminology(k_.territory, "territory", "ISO_3166-1");
    }

    const Template& t_;
    const bmm::Schema& s_;
    const rm::KnownSlots& k_;
    const MatchObserver* on_match_;  // nullptr: nobody asked
    bmm::TypeId event_, dv_quantity_, dv_ordinal_, dv_scale_, dv_coded_text_, dv_date_time_, dv_date_, dv_time_, dv_duration_;
    rm::PathBuilder path_;
    std::vector<Issue> issues_;
    validation::RegexCache regexes_;
    int depth_ = 0;
    int trial_depth_ = 0;
};

}  // namespace

std::vector<Issue> Validate(const Template& tpl, const rm::Node& root) { return Walker(tpl, nullptr).Run(root); }

std::vector<Issue> Validate(const Template& tpl, const rm::Node& root, const MatchObserver& on_match) {
    return Walker(tpl, on_match ? &on_match : nullptr).Run(root);
}

}  // namespace kjerne::templates
