// archetypes/flattening/archetype_repository.hpp
//
// A set of parsed archetypes (e.g. every file `kjerne lint` was given, or a corpus folder) in
// which a specialised archetype finds its parent, and the flat forms of those parents.
// Parent lookup: ADL 2 `specialise` ids match with the version parts both sides state
// (openEHR-EHR-OBSERVATION.a.v1 matches ….a.v1.0.0; a parent of the child's syntax first, then
// the highest version, then the candidate in the child's folder); an ADL 1.4 archetype without a
// `specialise` section finds its parent through the id's '-' suffix (….OBSERVATION.x-y.v1 ->
// ….OBSERVATION.x.v1). Namespaces (org.openehr::) and the case of the id are ignored. An archetype
// never resolves to itself. Flat forms are computed on demand, grand-parents first, and cached; a
// cycle or a missing ancestor gives an Error naming it. Holds non-owning pointers: the archetypes
// added must outlive the repository. Not thread-safe (the flat-form cache fills lazily); one
// repository per lint run.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "archetypes/aom/archetype.hpp"
#include "engine/common/result.hpp"

namespace kjerne::archetypes::flattening {

class ArchetypeRepository {
public:
    // `file` is the archetype's source (used to prefer a parent in the same folder).
    void Add(const aom::Archetype& archetype, std::string file);

    // The id a specialised archetype names as its parent ("" when it specialises nothing):
    // the specialise section, else (ADL 1.4) the id without its last '-' concept suffix.
    static std::string ParentIdOf(const aom::Archetype& archetype);
    // The archetype an id reference names, or nullptr; `exclude` is never returned. With
    // `like`, a candidate of the same syntax (ADL 1.4 vs ADL 2 codes) wins over any version of
    // the other: an at-coded child cannot be laid over an id-coded parent.
    const aom::Archetype* Find(std::string_view id_ref, const aom::Archetype* exclude = nullptr,
                               std::string_view near_file = {},
                               const aom::Archetype* like = nullptr) const;
    // The parent of `child` in this repository, or nullptr (also when it specialises nothing).
    const aom::Archetype* FindParent(const aom::Archetype& child) const;
    // The flat form of `archetype` (itself when it specialises nothing); cached.
    Result<const aom::Archetype*> Flat(const aom::Archetype& archetype);
    // The flat form of the parent of `child`; NotFound when the parent is not in the repository.
    Result<const aom::Archetype*> FlatParent(const aom::Archetype& child);

private:
    struct Entry {
        const aom::Archetype* archetype;
        std::string file;
        // lower-case id without namespace and version: publisher-package-CLASS.concept
        std::string base;
        std::vector<int> version;  // 1.0.0 -> {1, 0, 0}
    };
    Result<const aom::Archetype*> FlatGuarded(const aom::Archetype& archetype,
                                              std::set<const aom::Archetype*>& active);
    std::string FileOf(const aom::Archetype* a) const;

    std::vector<Entry> entries_;
    std::map<std::string, std::vector<size_t>> by_base_;
    std::map<const aom::Archetype*, std::unique_ptr<aom::Archetype>> flat_;
};

}  // namespace kjerne::archetypes::flattening
