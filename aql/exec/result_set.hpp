// aql/exec/result_set.hpp
//
// An AQL result in the openEHR REST form: `q`, `columns` (name, path) and `rows`, each cell
// a JSON value — a primitive, or an RM object as canonical JSON.
#pragma once

#include <string>
#include <vector>

#include "aql/parser/ast.hpp"
#include "engine/common/json_string.hpp"

namespace kjerne::aql {

struct ResultColumn {
    std::string name;  // the alias, else "#<index>" (EHRbase's convention)
    // The identified path or variable as written; empty for an aggregate, a function or a
    // literal, whose JSON column then has no `path` (EHRbase's form: a path names data).
    std::string path;
};

// A query's result columns: the alias, else "#<index>", and the path.
std::vector<ResultColumn> ColumnsOf(const Query& query);

struct ResultSet {
    std::string query;
    std::vector<ResultColumn> columns;
    std::vector<std::vector<std::string>> rows;  // each cell: JSON text ("null", "42", "\"x\"", {...})

    // {"meta":{...},"q":...,"columns":[...],"rows":[...]} (compact JSON).
    std::string ToJson() const;
    // `"columns":[...],"rows":[...]`, the part every result set form shares.
    std::string ColumnsAndRowsJson() const;
};

using kjerne::JsonQuote;  // engine/common/json_string.hpp; kept here for the aql callers

}  // namespace kjerne::aql
