// archetypes/aom/aom.cpp — the few out-of-line helpers of the AOM value types.
#include "archetypes/aom/c_object.hpp"
#include "archetypes/aom/c_primitive.hpp"
#include "archetypes/aom/terminology.hpp"

namespace kjerne::archetypes::aom {

const char* CObjectKindName(CObjectKind kind) {
    switch (kind) {
        case CObjectKind::kComplexObject: return "C_COMPLEX_OBJECT";
        case CObjectKind::kArchetypeRoot: return "C_ARCHETYPE_ROOT";
        case CObjectKind::kArchetypeSlot: return "ARCHETYPE_SLOT";
        case CObjectKind::kInternalRef: return "ARCHETYPE_INTERNAL_REF";
        case CObjectKind::kConstraintRef: return "CONSTRAINT_REF";
        case CObjectKind::kPrimitiveObject: return "C_PRIMITIVE_OBJECT";
        case CObjectKind::kDvQuantity: return "C_DV_QUANTITY";
        case CObjectKind::kDvOrdinal: return "C_DV_ORDINAL";
        case CObjectKind::kCodePhrase: return "C_CODE_PHRASE";
    }
    return "?";
}

const char* PrimitiveKindName(const CPrimitive& p) {
    static const char* const kNames[] = {"C_STRING", "C_INTEGER", "C_REAL",      "C_BOOLEAN",
                                         "C_DATE",   "C_TIME",    "C_DATE_TIME", "C_DURATION"};
    return kNames[p.index()];
}

const CAttribute* CObject::FindAttribute(std::string_view name) const {
    for (const auto& a : attributes)
        if (a.rm_attribute_name == name) return &a;
    return nullptr;
}

std::string_view ArchetypeTerm::text() const {
    auto it = items.find("text");
    return it == items.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view ArchetypeTerm::description() const {
    auto it = items.find("description");
    return it == items.end() ? std::string_view() : std::string_view(it->second);
}

namespace {
const ArchetypeTerm* FindIn(const std::map<std::string, TermTable>& by_lang, std::string_view code,
                            std::string_view language) {
    if (!language.empty()) {
        auto l = by_lang.find(std::string(language));
        if (l != by_lang.end()) {
            auto t = l->second.find(std::string(code));
            if (t != l->second.end()) return &t->second;
        }
    }
    for (const auto& [lang, table] : by_lang) {
        auto t = table.find(std::string(code));
        if (t != table.end()) return &t->second;
    }
    return nullptr;
}
}  // namespace

const ArchetypeTerm* ArchetypeTerminology::FindTerm(std::string_view code, std::string_view language) const {
    return FindIn(term_definitions, code, language);
}

const ArchetypeTerm* ArchetypeTerminology::FindConstraint(std::string_view code, std::string_view language) const {
    return FindIn(constraint_definitions, code, language);
}

}  // namespace kjerne::archetypes::aom
