// engine/store/opt_template_id.hpp
//
// The template id an OPT 1.4 file declares (/template/template_id/value), read with a plain
// text scan: the store registers OPT bytes under that id without depending on templates/
// (which parses OPTs fully, and sits above engine/ in the module graph). The first
// <template_id> element of an OPT is the template's own: the schema orders language,
// description, uid and template_id before the definition, whose nested archetypes carry
// template ids of their own.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.hpp"

namespace kjerne::store {

// kInvalidArgument when the text has no <template_id><value>...</value> element.
Result<std::string> OptTemplateId(std::string_view opt_xml);

}  // namespace kjerne::store
