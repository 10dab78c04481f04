// archetypes/module_info.hpp
//
// Identity of the kjerne_archetypes module. The module will own ADL 1.4/2 parsing into the AOM
// and archetype validity rules (see archetypes/README.md); none of that exists yet. This header
// and its .cpp exist so the static library is a real target that the rest of the build can link
// against while the module grows. Thread-safety: stateless.
#pragma once

namespace kjerne::archetypes {

// The module's name, "archetypes". Static storage; never null.
const char* ModuleName();

}  // namespace kjerne::archetypes
