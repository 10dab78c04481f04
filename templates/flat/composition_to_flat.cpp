// templates/flat/composition_to_flat.cpp — rm::Document -> canonical JSON -> FLAT.
//
// Walks the canonical JSON tree alongside the web template: for every web template child,
// the objects its aqlPath reaches below the parent's object (matched by attribute, node id
// and, where the path names it, name) are its occurrences `:0`, `:1`, ... (the index shown
// only where the node may repeat, as EHRbase writes it). Objects no web template node reaches
// are not written; the round-trip test lists where that loses data.
#include <fmt/format.h>

#include "engine/codec/codec.hpp"
#include "templates/flat/flat.hpp"
#include "templates/flat/flat_context.hpp"
#include "templates/flat/flat_trie.hpp"
#include "templates/flat/flat_values.hpp"
#include "templates/flat/json_value.hpp"

namespace kjerne::templates::flat {

namespace {

bool StepMatches(const JVal& o, const AqlStep& step) {
    if (!o.is_object()) return o.is_scalar() && step.node_id.empty() && step.name.empty();
    if (!step.node_id.empty() && o.StrAt("archetype_node_id") != step.node_id) return false;
    if (!step.name.empty()) {
        const JVal* n = o.Get("name");
        if (!n || n->StrAt("value") != step.name) return false;
    }
    return true;
}

std::vector<const JVal*> Below(const JVal& parent, const AqlStep& step) {
    std::vector<const JVal*> out;
    const JVal* m = parent.Get(step.attribute);
    if (!m) return out;
    if (m->kind == JVal::Kind::kArray) {
        for (const auto& i : m->items)
            if (StepMatches(i, step)) out.push_back(&i);
    } else if (StepMatches(*m, step)) {
        out.push_back(m);
    }
    return out;
}

class Walker {
public:
    explicit Walker(const bmm::Schema& s) : schema_(s) {}

    bool TypeFits(const WtNode& parent, const WtNode& node, const JVal& v) {
        if (v.is_scalar()) return node.rm_type == "STRING";
        std::string_view actual = v.Type();
        if (actual == node.rm_type) return true;
        for (const auto& sib : parent.children)  // an exact sibling choice takes it
            if (&sib != &node && sib.aql_path == node.aql_path && sib.rm_type == actual)
                return false;
        if (node.rm_type == "DV_CODED_TEXT" && actual == "DV_TEXT") return true;
        bmm::TypeId a = schema_.Find(actual), w = schema_.Find(node.rm_type);
        return a != bmm::kNoType && w != bmm::kNoType && schema_.IsSubtypeOf(a, w);
    }

    void Walk(const WtNode& wt, const JVal& obj, Trie& out) {
        for (const auto& child : wt.children) {
            ChildPath cp = ChildPathOf(wt, child);
            if (cp.first >= cp.steps.size()) continue;
            std::vector<const JVal*> cur{&obj};
            for (size_t i = cp.first; i <= cp.index_step; ++i) {
                std::vector<const JVal*> next;
                for (const JVal* o : cur)
                    for (const JVal* b : Below(*o, cp.steps[i])) next.push_back(b);
                cur = std::move(next);
            }
            bool leaf = IsDataValueType(child.rm_type);
            int n = 0;
            for (const JVal* at_index : cur) {
                const JVal* fin = at_index;
                for (size_t i = cp.index_step + 1; fin && i < cp.steps.size(); ++i) {
                    auto b = Below(*fin, cp.steps[i]);
                    fin = b.empty() ? nullptr : b.front();
                }
                if (fin && !TypeFits(wt, child, *fin)) continue;
                if (!fin && !(leaf && at_index->Get("null_flavour"))) continue;
                Trie& sub = out.Child(child.FullId(), n++, child.max != 1);
                if (leaf) {
                    if (cp.index_step + 1 < cp.steps.size()) RmToUnderscores(*at_index, child, sub);
                    if (fin) RmToLeaf(child, *fin, sub);
                } else {
                    RmToUnderscores(*fin, child, sub);
                    Walk(child, *fin, sub);
                    ExtraValues(child, *fin, sub);
                }
            }
        }
    }

private:
    // RM attributes the web template leaves out but FLAT reaches by name (an interval event's
    // width and math function).
    void ExtraValues(const WtNode& wt, const JVal& obj, Trie& out) {
        if (const JVal* sc = obj.Get("sample_count")) out.Put("sample_count", *sc);
        if (obj.Type() == "OBSERVATION")
            if (const JVal* data = obj.Get("data"))
                if (const JVal* o = data->Get("origin"))
                    out.Child("history_origin", 0, false).Put("", JVal::Str(o->StrAt("value")));
        for (const char* attr : {"width", "math_function"}) {
            const JVal* v = obj.Get(attr);
            if (!v) continue;
            bool shown = false;
            for (const auto& c : wt.children) shown = shown || c.FullId() == attr;
            if (shown) continue;
            WtNode synthetic;
            synthetic.id = attr;
            synthetic.rm_type = std::string(v->Type());
            RmToLeaf(synthetic, *v, out.Child(attr, 0, false));
        }
    }

    const bmm::Schema& schema_;
};

// The walk matches objects by `_type`; the canonical writer leaves it out where the source did
// and the attribute's static type implies it, so every node of a copy is tagged first.
void TagTypes(rm::Node* n) {
    if (!n) return;
    n->flags |= rm::kNodeTypeTagged;
    for (const auto& a : n->attributes()) {
        if (a.value.is_node()) TagTypes(a.value.node());
        for (const auto& item : a.value.items())
            if (item.is_node()) TagTypes(item.node());
    }
}

void Emit(const Trie& t, JVal& out) {
    for (const auto& [attr, v] : t.attrs) out.Set(attr.empty() ? t.path : t.path + "|" + attr, v);
    for (const auto& [id, occs] : t.children)
        for (const auto& [n, c] : occs) Emit(c, out);
}

}  // namespace

Result<std::string> CompositionToFlat(const Template& tpl, const rm::Document& doc) {
    if (!doc.root()) return Error::InvalidArgument("empty document");
    KJ_ASSIGN_OR_RETURN(auto c, MakeFlatContext(tpl));
    return CompositionToFlat(*c, doc);
}

Result<std::string> CompositionToFlat(const FlatContext& context, const rm::Document& doc) {
    if (!doc.root()) return Error::InvalidArgument("empty document");
    const FlatContext* c = &context;
    codec::WriteOptions wo;
    wo.pretty = false;
    rm::Document tagged = doc.Clone();
    TagTypes(tagged.root());
    KJ_ASSIGN_OR_RETURN(JVal comp, ParseJVal(codec::WriteJson(tagged, wo)));
    if (comp.Type() != "COMPOSITION")
        return Error::InvalidArgument(fmt::format("a {} is not a COMPOSITION", comp.Type()));
    Trie root;
    root.path = c->wt.tree.FullId();
    RmToUnderscores(comp, c->wt.tree, root);
    Walker(bmm::Schema::Rm()).Walk(c->wt.tree, comp, root);
    JVal flat = JVal::Object();
    Emit(root, flat);
    return WriteJVal(flat, true);
}

}  // namespace kjerne::templates::flat
