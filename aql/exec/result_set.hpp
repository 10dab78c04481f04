// aql/exec/result_set.hpp
//
// An AQL result in the openEHR REST form: `q`, `columns` (name, path) and `rows`, each cell
// a JSON value — a primitive, or an RM object as canonical JSON.
#pragma once

#include <string>
#include <vector>

#include "engine/common/json_string.hpp"

namespace kjerne::aql {

struct ResultColumn {
    std::string name;  // the alias, else "#<index>" (EHRbase's convention)
    std::string path;  // the column as written
};

struct ResultSet {
    std::string query;
    std::vector<ResultColumn> columns;
    std::vector<std::vector<std::string>> rows;  // each cell: JSON text ("null", "42", "\"x\"", {...})

    // {"meta":{...},"q":...,"columns":[...],"rows":[...]} (compact JSON).
    std::string ToJson() const;
};

using kjerne::JsonQuote;  // engine/common/json_string.hpp; kept here for the aql callers

}  // namespace kjerne::aql
