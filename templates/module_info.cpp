// templates/module_info.cpp — see templates/module_info.hpp.
#include "templates/module_info.hpp"

namespace kjerne::templates {

const char* ModuleName() { return "templates"; }

}  // namespace kjerne::templates
