// templates/opt/legacy_attributes.hpp
//
// RM attributes that real operational templates constrain but the RM 1.1.0 schema does not
// have. An attribute listed here is loaded with a warning (Template::warnings) instead of
// failing the template, and ignored by the validator (the codecs reject it in data, so no
// instance can carry it). Anything not listed stays an OPT_UNKNOWN_ATTRIBUTE error.
// Each row says where it comes from; add a row only with that evidence.
#pragma once

#include <string_view>

namespace kjerne::templates {

struct LegacyAttribute {
    std::string_view rm_type;
    std::string_view attribute;
    std::string_view why;
};

inline constexpr LegacyAttribute kLegacyAttributes[] = {
    {"ITEM_TABLE", "rotated",
     "RM 1.0.1 ITEM_TABLE.rotated, removed in RM 1.0.2; kept by archetypes of that era "
     "(validation/clinical_content_validation.opt)"},
    {"ELEMENT", "null_flavor",
     "US spelling of ELEMENT.null_flavour written by some template tools (RIPPLE-Conformance Test.opt)"},
    {"ISM_TRANSITION", "name",
     "ISM_TRANSITION is PATHABLE, not LOCATABLE, so it has no name; Better's designer lets users "
     "rename transitions (ips.v0.opt)"},
};

inline const LegacyAttribute* FindLegacyAttribute(std::string_view rm_type, std::string_view attribute) {
    for (const auto& a : kLegacyAttributes)
        if (a.rm_type == rm_type && a.attribute == attribute) return &a;
    return nullptr;
}

}  // namespace kjerne::templates
