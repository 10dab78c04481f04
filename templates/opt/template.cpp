// templates/opt/template.cpp — indexes over the constraint tree.
#include "templates/opt/template.hpp"

namespace kjerne::templates {

const aom::CObject* Template::FindByPath(std::string_view path) const {
    auto it = by_path.find(std::string(path));
    return it == by_path.end() ? nullptr : it->second;
}

const aom::ArchetypeTerminology* Template::Terminology(std::string_view archetype_id) const {
    auto it = terminologies.find(archetype_id);
    return it == terminologies.end() ? nullptr : &it->second;
}

std::string_view Template::TermText(const aom::CObject& obj, std::string_view code) const {
    if (!obj.archetype_root) return {};
    const aom::ArchetypeTerminology* t = Terminology(obj.archetype_root->archetype_id);
    if (!t) return {};
    const aom::ArchetypeTerm* term = t->FindTerm(code, language);
    return term ? term->text() : std::string_view();
}

namespace {

void Index(Template& t, aom::CObject& obj, const aom::CAttribute* parent, const aom::CObject* root,
           const std::string& path) {
    obj.parent = parent;
    obj.path = path;
    if (obj.is_root()) root = &obj;
    obj.archetype_root = root;
    t.by_path.emplace(path, &obj);
    if (obj.is_root()) t.roots[obj.archetype_id].push_back(&obj);
    if (!obj.node_id.empty() && root) t.by_node[{root->archetype_id, obj.node_id}].push_back(&obj);
    for (aom::CAttribute& attr : obj.attributes) {
        attr.parent = &obj;
        std::string base = (path == "/" ? std::string() : path) + "/" + attr.rm_attribute_name;
        for (auto& child : attr.children) {
            std::string_view id = child->match_id();
            Index(t, *child, &attr, root, id.empty() ? base : base + "[" + std::string(id) + "]");
        }
    }
}

}  // namespace

void Template::BuildIndexes() {
    by_path.clear();
    by_node.clear();
    roots.clear();
    if (definition) Index(*this, *definition, nullptr, nullptr, "/");
}

}  // namespace kjerne::templates
