// tools/bench_aql_questions.hpp
//
// The four questions of the AQL issue's benchmark, each as AQL for the engine and as the SQL a
// competent engineer would write by hand over the same compositions' canonical JSON text
// (json_tree / json_each / ->> on the `raw` table of tools/bench_aql_data.hpp; an index on
// ehr_id, and instr() on the archetype id as a cheap prefilter before the JSON is walked):
//   (1) one EHR's latest blood pressures (ORDER BY time DESC LIMIT 10),
//   (2) a population filter on the systolic magnitude, ORDER BY it DESC LIMIT 100,
//   (3) COUNT and AVG over every blood-pressure observation,
//   (4) CONTAINS with OR and NOT CONTAINS, counted.
// The SQL follows the engine's semantics where paths reach several values (aql/README.md:
// WHERE is existential; SELECT columns that go through the same list — here the events of an
// observation — are zipped, one row per event that has a value, one row of nulls when none
// has; COUNT(*) counts FROM bindings, AVG every value the path reaches), so both answer with
// the same rows, which SameRows checks.
// Thread-safety: pure functions, except RunSql (the connection's thread).
#pragma once

#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/store/sqlite/sqlite_db.hpp"

namespace kjerne::tools {

struct AqlQuestion {
    std::string name;
    std::string aql;        // $ehr_id when per_ehr
    std::string sql;        // ?1 = the EHR id when per_ehr
    bool per_ehr = false;
    int columns = 1;
    int order_key = -1;     // the ORDER BY column (rows tied on it may come in any order)
    size_t limit = 0;       // LIMIT, or 0
    double goal_ms = 0;     // the issue's goal at 1M compositions
};

// Rows with cells in one canonical text: null, numbers printed alike ("%.10g"), strings bare.
using CanonRows = std::vector<std::vector<std::string>>;

std::vector<AqlQuestion> IssueQuestions(double systolic_above);

// The engine's cells (JSON text: "null", 120, "\"text\"") in canonical form.
CanonRows CanonEngineRows(const std::vector<std::vector<std::string>>& rows);

// Runs the question's SQL (binding the EHR id when per_ehr) and returns canonical rows.
Result<CanonRows> RunSql(store::sqlite::Connection& raw, const AqlQuestion& q, const std::string& ehr_id);

// Equal as answers to `q`: the same number of rows and the same ORDER BY key in each row;
// within a run of tied keys the same rows in any order, except the last run of a query
// cut by its LIMIT, where which tied rows made the cut is the engine's choice.
bool SameRows(const CanonRows& a, const CanonRows& b, const AqlQuestion& q);

}  // namespace kjerne::tools
