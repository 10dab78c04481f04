// archetypes/aom/rule_expr.hpp
//
// Expression trees of the ADL `rules` (ADL 2) and `invariant` (ADL 1.4) sections and of
// archetype slot assertions: operators, paths, variables, literals, function calls,
// quantifiers and `matches {…}` constraints. Evaluation is not part of this model yet; the
// tree keeps enough to print and to check paths. Plain value; children owned.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kjerne::archetypes::aom {

enum class ExprKind : uint8_t {
    kBinary,       // text = operator ("and", "implies", "=", "+", "matches", ...), 2 operands
    kUnary,        // text = "not", "-", "exists"; 1 operand
    kLiteral,      // text = source text of a number, string (unquoted; op = "string"), boolean, date ...
    kPath,         // text = the path, e.g. /data[id2]/events/data or archetype_id/value
    kVariable,     // text = name without '$'; operand[0] = optional path applied to it
    kCall,         // text = function name; operands = arguments
    kForAll,       // text = variable; operands = {collection, body}; op = "for_all"/"there_exists"
    kConstraint,   // text = raw inner text of {…}; pattern = regex when it is /…/
    kDeclaration,  // text = variable, type_name = declared type; operand[0] = value
};

struct Expr {
    ExprKind kind = ExprKind::kLiteral;
    std::string text;
    std::string op;         // kForAll: for_all / every / there_exists
    std::string type_name;  // kDeclaration
    std::string pattern;    // kConstraint with a regex
    std::string tag;        // "label:" before an assertion
    std::vector<Expr> operands;
    uint32_t line = 0, col = 0;
};

}  // namespace kjerne::archetypes::aom
