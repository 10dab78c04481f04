// aql/exec/folders.cpp — see folders.hpp.
#include "aql/exec/folders.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "aql/exec/data_source.hpp"

namespace kjerne::aql {
namespace {

const bmm::Schema& Rm() { return bmm::Schema::Rm(); }

// The object part of an OBJECT_ID value: an OBJECT_VERSION_ID names its object before "::".
std::string_view ObjectPart(std::string_view id) { return id.substr(0, id.find("::")); }

// `folder` and the folders below it, pre-order.
void SelfAndBelow(const rm::Node* folder, std::vector<const rm::Node*>& out) {
    out.push_back(folder);
    const rm::Value* sub = folder->Find(Rm(), "folders");
    if (!sub) return;
    for (const rm::Value& v : sub->items())
        if (const rm::Node* n = v.node(); n && IsFolder(n)) SelfAndBelow(n, out);
}

// The object id a versioned object's or a composition's uid names ("" without one).
std::string_view UidObject(const rm::Node* n) {
    const rm::Node* uid = n ? n->Child(Rm(), "uid") : nullptr;
    return uid ? ObjectPart(uid->String(Rm(), "value")) : std::string_view();
}

}  // namespace

bool IsFolder(const rm::Node* node) {
    static const bmm::TypeId folder = Rm().Find("FOLDER");
    return node && Rm().IsSubtypeOf(node->type, folder);
}

void DirectoryFolders(const EhrView& ehr, std::vector<const rm::Node*>& out) {
    if (ehr.directory && IsFolder(ehr.directory->root())) SelfAndBelow(ehr.directory->root(), out);
}

std::vector<std::string> ReferencedObjectIds(const rm::Node* folder) {
    std::vector<const rm::Node*> folders;
    SelfAndBelow(folder, folders);
    std::vector<std::string> ids;
    std::set<std::string, std::less<>> seen;
    for (const rm::Node* f : folders) {
        const rm::Value* items = f->Find(Rm(), "items");
        if (!items) continue;
        for (const rm::Value& item : items->items()) {
            const rm::Node* ref = item.node();
            const rm::Node* id = ref ? ref->Child(Rm(), "id") : nullptr;
            if (!id) continue;
            std::string object(ObjectPart(id->String(Rm(), "value")));
            if (!object.empty() && seen.insert(object).second) ids.push_back(std::move(object));
        }
    }
    return ids;
}

std::vector<const rm::Document*> ReferencedCompositions(const EhrView& ehr, const rm::Node* folder) {
    std::vector<std::string> ids = ReferencedObjectIds(folder);
    std::set<std::string_view> wanted(ids.begin(), ids.end());
    std::vector<const rm::Document*> out;
    for (const rm::Document* c : ehr.compositions)
        if (wanted.count(UidObject(c->root()))) out.push_back(c);
    return out;
}

std::vector<const VersionedObjectView*> ReferencedVersionedObjects(const EhrView& ehr, const rm::Node* folder) {
    std::vector<std::string> ids = ReferencedObjectIds(folder);
    std::set<std::string_view> wanted(ids.begin(), ids.end());
    std::vector<const VersionedObjectView*> out;
    for (const VersionedObjectView& vo : ehr.versioned_objects)
        if (wanted.count(UidObject(vo.object->root()))) out.push_back(&vo);
    return out;
}

}  // namespace kjerne::aql
