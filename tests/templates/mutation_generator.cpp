// tests/templates/mutation_generator.cpp
#include "tests/templates/mutation_generator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "engine/bmm/rm_schema.hpp"
#include "engine/rm/views.hpp"
#include "templates/validation/validator.hpp"

namespace kjerne::test {
namespace {

namespace aom = kjerne::archetypes::aom;

// One data node and the constraint object the validator checked it against.
struct Match {
    std::string path;
    const rm::Node* node;
    const aom::CObject* c;
};

std::string Join(std::string_view base, std::string_view attr) {
    return (base == "/" ? std::string() : std::string(base)) + "/" + std::string(attr);
}

// "/a/items[3]" -> ("/a/items", 3); a path without a trailing index -> (path, 0).
std::pair<std::string, size_t> SplitIndex(const std::string& p) {
    if (p.empty() || p.back() != ']') return {p, 0};
    size_t br = p.rfind('[');
    return {p.substr(0, br), std::stoul(p.substr(br + 1))};
}

// "/a/b/items" -> "/a/b"; "/content" -> "/".
std::string ParentOf(const std::string& attr_path) {
    size_t s = attr_path.rfind('/');
    return s == 0 ? "/" : attr_path.substr(0, s);
}

std::string LastAttr(const std::string& attr_path) {
    return attr_path.substr(attr_path.rfind('/') + 1);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

int Lower(const std::optional<aom::MultiplicityInterval>& i) {
    return i && i->lower ? *i->lower : 0;
}

std::string Num(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
}

// The components of an ADL 1.4 date/time pattern in order (year month day, hour minute
// second): 'r' required (letters), 'o' optional ("??"), 'x' not allowed ("XX").
std::string PatternComponents(std::string_view pattern) {
    std::string out;
    std::string token;
    auto flush = [&] {
        if (token.empty()) return;
        out += token == "??" ? 'o' : (token == "XX" || token == "xx") ? 'x' : 'r';
        token.clear();
    };
    for (char ch : pattern) {
        if (ch == '-' || ch == ':' || ch == 'T')
            flush();
        else
            token += ch;
    }
    flush();
    return out;
}

// A well-formed value of the temporal type that breaks `pattern`, or nullopt when every
// precision conforms. Candidates are the ISO 8601 prefixes (2021, 2021-03, ...); a value
// with k components breaks the pattern when one of its k is "XX" or a later one is required.
std::optional<std::string> BreakTemporalPattern(std::string_view rm_type,
                                                std::string_view pattern) {
    static const std::vector<std::string> kDate = {"2021", "2021-03", "2021-03-04"};
    static const std::vector<std::string> kTime = {"10", "10:20", "10:20:30"};
    static const std::vector<std::string> kDateTime = {
        "2021",          "2021-03",          "2021-03-04",
        "2021-03-04T10", "2021-03-04T10:20", "2021-03-04T10:20:30"};
    const std::vector<std::string>& cand = rm_type == "DV_DATE"   ? kDate
                                           : rm_type == "DV_TIME" ? kTime
                                                                  : kDateTime;
    const std::string comps = PatternComponents(pattern);
    if (comps.size() != cand.size()) return std::nullopt;  // not a pattern this reading knows
    for (size_t k = cand.size(); k >= 1; --k) {
        bool broken = false;
        for (size_t i = 0; i < comps.size(); ++i)
            broken |= i < k ? comps[i] == 'x' : comps[i] == 'r';
        if (broken) return cand[k - 1];
    }
    return std::nullopt;
}

// A duration with a designator the C_DURATION pattern ("PYMWDTHMS" style) does not allow.
std::optional<std::string> BreakDurationPattern(std::string_view pattern) {
    size_t t = pattern.find('T');
    std::string_view date = pattern.substr(0, t),
                     time = t == std::string_view::npos ? "" : pattern.substr(t);
    for (char d : std::string_view("YMWD"))
        if (date.find(d) == std::string_view::npos) return std::string("P1") + d;
    for (char d : std::string_view("HMS"))
        if (time.find(d) == std::string_view::npos) return std::string("PT1") + d;
    return std::nullopt;
}

// A value just outside an interval: an excluded bound itself, else one past the bound
// (upper first); nullopt when unbounded.
template <class T>
std::optional<T> Outside(const aom::Interval<T>& r) {
    if (r.upper) return r.upper_included ? *r.upper + 1 : *r.upper;
    if (r.lower) return r.lower_included ? *r.lower - 1 : *r.lower;
    return std::nullopt;
}

class Generator {
public:
    Generator(const templates::Template& t, const rm::Node& root)
        : t_(t), root_(root), s_(bmm::Schema::Rm()), k_(rm::KnownSlots::Rm()) {
        data_value_ = s_.Find("DATA_VALUE");
        dv_quantity_ = s_.Find("DV_QUANTITY");
        dv_ordinal_ = s_.Find("DV_ORDINAL");
        dv_scale_ = s_.Find("DV_SCALE");
        event_ = s_.Find("EVENT");
    }

    std::vector<Mutation> Run(const MutationOptions& options) {
        templates::Validate(t_, root_,
                            [&](std::string_view p, const rm::Node& n, const aom::CObject& c) {
                                matches_.push_back({std::string(p), &n, &c});
                            });
        for (size_t i = 0; i < matches_.size(); ++i) by_path_[matches_[i].path] = i;
        Containers();
        for (const Match& m : matches_) PerNode(m);
        UnconstrainedTemporal(root_, "/");
        std::vector<Mutation> out;
        for (auto& kind : by_kind_) {
            const size_t n = kind.size();
            const size_t take = std::min(n, options.max_per_kind);
            for (size_t j = 0; j < take; ++j) out.push_back(std::move(kind[j * n / take]));
        }
        return out;
    }

private:
    void Add(Mutation m) {
        std::string key = std::to_string(static_cast<int>(m.op)) + " " + m.target;
        if (!seen_[static_cast<size_t>(m.kind)].insert(key).second) return;
        by_kind_[static_cast<size_t>(m.kind)].push_back(std::move(m));
    }

    Mutation Set(MutationKind kind, const Match& m, std::string target, Primitive value,
                 std::string expected) {
        Mutation x;
        x.kind = kind;
        x.op = EditOp::kSet;
        x.target = std::move(target);
        x.value = std::move(value);
        x.expected_path = std::move(expected);
        x.constraint_path = m.c->path;
        return x;
    }

    const Match* Find(const std::string& path) const {
        auto it = by_path_.find(path);
        return it == by_path_.end() ? nullptr : &matches_[it->second];
    }

    // The attribute of the parent's constraint that holds `m` (what the validator matched
    // `m` among), or nullptr at the root.
    const aom::CAttribute* ParentAttribute(const Match& m) const {
        if (m.path == "/") return nullptr;
        const std::string attr_path = SplitIndex(m.path).first;
        const Match* parent = Find(ParentOf(attr_path));
        return parent ? parent->c->FindAttribute(LastAttr(attr_path)) : nullptr;
    }

    // RM 1.1.0 functions that old OPTs constrain as stored attributes (see validator.cpp).
    bool IsDerived(bmm::TypeId type, std::string_view attr) const {
        return (attr == "is_integral" && s_.Name(type) == "DV_PROPORTION") ||
               (attr == "offset" && s_.IsSubtypeOf(type, event_));
    }

    // ---- list items: occurrences and cardinality
    void Containers() {
        struct Group {
            std::vector<const Match*> items;
        };
        std::map<std::string, Group> groups;  // attribute path -> its matched items
        for (const Match& m : matches_) {
            auto [attr_path, index] = SplitIndex(m.path);
            if (index) groups[attr_path].items.push_back(&m);
        }
        for (const auto& [attr_path, g] : groups) {
            const Match* parent = Find(ParentOf(attr_path));
            if (!parent) continue;
            const aom::CAttribute* a = parent->c->FindAttribute(LastAttr(attr_path));
            const rm::Value* list = parent->node->Find(s_, LastAttr(attr_path));
            if (!a || !list || !list->is_list()) continue;
            // An item checked against an internal ref's target is counted by the validator
            // under the ref: the counts below would be wrong, so leave such lists alone.
            bool direct = true;
            for (const Match* m : g.items) direct &= m->c->parent == a;
            if (!direct) continue;
            const int total = static_cast<int>(list->items().size());
            // Per alternative, in order of first appearance (deterministic): count, first item.
            std::vector<std::pair<const aom::CObject*, std::pair<int, const Match*>>> per_alt;
            for (const Match* m : g.items) {
                auto it = std::find_if(per_alt.begin(), per_alt.end(),
                                       [&](const auto& e) { return e.first == m->c; });
                if (it == per_alt.end()) it = per_alt.insert(per_alt.end(), {m->c, {0, m}});
                ++it->second.first;
            }
            // Removing the only item leaves no container: the RM keeps containers Void or
            // non-empty (COMPOSITION Content_valid, SECTION Items_valid, ...) and the validator
            // reads an empty list as absent, so occurrences and cardinality lower bounds, which
            // bound the items of a container that exists, make such a drop invalid only
            // together with the attribute's existence.
            const bool can_empty = total > 1 || Lower(a->existence) >= 1;
            for (const auto& [c, e] : per_alt) {
                const auto& [count, first] = e;
                if (can_empty && c->occurrences && Lower(c->occurrences) >= 1 &&
                    count == Lower(c->occurrences)) {
                    Add(Remove(*first, attr_path));
                }
                if (c->occurrences && c->occurrences->upper) {
                    const int copies = *c->occurrences->upper - count + 1;
                    if (copies >= 1 && copies <= 3) Add(Duplicate(*first, attr_path, copies));
                }
            }
            const Match* first = g.items.front();
            if (a->cardinality) {
                const auto& card = a->cardinality->interval;
                if (can_empty && Lower(card) >= 1 && total == Lower(card))
                    Add(Remove(*first, attr_path));
                if (card.upper) {
                    const int copies = *card.upper - total + 1;
                    if (copies >= 1 && copies <= 3) Add(Duplicate(*first, attr_path, copies));
                }
            }
        }
    }

    Mutation Remove(const Match& item, const std::string& attr_path) {
        Mutation x;
        x.kind = MutationKind::kDropMandatory;
        x.op = EditOp::kRemove;
        x.target = item.path;
        x.expected_path = attr_path;
        x.constraint_path = item.c->path;
        return x;
    }

    Mutation Duplicate(const Match& item, const std::string& attr_path, int copies) {
        Mutation x;
        x.kind = MutationKind::kExceedOccurrences;
        x.op = EditOp::kDuplicate;
        x.target = item.path;
        x.copies = copies;
        x.expected_path = attr_path;
        x.constraint_path = item.c->path;
        return x;
    }

    // ---- one node against its constraint
    void PerNode(const Match& m) {
        const rm::Node& n = *m.node;
        const aom::CObject& c = *m.c;
        for (const aom::CAttribute& a : c.attributes) {
            if (a.slot == bmm::kNoSlot) continue;
            const rm::Value* v = n.Find(a.slot);
            if (!v || v->is_null() || (v->is_list() && v->items().empty())) continue;
            if (Lower(a.existence) >= 1 && !IsDerived(n.type, a.rm_attribute_name)) {
                Mutation x;
                x.kind = MutationKind::kDropMandatory;
                x.op = EditOp::kRemove;
                x.target = x.expected_path = Join(m.path, a.rm_attribute_name);
                x.constraint_path = c.path;
                Add(std::move(x));
            }
            if (a.children.size() == 1 && a.children[0]->primitive() && !v->is_node() &&
                !v->is_list()) {
                PrimitiveLeaf(m, a, *a.children[0]->primitive(), *v);
            }
        }
        if (c.kind == aom::CObjectKind::kDvQuantity && s_.IsSubtypeOf(n.type, dv_quantity_))
            Quantity(m);
        if (c.kind == aom::CObjectKind::kDvOrdinal &&
            (n.type == dv_ordinal_ || n.type == dv_scale_))
            Ordinal(m);
        if (c.kind == aom::CObjectKind::kCodePhrase && n.type == k_.code_phrase) CodePhrase(m);
        MalformedTemporal(m.path, n, c.path);
        WrongType(m);
        UnknownNodeId(m);
    }

    void PrimitiveLeaf(const Match& m, const aom::CAttribute& a, const aom::CPrimitive& p,
                       const rm::Value& v) {
        const std::string path = Join(m.path, a.rm_attribute_name);
        if (const auto* cs = std::get_if<aom::CString>(&p)) {
            if (!v.is_string()) return;
            // The constrained name of a LOCATABLE is its own kind.
            const MutationKind kind = EndsWith(m.path, "/name") && a.rm_attribute_name == "value"
                                          ? MutationKind::kWrongName
                                          : MutationKind::kStringConstraint;
            auto in_list = [&](const std::string& s) {
                return std::find(cs->list.begin(), cs->list.end(), s) != cs->list.end();
            };
            if (cs->pattern) {
                RE2 re(*cs->pattern, RE2::Quiet);
                if (!re.ok()) return;
                for (const char* cand : {"Kjerne mutated value", "0", "~"}) {
                    if (!RE2::FullMatch(cand, re) && !in_list(cand) && cand != *cs->pattern) {
                        Add(Set(kind, m, path, std::string(cand), path));
                        return;
                    }
                }
            } else if (!cs->list.empty() && !cs->list_open) {
                std::string value = "Kjerne mutated value";
                while (in_list(value)) value += "!";
                Add(Set(kind, m, path, value, path));
            }
            return;
        }
        if (const auto* ci = std::get_if<aom::CInteger>(&p)) {
            std::optional<int64_t> bad;
            if (!ci->list.empty())
                bad = *std::max_element(ci->list.begin(), ci->list.end()) + 1;
            else if (ci->range)
                bad = Outside(*ci->range);
            if (bad) Add(Set(MutationKind::kPrimitiveConstraint, m, path, *bad, path));
            return;
        }
        if (const auto* cr = std::get_if<aom::CReal>(&p)) {
            std::optional<double> bad;
            if (!cr->list.empty())
                bad = *std::max_element(cr->list.begin(), cr->list.end()) + 1;
            else if (cr->range)
                bad = Outside(*cr->range);
            if (bad) Add(Set(MutationKind::kPrimitiveConstraint, m, path, *bad, path));
            return;
        }
        if (const auto* cb = std::get_if<aom::CBoolean>(&p)) {
            if (cb->true_valid != cb->false_valid)
                Add(Set(MutationKind::kPrimitiveConstraint, m, path, !cb->true_valid, path));
            return;
        }
        if (!v.is_string()) return;
        const std::string_view type = s_.Name(m.node->type);
        std::optional<std::string> bad;
        if (const auto* cd = std::get_if<aom::CDuration>(&p)) {
            if (cd->pattern) bad = BreakDurationPattern(*cd->pattern);
        } else {
            const aom::CTemporal* ct = std::get_if<aom::CDate>(&p);
            if (!ct) ct = std::get_if<aom::CTime>(&p);
            if (!ct) ct = std::get_if<aom::CDateTime>(&p);
            if (ct && ct->pattern &&
                (type == "DV_DATE" || type == "DV_TIME" || type == "DV_DATE_TIME"))
                bad = BreakTemporalPattern(type, *ct->pattern);
        }
        if (bad) Add(Set(MutationKind::kTemporal, m, path, *bad, path));
    }

    // A DV_DATE / DV_DATE_TIME / DV_TIME / DV_DURATION whose value is not ISO 8601 at all.
    void MalformedTemporal(const std::string& node_path, const rm::Node& n,
                           const std::string& constraint_path) {
        static const std::map<std::string_view, const char*> kBad = {
            {"DV_DATE", "2021-13-45"},
            {"DV_DATE_TIME", "2021-13-45T10:00:00"},
            {"DV_TIME", "25:61:00"},
            {"DV_DURATION", "P1X"}};
        auto it = kBad.find(s_.Name(n.type));
        if (it == kBad.end() || !n.Find(s_, "value")) return;
        Mutation x;
        x.kind = MutationKind::kTemporal;
        x.target = x.expected_path = Join(node_path, "value");
        x.value = std::string(it->second);
        x.constraint_path = constraint_path;
        // The same target as a pattern break of this value: keyed apart so both are kept.
        if (!seen_[static_cast<size_t>(x.kind)].insert("malformed " + x.target).second) return;
        by_kind_[static_cast<size_t>(x.kind)].push_back(std::move(x));
    }

    // Temporal values no constraint covers (EVENT.time, EVENT_CONTEXT.start_time, ...) are
    // still bound by the RM's ISO 8601 invariants.
    void UnconstrainedTemporal(const rm::Node& n, const std::string& path) {
        if (!by_path_.count(path)) MalformedTemporal(path, n, "(RM only)");
        for (const rm::Attr& a : n.attributes()) {
            const std::string attr_path = Join(path, s_.Prop(n.type, a.slot).name);
            if (a.value.is_node()) UnconstrainedTemporal(*a.value.node(), attr_path);
            auto items = a.value.items();
            for (size_t i = 0; i < items.size(); ++i)
                if (items[i].is_node())
                    UnconstrainedTemporal(*items[i].node(),
                                          attr_path + "[" + std::to_string(i + 1) + "]");
        }
    }

    void Quantity(const Match& m) {
        const aom::CDvQuantity* q = m.c->quantity();
        if (!q || q->list.empty()) return;
        const std::string units(m.node->String(s_, "units"));
        bool all_units_fixed = true;
        for (const auto& item : q->list) all_units_fixed &= !item.units.empty();
        if (all_units_fixed) {
            std::string bad = "[kjerne]";
            Add(Set(MutationKind::kUnits, m, Join(m.path, "units"), bad, m.path));
        }
        // A magnitude outside every interval that applies to these units.
        std::optional<double> hi, lo;
        bool all_hi = true, all_lo = true;
        size_t applicable = 0;
        const aom::CQuantityItem* single = nullptr;
        for (const auto& item : q->list) {
            if (!item.units.empty() && item.units != units) continue;
            ++applicable;
            single = &item;
            const auto& r = item.magnitude;
            if (r && r->upper)
                hi = std::max(hi.value_or(*r->upper), *r->upper);
            else
                all_hi = false;
            if (r && r->lower)
                lo = std::min(lo.value_or(*r->lower), *r->lower);
            else
                all_lo = false;
        }
        if (!applicable) return;
        std::optional<double> bad;
        if (applicable == 1 && single->magnitude)
            bad = Outside(*single->magnitude);  // the bound itself when excluded
        else if (all_hi && hi)
            bad = *hi + 1;
        else if (all_lo && lo)
            bad = *lo - 1;
        if (bad) Add(Set(MutationKind::kMagnitude, m, Join(m.path, "magnitude"), *bad, m.path));
    }

    void Ordinal(const Match& m) {
        const aom::CDvOrdinal* o = m.c->ordinal();
        if (!o || o->list.empty()) return;
        double max = o->list.front().value;
        for (const auto& item : o->list) max = std::max(max, item.value);
        const std::string path = Join(m.path, "value");
        if (m.node->type == dv_scale_)
            Add(Set(MutationKind::kOrdinal, m, path, max + 1, m.path));
        else
            Add(Set(MutationKind::kOrdinal, m, path, static_cast<int64_t>(std::llround(max)) + 1,
                    m.path));
    }

    void CodePhrase(const Match& m) {
        const aom::CCodePhrase* cp = m.c->code_phrase();
        if (!cp || cp->code_list.empty()) return;
        std::string code =
            rm::ValueOf(m.node->Child(s_, "terminology_id")) == "local" ? "at9999" : "kjerne-9999";
        while (std::find(cp->code_list.begin(), cp->code_list.end(), code) != cp->code_list.end())
            code += "9";
        const MutationKind kind = EndsWith(m.path, "/name/defining_code")
                                      ? MutationKind::kWrongName
                                      : MutationKind::kCodeNotInList;
        Add(Set(kind, m, Join(m.path, "code_string"), code, m.path));
    }

    // A data value replaced by a data value type that no alternative of its attribute admits.
    void WrongType(const Match& m) {
        if (!s_.IsSubtypeOf(m.node->type, data_value_)) return;
        const aom::CAttribute* a = ParentAttribute(m);
        if (!a) return;
        for (const auto& alt : a->children)
            if (alt->rm_type == bmm::kNoType || alt->kind == aom::CObjectKind::kArchetypeSlot)
                return;
        struct Replacement {
            const char* type;
            const char* field;
            Primitive value;
        };
        const Replacement kReplacements[] = {
            {"DV_TEXT", "value", std::string("Kjerne mutated text")},
            {"DV_COUNT", "magnitude", int64_t{1}},
            {"DV_BOOLEAN", "value", true}};
        for (const auto& r : kReplacements) {
            const bmm::TypeId t = s_.Find(r.type);
            bool admitted = false;
            for (const auto& alt : a->children) admitted |= s_.IsSubtypeOf(t, alt->rm_type);
            if (admitted) continue;
            Mutation x;
            x.kind = MutationKind::kWrongRmType;
            x.op = EditOp::kReplace;
            x.target = x.expected_path = m.path;
            x.new_type = r.type;
            x.fields = {{r.field, r.value}};
            x.constraint_path = m.c->path;
            Add(std::move(x));
            return;
        }
    }

    void UnknownNodeId(const Match& m) {
        if (!s_.IsSubtypeOf(m.node->type, k_.locatable)) return;
        const std::string path = Join(m.path, "archetype_node_id");
        if (m.path == "/") {
            Add(Set(MutationKind::kUnknownNodeId, m, path,
                    std::string("openEHR-EHR-COMPOSITION.kjerne_unknown.v1"), "/"));
            return;
        }
        const aom::CAttribute* a = ParentAttribute(m);
        if (!a) return;
        std::string id = m.c->is_root() ? "openEHR-EHR-" + std::string(s_.Name(m.node->type)) +
                                              ".kjerne_unknown.v1"
                                        : std::string("at9999");
        std::set<std::string, std::less<>> ids;
        for (const auto& alt : a->children) {
            if (alt->kind == aom::CObjectKind::kPrimitiveObject) continue;
            // An alternative without a node id may rightly take the changed node.
            if (alt->match_id().empty() && alt->kind != aom::CObjectKind::kArchetypeSlot) return;
            ids.insert(std::string(alt->match_id()));
        }
        while (ids.count(id)) id += "9";
        // So may a slot, unless it names what it includes and the id matches none of it.
        for (const auto& alt : a->children) {
            const aom::ArchetypeSlot* slot = alt->slot();
            if (!slot) continue;
            if (!m.c->is_root() || slot->includes.empty()) return;
            for (const auto& pattern : slot->includes) {
                RE2 re(pattern, RE2::Quiet);
                if (!re.ok() || RE2::FullMatch(id, re)) return;
            }
        }
        Add(Set(MutationKind::kUnknownNodeId, m, path, id, m.path));
    }

    const templates::Template& t_;
    const rm::Node& root_;
    const bmm::Schema& s_;
    const rm::KnownSlots& k_;
    bmm::TypeId data_value_, dv_quantity_, dv_ordinal_, dv_scale_, event_;
    std::vector<Match> matches_;
    std::map<std::string, size_t> by_path_;
    std::vector<Mutation> by_kind_[kMutationKindCount];
    std::set<std::string> seen_[kMutationKindCount];
};

struct Seg {
    std::string attr;
    size_t index = 0;  // 1-based; 0 = none
};

std::vector<Seg> ParsePath(std::string_view p) {
    std::vector<Seg> out;
    size_t i = 0;
    while (i < p.size()) {
        if (p[i] == '/') ++i;
        if (i >= p.size()) break;
        size_t end = p.find('/', i);
        std::string_view s =
            p.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        Seg seg;
        size_t br = s.find('[');
        seg.attr = std::string(s.substr(0, br));
        if (br != std::string_view::npos) seg.index = std::stoul(std::string(s.substr(br + 1)));
        out.push_back(seg);
        if (end == std::string_view::npos) break;
        i = end;
    }
    return out;
}

rm::Value ToValue(rm::Document& doc, const Primitive& p) {
    if (const auto* b = std::get_if<bool>(&p)) return rm::Value::Bool(*b);
    if (const auto* i = std::get_if<int64_t>(&p)) return rm::Value::Int(*i);
    if (const auto* d = std::get_if<double>(&p)) return rm::Value::Real(*d);
    return doc.NewString(std::get<std::string>(p));
}

std::string PrimitiveText(const Primitive& p) {
    if (const auto* b = std::get_if<bool>(&p)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<int64_t>(&p)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&p)) return Num(*d);
    return "'" + std::get<std::string>(p) + "'";
}

}  // namespace

const char* MutationKindName(MutationKind kind) {
    static const char* const kNames[kMutationKindCount] = {
        "drop_mandatory", "exceed_occurrences", "magnitude",
        "units",          "code_not_in_list",   "ordinal",
        "wrong_rm_type",  "unknown_node_id",    "wrong_name",
        "temporal",       "string_constraint",  "primitive_constraint"};
    return kNames[static_cast<size_t>(kind)];
}

const std::vector<std::string>& MutationKindCodes(MutationKind kind) {
    static const std::vector<std::string> kCodes[kMutationKindCount] = {
        {"RM_REQUIRED", "OCCURRENCES", "CARDINALITY"},   // drop_mandatory
        {"OCCURRENCES", "CARDINALITY"},                  // exceed_occurrences
        {"MAGNITUDE"},                                   // magnitude
        {"UNITS"},                                       // units
        {"CODE_NOT_IN_LIST"},                            // code_not_in_list
        {"ORDINAL"},                                     // ordinal
        {"TYPE"},                                        // wrong_rm_type
        {"NOT_IN_TEMPLATE", "ARCHETYPE_ID", "SLOT"},     // unknown_node_id
        {"NOT_IN_LIST", "PATTERN", "CODE_NOT_IN_LIST"},  // wrong_name
        {"PRIMITIVE", "PATTERN"},                        // temporal
        {"NOT_IN_LIST", "PATTERN"},                      // string_constraint
        {"NOT_IN_LIST", "RANGE", "PRIMITIVE"},           // primitive_constraint
    };
    return kCodes[static_cast<size_t>(kind)];
}

std::string Mutation::ToString() const {
    std::string s = std::string(MutationKindName(kind)) + ": ";
    switch (op) {
        case EditOp::kSet:
            s += "set " + target + " = " + PrimitiveText(value);
            break;
        case EditOp::kRemove:
            s += "remove " + target;
            break;
        case EditOp::kDuplicate:
            s += "append " + std::to_string(copies) + " copies of " + target;
            break;
        case EditOp::kReplace:
            s += "replace " + target + " by " + new_type;
            for (const auto& [f, v] : fields) s += " " + f + "=" + PrimitiveText(v);
            break;
    }
    return s + " (expect a finding at " + expected_path + "; constraint " + constraint_path + ")";
}

std::vector<Mutation> GenerateMutations(const templates::Template& tpl, const rm::Node& root,
                                        const MutationOptions& options) {
    return Generator(tpl, root).Run(options);
}

Status ApplyMutation(rm::Document& doc, const Mutation& m) {
    const bmm::Schema& s = doc.schema();
    std::vector<Seg> segs = ParsePath(m.target);
    auto fail = [&](const std::string& why) {
        return Error::InvalidArgument(m.target + ": " + why);
    };
    if (segs.empty() || !doc.root()) return fail("empty path");
    rm::Node* node = doc.root();
    for (size_t k = 0; k + 1 < segs.size(); ++k) {
        const rm::Value* v = node->Find(s, segs[k].attr);
        if (!v) return fail("no " + segs[k].attr);
        if (segs[k].index) {
            auto items = v->items();
            if (segs[k].index > items.size()) return fail("index out of range at " + segs[k].attr);
            node = items[segs[k].index - 1].node();
        } else {
            node = v->node();
        }
        if (!node) return fail("not a node at " + segs[k].attr);
    }
    const Seg& last = segs.back();
    const bmm::Slot slot = s.FindSlot(node->type, last.attr);
    if (slot == bmm::kNoSlot) return fail("no attribute " + last.attr);
    const rm::Value* cur = node->Find(slot);
    std::vector<rm::Value> items;
    if (last.index) {
        if (!cur || !cur->is_list() || last.index > cur->items().size())
            return fail("not a list item");
        items.assign(cur->items().begin(), cur->items().end());
    }
    switch (m.op) {
        case EditOp::kSet:
            if (last.index) return fail("set on a list item");
            doc.SetAttr(node, slot, ToValue(doc, m.value));
            return OkStatus();
        case EditOp::kRemove:
            if (!last.index) {
                doc.SetAttr(node, slot, rm::Value());
                return OkStatus();
            }
            items.erase(items.begin() + static_cast<long>(last.index - 1));
            doc.SetAttr(node, slot, doc.NewList(items));
            return OkStatus();
        case EditOp::kDuplicate: {
            if (!last.index) return fail("duplicate needs a list item");
            const rm::Value copy = items[last.index - 1];
            for (int i = 0; i < m.copies; ++i) items.push_back(copy);
            doc.SetAttr(node, slot, doc.NewList(items));
            return OkStatus();
        }
        case EditOp::kReplace: {
            const bmm::TypeId t = s.Find(m.new_type);
            if (t == bmm::kNoType) return fail("unknown type " + m.new_type);
            std::vector<rm::Attr> attrs;
            for (const auto& [f, v] : m.fields) {
                const bmm::Slot fs = s.FindSlot(t, f);
                if (fs == bmm::kNoSlot) return fail("no attribute " + f + " in " + m.new_type);
                attrs.push_back({fs, ToValue(doc, v)});
            }
            const rm::Value replacement = rm::Value::Of(doc.NewNode(t, attrs));
            if (!last.index) {
                doc.SetAttr(node, slot, replacement);
            } else {
                items[last.index - 1] = replacement;
                doc.SetAttr(node, slot, doc.NewList(items));
            }
            return OkStatus();
        }
    }
    return fail("unknown edit");
}

}  // namespace kjerne::test
