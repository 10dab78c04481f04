// templates/opt/xsd_check.hpp
//
// XsdCheck: the OPT 1.4 schema validation policy of LoadOpt (opt_loader.hpp describes what each
// value does), and its names as operators write them: `warn`, `strict`, `off` (the
// `--opt-schema` flag of `kjerne serve` and `kjerne validate`, the server's `opt_schema` config
// key). One spelling for every front end, so the CLI and the server cannot drift apart.
// Thread-safety: stateless functions.
#pragma once

#include <string_view>

#include "engine/common/result.hpp"

namespace kjerne::templates {

enum class XsdCheck { kOff, kWarn, kStrict };

// "warn" -> kWarn, "strict" -> kStrict, "off" -> kOff; anything else is kInvalidArgument naming
// the three choices.
Result<XsdCheck> ParseXsdCheck(std::string_view name);

// The inverse of ParseXsdCheck.
std::string_view XsdCheckName(XsdCheck check);

}  // namespace kjerne::templates
