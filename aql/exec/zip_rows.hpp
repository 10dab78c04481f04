// aql/exec/zip_rows.hpp
//
// How one binding's SELECT columns become rows (AQL reference semantics, EHRbase's array-valued
// paths): a column whose path goes through a list item by item has a value per item; columns
// that reach the SAME list are zipped item by item, all others multiply. Shared by the
// reference evaluator (values from the RM tree) and the index-only row executor (values from
// the leaf index, aql/exec/index_answers.hpp), so both make the same rows by construction.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "aql/exec/scalar.hpp"

namespace kjerne::aql {

// One result cell: its JSON and the value ORDER BY compares.
struct ProjectedCell {
    std::string json;
    Scalar sort_key;
};

// One value of a column for a binding, with the first list its path went through item by
// item (the identity of that list; nullptr when none) and the item's position in it.
struct ColumnValue {
    const void* list = nullptr;
    size_t list_index = 0;
    ProjectedCell cell;
};

// Appends the binding's rows to `rows`. Each column has at least one value (a null cell when
// its path reached nothing); a column's group is its FIRST value's list. Per group, the item
// positions any of its columns reached, in order, are enumerated (the product over groups);
// per column its values at that position (null when none), multiplied. False when the
// binding alone would make more than `row_cap` rows (the caller reports the row limit).
// The cells of `cols` may be moved from.
bool ZipColumns(std::vector<std::vector<ColumnValue>>& cols, std::vector<std::vector<ProjectedCell>>& rows,
                size_t row_cap);

}  // namespace kjerne::aql
