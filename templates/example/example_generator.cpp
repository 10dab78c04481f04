// templates/example/example_generator.cpp
//
// The generator walks the constraint tree top-down, building each node's attributes from its
// CAttributes (how many and which alternatives by ExampleMode), then completes what the RM
// requires and the template leaves open with fixed defaults. Leaf values are chosen inside
// the constraint; for temporal primitives a list of candidate values is filtered through the
// validator's own leaf check, so generator and validator cannot disagree on a pattern.
#include "templates/example/example_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/views.hpp"
#include "templates/validation/leaf_checks.hpp"

namespace kjerne::templates {
namespace {

using Attrs = std::map<bmm::Slot, rm::Value>;

class Generator {
public:
    Generator(const Template& t, const ExampleOptions& o, rm::Document& d)
        : t_(t), o_(o), d_(d), s_(d.schema()), k_(rm::KnownSlots::Rm()), rng_(o.seed), now_(o.now) {
        if (o.mode == ExampleMode::kRandom) {  // a time in 2020..2024, to the second
            char buf[32];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", 2020 + static_cast<int>(rng_() % 5),
                          1 + static_cast<int>(rng_() % 12), 1 + static_cast<int>(rng_() % 28),
                          static_cast<int>(rng_() % 24), static_cast<int>(rng_() % 60), static_cast<int>(rng_() % 60));
            now_ = buf;
        }
    }

    rm::Node* Root() {
        rm::Node* root = Object(*t_.definition);
        return root;
    }

private:
    // ---- choices
    bool Optional() {
        switch (o_.mode) {
            case ExampleMode::kMinimal: return false;
            case ExampleMode::kFull: return true;
            case ExampleMode::kRandom: return rng_() % 4 != 0;  // mostly present: realistic, still varied
        }
        return false;
    }
    size_t Pick(size_t n) { return o_.mode == ExampleMode::kRandom && n > 1 ? static_cast<size_t>(rng_() % n) : 0; }
    double Uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }

    bmm::TypeId T(std::string_view name) const { return s_.Find(name); }

    bmm::TypeId Concrete(bmm::TypeId t) const {
        if (t == bmm::kNoType || !s_.Class(t).is_abstract) return t;
        static const std::pair<const char*, const char*> kPrefer[] = {
            {"EVENT", "POINT_EVENT"},           {"PARTY_PROXY", "PARTY_SELF"},   {"ITEM_STRUCTURE", "ITEM_TREE"},
            {"DATA_VALUE", "DV_TEXT"},          {"DV_ENCAPSULATED", "DV_PARSABLE"}, {"OBJECT_ID", "HIER_OBJECT_ID"},
            {"UID_BASED_ID", "HIER_OBJECT_ID"}, {"ITEM", "ELEMENT"},             {"DV_TEMPORAL", "DV_DATE_TIME"},
            {"DV_AMOUNT", "DV_QUANTITY"},       {"DV_QUANTIFIED", "DV_QUANTITY"}, {"DV_ABSOLUTE_QUANTITY", "DV_DATE_TIME"},
            {"DV_ORDERED", "DV_COUNT"},         {"CONTENT_ITEM", "SECTION"},     {"ENTRY", "ADMIN_ENTRY"},
            {"CARE_ENTRY", "EVALUATION"},
        };
        for (const auto& [abstract, concrete] : kPrefer)
            if (s_.Name(t) == abstract) return T(concrete);
        for (size_t i = 0; i < s_.size(); ++i) {
            auto id = static_cast<bmm::TypeId>(i);
            if (!s_.Class(id).is_abstract && s_.IsSubtypeOf(id, t)) return id;
        }
        return t;
    }

    rm::Node* Make(bmm::TypeId type, const Attrs& attrs, bmm::TypeId generic_arg = bmm::kNoType) {
        std::vector<rm::Attr> v;
        v.reserve(attrs.size());
        for (const auto& [slot, value] : attrs)
            if (!value.is_null()) v.push_back({slot, value});
        return d_.NewNode(type, v, generic_arg);
    }
    void Set(Attrs& a, bmm::TypeId type, std::string_view prop, rm::Value v) {
        bmm::Slot slot = s_.FindSlot(type, prop);
        if (slot != bmm::kNoSlot) a[slot] = v;
    }
    bool Has(const Attrs& a, bmm::TypeId type, std::string_view prop) const {
        bmm::Slot slot = s_.FindSlot(type, prop);
        return slot != bmm::kNoSlot && a.count(slot) && !a.at(slot).is_null();
    }
    rm::Value Str(std::string_view s) { return d_.NewString(s); }

    // ---- small RM values
    rm::Node* TerminologyId(std::string_view id) {
        Attrs a;
        bmm::TypeId t = T("TERMINOLOGY_ID");
        Set(a, t, "value", Str(id));
        return Make(t, a);
    }
    rm::Node* CodePhrase(std::string_view terminology, std::string_view code) {
        Attrs a;
        bmm::TypeId t = k_.code_phrase;
        a[k_.terminology_id] = rm::Value::Of(TerminologyId(terminology));
        a[k_.code_string] = Str(code);
        return Make(t, a);
    }
    rm::Node* CodedText(std::string_view text, std::string_view terminology, std::string_view code) {
        Attrs a;
        bmm::TypeId t = T("DV_CODED_TEXT");
        a[k_.text_value] = Str(text);
        a[k_.defining_code] = rm::Value::Of(CodePhrase(terminology, code));
        return Make(t, a);
    }
    rm::Node* Text(std::string_view text) {
        Attrs a;
        a[k_.text_value] = Str(text);
        return Make(k_.dv_text, a);
    }
    rm::Node* Temporal(std::string_view type, std::string_view value) {
        Attrs a;
        bmm::TypeId t = T(type);
        Set(a, t, "value", Str(value));
        return Make(t, a);
    }

    std::string TermText(const aom::CObject* context, std::string_view terminology, std::string_view code) {
        if (terminology == "local" && context) {
            std::string_view text = t_.TermText(*context, code);
            if (!text.empty()) return std::string(text);
        }
        if (terminology == "openehr") {
            static const std::pair<const char*, const char*> kOpenEhr[] = {
                {"433", "event"}, {"431", "persistent"}, {"451", "episodic"}, {"238", "other care"},
                {"532", "completed"}, {"524", "initial"}, {"526", "planned"}, {"245", "active"},
                {"271", "no information"}, {"193", "not specified"}, {"146", "mean"}, {"147", "change"}, {"148", "total"}};
            for (const auto& [c, text] : kOpenEhr)
                if (code == c) return text;
        }
        return std::string(code);
    }

    // ---- constraint-driven objects
    rm::Node* Object(const aom::CObject& c) {
        if (c.kind == aom::CObjectKind::kInternalRef) {
            if (const aom::CObject* target = ResolveRef(c); target && depth_ < 32) {
                ++depth_;
                rm::Node* n = Object(*target);
                --depth_;
                return n;
            }
        }
        const bmm::TypeId type = Concrete(c.rm_type);
        if (type == bmm::kNoType) return nullptr;
        switch (c.kind) {
            case aom::CObjectKind::kDvQuantity: return Quantity(c, type);
            case aom::CObjectKind::kDvOrdinal: return Ordinal(c, type);
            case aom::CObjectKind::kCodePhrase: return CodePhraseFrom(c);
            default: break;
        }
        Attrs attrs;
        for (const aom::CAttribute& a : c.attributes) {
            if (a.slot == bmm::kNoSlot || a.slot >= s_.Class(type).props.size()) continue;
            const bmm::PropDef& prop = s_.Prop(type, a.slot);
            if (prop.name == "null_flavour") continue;  // ELEMENT: value xor null_flavour; we give values
            if (IsDerived(type, prop.name)) continue;
            const bool required = (a.existence && a.existence->lower.value_or(0) >= 1) || prop.mandatory ||
                                  AlwaysGenerate(type, prop.name);
            // Random mode always keeps attributes that hold archetype roots (entries in content,
            // clusters in items): data without its clinical content is not realistic.
            const bool holds_roots = std::any_of(a.children.begin(), a.children.end(),
                                                 [](const auto& ch) { return ch->is_root(); });
            if (!required && !(holds_roots && o_.mode == ExampleMode::kRandom) && !Optional()) continue;
            rm::Value v = AttributeValue(a, c, type, prop);
            if (!v.is_null()) attrs[a.slot] = v;
            else if (required) return nullptr;  // cannot be built validly (e.g. only open slots)
        }
        if (s_.IsSubtypeOf(type, k_.locatable)) {
            if (!attrs.count(k_.archetype_node_id)) {
                std::string_view id = c.match_id();
                attrs[k_.archetype_node_id] = Str(id.empty() ? "at0000" : id);
            }
            if (!attrs.count(k_.name)) attrs[k_.name] = rm::Value::Of(Text(NameFor(c)));
            if (c.is_root() && !attrs.count(k_.archetype_details)) {
                attrs[k_.archetype_details] = rm::Value::Of(Archetyped(c.archetype_id, &c == t_.definition.get()));
            }
        }
        Complete(type, attrs, &c);
        // An RM-mandatory attribute still empty (a CLUSTER whose items are only open slots):
        // this object cannot be built validly; the caller leaves it out if it may.
        const bmm::ClassDef& cls = s_.Class(type);
        for (size_t slot = 0; slot < cls.props.size(); ++slot)
            if (cls.props[slot].mandatory && !attrs.count(static_cast<bmm::Slot>(slot))) return nullptr;
        bmm::TypeId generic_arg = bmm::kNoType;
        if (size_t lt = c.rm_type_name.find('<'); lt != std::string::npos) {
            generic_arg = T(std::string_view(c.rm_type_name).substr(lt + 1, c.rm_type_name.size() - lt - 2));
        }
        return Make(type, attrs, generic_arg);
    }

    const aom::CObject* ResolveRef(const aom::CObject& c) {
        const aom::InternalRef* ref = c.internal_ref();
        if (!ref) return nullptr;
        std::string base = c.archetype_root && c.archetype_root->path != "/" ? c.archetype_root->path : "";
        if (const aom::CObject* o = t_.FindByPath(base + ref->target_path)) return o;
        return t_.FindByPath(ref->target_path);
    }

    std::string NameFor(const aom::CObject& c) {
        if (!c.node_id.empty()) {
            std::string_view text = t_.TermText(c, c.node_id);
            if (!text.empty()) return std::string(text);
        }
        std::string n(s_.Name(c.rm_type));
        std::transform(n.begin(), n.end(), n.begin(), [](char ch) { return ch == '_' ? ' ' : static_cast<char>(std::tolower(ch)); });
        return n;
    }

    rm::Node* Archetyped(std::string_view archetype_id, bool top) {
        Attrs a;
        bmm::TypeId t = k_.archetyped;
        Attrs id;
        bmm::TypeId aid = T("ARCHETYPE_ID");
        Set(id, aid, "value", Str(archetype_id));
        a[k_.archetype_id] = rm::Value::Of(Make(aid, id));
        if (top) {
            Attrs tid;
            bmm::TypeId tt = T("TEMPLATE_ID");
            Set(tid, tt, "value", Str(t_.template_id));
            a[k_.template_id] = rm::Value::Of(Make(tt, tid));
        }
        Set(a, t, "rm_version", Str("1.1.0"));
        return Make(t, a);
    }

    // Attributes RM 1.1.0 defines as functions of others (EVENT.offset, DV_PROPORTION.is_integral):
    // templates of RM 1.0.2-era tools constrain them, but the data does not carry them (nor
    // does the ITS-XML schema declare them).
    bool IsDerived(bmm::TypeId type, std::string_view attr) const {
        return (attr == "offset" && s_.IsSubtypeOf(type, T("EVENT"))) ||
               (attr == "is_integral" && s_.Name(type) == "DV_PROPORTION");
    }

    // Always written when constrained: ELEMENT.value (else null_flavour would be needed), and
    // what RM 1.0.x required (DV_IDENTIFIER's parts, ACTIVITY.timing), so examples satisfy
    // both RM releases; Complete() supplies them when the template is silent.
    bool AlwaysGenerate(bmm::TypeId type, std::string_view attr) const {
        const std::string_view n = s_.Name(type);
        return (n == "ELEMENT" && attr == "value") || (n == "ACTIVITY" && attr == "timing") ||
               (n == "PARTICIPATION" && attr == "mode") ||
               (n == "DV_IDENTIFIER" && (attr == "issuer" || attr == "assigner" || attr == "type" || attr == "id"));
    }

    bool Generatable(const aom::CObject& c) const {
        return c.kind != aom::CObjectKind::kArchetypeSlot && c.kind != aom::CObjectKind::kConstraintRef &&
               c.kind != aom::CObjectKind::kPrimitiveObject && c.rm_type != bmm::kNoType &&
               !(c.occurrences && c.occurrences->upper && *c.occurrences->upper == 0);  // prohibited
    }

    int Count(const aom::CObject& c) {
        const int lo = c.occurrences && c.occurrences->lower ? *c.occurrences->lower : 0;
        const int hi = c.occurrences && c.occurrences->upper ? *c.occurrences->upper : lo + 3;
        switch (o_.mode) {
            case ExampleMode::kMinimal: return lo;
            case ExampleMode::kFull: return std::max(lo, std::min(hi, 1));
            case ExampleMode::kRandom: {
                const int top = std::min(hi, lo + 2);
                return top <= lo ? lo : lo + static_cast<int>(rng_() % static_cast<uint64_t>(top - lo + 1));
            }
        }
        return lo;
    }

    rm::Value AttributeValue(const aom::CAttribute& a, const aom::CObject& owner, bmm::TypeId owner_type,
                             const bmm::PropDef& prop) {
        const bool required = (a.existence && a.existence->lower.value_or(0) >= 1) || prop.mandatory;
        if (prop.is_multiple()) {
            std::vector<rm::Value> items;
            const int card_lo = a.cardinality && a.cardinality->interval.lower ? *a.cardinality->interval.lower : 0;
            const int card_hi = a.cardinality && a.cardinality->interval.upper ? *a.cardinality->interval.upper : 1 << 20;
            std::vector<int> counts(a.children.size(), 0);
            for (size_t k = 0; k < a.children.size(); ++k) {
                const aom::CObject& c = *a.children[k];
                if (!Generatable(c)) continue;
                int n = Count(c);
                for (int i = 0; i < n && static_cast<int>(items.size()) < card_hi; ++i) {
                    if (rm::Node* node = Object(c)) {
                        items.push_back(rm::Value::Of(node));
                        ++counts[k];
                    }
                }
            }
            // Fill up to the cardinality's lower bound (or one item when the attribute is
            // required) with alternatives that still have room.
            const int need = std::max(card_lo, required ? 1 : 0);
            for (size_t k = 0; static_cast<int>(items.size()) < need && k < a.children.size();) {
                const aom::CObject& c = *a.children[k];
                const int hi = c.occurrences && c.occurrences->upper ? *c.occurrences->upper : 1 << 20;
                if (Generatable(c) && counts[k] < hi) {
                    if (rm::Node* node = Object(c)) {
                        items.push_back(rm::Value::Of(node));
                        ++counts[k];
                        continue;
                    }
                }
                ++k;
            }
            if (items.empty()) return required && a.children.empty() ? RmDefault(prop, owner_type) : rm::Value();
            // Some templates cannot be satisfied once the attribute is present (cardinality
            // 1..1 over alternatives that each require several items): leave an optional
            // attribute out rather than emit an invalid one.
            bool satisfied = static_cast<int>(items.size()) >= card_lo && static_cast<int>(items.size()) <= card_hi;
            for (size_t k = 0; k < a.children.size(); ++k) {
                const aom::CObject& c = *a.children[k];
                if (Generatable(c) && c.occurrences && c.occurrences->lower && counts[k] < *c.occurrences->lower)
                    satisfied = false;
            }
            if (!satisfied && !required) return rm::Value();
            return d_.NewList(items);
        }
        // Single-valued: a primitive, one alternative, or an RM default.
        std::vector<const aom::CObject*> alts;
        for (const auto& c : a.children) {
            if (c->kind == aom::CObjectKind::kPrimitiveObject) {
                if (const aom::CPrimitive* p = c->primitive()) return Primitive(*p, prop);
            }
            if (Generatable(*c)) alts.push_back(c.get());
        }
        if (!alts.empty()) {
            rm::Node* n = Object(*alts[Pick(alts.size())]);
            return n ? rm::Value::Of(n) : rm::Value();
        }
        (void)owner;
        return required ? RmDefault(prop, owner_type) : rm::Value();
    }

    // ---- leaves
    rm::Value PrimValue(const bmm::PropDef& prop, double number, std::string_view text, bool boolean) {
        switch (s_.Class(prop.type).prim) {
            case bmm::PrimKind::kInteger: return rm::Value::Int(static_cast<int64_t>(std::llround(number)));
            case bmm::PrimKind::kReal: return rm::Value::Real(number);
            case bmm::PrimKind::kBoolean: return rm::Value::Bool(boolean);
            default: return Str(text);
        }
    }

    template <class N>
    N FromRange(const std::optional<aom::Interval<N>>& r, N dflt) {
        if (!r) return dflt;
        if (r->lower && r->upper) {
            N lo = *r->lower, hi = *r->upper;
            if constexpr (std::is_integral_v<N>) {
                if (!r->lower_included) ++lo;
                if (!r->upper_included) --hi;
                if (o_.mode == ExampleMode::kRandom && hi > lo) return lo + static_cast<N>(rng_() % static_cast<uint64_t>(hi - lo + 1));
                return lo;
            } else {
                if (o_.mode == ExampleMode::kRandom && hi > lo) {
                    N v = Uniform(lo, hi);
                    return std::round(v * 100) / 100 > lo && std::round(v * 100) / 100 < hi ? std::round(v * 100) / 100 : v;
                }
                return r->lower_included ? lo : (lo + hi) / 2;
            }
        }
        if (r->lower) return r->lower_included ? *r->lower : *r->lower + 1;
        if (r->upper) return r->upper_included ? std::min(*r->upper, dflt) : std::min(*r->upper - 1, dflt);
        return dflt;
    }

    rm::Value Primitive(const aom::CPrimitive& p, const bmm::PropDef& prop) {
        if (const auto* s = std::get_if<aom::CString>(&p)) {
            if (!s->list.empty()) return Str(s->list[Pick(s->list.size())]);
            if (s->pattern) return Str(*s->pattern);  // the validator accepts a pattern's own text
            return Str(s->assumed_value.value_or("example"));
        }
        if (const auto* i = std::get_if<aom::CInteger>(&p)) {
            long long v = !i->list.empty() ? i->list[Pick(i->list.size())] : FromRange<long long>(i->range, 1);
            return PrimValue(prop, static_cast<double>(v), std::to_string(v), v != 0);
        }
        if (const auto* r = std::get_if<aom::CReal>(&p)) {
            double v = !r->list.empty() ? r->list[Pick(r->list.size())] : FromRange<double>(r->range, 1.0);
            return PrimValue(prop, v, std::to_string(v), v != 0);
        }
        if (const auto* b = std::get_if<aom::CBoolean>(&p)) {
            bool v = b->true_valid && (!b->false_valid || o_.mode != ExampleMode::kRandom || (rng_() & 1));
            return rm::Value::Bool(v);
        }
        // Temporal: the first candidate (random: any) that the validator's leaf check accepts.
        std::vector<std::string> candidates;
        const bool is_duration = std::holds_alternative<aom::CDuration>(p);
        if (is_duration) {
            const auto& du = std::get<aom::CDuration>(p);
            if (du.range && du.range->lower && du.range->lower_included) candidates.push_back(*du.range->lower);
            if (du.range && du.range->upper && du.range->upper_included) candidates.push_back(*du.range->upper);
            for (const char* c : {"PT1H", "P1D", "PT30M", "P2W", "P3M", "P1Y", "PT45S", "P1DT2H", "PT10M", "P0D", "PT0S"})
                candidates.emplace_back(c);
        } else if (std::holds_alternative<aom::CDate>(p)) {
            candidates = {now_.substr(0, 10), now_.substr(0, 7), now_.substr(0, 4)};
        } else if (std::holds_alternative<aom::CTime>(p)) {
            candidates = {"10:30:00", "10:30", "10", "10:30:00.5"};
        } else {
            candidates = {now_, now_.substr(0, 19), now_.substr(0, 16), now_.substr(0, 13),
                          now_.substr(0, 10), now_.substr(0, 7), now_.substr(0, 4)};
        }
        std::vector<std::string> ok;
        for (const auto& c : candidates) {
            if (!validation::CheckPrimitive(Str(c), p, regexes_)) ok.push_back(c);
        }
        if (ok.empty()) return Str(candidates.front());
        return Str(ok[Pick(ok.size())]);
    }

    rm::Node* CodePhraseFrom(const aom::CObject& c) {
        const aom::CCodePhrase* cp = c.code_phrase();
        std::string term = cp && !cp->terminology_id.empty() ? cp->terminology_id : "local";
        std::string code = cp && !cp->code_list.empty() ? cp->code_list[Pick(cp->code_list.size())] : "at0000";
        if (cp && cp->code_list.empty() && !cp->reference_set_uri.empty()) code = "example";
        return CodePhrase(term, code);
    }

    rm::Node* Quantity(const aom::CObject& c, bmm::TypeId type) {
        const aom::CDvQuantity* q = c.quantity();
        Attrs a;
        std::string units = "1";
        double magnitude = 1;
        std::optional<int> precision;
        if (q && !q->list.empty()) {
            const aom::CQuantityItem& item = q->list[Pick(q->list.size())];
            if (!item.units.empty()) units = item.units;
            magnitude = FromRange<double>(item.magnitude, 1.0);
            if (item.precision && item.precision->lower && item.precision->upper &&
                *item.precision->lower == *item.precision->upper && *item.precision->lower >= 0) {
                precision = *item.precision->lower;
                double f = std::pow(10.0, *precision);
                double rounded = std::round(magnitude * f) / f;
                if (!item.magnitude || item.magnitude->Has(rounded)) magnitude = rounded;
            }
        }
        Set(a, type, "magnitude", rm::Value::Real(magnitude));
        Set(a, type, "units", Str(units));
        if (precision) Set(a, type, "precision", rm::Value::Int(*precision));
        Complete(type, a, &c);
        return Make(type, a);
    }

    rm::Node* Ordinal(const aom::CObject& c, bmm::TypeId type) {
        const aom::CDvOrdinal* o = c.ordinal();
        Attrs a;
        if (o && !o->list.empty()) {
            const aom::OrdinalItem& item = o->list[Pick(o->list.size())];
            bmm::Slot vs = s_.FindSlot(type, "value");
            if (vs != bmm::kNoSlot) a[vs] = PrimValue(s_.Prop(type, vs), item.value, std::to_string(item.value), true);
            const std::string term = item.symbol.terminology_id.empty() ? "local" : item.symbol.terminology_id;
            Set(a, type, "symbol",
                rm::Value::Of(CodedText(TermText(&c, term, item.symbol.code_string), term, item.symbol.code_string)));
        }
        Complete(type, a, &c);
        return Make(type, a);
    }

    // ---- RM completion: what the RM requires and the template left open
    void Complete(bmm::TypeId type, Attrs& a, const aom::CObject* c) {
        const std::string_view name = s_.Name(type);
        if (s_.IsSubtypeOf(type, k_.dv_text) && !Has(a, type, "value")) {
            std::string text = "example text";
            if (type != k_.dv_text) {
                if (auto it = a.find(k_.defining_code); it != a.end() && it->second.node()) {
                    const rm::Node* cp = it->second.node();
                    const rm::Value* cs = cp->Find(k_.code_string);
                    std::string_view term = rm::ValueOf(cp->Child(s_, "terminology_id"));
                    if (cs) text = TermText(c, term, cs->str());
                }
            }
            a[k_.text_value] = Str(text);
        }
        // Attributes RM 1.1.0 made optional but RM 1.0.x (and its ITS-XML schema, which many
        // systems still validate against) requires: written so examples satisfy both.
        if (name == "DV_IDENTIFIER") {
            if (!Has(a, type, "issuer")) Set(a, type, "issuer", Str("Example Issuer"));
            if (!Has(a, type, "assigner")) Set(a, type, "assigner", Str("Example Assigner"));
            if (!Has(a, type, "type")) Set(a, type, "type", Str("example"));
        }
        if (name == "ELEMENT" && !Has(a, type, "value") && !Has(a, type, "null_flavour")) {
            // No buildable value (only open slots, or nothing constrained): say why it is empty.
            Set(a, type, "null_flavour", rm::Value::Of(CodedText("no information", "openehr", "271")));
        }
        if (name == "PARTICIPATION" && !Has(a, type, "mode")) {
            Set(a, type, "mode", rm::Value::Of(CodedText("not specified", "openehr", "193")));
        }
        if (name == "ACTIVITY" && !Has(a, type, "timing")) {
            Attrs t;
            bmm::TypeId pt = T("DV_PARSABLE");
            Set(t, pt, "value", Str("R3/" + now_ + "/P1D"));
            Set(t, pt, "formalism", Str("ISO8601"));
            Set(a, type, "timing", rm::Value::Of(Make(pt, t)));
        }
        if (name == "DV_INTERVAL") {
            const bool lower = Has(a, type, "lower"), upper = Has(a, type, "upper");
            if (!Has(a, type, "lower_unbounded")) Set(a, type, "lower_unbounded", rm::Value::Bool(!lower));
            if (!Has(a, type, "upper_unbounded")) Set(a, type, "upper_unbounded", rm::Value::Bool(!upper));
            if (!Has(a, type, "lower_included")) Set(a, type, "lower_included", rm::Value::Bool(lower));
            if (!Has(a, type, "upper_included")) Set(a, type, "upper_included", rm::Value::Bool(upper));
        }
        const bmm::ClassDef& cls = s_.Class(type);
        for (size_t slot = 0; slot < cls.props.size(); ++slot) {
            const bmm::PropDef& p = cls.props[slot];
            if (!p.mandatory || a.count(static_cast<bmm::Slot>(slot))) continue;
            if (depth_ > 24) break;
            ++depth_;
            rm::Value v = RmDefault(p, type);
            --depth_;
            if (!v.is_null()) a[static_cast<bmm::Slot>(slot)] = v;
        }
    }

    rm::Value RmDefault(const bmm::PropDef& p, bmm::TypeId owner) {
        const std::string_view attr = p.name;
        const std::string_view owner_name = s_.Name(owner);
        const bmm::ClassDef& pc = s_.Class(p.type);
        if (pc.is_primitive()) {
            const std::string_view tn = pc.name;
            if (tn == "Iso8601_date_time") return Str(now_);
            if (tn == "Iso8601_date") return Str(now_.substr(0, 10));
            if (tn == "Iso8601_time") return Str("10:30:00");
            if (tn == "Iso8601_duration") return Str("PT1H");
            if (attr == "archetype_node_id") return Str("at0000");
            if (attr == "value" && owner_name == "DV_DATE_TIME") return Str(now_);
            if (attr == "value" && owner_name == "DV_DATE") return Str(now_.substr(0, 10));
            if (attr == "value" && owner_name == "DV_TIME") return Str("10:30:00");
            if (attr == "value" && owner_name == "DV_DURATION") return Str("PT1H");
            if (owner_name == "DV_PROPORTION" && attr == "type") return rm::Value::Int(0);
            if (owner_name == "TERMINOLOGY_ID") return Str("local");
            switch (pc.prim) {
                case bmm::PrimKind::kInteger: return rm::Value::Int(1);
                case bmm::PrimKind::kReal: return rm::Value::Real(1.0);
                case bmm::PrimKind::kBoolean: return rm::Value::Bool(false);
                default: return Str(attr == "value" && owner_name == "DV_DATE_TIME" ? now_ : "example");
            }
        }
        if (p.is_multiple()) return rm::Value();  // a mandatory list we cannot fill meaningfully
        if (attr == "language") return rm::Value::Of(CodePhrase("ISO_639-1", t_.language.empty() ? "en" : t_.language));
        if (attr == "territory") return rm::Value::Of(CodePhrase("ISO_3166-1", "DE"));
        if (attr == "encoding") return rm::Value::Of(CodePhrase("IANA_character-sets", "UTF-8"));
        if (attr == "category") return rm::Value::Of(CodedText("event", "openehr", "433"));
        if (attr == "setting") return rm::Value::Of(CodedText("other care", "openehr", "238"));
        if (attr == "current_state") return rm::Value::Of(CodedText("completed", "openehr", "532"));
        if (attr == "composer") {
            Attrs a;
            bmm::TypeId t = T("PARTY_IDENTIFIED");
            Set(a, t, "name", Str("Dr. Example"));
            return rm::Value::Of(Make(t, a));
        }
        const bmm::TypeId t = Concrete(p.type);
        if (t == bmm::kNoType) return rm::Value();
        const std::string_view tn = s_.Name(t);
        if (tn == "DV_DATE_TIME") return rm::Value::Of(Temporal("DV_DATE_TIME", now_));
        if (tn == "DV_DATE") return rm::Value::Of(Temporal("DV_DATE", now_.substr(0, 10)));
        if (tn == "DV_TIME") return rm::Value::Of(Temporal("DV_TIME", "10:30:00"));
        if (tn == "DV_DURATION") return rm::Value::Of(Temporal("DV_DURATION", "PT1H"));
        if (tn == "DV_TEXT") return rm::Value::Of(Text(attr == "name" ? "example" : "example text"));
        if (tn == "DV_CODED_TEXT") return rm::Value::Of(CodedText("example", "local", "at0000"));
        if (tn == "CODE_PHRASE") return rm::Value::Of(CodePhrase("local", "at0000"));
        Attrs a;
        Complete(t, a, nullptr);
        return rm::Value::Of(Make(t, a));
    }

    const Template& t_;
    const ExampleOptions& o_;
    rm::Document& d_;
    const bmm::Schema& s_;
    const rm::KnownSlots& k_;
    std::mt19937_64 rng_;
    std::string now_;  // the date-time every generated time is derived from
    validation::RegexCache regexes_;
    int depth_ = 0;
};

}  // namespace

Result<rm::Document> GenerateExample(const Template& tpl, const ExampleOptions& opts) {
    if (!tpl.definition) return Error::InvalidArgument("template has no definition");
    rm::Document doc;
    Generator g(tpl, opts, doc);
    rm::Node* root = g.Root();
    if (!root) return Error::Internal("could not build the root object");
    doc.set_root(root);
    return doc;
}

}  // namespace kjerne::templates
