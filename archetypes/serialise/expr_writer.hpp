// archetypes/serialise/expr_writer.hpp
//
// aom::Expr trees (rules, invariants, slot assertions) back to ADL expression text that
// archetypes/adl's rules parser reads into the same tree. Every operand that is not a leaf
// is parenthesised: the parser drops parentheses, so this keeps the tree without having to
// reproduce its precedence table here. Pure functions; thread-safe.
#pragma once

#include <string>

#include "archetypes/aom/rule_expr.hpp"

namespace kjerne::archetypes::serialise {

// One expression (no label).
void WriteExpr(std::string& out, const aom::Expr& e);
// A statement of the rules section: `label: expr`, `$v:Type ::= expr` or `expr`.
void WriteStatement(std::string& out, const aom::Expr& e);

}  // namespace kjerne::archetypes::serialise
