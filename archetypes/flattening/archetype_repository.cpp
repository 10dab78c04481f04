// archetypes/flattening/archetype_repository.cpp — see archetype_repository.hpp.
#include "archetypes/flattening/archetype_repository.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "archetypes/flattening/flatten.hpp"

namespace kjerne::archetypes::flattening {

namespace {

struct SplitId {
    std::string base;
    std::vector<int> version;
};

// "org.openehr::openEHR-EHR-OBSERVATION.a.v1.0.0" -> ("openehr-ehr-observation.a", {1, 0, 0}).
// The version is the part after the last ".v" followed by a digit.
SplitId Split(std::string_view id) {
    if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
    SplitId out;
    size_t v = std::string_view::npos;
    for (size_t i = id.size(); i-- > 0;)
        if (id[i] == 'v' && i > 0 && id[i - 1] == '.' && i + 1 < id.size() &&
            std::isdigit(static_cast<unsigned char>(id[i + 1]))) {
            v = i;
            break;
        }
    std::string_view base = v == std::string_view::npos ? id : id.substr(0, v - 1);
    for (char c : base) out.base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (v != std::string_view::npos) {
        int n = 0;
        bool digits = false;
        for (size_t i = v + 1; i < id.size(); ++i) {
            char c = id[i];
            if (std::isdigit(static_cast<unsigned char>(c))) {
                n = std::min(n * 10 + (c - '0'), 1000000);
                digits = true;
            } else {
                if (digits) out.version.push_back(n);
                n = 0;
                digits = false;
                if (c != '.') break;  // -rc1, +build: not part of the comparison
            }
        }
        if (digits) out.version.push_back(n);
    }
    return out;
}

// A reference matches when every version part both sides state is equal (v1 ~ v1.0.0).
bool VersionMatches(const std::vector<int>& ref, const std::vector<int>& have) {
    size_t n = std::min(ref.size(), have.size());
    return std::equal(ref.begin(), ref.begin() + static_cast<long>(n), have.begin());
}

}  // namespace

void ArchetypeRepository::Add(const aom::Archetype& archetype, std::string file) {
    SplitId s = Split(archetype.archetype_id);
    by_base_[s.base].push_back(entries_.size());
    entries_.push_back(Entry{&archetype, std::move(file), std::move(s.base), std::move(s.version)});
}

std::string ArchetypeRepository::ParentIdOf(const aom::Archetype& a) {
    if (!a.parent_archetype_id.empty()) return a.parent_archetype_id;
    if (a.is_adl2) return "";
    // ADL 1.4 naming: the concept's '-' suffix marks a specialisation of the archetype without it
    std::string_view id = a.archetype_id;
    size_t d2 = id.find('-', id.find('-') == std::string_view::npos ? id.size() : id.find('-') + 1);
    size_t concept_start = id.find('.', d2 == std::string_view::npos ? 0 : d2);
    size_t v = id.rfind(".v");
    if (concept_start == std::string_view::npos || v == std::string_view::npos ||
        v <= concept_start)
        return "";
    std::string_view concept_part = id.substr(concept_start + 1, v - concept_start - 1);
    size_t dash = concept_part.rfind('-');
    if (dash == std::string_view::npos || dash == 0) return "";
    return std::string(id.substr(0, concept_start + 1)) +
           std::string(concept_part.substr(0, dash)) + std::string(id.substr(v));
}

const aom::Archetype* ArchetypeRepository::Find(std::string_view id_ref,
                                                const aom::Archetype* exclude,
                                                std::string_view near_file,
                                                const aom::Archetype* like) const {
    SplitId ref = Split(id_ref);
    auto it = by_base_.find(ref.base);
    if (it == by_base_.end()) return nullptr;
    std::string near_dir =
        near_file.empty() ? "" : std::filesystem::path(near_file).parent_path().string();
    const Entry* best = nullptr;
    for (size_t i : it->second) {
        const Entry& e = entries_[i];
        if (e.archetype == exclude || !VersionMatches(ref.version, e.version)) continue;
        bool e_like = like && e.archetype->is_adl2 == like->is_adl2;
        bool b_like = best && like && best->archetype->is_adl2 == like->is_adl2;
        if (best && e_like != b_like) {
            if (e_like) best = &e;
            continue;
        }
        if (!best || e.version > best->version) {
            best = &e;
        } else if (e.version == best->version) {
            bool e_near = std::filesystem::path(e.file).parent_path().string() == near_dir;
            bool b_near = std::filesystem::path(best->file).parent_path().string() == near_dir;
            if (e_near && !b_near) best = &e;
        }
    }
    return best ? best->archetype : nullptr;
}

std::string ArchetypeRepository::FileOf(const aom::Archetype* a) const {
    for (const auto& e : entries_)
        if (e.archetype == a) return e.file;
    return "";
}

const aom::Archetype* ArchetypeRepository::FindParent(const aom::Archetype& child) const {
    std::string pid = ParentIdOf(child);
    if (pid.empty()) return nullptr;
    return Find(pid, &child, FileOf(&child), &child);
}

Result<const aom::Archetype*> ArchetypeRepository::Flat(const aom::Archetype& archetype) {
    std::set<const aom::Archetype*> active;
    return FlatGuarded(archetype, active);
}

Result<const aom::Archetype*> ArchetypeRepository::FlatGuarded(
    const aom::Archetype& a, std::set<const aom::Archetype*>& active) {
    std::string pid = ParentIdOf(a);
    if (pid.empty()) return &a;
    if (auto it = flat_.find(&a); it != flat_.end()) return it->second.get();
    if (!active.insert(&a).second)
        return Error::Conflict("specialisation cycle: " + a.archetype_id + " is its own ancestor");
    const aom::Archetype* parent = FindParent(a);
    if (!parent)
        return Error::NotFound("parent archetype " + pid + " of " + a.archetype_id + " not found");
    auto flat_parent = FlatGuarded(*parent, active);
    if (!flat_parent.ok()) return flat_parent.error();
    auto flat = Flatten(a, **flat_parent);
    if (!flat.ok()) return flat.error();
    const aom::Archetype* out = flat->get();
    flat_[&a] = std::move(*flat);
    active.erase(&a);
    return out;
}

Result<const aom::Archetype*> ArchetypeRepository::FlatParent(const aom::Archetype& child) {
    std::string pid = ParentIdOf(child);
    if (pid.empty()) return Error::NotFound(child.archetype_id + " specialises nothing");
    const aom::Archetype* parent = FindParent(child);
    if (!parent) return Error::NotFound("parent archetype " + pid + " not found");
    std::set<const aom::Archetype*> active{&child};
    return FlatGuarded(*parent, active);
}

}  // namespace kjerne::archetypes::flattening
