// templates/opt/adl2_template_loader.cpp — ADL 2 template + archetypes -> operational Template.
#include "templates/opt/adl2_template_loader.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/flattening/aom_clone.hpp"
#include "archetypes/flattening/flatten.hpp"
#include "engine/bmm/rm_schema.hpp"

namespace kjerne::templates {

namespace {

namespace flat = archetypes::flattening;
namespace adl = archetypes::adl;
using aom::Archetype;
using aom::CObject;
using aom::CObjectKind;

// use_archetype chains deeper than this are taken for a cycle (a template including itself).
constexpr int kMaxDepth = 32;

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string WithoutNamespace(std::string_view id) {
    size_t ns = id.find("::");
    return std::string(ns == std::string_view::npos ? id : id.substr(ns + 2));
}

// An id reference names an artefact when equal to its id, or a version prefix of it
// (….v1 names ….v1.0.0), namespaces and case ignored.
bool Names(std::string_view ref, std::string_view id) {
    std::string r = Lower(WithoutNamespace(ref)), i = Lower(WithoutNamespace(id));
    return i == r || (i.size() > r.size() && i.compare(0, r.size(), r) == 0 && i[r.size()] == '.');
}

class Loader {
public:
    Loader(flat::ArchetypeRepository& repo, const adl::ParsedAdl& file)
        : repo_(repo), file_(file) {}

    Result<std::shared_ptr<const Template>> Run() {
        const Archetype& main = *file_.artefacts.front();
        if (!main.is_adl2)
            return Error::InvalidArgument(main.archetype_id +
                                          ": not an ADL 2 artefact (a template needs id-codes)");
        KJ_ASSIGN_OR_RETURN(const Archetype* flat_main, FlatOf(main, 0));
        if (!flat_main->definition)
            return Error::InvalidArgument(main.archetype_id + ": no definition");
        if (flat_main->definition->rm_type == bmm::kNoType)
            return Error::Unsupported(main.archetype_id + ": RM type " +
                                      flat_main->definition->rm_type_name +
                                      " is not in the RM schema");

        auto t = std::make_shared<Template>();
        t->template_id = WithoutNamespace(main.archetype_id);
        t->uid = main.uid;
        t->language = main.original_language.empty() ? "en" : main.original_language;
        t->definition = flat::CloneObject(*flat_main->definition);
        t->definition->kind = CObjectKind::kArchetypeRoot;
        t->definition->archetype_id = t->template_id;
        t_ = t.get();
        AddTerminology(t->template_id, *flat_main);
        KJ_TRY(Operationalise(*t->definition, *flat_main, t->template_id, 0));
        if (const auto* term = t->Terminology(t->template_id))
            if (const auto* c = term->FindTerm(t->definition->node_id, t->language))
                t->concept_name = std::string(c->text());
        t->BuildIndexes();
        // A template's own names for its archetype uses, found while operationalising.
        for (auto& [root, term] : root_terms_pending_) t->root_terms[root][term.code] = term;
        return std::shared_ptr<const Template>(std::move(t));
    }

private:
    // The flat form of an artefact of this file (template or overlay) or of the repository.
    Result<const Archetype*> FlatOf(const Archetype& a, int depth) {
        if (auto it = flat_cache_.find(&a); it != flat_cache_.end()) return it->second;
        if (depth > kMaxDepth)
            return Error::LimitExceeded(
                a.archetype_id +
                ": specialisation or use_archetype nesting deeper than 32 (a cycle?)");
        std::string parent_id = flat::ArchetypeRepository::ParentIdOf(a);
        const Archetype* result = &a;
        if (!parent_id.empty()) {
            KJ_ASSIGN_OR_RETURN(const Archetype* parent_flat, Resolve(parent_id, &a, depth + 1));
            auto flattened = flat::Flatten(a, *parent_flat);
            if (!flattened.ok())
                return Error(flattened.error().code(),
                             a.archetype_id + ": flattening against " + parent_id + ": " +
                                 flattened.error().message(),
                             flattened.error().issues());
            owned_.push_back(std::move(flattened).value());
            result = owned_.back().get();
        }
        flat_cache_[&a] = result;
        return result;
    }

    // The flat form of what an id reference names: an overlay of this file first (templates
    // specialise archetypes locally there), then the repository.
    Result<const Archetype*> Resolve(std::string_view ref, const Archetype* exclude, int depth) {
        for (const auto& o : file_.artefacts)
            if (o.get() != exclude && Names(ref, o->archetype_id)) return FlatOf(*o, depth);
        const Archetype* a = repo_.Find(ref, exclude);
        if (!a)
            return Error::NotFound(
                "archetype " + std::string(ref) +
                " not found (neither an overlay of the template nor in the archetype repository)");
        if (flat::ArchetypeRepository::ParentIdOf(*a).empty()) return a;
        auto f = repo_.Flat(*a);
        if (!f.ok())
            return Error(f.error().code(), std::string(ref) + ": " + f.error().message(),
                         f.error().issues());
        return *f;
    }

    void AddTerminology(const std::string& id, const Archetype& flat_a) {
        if (t_->terminologies.count(id)) return;
        aom::ArchetypeTerminology term = flat_a.terminology;
        term.archetype_id = id;
        t_->terminologies.emplace(id, std::move(term));
    }

    // Walks the nodes of one archetype (stopping at the roots it uses, which are replaced by
    // their archetypes' flat definitions and walked in turn).
    Status Operationalise(CObject& obj, const Archetype& owner, const std::string& owner_id,
                          int depth) {
        Adjust(obj, owner);
        for (auto& attr : obj.attributes) {
            attr.differential_path.clear();
            if (attr.slot == bmm::kNoSlot && obj.rm_type != bmm::kNoType) {
                const auto& schema = bmm::Schema::Rm();
                attr.slot = schema.FindSlot(obj.rm_type, attr.rm_attribute_name);
                if (attr.slot != bmm::kNoSlot)
                    attr.is_multiple = schema.Prop(obj.rm_type, attr.slot).is_multiple();
            }
            const bool wants_coded_text =
                attr.slot != bmm::kNoSlot && obj.rm_type != bmm::kNoType &&
                bmm::Schema::Rm().Name(bmm::Schema::Rm().Prop(obj.rm_type, attr.slot).type) ==
                    "DV_CODED_TEXT";
            for (auto& child : attr.children) {
                if (wants_coded_text && child->kind == CObjectKind::kCodePhrase)
                    WrapCodedText(child);
                if (child->kind == CObjectKind::kComplexObject && child->rm_type == bmm::kNoType &&
                    child->rm_type_name.find('<') == std::string::npos)
                    return Error::Unsupported(owner.archetype_id + ": RM type " +
                                              child->rm_type_name + " at " + child->path +
                                              " is not in the RM schema");
                if (child->kind == CObjectKind::kArchetypeSlot && child->slot() &&
                    child->slot()->is_closed)
                    continue;  // erased below
                if (child->kind == CObjectKind::kArchetypeRoot && !child->archetype_id.empty()) {
                    KJ_TRY(Inline(child, owner_id, depth + 1));
                } else {
                    KJ_TRY(Operationalise(*child, owner, owner_id, depth));
                }
            }
            // A closed slot admits nothing beyond the archetypes the template put in its
            // place; left in, its occurrences (often 1..1) would count against the fillers.
            std::erase_if(attr.children, [](const std::unique_ptr<CObject>& c) {
                return c->kind == CObjectKind::kArchetypeSlot && c->slot() && c->slot()->is_closed;
            });
        }
        return {};
    }

    // Replaces a use_archetype node by the flat definition of the archetype it names.
    Status Inline(std::unique_ptr<CObject>& use, const std::string& owner_id, int depth) {
        if (depth > kMaxDepth)
            return Error::LimitExceeded("use_archetype " + use->archetype_id +
                                        ": nesting deeper than 32 (a cycle?)");
        KJ_ASSIGN_OR_RETURN(const Archetype* a, Resolve(use->archetype_id, nullptr, depth));
        if (!a->definition) return Error::InvalidArgument(a->archetype_id + ": no definition");
        auto root = flat::CloneObject(*a->definition);
        root->kind = CObjectKind::kArchetypeRoot;
        root->archetype_id = WithoutNamespace(a->archetype_id);
        if (use->occurrences) root->occurrences = use->occurrences;
        root->sibling_order.clear();
        AddTerminology(root->archetype_id, *a);
        // The template's own name for the use (its id0.x term) renames the root, as the
        // per-root term definitions of an OPT 1.4 do.
        if (!use->node_id.empty())
            if (const auto* tt = t_->Terminology(owner_id))
                if (const auto* term = tt->FindTerm(use->node_id, t_->language)) {
                    aom::ArchetypeTerm renamed = *term;
                    renamed.code = root->node_id;
                    root_terms_pending_.push_back({root.get(), std::move(renamed)});
                }
        use = std::move(root);
        return Operationalise(*use, *a, use->archetype_id, depth);
    }

    // ADL 2 -> OPT shape of one node (see the header).
    static void Adjust(CObject& obj, const Archetype& owner) {
        if (auto* ref = std::get_if<aom::InternalRef>(&obj.detail)) {
            // Data under a use_node carries the target's node id (the generator writes it,
            // the validator matches it), as with ADL 1.4 internal references.
            size_t open = ref->target_path.rfind('[');
            size_t close = ref->target_path.rfind(']');
            if (open != std::string::npos && close != std::string::npos && close > open)
                obj.node_id = ref->target_path.substr(open + 1, close - open - 1);
        }
        if (!obj.tuples.empty() &&
            (obj.rm_type_name == "DV_ORDINAL" || obj.rm_type_name == "DV_SCALE"))
            TupleToOrdinal(obj);
        else if (!obj.tuples.empty() && obj.rm_type_name == "DV_QUANTITY")
            TupleToQuantity(obj);
        if (auto* cp = std::get_if<aom::CCodePhrase>(&obj.detail)) {
            obj.rm_type_name = "CODE_PHRASE";
            std::vector<std::string> codes;
            bool open = false;
            for (const auto& c : cp->code_list) {
                if (c.rfind("ac", 0) != 0) {
                    codes.push_back(c);
                    continue;
                }
                auto vs = owner.value_sets.find(c);
                if (vs == owner.value_sets.end()) {
                    open = true;
                    continue;
                }
                codes.insert(codes.end(), vs->second.begin(), vs->second.end());
            }
            if (open && codes.empty()) {
                // Bound to an external terminology only: OPT 1.4 writes this as a
                // CONSTRAINT_REF, which the validator and generator treat as open.
                std::string ac = cp->code_list.front();
                obj.kind = CObjectKind::kConstraintRef;
                obj.detail = aom::ConstraintRef{std::move(ac)};
                return;
            }
            cp->code_list = std::move(codes);
            BindToOpenEhr(*cp, owner);
        }
    }

    // The openEHR code a binding names: "http://openehr.org/id/433" or "[openehr::433]".
    static std::string OpenEhrCode(std::string_view target) {
        if (size_t p = target.rfind("/id/"); p != std::string_view::npos)
            return std::string(target.substr(p + 4));
        if (size_t p = target.find("::"); p != std::string_view::npos) {
            std::string_view code = target.substr(p + 2);
            if (!code.empty() && code.back() == ']') code.remove_suffix(1);
            return std::string(code);
        }
        return {};
    }

    // Local codes standing for openEHR terminology codes (COMPOSITION.category [at1] bound to
    // openehr 433): the data carries the openEHR code, as OPT 1.4 states it directly. Only when
    // every code of the list is bound, so a list never mixes terminologies.
    static void BindToOpenEhr(aom::CCodePhrase& cp, const Archetype& owner) {
        if (cp.terminology_id != "local" || cp.code_list.empty()) return;
        auto b = owner.terminology.term_bindings.find("openehr");
        if (b == owner.terminology.term_bindings.end()) return;
        std::vector<std::string> mapped;
        for (const auto& c : cp.code_list) {
            auto it = b->second.find(c);
            if (it == b->second.end()) return;
            std::string code = OpenEhrCode(it->second);
            if (code.empty()) return;
            mapped.push_back(std::move(code));
        }
        cp.terminology_id = "openehr";
        cp.code_list = std::move(mapped);
        cp.assumed_value.reset();
    }

    static int MemberIndex(const aom::CAttributeTuple& t, std::string_view name) {
        for (size_t i = 0; i < t.members.size(); ++i)
            if (t.members[i] == name) return static_cast<int>(i);
        return -1;
    }

    static std::optional<double> FirstNumber(const CObject* o) {
        if (!o) return std::nullopt;
        if (const auto* p = o->primitive()) {
            if (const auto* i = std::get_if<aom::CInteger>(p)) {
                if (!i->list.empty()) return static_cast<double>(i->list.front());
                if (i->range && i->range->lower) return static_cast<double>(*i->range->lower);
            }
            if (const auto* r = std::get_if<aom::CReal>(p)) {
                if (!r->list.empty()) return r->list.front();
                if (r->range && r->range->lower) return *r->range->lower;
            }
        }
        return std::nullopt;
    }

    // [value, symbol] tuples -> C_DV_ORDINAL (the pairing is the constraint; separate
    // attribute alternatives would let any value go with any symbol).
    static void TupleToOrdinal(CObject& obj) {
        const aom::CAttributeTuple& t = obj.tuples.front();
        int vi = MemberIndex(t, "value"), si = MemberIndex(t, "symbol");
        if (vi < 0 || si < 0) return;
        aom::CDvOrdinal ord;
        ord.is_scale = obj.rm_type_name == "DV_SCALE";
        for (const auto& row : t.tuples) {
            auto v = FirstNumber(row[vi]);
            const aom::CCodePhrase* cp = row[si] ? row[si]->code_phrase() : nullptr;
            if (!v || !cp || cp->code_list.empty()) return;  // not a plain ordinal list: leave it
            ord.list.push_back({*v,
                                {cp->terminology_id.empty() ? "local" : cp->terminology_id,
                                 cp->code_list.front()}});
        }
        obj.kind = CObjectKind::kDvOrdinal;
        obj.detail = std::move(ord);
        obj.tuples.clear();
        obj.attributes.clear();
    }

    // [magnitude, units(, precision)] tuples -> C_DV_QUANTITY items.
    static void TupleToQuantity(CObject& obj) {
        const aom::CAttributeTuple& t = obj.tuples.front();
        int mi = MemberIndex(t, "magnitude"), ui = MemberIndex(t, "units"),
            pi = MemberIndex(t, "precision");
        if (ui < 0) return;
        aom::CDvQuantity q;
        for (const auto& row : t.tuples) {
            aom::CQuantityItem item;
            const aom::CString* u = row[ui] && row[ui]->primitive()
                                        ? std::get_if<aom::CString>(row[ui]->primitive())
                                        : nullptr;
            if (!u || u->list.size() != 1) return;
            item.units = u->list.front();
            if (mi >= 0 && row[mi] && row[mi]->primitive())
                if (const auto* r = std::get_if<aom::CReal>(row[mi]->primitive()); r && r->range)
                    item.magnitude = *r->range;
            if (pi >= 0 && row[pi] && row[pi]->primitive())
                if (const auto* i = std::get_if<aom::CInteger>(row[pi]->primitive()); i && i->range)
                    item.precision = aom::Interval<int>{
                        i->range->lower ? std::optional<int>(static_cast<int>(*i->range->lower))
                                        : std::nullopt,
                        i->range->upper ? std::optional<int>(static_cast<int>(*i->range->upper))
                                        : std::nullopt,
                        i->range->lower_included, i->range->upper_included};
            q.list.push_back(std::move(item));
        }
        // C_DV_QUANTITY has no attributes: the property code is its only other constraint.
        if (const aom::CAttribute* prop = obj.FindAttribute("property");
            prop && !prop->children.empty())
            if (const aom::CCodePhrase* cp = prop->children.front()->code_phrase();
                cp && !cp->code_list.empty())
                q.property = aom::CodeRef{cp->terminology_id, cp->code_list.front()};
        obj.kind = CObjectKind::kDvQuantity;
        obj.detail = std::move(q);
        obj.tuples.clear();
        obj.attributes.clear();
    }

    // A terminology code where the RM has a DV_CODED_TEXT (ADL 2 allows the shorthand):
    // DV_CODED_TEXT { defining_code { the code } }, the shape OPT 1.4 and the data have.
    static void WrapCodedText(std::unique_ptr<CObject>& child) {
        const auto& schema = bmm::Schema::Rm();
        auto wrapper = std::make_unique<CObject>();
        wrapper->rm_type_name = "DV_CODED_TEXT";
        wrapper->rm_type = schema.Find("DV_CODED_TEXT");
        wrapper->occurrences = child->occurrences;
        child->occurrences.reset();
        aom::CAttribute dc;
        dc.rm_attribute_name = "defining_code";
        dc.slot = schema.FindSlot(wrapper->rm_type, "defining_code");
        dc.children.push_back(std::move(child));
        wrapper->attributes.push_back(std::move(dc));
        child = std::move(wrapper);
    }

    flat::ArchetypeRepository& repo_;
    const adl::ParsedAdl& file_;
    Template* t_ = nullptr;
    std::map<const Archetype*, const Archetype*> flat_cache_;
    std::vector<std::unique_ptr<Archetype>> owned_;
    // Root renames collected while inlining; Run copies them into the Template at the end,
    // once every CObject pointer is final.
    std::vector<std::pair<const CObject*, aom::ArchetypeTerm>> root_terms_pending_;
};

Result<std::shared_ptr<const Template>> LoadParsed(const adl::ParsedAdl& parsed, std::string_view source_name,
                                                  flat::ArchetypeRepository& repository) {
    if (parsed.artefacts.empty()) return Error::InvalidArgument(std::string(source_name) + ": no artefact");
    return Loader(repository, parsed).Run();
}

}  // namespace

Result<std::shared_ptr<const Template>> LoadAdl2Template(std::string_view text,
                                                         std::string_view source_name,
                                                         flat::ArchetypeRepository& repository) {
    KJ_ASSIGN_OR_RETURN(adl::ParsedAdl parsed, adl::ParseAdl(text, source_name));
    return LoadParsed(parsed, source_name, repository);
}

Result<std::shared_ptr<const Template>> LoadAdl2TemplateFile(
    const std::filesystem::path& path, flat::ArchetypeRepository& repository) {
    KJ_ASSIGN_OR_RETURN(adl::ParsedAdl parsed, adl::ParseAdlFile(path));
    return LoadParsed(parsed, path.string(), repository);
}

Result<std::unique_ptr<ArchetypeLibrary>> LoadArchetypeLibrary(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return Error::NotFound(dir.string() + ": not a directory");
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".adls" || ext == ".adlt" || ext == ".adl2"))
            files.push_back(it->path());
    }
    if (ec) return Error::Io(dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());  // deterministic order for the repository's tie-breaks
    auto lib = std::make_unique<ArchetypeLibrary>();
    for (const auto& f : files) {
        auto parsed = adl::ParseAdlFile(f);
        if (!parsed.ok()) {
            lib->unparsed.emplace_back(f.string(), parsed.error().message());
            continue;
        }
        for (auto& a : parsed->artefacts) {
            lib->repository.Add(*a, f.string());
            lib->archetypes.push_back(std::move(a));
        }
    }
    return lib;
}

}  // namespace kjerne::templates
