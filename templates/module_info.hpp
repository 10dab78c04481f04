// templates/module_info.hpp
//
// Identity of the kjerne_templates module. The module will own OPT 1.4 loading, template-based
// composition validation, web templates and FLAT/STRUCTURED (see templates/README.md); none of
// that exists yet. This header and its .cpp exist so the static library is a real target that
// the rest of the build can link against while the module grows. Thread-safety: stateless.
#pragma once

namespace kjerne::templates {

// The module's name, "templates". Static storage; never null.
const char* ModuleName();

}  // namespace kjerne::templates
