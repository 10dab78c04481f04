// tools/bench_aql_questions.cpp — see bench_aql_questions.hpp.
#include "tools/bench_aql_questions.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace kjerne::tools {
namespace {

const std::string kBp = "openEHR-EHR-OBSERVATION.blood_pressure.v2";
const std::string kPulse = "openEHR-EHR-OBSERVATION.pulse.v2";
const std::string kPulseOx = "openEHR-EHR-OBSERVATION.pulse_oximetry.v1";
// Inside the observation (the blood pressure archetype's paths).
const std::string kEvents = "data[at0001]/events[at0006]/data[at0003]/items";
const std::string kSystolic = "o/" + kEvents + "[at0004]/value/magnitude";
const std::string kDiastolic = "o/" + kEvents + "[at0005]/value/magnitude";

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Every blood-pressure observation: its composition row and the observation's JSON path. The
// json_tree row of an object's archetype_node_id has that object's path; instr() skips the
// compositions that cannot have one without walking their JSON.
std::string BpObservations(const std::string& extra_where) {
    return "SELECT r.vo_num, r.ehr_id, r.uid, r.json, t.path AS obs FROM raw r, json_tree(r.json) t "
           "WHERE " + extra_where + "instr(r.json, " + Quote(kBp) + ") > 0 "
           "AND t.key = 'archetype_node_id' AND t.atom = " + Quote(kBp);
}

// One magnitude of an event's items with this node id (null when it has none).
std::string EventMagnitude(const std::string& node_id) {
    return "(SELECT i.value ->> '$.value.magnitude' FROM json_each(e.value, '$.data.items') i "
           "WHERE i.value ->> '$.archetype_node_id' = '" + node_id + "')";
}

// The at0006 events of each observation in `bp`, with their systolic and diastolic values.
std::string BpEvents() {
    return "SELECT bp.vo_num, bp.ehr_id, bp.uid, bp.obs, " + EventMagnitude("at0004") + " AS sys, " +
           EventMagnitude("at0005") + " AS dia "
           "FROM bp, json_each(bp.json, bp.obs || '.data.events') e "
           "WHERE e.value ->> '$.archetype_node_id' = 'at0006'";
}

std::string Canon(const char* text, bool is_null) {
    if (is_null) return "\x01null";
    std::string s(text);
    if (!s.empty()) {
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (end == s.c_str() + s.size()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.10g", d);
            return buf;
        }
    }
    return s;
}

// A JSON string literal's text (the engine's cells); the unescaping covers what uids, times
// and names hold.
std::string Unquote(const std::string& json) {
    std::string out;
    for (size_t i = 1; i + 1 < json.size(); ++i) {
        if (json[i] == '\\' && i + 2 < json.size()) ++i;
        out += json[i];
    }
    return out;
}

}  // namespace

std::vector<AqlQuestion> IssueQuestions(double systolic_above) {
    char threshold[32];
    std::snprintf(threshold, sizeof threshold, "%g", systolic_above);
    std::vector<AqlQuestion> qs;

    AqlQuestion q1;
    q1.name = "(1) one EHR's latest blood pressures";
    q1.aql = "SELECT c/uid/value, c/context/start_time/value AS t, " + kSystolic + " AS systolic, " + kDiastolic +
             " AS diastolic FROM EHR e[ehr_id/value=$ehr_id] CONTAINS COMPOSITION c CONTAINS OBSERVATION o[" + kBp +
             "] ORDER BY t DESC LIMIT 10";
    q1.sql = "WITH bp AS MATERIALIZED (" + BpObservations("r.ehr_id = ?1 AND ") + "), "
             "ev AS MATERIALIZED (" + BpEvents() + "), "
             // Zipped on the events: a row per event with a value, else one row of nulls.
             "obs_rows AS (SELECT vo_num, sys, dia FROM ev WHERE sys IS NOT NULL OR dia IS NOT NULL "
             "UNION ALL SELECT vo_num, NULL, NULL FROM bp WHERE NOT EXISTS (SELECT 1 FROM ev WHERE ev.vo_num = "
             "bp.vo_num AND ev.obs = bp.obs AND (ev.sys IS NOT NULL OR ev.dia IS NOT NULL))) "
             "SELECT r.uid, r.json ->> '$.context.start_time.value' AS t, o.sys, o.dia "
             "FROM obs_rows o JOIN raw r ON r.vo_num = o.vo_num ORDER BY t DESC LIMIT 10";
    q1.per_ehr = true;
    q1.columns = 4;
    q1.order_key = 1;
    q1.limit = 10;
    q1.goal_ms = 5;
    qs.push_back(q1);

    AqlQuestion q2;
    q2.name = std::string("(2) systolic > ") + threshold + ", top 100";
    q2.aql = "SELECT e/ehr_id/value, c/uid/value, " + kSystolic + " AS systolic FROM EHR e CONTAINS COMPOSITION c "
             "CONTAINS OBSERVATION o[" + kBp + "] WHERE " + kSystolic + " > " + threshold +
             " ORDER BY systolic DESC LIMIT 100";
    // WHERE is existential over the observation's values; its rows are all of them.
    q2.sql = "WITH bp AS (" + BpObservations("") + "), ev AS MATERIALIZED (" + BpEvents() + ") "
             "SELECT ehr_id, uid, sys FROM ev WHERE sys IS NOT NULL "
             "AND (vo_num, obs) IN (SELECT vo_num, obs FROM ev WHERE sys > " + threshold + ") ORDER BY sys DESC LIMIT 100";
    q2.columns = 3;
    q2.order_key = 2;
    q2.limit = 100;
    q2.goal_ms = 1000;
    qs.push_back(q2);

    AqlQuestion q3;
    q3.name = "(3) COUNT and AVG over blood pressure";
    q3.aql = "SELECT COUNT(*) AS n, AVG(" + kSystolic + ") AS mean FROM EHR e CONTAINS COMPOSITION c "
             "CONTAINS OBSERVATION o[" + kBp + "]";
    // One group per observation (COUNT(*) counts them), every systolic value in its events.
    q3.sql = "SELECT COUNT(*) AS n, SUM(s) * 1.0 / SUM(k) AS mean FROM ("
             "SELECT SUM(i.value ->> '$.value.magnitude') AS s, COUNT(i.value ->> '$.value.magnitude') AS k "
             "FROM raw r JOIN json_tree(r.json) t "
             "LEFT JOIN json_each(r.json, t.path || '.data.events') e ON e.value ->> '$.archetype_node_id' = 'at0006' "
             "LEFT JOIN json_each(e.value, '$.data.items') i ON i.value ->> '$.archetype_node_id' = 'at0004' "
             "WHERE instr(r.json, " + Quote(kBp) + ") > 0 AND t.key = 'archetype_node_id' AND t.atom = " + Quote(kBp) +
             " GROUP BY r.vo_num, t.id)";
    q3.columns = 2;
    q3.goal_ms = 1000;
    qs.push_back(q3);

    AqlQuestion q4;
    q4.name = "(4) (BP OR pulse) AND NOT pulse oximetry";
    q4.aql = "SELECT COUNT(*) AS n FROM EHR e CONTAINS COMPOSITION c CONTAINS ((OBSERVATION o[" + kBp +
             "] OR OBSERVATION p[" + kPulse + "]) AND NOT CONTAINS OBSERVATION x[" + kPulseOx + "])";
    // A binding per blood pressure or pulse observation of a composition without pulse oximetry;
    // instr() = 0 proves the absence cheaply, json_tree decides when the text is there.
    q4.sql = "SELECT COUNT(*) AS n FROM raw r, json_tree(r.json) t "
             "WHERE (instr(r.json, " + Quote(kBp) + ") > 0 OR instr(r.json, " + Quote(kPulse) + ") > 0) "
             "AND (instr(r.json, " + Quote(kPulseOx) + ") = 0 OR NOT EXISTS (SELECT 1 FROM json_tree(r.json) x "
             "WHERE x.key = 'archetype_node_id' AND x.atom = " + Quote(kPulseOx) + ")) "
             "AND t.key = 'archetype_node_id' AND t.atom IN (" + Quote(kBp) + ", " + Quote(kPulse) + ")";
    q4.columns = 1;
    q4.goal_ms = 1000;
    qs.push_back(q4);
    return qs;
}

CanonRows CanonEngineRows(const std::vector<std::vector<std::string>>& rows) {
    CanonRows out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        std::vector<std::string> r;
        for (const std::string& cell : row) {
            if (cell == "null") r.push_back(Canon("", true));
            else if (!cell.empty() && cell.front() == '"') r.push_back(Canon(Unquote(cell).c_str(), false));
            else r.push_back(Canon(cell.c_str(), false));
        }
        out.push_back(std::move(r));
    }
    return out;
}

Result<CanonRows> RunSql(store::sqlite::Connection& raw, const AqlQuestion& q, const std::string& ehr_id) {
    auto st = raw.Prepare(q.sql);
    if (!st.ok()) return st.error();
    if (q.per_ehr) st->Bind(1, ehr_id);
    CanonRows rows;
    while (true) {
        auto has = st->Step();
        if (!has.ok()) return has.error();
        if (!*has) break;
        std::vector<std::string> r;
        for (int c = 0; c < q.columns; ++c) r.push_back(Canon(st->Text(c).c_str(), st->IsNull(c)));
        rows.push_back(std::move(r));
    }
    return rows;
}

bool SameRows(const CanonRows& a, const CanonRows& b, const AqlQuestion& q) {
    if (a.size() != b.size()) return false;
    if (q.order_key < 0) return a == b;
    const size_t k = static_cast<size_t>(q.order_key);
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].size() <= k || b[i].size() <= k || a[i][k] != b[i][k]) return false;
    for (size_t i = 0; i < a.size();) {
        size_t j = i;
        while (j < a.size() && a[j][k] == a[i][k]) ++j;
        bool cut = q.limit > 0 && a.size() == q.limit && j == a.size();
        if (!cut) {
            CanonRows x(a.begin() + static_cast<long>(i), a.begin() + static_cast<long>(j));
            CanonRows y(b.begin() + static_cast<long>(i), b.begin() + static_cast<long>(j));
            std::sort(x.begin(), x.end());
            std::sort(y.begin(), y.end());
            if (x != y) return false;
        }
        i = j;
    }
    return true;
}

}  // namespace kjerne::tools
