// aql/exec/reference_evaluator.hpp
//
// The reference AQL evaluator: decodes nothing cleverly and plans nothing — for every EHR
// it walks the RM trees literally, binds the FROM variables by containment, filters with
// WHERE, projects, sorts and limits. It is the meaning of a query: the planned engine over
// the store's index must return the same rows (differential tests), and the .test suites
// pin this one to expected results.
//
// Semantics worth knowing (AQL 1.1 plus EHRbase's behaviour where the spec is silent):
// - CONTAINS is strict descent within one composition; EHR contains its compositions and its
//   directory's folders; a FOLDER its sub-folders and the compositions its (and their) items
//   reference (aql/exec/folders.hpp);
//   AND binds both sides under the same parent (their product), OR either side (the other's
//   variables null), `NOT CONTAINS` keeps parents without such a descendant.
// - EHRs whose EHR_STATUS.is_queryable is false are skipped unless the EHR class carries a
//   predicate (a query about one EHR rather than the population).
// - A path through a multiple-valued attribute yields every item; in SELECT, columns that
//   reach the same list (the first list on their path from which more than one element
//   passes the step's predicate: `items[at0004]` naming one item is a single value) are
//   zipped item by item, others multiply (EHRbase's array-valued paths). In WHERE a condition holds when any value
//   satisfies it; absent values make comparisons false.
// - Aggregates group by the non-aggregated columns.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "aql/exec/data_source.hpp"
#include "aql/exec/result_set.hpp"
#include "aql/exec/scalar.hpp"
#include "aql/exec/zip_rows.hpp"
#include "aql/parser/ast.hpp"
#include "engine/common/result.hpp"

namespace kjerne::aql {

struct ExecOptions {
    size_t max_rows = 100000;                      // result rows beyond this: kLimitExceeded
    std::chrono::milliseconds timeout{30000};      // wall time: kLimitExceeded
};

// The same semantics one EHR at a time, for engines that choose which EHRs and compositions
// to feed it (the planned executor, aql/exec/planned_executor.hpp): AddEhr for every EHR
// that can contribute, in the store's EHR order with each EHR's compositions oldest first,
// then Finish. Leaving out a composition that can bind no FROM variable, or an EHR without
// bindings, changes nothing; an EhrView is only read during AddEhr, so its documents may be
// freed after it. `query`, `query_text` and `params` must outlive the evaluator.
class EhrByEhrEvaluator {
public:
    EhrByEhrEvaluator(const Query& query, std::string_view query_text, const QueryParameters& params,
                      const ExecOptions& options = {});
    ~EhrByEhrEvaluator();
    EhrByEhrEvaluator(const EhrByEhrEvaluator&) = delete;
    EhrByEhrEvaluator& operator=(const EhrByEhrEvaluator&) = delete;

    Status AddEhr(const EhrView& ehr);
    // True once the rows so far are the answer: LIMIT reached by a query without ORDER BY,
    // aggregates or DISTINCT. Feeding more EHRs would change nothing.
    bool Satisfied() const;
    Result<ResultSet> Finish();
    // After a successful Finish: per returned row, its ORDER BY keys as the sort compared them
    // (a key naming a SELECT column by alias or by the same path is the row's cell in it; any
    // other path is the first value it reaches from the row's binding). Rows of aggregate
    // queries have none. The top-k executor needs them for keys no column shows.
    const std::vector<std::vector<Scalar>>& RowKeys() const;

    // One binding's values per SELECT column found outside the evaluator, bindings in the
    // reference's order (the index-only row executor, aql/exec/index_answers.hpp): zipped
    // into rows as AddEhr zips (ZipColumns). `binding_keys` has one value per ORDER BY key:
    // the binding's first value at the key's path for a key that names no column
    // (by alias or the same path), ignored otherwise. Not for queries with aggregates. The
    // cells of `cols` may be moved from.
    Status AddColumns(std::vector<std::vector<ColumnValue>>& cols, const std::vector<Scalar>& binding_keys);

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
    ExecOptions options_;
    Status begun_;
};

Result<ResultSet> ExecuteReference(const Query& query, std::string_view query_text, const DataSource& data,
                                   const QueryParameters& params = {}, const ExecOptions& options = {});

}  // namespace kjerne::aql
