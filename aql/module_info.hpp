// aql/module_info.hpp
//
// Identity of the kjerne_aql module. The module will own the AQL pipeline: lexer, parser,
// binder, planner, executor (see aql/README.md); none of that exists yet. This header and its
// .cpp exist so the static library is a real target that the rest of the build can link against
// while the module grows. Thread-safety: stateless.
#pragma once

namespace kjerne::aql {

// The module's name, "aql". Static storage; never null.
const char* ModuleName();

}  // namespace kjerne::aql
