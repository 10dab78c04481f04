// archetypes/module_info.cpp — see archetypes/module_info.hpp.
#include "archetypes/module_info.hpp"

namespace kjerne::archetypes {

const char* ModuleName() { return "archetypes"; }

}  // namespace kjerne::archetypes
