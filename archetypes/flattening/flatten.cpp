// archetypes/flattening/flatten.cpp — see flatten.hpp.
#include "archetypes/flattening/flatten.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "archetypes/flattening/aom_clone.hpp"
#include "archetypes/flattening/path_lookup.hpp"
#include "archetypes/flattening/specialisation_codes.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::flattening {

namespace {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;
using ObjectPtr = std::unique_ptr<CObject>;

// "after[id3]" -> ("after", "id3")
std::pair<std::string, std::string> SplitMarker(const std::string& m) {
    size_t b = m.find('[');
    if (b == std::string::npos || m.back() != ']') return {m, ""};
    std::string kw = m.substr(0, b);
    while (!kw.empty() && kw.back() == ' ') kw.pop_back();
    return {kw, m.substr(b + 1, m.size() - b - 2)};
}

class Flattener {
public:
    Flattener(const aom::Archetype& child, const aom::Archetype& parent)
        : child_(child), parent_(parent), schema_(bmm::Schema::Rm()) {
        if (parent.definition) parent_depth_ = CodeDepth(parent.definition->node_id);
    }

    Result<std::unique_ptr<aom::Archetype>> Run() {
        auto out = CloneArchetype(parent_);
        CopyHeader(*out);
        if (child_.definition && out->definition) {
            out->definition =
                MergeObject(std::move(out->definition), *child_.definition, /*root=*/true);
            Relink(*out->definition);
            for (const auto& attr : child_.definition->attributes) {
                if (attr.differential_path.empty()) continue;
                const CObject* owner =
                    FindObject(*out->definition, attr.differential_path, parent_depth_);
                if (!owner) {
                    Issue issue;
                    issue.code = "VDIFP";
                    issue.archetype_path = attr.differential_path + "/" + attr.rm_attribute_name;
                    issue.pos = SourcePos{"", attr.line, attr.col};
                    issue.message = "differential path " + attr.differential_path +
                                    " names no object of the flat parent " + parent_.archetype_id;
                    return Error::Validation({std::move(issue)});
                }
                MergeInto(const_cast<CObject&>(*owner), attr);
                Relink(*out->definition);
            }
            FixSlots(*out->definition);
            DropStaleTuplesBelow(*out->definition);
            Relink(*out->definition);
        } else if (child_.definition) {
            out->definition = CloneObject(*child_.definition);
            Relink(*out->definition);
        }
        MergeTerminology(*out);
        return out;
    }

private:
    void CopyHeader(aom::Archetype& out) const {
        const aom::Archetype& c = child_;
        out.artefact_type = c.artefact_type;
        out.is_adl2 = c.is_adl2;
        out.header_meta = c.header_meta;
        out.adl_version = c.adl_version;
        out.rm_release = c.rm_release;
        out.uid = c.uid;
        out.build_uid = c.build_uid;
        out.is_controlled = c.is_controlled;
        out.is_generated = c.is_generated;
        out.archetype_id = c.archetype_id;
        out.parent_archetype_id = c.parent_archetype_id;
        out.concept_code = c.concept_code;
        out.original_language = c.original_language;
        out.language = c.language;
        out.description = c.description;
        if (c.annotations) out.annotations = c.annotations;
        if (c.rm_overlay) out.rm_overlay = c.rm_overlay;
        if (c.component_terminologies) out.component_terminologies = c.component_terminologies;
        out.terminology_odin = c.terminology_odin;
        out.revision_history = c.revision_history;
        for (const auto& t : c.terminologies_available)
            if (std::find(out.terminologies_available.begin(), out.terminologies_available.end(),
                          t) == out.terminologies_available.end())
                out.terminologies_available.push_back(t);
        for (const auto& [k, v] : c.adl14_codes) out.adl14_codes[k] = v;
        out.id_pos = c.id_pos;
        out.definition_pos = c.definition_pos;
        out.terminology_pos = c.terminology_pos;
        out.rules.insert(out.rules.end(), c.rules.begin(), c.rules.end());
    }

    void MergeTerminology(aom::Archetype& out) const {
        auto& t = out.terminology;
        const auto& ct = child_.terminology;
        t.archetype_id = ct.archetype_id.empty() ? child_.archetype_id : ct.archetype_id;
        // a language the child adds starts from the parent's original-language terms, so every
        // inherited code has a text there too
        for (const auto& [lang, table] : ct.term_definitions) {
            auto& dst = t.term_definitions[lang];
            if (dst.empty() && t.term_definitions.count(parent_.original_language) &&
                lang != parent_.original_language)
                dst = t.term_definitions[parent_.original_language];
            for (const auto& [code, term] : table) dst[code] = term;
        }
        for (const auto& [lang, table] : ct.constraint_definitions)
            for (const auto& [code, term] : table) t.constraint_definitions[lang][code] = term;
        for (const auto& [terminology, bindings] : ct.term_bindings)
            for (const auto& [key, target] : bindings) t.term_bindings[terminology][key] = target;
        for (const auto& [code, members] : child_.value_sets) out.value_sets[code] = members;
    }

    // The child object `c` laid over the parent's `p` (already a copy, owned here).
    ObjectPtr MergeObject(ObjectPtr p, const CObject& c, bool root = false) {
        if (c.any_allowed &&
            c.attributes.empty()) {  // `matches {*}`: the parent's constraints stay
            if (!c.node_id.empty()) p->node_id = c.node_id;
            if (c.occurrences) p->occurrences = c.occurrences;
            if (!c.rm_type_name.empty() && c.rm_type != bmm::kNoType) {
                p->rm_type_name = c.rm_type_name;
                p->rm_type = c.rm_type;
            }
            return p;
        }
        // Start from the child's own node (its tuples point into its own attributes), then put
        // the parent's attributes back in their order, merged with the child's.
        ObjectPtr out = std::make_unique<CObject>();
        ObjectPtr copy = CloneObject(c);
        out->kind = copy->kind;
        out->rm_type_name = copy->rm_type_name;
        out->rm_type = copy->rm_type;
        out->node_id = copy->node_id.empty() ? p->node_id : copy->node_id;
        out->original_node_id =
            copy->original_node_id.empty() ? p->original_node_id : copy->original_node_id;
        out->archetype_id = copy->archetype_id;
        out->occurrences = c.occurrences ? c.occurrences : p->occurrences;
        out->detail = std::holds_alternative<std::monostate>(copy->detail) && c.kind == p->kind
                          ? p->detail
                          : copy->detail;
        out->line = c.line;
        out->col = c.col;
        out->any_allowed = c.any_allowed;
        out->tuples = std::move(copy->tuples);
        if (out->tuples.empty() && c.kind == p->kind) out->tuples = std::move(p->tuples);
        std::set<std::string> tuple_members;
        for (const auto& t : out->tuples)
            for (const auto& m : t.members) tuple_members.insert(m);
        auto own_attr = [&](const std::string& name) -> CAttribute* {
            for (auto& a : copy->attributes)
                if (a.rm_attribute_name == name && a.differential_path.empty()) return &a;
            return nullptr;
        };
        std::set<std::string> done;
        for (auto& pa : p->attributes) {
            CAttribute* ca = own_attr(pa.rm_attribute_name);
            done.insert(pa.rm_attribute_name);
            if (!ca) {
                out->attributes.push_back(std::move(pa));
            } else if (tuple_members.count(pa.rm_attribute_name) && !out->tuples.empty() &&
                       std::find_if(c.tuples.begin(), c.tuples.end(),
                                    [&](const aom::CAttributeTuple& t) {
                                        return std::find(t.members.begin(), t.members.end(),
                                                         pa.rm_attribute_name) != t.members.end();
                                    }) != c.tuples.end()) {
                ca->slot = pa.slot;
                ca->is_multiple = pa.is_multiple;
                out->attributes.push_back(std::move(*ca));
            } else {
                const CAttribute* source = nullptr;
                for (const auto& a : c.attributes)
                    if (a.rm_attribute_name == pa.rm_attribute_name && a.differential_path.empty())
                        source = &a;
                MergeAttribute(pa, *source);
                out->attributes.push_back(std::move(pa));
            }
        }
        for (auto& ca : copy->attributes)
            if (ca.differential_path.empty() && !done.count(ca.rm_attribute_name))
                out->attributes.push_back(std::move(ca));
        DropStaleTuples(*out);
        // nested differential paths (below the root) apply to this object's subtree
        if (!root) {
            Relink(*out);
            for (const auto& ca : c.attributes) {
                if (ca.differential_path.empty()) continue;
                if (const CObject* owner = FindObject(*out, ca.differential_path, parent_depth_))
                    MergeInto(const_cast<CObject&>(*owner), ca);
            }
        }
        return out;
    }

    // An inherited tuple whose member attribute the child redefined on its own points at
    // replaced objects: it is dropped (the members' children still hold every alternative).
    static void DropStaleTuples(CObject& o) {
        auto holds = [&](const std::string& member, const CObject* x) {
            for (const auto& a : o.attributes)
                if (a.rm_attribute_name == member)
                    for (const auto& c : a.children)
                        if (c.get() == x) return true;
            return false;
        };
        std::erase_if(o.tuples, [&](const aom::CAttributeTuple& t) {
            for (const auto& row : t.tuples)
                for (size_t k = 0; k < row.size() && k < t.members.size(); ++k)
                    if (!row[k] || !holds(t.members[k], row[k])) return true;
            return false;
        });
    }

    // The same over a whole tree, once the differential paths have been applied too.
    static void DropStaleTuplesBelow(CObject& o) {
        DropStaleTuples(o);
        for (auto& a : o.attributes)
            for (auto& c : a.children) DropStaleTuplesBelow(*c);
    }

    void MergeInto(CObject& owner, const CAttribute& ca) {
        for (auto& a : owner.attributes)
            if (a.rm_attribute_name == ca.rm_attribute_name) {
                MergeAttribute(a, ca);
                return;
            }
        CAttribute copy = CloneAttribute(ca);
        copy.differential_path.clear();
        owner.attributes.push_back(std::move(copy));
    }

    // The parent object of `pa` that the child object `c` redefines: same code, the code it
    // specialises, or (id-less objects) the parent's id-less objects of the attribute.
    static bool IdLess(const CObject& o) { return o.node_id.empty() && !o.is_root(); }

    void MergeAttribute(CAttribute& pa, const CAttribute& ca) {
        if (ca.existence) pa.existence = ca.existence;
        if (ca.cardinality) {
            pa.cardinality = ca.cardinality;
            pa.is_multiple = true;
        }
        auto& kids = pa.children;
        auto index_of = [&](const CObject* o) -> size_t {
            for (size_t i = 0; i < kids.size(); ++i)
                if (kids[i].get() == o) return i;
            return kids.size();
        };
        // id-less children (primitives, domain types) are replaced as a group by the child's
        bool child_has_idless = std::any_of(ca.children.begin(), ca.children.end(),
                                            [](const auto& o) { return IdLess(*o); });
        std::vector<ObjectPtr> idless_parent;
        size_t idless_pos = kids.size();
        if (child_has_idless) {
            for (size_t i = 0; i < kids.size();) {
                if (IdLess(*kids[i])) {
                    idless_pos = std::min(idless_pos, i);
                    idless_parent.push_back(std::move(kids[i]));
                    kids.erase(kids.begin() + static_cast<long>(i));
                } else {
                    ++i;
                }
            }
            idless_pos = std::min(idless_pos, kids.size());
        }
        std::map<std::string, ObjectPtr>
            originals;  // parent node code -> its copy, before redefinition
        std::map<std::string, const CObject*>
            last_clone;                     // parent node code -> the last object redefining it
        std::map<std::string, int> clones;  // parent node code -> further clones after the first
        std::set<std::string> same_id;      // parent codes the child restates as such
        const CObject* cursor = nullptr;    // after a sibling marker: insert after this
        bool cursor_before_first = false;
        size_t cursor_pos = 0;
        for (const auto& cptr : ca.children) {
            const CObject& c = *cptr;
            if (!c.sibling_order.empty()) {
                auto [kw, code] = SplitMarker(c.sibling_order);
                const CObject* anchor = FindChild(pa, code, parent_depth_);
                if (anchor) {
                    size_t i = index_of(anchor);
                    cursor_pos = kw == "before" ? i : i + 1;
                    cursor_before_first = true;
                    cursor = nullptr;
                }
            }
            if (IdLess(c)) {
                ObjectPtr base;
                for (auto& ip : idless_parent)
                    if (ip && ip->kind == c.kind && ip->rm_type_name == c.rm_type_name)
                        base = std::move(ip);
                ObjectPtr merged = base ? MergeObject(std::move(base), c) : CloneObject(c);
                kids.insert(kids.begin() + static_cast<long>(std::min(idless_pos, kids.size())),
                            std::move(merged));
                ++idless_pos;
                continue;
            }
            std::string code = c.is_root() && c.node_id.empty() ? c.archetype_id : c.node_id;
            std::string pcode = CodeInParent(code, parent_depth_);
            // which parent node: this very code, or the one it specialises
            CObject* target = nullptr;
            for (auto& k : kids)
                if (!k->node_id.empty() && (k->node_id == code)) target = k.get();
            if (!target && !pcode.empty() && !originals.count(pcode))
                for (auto& k : kids)
                    if (k->node_id == pcode) target = k.get();
            if (target && target->node_id == code) same_id.insert(code);
            if (target) {
                std::string tcode = target->node_id;
                size_t i = index_of(target);
                // kept for further clones of the node; a restated node (same code) stays in place
                // and the clones that follow go after it
                originals[tcode] = CloneObject(*target);
                kids[i] = MergeObject(std::move(kids[i]), c);
                last_clone[tcode] = kids[i].get();
                if (cursor_before_first || cursor)
                    cursor = kids[i].get(), cursor_before_first = false;
                continue;
            }
            if (!pcode.empty() &&
                originals.count(pcode)) {  // a further clone of an already redefined node
                ++clones[pcode];
                if (pcode == code) same_id.insert(code);
                ObjectPtr merged = MergeObject(CloneObject(*originals[pcode]), c);
                size_t i = index_of(last_clone[pcode]) + 1;
                if (c.sibling_order.size()) i = cursor_pos;
                const CObject* placed = merged.get();
                kids.insert(kids.begin() + static_cast<long>(std::min(i, kids.size())),
                            std::move(merged));
                last_clone[pcode] = placed;
                continue;
            }
            // a new node
            ObjectPtr fresh = CloneObject(c);
            fresh->sibling_order.clear();
            size_t at = kids.size();
            if (cursor_before_first)
                at = cursor_pos;
            else if (cursor)
                at = index_of(cursor) + 1;
            const CObject* placed = fresh.get();
            kids.insert(kids.begin() + static_cast<long>(std::min(at, kids.size())),
                        std::move(fresh));
            if (cursor_before_first || cursor) {
                cursor = placed;
                cursor_before_first = false;
            }
        }
        // A node split into several specialised clones stays in the flat form, after them, when
        // its occurrences allow more than one (further, unspecialised instances remain legal; a
        // child closes it explicitly with occurrences {0}).
        for (const auto& [pcode, n] : clones) {
            if (n < 1 || same_id.count(pcode)) continue;
            const auto& orig = originals[pcode];
            bool multiple =
                !orig->occurrences || !orig->occurrences->upper || *orig->occurrences->upper > 1;
            if (!multiple) continue;
            size_t i = index_of(last_clone[pcode]) + 1;
            kids.insert(kids.begin() + static_cast<long>(std::min(i, kids.size())),
                        CloneObject(*orig));
        }
    }

    // Attributes added under differential paths: look up their RM property once they have an owner.
    void FixSlots(CObject& o) {
        for (auto& a : o.attributes) {
            a.differential_path.clear();
            if (a.slot == bmm::kNoSlot && o.rm_type != bmm::kNoType) {
                a.slot = schema_.FindSlot(o.rm_type, a.rm_attribute_name);
                if (a.slot != bmm::kNoSlot)
                    a.is_multiple = a.is_multiple || schema_.Prop(o.rm_type, a.slot).is_multiple();
            }
            for (auto& c : a.children) FixSlots(*c);
        }
    }

    const aom::Archetype& child_;
    const aom::Archetype& parent_;
    const bmm::Schema& schema_;
    int parent_depth_ = 0;
};

}  // namespace

Result<std::unique_ptr<aom::Archetype>> Flatten(const aom::Archetype& child,
                                                const aom::Archetype& flat_parent) {
    return Flattener(child, flat_parent).Run();
}

}  // namespace kjerne::archetypes::flattening
