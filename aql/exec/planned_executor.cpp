// aql/exec/planned_executor.cpp — see planned_executor.hpp.
#include "aql/exec/planned_executor.hpp"

#include <algorithm>
#include <memory>
#include <unordered_set>
#include <vector>

#include "aql/exec/index_answers.hpp"
#include "aql/exec/store_data_source.hpp"
#include "engine/codec/json_reader.hpp"

namespace kjerne::aql {
namespace {

// One candidate EHR as the evaluator's EhrView: its EHR node, its EHR_STATUS (the stored one
// when the plan reads it; else a default, never looked at, with the stored queryable flag)
// and its decoded candidate compositions.
Status FeedEhr(const store::CandidateEhr& e, const QueryPlan& plan, codec::JsonReader& reader,
               EhrByEhrEvaluator& ev, PlannedRunStats& stats) {
    InMemoryDataSource one;
    std::unique_ptr<rm::Document> status;
    if (!e.ehr_status_json.empty()) {
        KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(e.ehr_status_json));
        status = std::make_unique<rm::Document>(std::move(doc));
    }
    const bool stored_status = status != nullptr;
    EhrView& view = one.AddEhr(e.ehr_id, e.system_id, e.time_created, std::move(status));
    if (!stored_status) view.queryable = e.is_queryable;
    codec::ReadOptions only_needed;
    if (plan.decode.projection) only_needed.projection = &*plan.decode.projection;
    for (const store::CandidateComposition& c : e.compositions) {
        KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(c.json, only_needed));
        one.AddComposition(view, std::make_unique<rm::Document>(std::move(doc)));
        ++stats.compositions_decoded;
        if (only_needed.projection) ++stats.compositions_projected;
    }
    ++stats.ehrs_visited;
    return ev.AddEhr(view);
}

// VERSION / VERSIONED_OBJECT / FOLDER: the EHR with its whole history and its directory, as
// the reference reads it.
Status FeedWholeEhr(store::Store& store, const std::string& ehr_id, EhrByEhrEvaluator& ev, PlannedRunStats& stats) {
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<InMemoryDataSource> data, LoadFromStore(store, ehr_id));
    Status fed = OkStatus();
    KJ_TRY(data->ForEachEhr([&](const EhrView& view) {
        stats.compositions_decoded += view.compositions.size();
        ++stats.ehrs_visited;
        fed = ev.AddEhr(view);
        return fed.ok();
    }));
    return fed;
}

// The reference semantics over the compositions `scan` selects (EHR by EHR, store order);
// `row_keys`, when given, receives the returned rows' ORDER BY keys.
Result<ResultSet> Evaluate(const QueryPlan& plan, const store::CandidateScan& scan, const Query& query,
                           std::string_view query_text, store::Store& store, const QueryParameters& params,
                           const ExecOptions& options, PlannedRunStats& s,
                           std::vector<std::vector<Scalar>>* row_keys = nullptr) {
    EhrByEhrEvaluator ev(query, query_text, params, options);
    codec::JsonReader reader;
    Status fed = OkStatus();
    KJ_TRY(store.ScanCandidates(scan, [&](const store::CandidateEhr& e) {
        fed = plan.whole_ehrs ? FeedWholeEhr(store, e.ehr_id, ev, s) : FeedEhr(e, plan, reader, ev, s);
        if (!fed.ok()) return false;
        if (plan.streams && ev.Satisfied()) {
            s.stopped_early = true;
            return false;
        }
        return true;
    }));
    KJ_TRY(fed);
    KJ_ASSIGN_OR_RETURN(ResultSet rs, ev.Finish());
    if (row_keys) *row_keys = ev.RowKeys();
    return rs;
}

// ORDER BY a leaf + LIMIT over a growing set of compositions in value order (aql/plan/
// top_k.hpp); nullopt when the leaf index cannot decide it (not ready, too few non-null keys).
Result<std::optional<ResultSet>> ExecuteTopK(const QueryPlan& plan, const Query& query, std::string_view query_text,
                                             store::Store& store, const QueryParameters& params,
                                             const ExecOptions& options, PlannedRunStats& s) {
    const TopK& t = *plan.top_k;
    size_t target = std::max<size_t>(2 * t.rows, 64);
    // After a round whose k-th key did not beat where it stopped: read every composition with
    // a value at least as good as that key (ties included). The k-th key only improves as the
    // set grows, so the next round's stop value is strictly worse than it, and that round ends.
    std::optional<Scalar> threshold;
    auto worse = [&](const Scalar& a, const Scalar& b) {  // a sorts strictly after b
        std::optional<int> c = CompareScalars(a, b);
        return c && (t.scan.descending ? *c < 0 : *c > 0);
    };
    for (;;) {
        std::vector<int64_t> set;
        std::unordered_set<int64_t> seen;
        Scalar last;  // a bound on every unread composition's values
        bool exhausted = true;
        KJ_ASSIGN_OR_RETURN(bool ready, store.ScanLeafOrder(t.scan, [&](int64_t vo_num, const store::RootLeaf& v) {
            Scalar value = v.is_int ? Scalar::Int(v.i) : Scalar::Real(v.d);
            bool is_new = !seen.count(vo_num);
            if (threshold ? worse(value, *threshold) : (is_new && set.size() >= target)) {
                last = value;
                exhausted = false;
                return false;
            }
            if (is_new) {
                seen.insert(vo_num);
                set.push_back(vo_num);
            }
            return true;
        }));
        if (!ready) return std::optional<ResultSet>();
        store::CandidateScan scan = plan.scan;
        scan.restrict_compositions = true;
        scan.vo_nums = std::move(set);
        // Each round evaluates its set afresh; the stats count every round's decoding.
        std::vector<std::vector<Scalar>> keys;
        KJ_ASSIGN_OR_RETURN(ResultSet rs, Evaluate(plan, scan, query, query_text, store, params, options, s, &keys));
        // The reference returns `limit` rows when there are offset+limit; the last is the k-th.
        // Its key is the one the sort used (a column's cell or the binding's first value at the
        // path); only a number can be compared with the index's values.
        const size_t limit = static_cast<size_t>(*query.limit);
        std::optional<Scalar> kth;
        if (rs.rows.size() == limit && keys.size() == limit && keys.back().size() == 1 && keys.back()[0].is_number())
            kth = keys.back()[0];
        if (kth && (exhausted || worse(last, *kth))) {
            s.top_k_compositions = scan.vo_nums.size();
            return std::optional<ResultSet>(std::move(rs));
        }
        if (exhausted) return std::optional<ResultSet>();  // null keys or too few rows: only all compositions decide
        if (kth) threshold = kth;
        else target *= 4;
    }
}

}  // namespace

Result<ResultSet> ExecutePlan(const QueryPlan& plan, const Query& query, std::string_view query_text,
                              store::Store& store, const QueryParameters& params, const ExecOptions& options,
                              PlannedRunStats* stats) {
    PlannedRunStats local;
    PlannedRunStats& s = stats ? *stats : local;
    s = {};
    if (plan.index_aggregate) {
        KJ_ASSIGN_OR_RETURN(std::optional<ResultSet> answered,
                            ExecuteIndexAggregate(*plan.index_aggregate, query, query_text, store, options, s));
        if (answered) return std::move(*answered);
    }
    if (plan.index_count) {
        KJ_ASSIGN_OR_RETURN(std::optional<ResultSet> answered,
                            ExecuteIndexCount(*plan.index_count, query, query_text, store, options, s));
        if (answered) return std::move(*answered);
    }
    if (plan.index_rows) {
        KJ_ASSIGN_OR_RETURN(std::optional<ResultSet> answered,
                            ExecuteIndexRows(*plan.index_rows, query, query_text, store, params, options, s));
        if (answered) return std::move(*answered);
        if (plan.decode_deferred) {  // the leaf index is not ready: decode after all
            QueryPlan decoding = plan;
            decoding.index_rows.reset();
            decoding.decode_deferred = false;
            decoding.decode = PlanDecode(query, params);
            return ExecutePlan(decoding, query, query_text, store, params, options, stats);
        }
    }
    if (plan.top_k) {
        KJ_ASSIGN_OR_RETURN(std::optional<ResultSet> answered,
                            ExecuteTopK(plan, query, query_text, store, params, options, s));
        if (answered) return std::move(*answered);
        // Falls back to the full scan; the stats keep what the top-k rounds decoded too.
    }
    store::CandidateScan scan = plan.scan;
    if (plan.whole_ehrs) {
        scan.compositions = store::IndexCondition::False();
        scan.payloads = false;
        scan.ehr_status = false;
    }
    return Evaluate(plan, scan, query, query_text, store, params, options, s);
}

Result<ResultSet> ExecutePlanned(const Query& query, std::string_view query_text, store::Store& store,
                                 const QueryParameters& params, const ExecOptions& options, PlannedRunStats* stats) {
    // Index-only rows of named EHRs are what PlanQuery would choose too (its other index
    // answers are aggregates or need the population), so a point query skips the rest of
    // planning, which costs as much as its answer.
    if (std::optional<IndexRows> rows = PlanIndexRows(query, params); rows && rows->scan.restrict_ehrs) {
        PlannedRunStats local;
        PlannedRunStats& s = stats ? *stats : local;
        s = {};
        KJ_ASSIGN_OR_RETURN(std::optional<ResultSet> answered,
                            ExecuteIndexRows(*rows, query, query_text, store, params, options, s));
        if (answered) return std::move(*answered);
    }
    return ExecutePlan(PlanQuery(query, params), query, query_text, store, params, options, stats);
}

}  // namespace kjerne::aql
