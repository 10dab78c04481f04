// aql/exec/planned_executor.cpp — see planned_executor.hpp.
#include "aql/exec/planned_executor.hpp"

#include <memory>

#include "aql/exec/store_data_source.hpp"
#include "engine/codec/json_reader.hpp"

namespace kjerne::aql {
namespace {

// One candidate EHR as the evaluator's EhrView: its EHR node, its EHR_STATUS (the stored one
// when the plan reads it; else a default, never looked at, with the stored queryable flag)
// and its decoded candidate compositions.
Status FeedEhr(const store::CandidateEhr& e, codec::JsonReader& reader, EhrByEhrEvaluator& ev,
               PlannedRunStats& stats) {
    InMemoryDataSource one;
    std::unique_ptr<rm::Document> status;
    if (!e.ehr_status_json.empty()) {
        KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(e.ehr_status_json));
        status = std::make_unique<rm::Document>(std::move(doc));
    }
    const bool stored_status = status != nullptr;
    EhrView& view = one.AddEhr(e.ehr_id, e.system_id, e.time_created, std::move(status));
    if (!stored_status) view.queryable = e.is_queryable;
    for (const store::CandidateComposition& c : e.compositions) {
        KJ_ASSIGN_OR_RETURN(rm::Document doc, reader.Read(c.json));
        one.AddComposition(view, std::make_unique<rm::Document>(std::move(doc)));
        ++stats.compositions_decoded;
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

}  // namespace

Result<ResultSet> ExecutePlan(const QueryPlan& plan, const Query& query, std::string_view query_text,
                              store::Store& store, const QueryParameters& params, const ExecOptions& options,
                              PlannedRunStats* stats) {
    PlannedRunStats local;
    PlannedRunStats& s = stats ? *stats : local;
    s = {};
    EhrByEhrEvaluator ev(query, query_text, params, options);
    codec::JsonReader reader;
    Status fed = OkStatus();
    store::CandidateScan scan = plan.scan;
    if (plan.whole_ehrs) {
        scan.compositions = store::IndexCondition::False();
        scan.payloads = false;
        scan.ehr_status = false;
    }
    KJ_TRY(store.ScanCandidates(scan, [&](const store::CandidateEhr& e) {
        fed = plan.whole_ehrs ? FeedWholeEhr(store, e.ehr_id, ev, s) : FeedEhr(e, reader, ev, s);
        if (!fed.ok()) return false;
        if (plan.streams && ev.Satisfied()) {
            s.stopped_early = true;
            return false;
        }
        return true;
    }));
    KJ_TRY(fed);
    return ev.Finish();
}

Result<ResultSet> ExecutePlanned(const Query& query, std::string_view query_text, store::Store& store,
                                 const QueryParameters& params, const ExecOptions& options, PlannedRunStats* stats) {
    return ExecutePlan(PlanQuery(query, params), query, query_text, store, params, options, stats);
}

}  // namespace kjerne::aql
