// aql/exec/index_answers.cpp — see index_answers.hpp.
#include "aql/exec/index_answers.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "aql/plan/leaf_paths.hpp"
#include "engine/codec/codec_common.hpp"

namespace kjerne::aql {
namespace {

ResultSet EmptyResult(const Query& query, std::string_view query_text) {
    ResultSet rs;
    rs.query = std::string(query_text);
    rs.columns = ColumnsOf(query);
    return rs;
}

}  // namespace

// The aggregate from the indexes (aql/plan/index_aggregate.hpp), computed as the reference's
// AggregateRows does; nullopt when the store's leaf index is not ready.
Result<std::optional<ResultSet>> ExecuteIndexAggregate(
    const IndexAggregate& plan, const Query& query, std::string_view query_text,
    store::Store& store, const ExecOptions& options, PlannedRunStats& stats) {
    if (options.max_rows < 1) return std::optional<ResultSet>();  // the reference's row-limit error
    store::RootLeaves leaves;
    if (plan.needs_leaves) {
        KJ_ASSIGN_OR_RETURN(leaves, store.ScanRootLeaves(plan.scan));
        if (!leaves.ready) return std::optional<ResultSet>();
    }
    int64_t count = 0;
    if (!plan.where.empty()) {
        // WHERE of leaf conditions on o: keep the nodes with a value satisfying each (the
        // values come grouped by node); COUNT(*) counts those nodes.
        auto holds = [&](const store::RootLeaf& v, const store::IndexCondition& c) {
            return LeafValueSatisfies(v.is_int ? Scalar::Int(v.i) : Scalar::Real(v.d), c);
        };
        std::vector<store::RootLeaf> kept;
        size_t begin = 0;
        while (begin < leaves.values.size()) {
            size_t end = begin;
            while (end < leaves.values.size() &&
                   leaves.values[end].vo_num == leaves.values[begin].vo_num &&
                   leaves.values[end].root_num == leaves.values[begin].root_num)
                ++end;
            bool passes = true;
            for (size_t i = 0; i < plan.where.size() && passes; ++i) {
                bool any = false;
                for (size_t k = begin; k < end && !any; ++k)
                    any = leaves.values[k].path == plan.where_paths[i] &&
                          holds(leaves.values[k], plan.where[i]);
                passes = any;
            }
            if (passes) {
                ++count;
                kept.insert(kept.end(), leaves.values.begin() + static_cast<std::ptrdiff_t>(begin),
                            leaves.values.begin() + static_cast<std::ptrdiff_t>(end));
            }
            begin = end;
        }
        leaves.values = std::move(kept);
    } else if (plan.needs_count) {
        KJ_ASSIGN_OR_RETURN(count, store.CountRoots(plan.scan));
    }
    ResultSet rs = EmptyResult(query, query_text);
    std::vector<std::string> row;
    using Fn = IndexAggregate::Fn;
    for (const IndexAggregate::Column& col : plan.columns) {
        if (col.fn == Fn::kCountStar) {
            row.push_back(std::to_string(count));
            continue;
        }
        int64_t n = 0, isum = 0;
        double sum = 0;
        bool all_int = true;
        std::optional<Scalar> min, max;
        for (const store::RootLeaf& v : leaves.values) {
            if (v.path != col.path) continue;
            Scalar s = v.is_int ? Scalar::Int(v.i) : Scalar::Real(v.d);
            if (!min || CompareScalars(s, *min).value_or(0) < 0) min = s;
            if (!max || CompareScalars(s, *max).value_or(0) > 0) max = s;
            sum += s.number();
            if (v.is_int)
                isum += v.i;
            else
                all_int = false;
            ++n;
        }
        switch (col.fn) {
            case Fn::kCount:
                row.push_back(std::to_string(n));
                break;
            case Fn::kMin:
                row.push_back(min ? min->ToJson() : "null");
                break;
            case Fn::kMax:
                row.push_back(max ? max->ToJson() : "null");
                break;
            case Fn::kSum:
                row.push_back(n == 0    ? "null"
                              : all_int ? std::to_string(isum)
                                        : codec::FormatReal(sum));
                break;
            default:
                row.push_back(n == 0 ? "null" : codec::FormatReal(sum / static_cast<double>(n)));
                break;
        }
    }
    rs.rows.push_back(std::move(row));
    stats.answered_from_index = true;
    return std::optional<ResultSet>(std::move(rs));
}

// COUNT(*) over a CONTAINS expression from the containment index (aql/plan/index_count.hpp);
// nullopt when the store cannot answer it so.
Result<std::optional<ResultSet>> ExecuteIndexCount(const IndexCount& plan, const Query& query,
                                                   std::string_view query_text, store::Store& store,
                                                   const ExecOptions& options,
                                                   PlannedRunStats& stats) {
    if (options.max_rows < 1) return std::optional<ResultSet>();  // the reference's row-limit error
    store::ArchetypeRowScan scan;
    for (const std::string& a : plan.archetypes)
        if (std::find(scan.archetypes.begin(), scan.archetypes.end(), a) == scan.archetypes.end())
            scan.archetypes.push_back(a);
    // Compositions without rows of these archetypes matter only when they have bindings.
    const int64_t empty = CountBindings(plan, {});
    scan.count_compositions = empty != 0;
    int64_t visited = 0, bindings = 0;
    KJ_ASSIGN_OR_RETURN(
        int64_t total,
        store.ScanArchetypeRows(scan, [&](int64_t, const std::vector<store::IndexRow>& rows) {
            ++visited;
            bindings += CountBindings(plan, rows);
            return true;
        }));
    if (total < 0) return std::optional<ResultSet>();
    if (empty != 0) bindings += (total - visited) * empty;
    ResultSet rs = EmptyResult(query, query_text);
    rs.rows.push_back(std::vector<std::string>(query.columns.size(), std::to_string(bindings)));
    stats.answered_from_index = true;
    return std::optional<ResultSet>(std::move(rs));
}

Result<std::optional<ResultSet>> ExecuteIndexRows(const IndexRows& plan, const Query& query,
                                                  std::string_view query_text, store::Store& store,
                                                  const QueryParameters& params, const ExecOptions& options,
                                                  PlannedRunStats& stats) {
    EhrByEhrEvaluator ev(query, query_text, params, options);
    // A list's identity within a binding: the prefix of the column's path up to the list
    // (LeafRow::list_at); columns with the same prefix reach the same list. ZipColumns only
    // compares identities, so a prefix's is its number here (1, 2, ...).
    std::vector<std::string_view> lists;
    auto list_of = [&](size_t path, int64_t list_at) -> const void* {
        if (list_at <= 0) return nullptr;
        std::string_view prefix = std::string_view(plan.scan.node_paths[path]).substr(0, static_cast<size_t>(list_at));
        size_t i = 0;
        while (i < lists.size() && lists[i] != prefix) ++i;
        if (i == lists.size()) lists.push_back(prefix);
        return reinterpret_cast<const void*>(static_cast<uintptr_t>(i + 1));
    };
    auto scalar_of = [](const store::IndexLeaf& leaf) {
        return leaf.kind == store::IndexLeaf::Kind::kText  ? Scalar::String(leaf.text)
               : leaf.kind == store::IndexLeaf::Kind::kInt ? Scalar::Int(leaf.i)
                                                            : Scalar::Real(leaf.d);
    };
    auto cell_of = [&](const store::IndexLeaf& leaf) {
        Scalar v = scalar_of(leaf);
        std::string json = v.ToJson();
        return ProjectedCell{std::move(json), std::move(v)};
    };
    // The values a source gives for one node, in pre-order.
    auto values_of = [&](const IndexRows::Source& src, const store::IndexRowNode& n, std::vector<ColumnValue>& out) {
        switch (src.kind) {
            case IndexRows::Source::Kind::kEhrId: {
                Scalar id = Scalar::String(n.ehr_id);
                out.push_back({nullptr, 0, ProjectedCell{id.ToJson(), id}});
                return;
            }
            case IndexRows::Source::Kind::kHeader:
                for (const store::IndexLeaf& leaf : n.header)
                    if (leaf.path == src.path) out.push_back({nullptr, 0, cell_of(leaf)});
                return;
            case IndexRows::Source::Kind::kNode:
                for (const store::IndexLeaf& leaf : n.leaves)
                    if (leaf.path == src.path)
                        out.push_back({list_of(src.path, leaf.list_at), static_cast<size_t>(leaf.list_index),
                                       cell_of(leaf)});
                return;
        }
    };
    Status fed = OkStatus();
    std::vector<std::vector<ColumnValue>> cols(plan.columns.size());
    // A source's first value for a node (an ORDER BY key naming no column), without its JSON.
    auto first_of = [&](const IndexRows::Source& src, const store::IndexRowNode& n) {
        if (src.kind == IndexRows::Source::Kind::kEhrId) return Scalar::String(n.ehr_id);
        for (const store::IndexLeaf& leaf : src.kind == IndexRows::Source::Kind::kHeader ? n.header : n.leaves)
            if (leaf.path == src.path) return scalar_of(leaf);
        return Scalar::Null();
    };
    // WHERE's leaf conditions: each needs a value of the node's that satisfies it.
    auto passes = [&](const store::IndexRowNode& n) {
        for (size_t i = 0; i < plan.where.size(); ++i) {
            bool any = false;
            for (const store::IndexLeaf& leaf : n.leaves)
                if (leaf.path == plan.where_paths[i] && LeafValueSatisfies(scalar_of(leaf), plan.where[i])) {
                    any = true;
                    break;
                }
            if (!any) return false;
        }
        return true;
    };
    KJ_ASSIGN_OR_RETURN(bool ready, store.ScanIndexRows(plan.scan, [&](const store::IndexRowNode& n) {
        if (!passes(n)) return true;
        for (size_t c = 0; c < plan.columns.size(); ++c) {
            cols[c].clear();
            values_of(plan.columns[c], n, cols[c]);
            if (cols[c].empty()) cols[c].push_back({nullptr, 0, ProjectedCell{"null", Scalar::Null()}});
        }
        std::vector<Scalar> keys;
        keys.reserve(plan.order_keys.size());
        for (const auto& k : plan.order_keys) keys.push_back(k ? first_of(*k, n) : Scalar::Null());
        ++stats.index_rows_nodes;
        fed = ev.AddColumns(cols, keys);
        return fed.ok();
    }));
    if (!ready) return std::optional<ResultSet>();
    KJ_TRY(fed);
    stats.answered_from_index = true;
    KJ_ASSIGN_OR_RETURN(ResultSet rs, ev.Finish());
    return std::optional<ResultSet>(std::move(rs));
}

}  // namespace kjerne::aql
