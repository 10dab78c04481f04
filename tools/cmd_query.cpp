// tools/cmd_query.cpp
//
// `kjerne query --db FILE [--ehr ID] [--param name=value]... [--json] [--explain] [--reference]
// 'AQL'`: runs an AQL query over the store and prints the result as a table (tab-separated,
// header first) or, with --json, in the openEHR REST result-set form. By default the query is
// planned over the containment index (aql/exec/planned_executor.hpp); --reference runs the
// reference evaluator over the whole store read into memory (aql/exec/store_data_source.hpp),
// the baseline it must agree with. --explain, or the query written as `EXPLAIN <query>`,
// prints the plan with candidate counts instead of running it. A parameter value that is valid JSON (42, true, "text") is taken as
// such, anything else as a string. Exit 0 with results, 1 on a query error (printed with
// line:col), 2 when the store cannot be opened.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "aql/exec/planned_executor.hpp"
#include "aql/exec/reference_evaluator.hpp"
#include "aql/exec/store_data_source.hpp"
#include "aql/parser/parser.hpp"
#include "aql/plan/explain.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

struct QueryArgs {
    std::string db;
    std::string ehr;
    std::vector<std::string> params;
    bool json = false;
    bool explain = false;
    bool reference = false;
    size_t max_rows = 10000;
    int timeout_ms = 30000;
    std::string query;
};

// A --param value: a double-quoted JSON string is that string, anything else is typed as
// aql::ParamFromText reads it (true/false, numbers, else text).
aql::Scalar ParamValue(const std::string& text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return aql::Scalar::String(text.substr(1, text.size() - 2));
    return aql::ParamFromText(text);
}

int RunQuery(QueryArgs args) {
    if (auto rest = aql::StripExplain(args.query)) {
        args.explain = true;
        args.query = std::string(*rest);
    }
    auto query = aql::Parse(args.query);
    if (!query.ok()) {
        std::cerr << "query: " << query.error().ToString() << '\n';
        return 1;
    }
    aql::QueryParameters params;
    for (const std::string& p : args.params) {
        size_t eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "query: --param takes name=value, got '" << p << "'\n";
            return 1;
        }
        params[p.substr(0, eq)] = ParamValue(p.substr(eq + 1));
    }
    store::StoreOptions opts;
    opts.path = args.db;
    opts.read_only = true;
    auto st = store::OpenSqliteStore(opts);
    if (!st.ok()) {
        std::cerr << "query: " << st.error().ToString() << '\n';
        return 2;
    }
    aql::ExecOptions exec;
    exec.max_rows = args.max_rows;
    exec.timeout = std::chrono::milliseconds(args.timeout_ms);
    Result<aql::ResultSet> rs = Error::Internal("query: not run");
    if (args.reference && !args.explain) {
        auto data = aql::LoadFromStore(**st, args.ehr);
        if (!data.ok()) {
            std::cerr << "query: " << data.error().ToString() << '\n';
            return 2;
        }
        rs = aql::ExecuteReference(*query, args.query, **data, params, exec);
    } else {
        aql::QueryPlan plan = aql::PlanQuery(*query, params);
        if (!args.ehr.empty()) {  // --ehr narrows the plan's EHRs, as LoadFromStore(ehr) does
            auto& ids = plan.scan.ehr_ids;
            bool keep = !plan.scan.restrict_ehrs || std::find(ids.begin(), ids.end(), args.ehr) != ids.end();
            plan.scan.restrict_ehrs = true;
            ids.assign(keep ? 1 : 0, args.ehr);
        }
        if (args.explain) {
            auto counts = aql::CountCandidates(plan, **st);
            if (!counts.ok()) {
                std::cerr << "query: " << counts.error().ToString() << '\n';
                return 2;
            }
            std::cout << aql::ExplainPlan(plan, *query, *counts);
            return 0;
        }
        aql::PlannedRunStats stats;
        rs = aql::ExecutePlan(plan, *query, args.query, **st, params, exec, &stats);
        std::cerr << "planned: " << stats.compositions_decoded << " compositions decoded in " << stats.ehrs_visited
                  << " EHRs" << (stats.stopped_early ? " (LIMIT reached early)" : "") << '\n';
    }
    if (!rs.ok()) {
        std::cerr << "query: " << rs.error().ToString() << '\n';
        return 1;
    }
    if (args.json) {
        std::cout << rs->ToJson() << '\n';
        return 0;
    }
    for (size_t i = 0; i < rs->columns.size(); ++i) std::cout << (i ? "\t" : "") << rs->columns[i].name;
    std::cout << '\n';
    for (const auto& row : rs->rows) {
        for (size_t i = 0; i < row.size(); ++i) std::cout << (i ? "\t" : "") << row[i];
        std::cout << '\n';
    }
    std::cerr << rs->rows.size() << (rs->rows.size() == 1 ? " row" : " rows") << '\n';
    return 0;
}

}  // namespace

void RegisterQueryCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<QueryArgs>();
    CLI::App* cmd = app.add_subcommand("query", "Run an AQL query over a store (planned over the containment index)");
    cmd->add_option("--db", args->db, "SQLite store file")->required();
    cmd->add_option("--ehr", args->ehr, "Only this EHR (an EHR-scoped query)");
    cmd->add_option("--param", args->params, "Query parameter name=value (JSON value or text); repeatable");
    cmd->add_flag("--json", args->json, "Print the openEHR REST result set (JSON)");
    cmd->add_flag("--explain", args->explain, "Print the plan with candidate counts instead of rows (or write EXPLAIN <query>)");
    cmd->add_flag("--reference", args->reference, "Run the reference evaluator over the whole store in memory (the baseline)");
    cmd->add_option("--max-rows", args->max_rows, "Refuse results larger than this (default 10000)");
    cmd->add_option("--timeout-ms", args->timeout_ms, "Query time limit in milliseconds (default 30000)");
    cmd->add_option("AQL", args->query, "The query")->required();
    cmd->callback([args, &exit_code] { exit_code = RunQuery(*args); });
}

}  // namespace kjerne::tools
