// aql/exec/zip_rows.cpp — see zip_rows.hpp.
#include "aql/exec/zip_rows.hpp"

#include <algorithm>

namespace kjerne::aql {

bool ZipColumns(std::vector<std::vector<ColumnValue>>& cols, std::vector<std::vector<ProjectedCell>>& rows,
                size_t row_cap) {
    const size_t first_row = rows.size();
    // The common case: one value per column and no list, one row.
    if (std::all_of(cols.begin(), cols.end(), [](const auto& c) { return c.size() == 1 && !c.front().list; })) {
        std::vector<ProjectedCell>& row = rows.emplace_back();
        row.reserve(cols.size());
        for (auto& c : cols) row.push_back(std::move(c.front().cell));
        return row_cap >= 1;
    }
    // Groups: list identity -> the columns that go through it.
    std::vector<const void*> lists;
    std::vector<int> group(cols.size(), -1);
    for (size_t c = 0; c < cols.size(); ++c) {
        if (cols[c].empty()) continue;
        const void* l = cols[c].front().list;
        if (!l) continue;
        auto at = std::find(lists.begin(), lists.end(), l);
        group[c] = static_cast<int>(at - lists.begin());
        if (at == lists.end()) lists.push_back(l);
    }
    // Index domain per list group: the item positions any of its columns reached.
    std::vector<std::vector<size_t>> domains(lists.size());
    for (size_t c = 0; c < cols.size(); ++c) {
        if (group[c] < 0) continue;
        auto& d = domains[static_cast<size_t>(group[c])];
        for (const ColumnValue& v : cols[c])
            if (std::find(d.begin(), d.end(), v.list_index) == d.end()) d.push_back(v.list_index);
    }
    for (auto& d : domains) std::sort(d.begin(), d.end());
    // Enumerate the product of positions; then, per column, the product of its values there.
    std::vector<size_t> pick(lists.size(), 0);
    const ProjectedCell null_cell{"null", Scalar::Null()};
    while (true) {
        std::vector<std::vector<ProjectedCell>> partial(1);
        for (size_t c = 0; c < cols.size(); ++c) {
            std::vector<const ProjectedCell*> values;
            const int g = group[c];
            for (const ColumnValue& v : cols[c])
                if (g < 0 || v.list_index == domains[static_cast<size_t>(g)][pick[static_cast<size_t>(g)]])
                    values.push_back(&v.cell);
            if (values.empty()) values.push_back(&null_cell);
            std::vector<std::vector<ProjectedCell>> next;
            next.reserve(partial.size() * values.size());
            for (const auto& row : partial)
                for (const ProjectedCell* v : values) {
                    auto r = row;
                    r.push_back(*v);
                    next.push_back(std::move(r));
                }
            partial = std::move(next);
        }
        for (auto& r : partial) rows.push_back(std::move(r));
        if (rows.size() - first_row > row_cap) return false;
        size_t k = 0;
        while (k < pick.size() && ++pick[k] == domains[k].size()) pick[k++] = 0;
        if (k == pick.size()) break;
    }
    return true;
}

}  // namespace kjerne::aql
