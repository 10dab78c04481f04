// aql/module_info.cpp — see aql/module_info.hpp.
#include "aql/module_info.hpp"

namespace kjerne::aql {

const char* ModuleName() { return "aql"; }

}  // namespace kjerne::aql
