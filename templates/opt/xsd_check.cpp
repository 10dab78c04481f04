// templates/opt/xsd_check.cpp — see xsd_check.hpp.
#include "templates/opt/xsd_check.hpp"

#include <string>

namespace kjerne::templates {

Result<XsdCheck> ParseXsdCheck(std::string_view name) {
    if (name == "warn") return XsdCheck::kWarn;
    if (name == "strict") return XsdCheck::kStrict;
    if (name == "off") return XsdCheck::kOff;
    return Error::InvalidArgument("unknown OPT schema policy '" + std::string(name) +
                                  "' (warn, strict or off)");
}

std::string_view XsdCheckName(XsdCheck check) {
    switch (check) {
        case XsdCheck::kOff: return "off";
        case XsdCheck::kWarn: return "warn";
        case XsdCheck::kStrict: return "strict";
    }
    return "warn";
}

}  // namespace kjerne::templates
