// aql/parser/parser.hpp
//
// Recursive-descent parser for AQL 1.1 (the specification's grammar, with the usual
// precedence NOT > AND > OR in WHERE; in FROM, CONTAINS takes the whole containment
// expression to its right, as the grammar's greedy rule does). Errors are values: an
// Issue AQL_SYNTAX at line:col saying what was expected and what was found. After a
// successful parse, CheckVariables() reports variables used but never defined in FROM
// (AQL_UNKNOWN_VARIABLE) and variables defined twice (AQL_DUPLICATE_VARIABLE).
#pragma once

#include <string_view>

#include "aql/parser/ast.hpp"
#include "engine/common/result.hpp"

namespace kjerne::aql {

struct ParseLimits {
    size_t max_bytes = 64 * 1024;  // query text
    uint32_t max_depth = 200;      // nesting of expressions and predicates
};

// Parses and checks variables.
Result<Query> Parse(std::string_view text, const ParseLimits& limits = {});

// Variables used in SELECT / WHERE / ORDER BY / predicates must be defined in FROM.
Status CheckVariables(const Query& query);

}  // namespace kjerne::aql
