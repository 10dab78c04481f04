// engine/store/sqlite/candidate_scan_sql.cpp — see candidate_scan_sql.hpp.
#include "engine/store/sqlite/candidate_scan_sql.hpp"

#include <string>
#include <utility>
#include <vector>

#include "engine/store/payload.hpp"
#include "engine/store/sqlite/archetype_glob.hpp"

namespace kjerne::store::sqlite {
namespace {

// SQL text with its bound values (text, or a leaf bound), built from an IndexCondition.
struct SqlText {
    struct Value {
        std::string text;
        bool is_number = false;
        LeafBound number;
    };
    std::string sql;
    std::vector<Value> args;
    bool leaves_ready = false;  // leaf_index_state.ready: else kLeaf conditions are true
    // The scan names its EHRs or compositions: few candidates, so top-level conditions are
    // tested per composition (EXISTS by vo_num) instead of listing every composition of an
    // archetype (an IN list of 100 000 bp compositions at 1 M costs ~0.1 s; EXISTS ~4 ms).
    bool correlated = false;

    std::string Arg(std::string value) {
        args.push_back(Value{std::move(value), false, {}});
        return "?" + std::to_string(args.size());
    }
    std::string Arg(const LeafBound& value) {
        args.push_back(Value{{}, true, value});
        return "?" + std::to_string(args.size());
    }
};

bool IsLeafOp(const std::string& op) {
    return op == "<" || op == "<=" || op == ">" || op == ">=" || op == "=";
}

// The leaf rows of `c` (a kLeaf) under the archetype row alias `row`, as conditions on the
// leaf_value alias `l`; `archetype` is the SQL that matches the leaf's root archetype.
std::string LeafMatch(const IndexCondition& c, const std::string& l, const std::string& archetype, SqlText& out) {
    return l + ".path_num IN (SELECT p.path_num FROM leaf_path p WHERE p.path = " + out.Arg(c.leaf_path) +
           " AND p.archetype_id " + archetype + ") AND " + l + ".value " + c.leaf_op + " " + out.Arg(c.leaf_bound);
}


void Condition(const IndexCondition& c, const std::string& parent, int& depth, SqlText& out);

// Conditions that must all hold inside the row alias `row`.
void Inside(const std::vector<IndexCondition>& children, const std::string& row, int& depth, SqlText& out) {
    for (const IndexCondition& child : children) {
        out.sql += " AND ";
        Condition(child, row, depth, out);
    }
}

// `parent` is the alias of the enclosing archetype row, empty at the composition level.
void Condition(const IndexCondition& c, const std::string& parent, int& depth, SqlText& out) {
    switch (c.kind) {
        case IndexCondition::Kind::kTrue: out.sql += "1"; return;
        case IndexCondition::Kind::kFalse: out.sql += "0"; return;
        case IndexCondition::Kind::kAnd:
        case IndexCondition::Kind::kOr: {
            if (c.children.empty()) {
                out.sql += c.kind == IndexCondition::Kind::kAnd ? "1" : "0";
                return;
            }
            out.sql += "(";
            for (size_t i = 0; i < c.children.size(); ++i) {
                if (i) out.sql += c.kind == IndexCondition::Kind::kAnd ? " AND " : " OR ";
                Condition(c.children[i], parent, depth, out);
            }
            out.sql += ")";
            return;
        }
        case IndexCondition::Kind::kLeaf: {
            // Inside the archetype row `parent`: found by the object's leaves (leaf_value_by_vo).
            if (!out.leaves_ready || parent.empty() || !IsLeafOp(c.leaf_op)) {
                out.sql += "1";
                return;
            }
            std::string l = "l" + std::to_string(++depth);
            out.sql += "EXISTS (SELECT 1 FROM leaf_value " + l + " WHERE " + l + ".vo_num = " + parent + ".vo_num AND " +
                       l + ".root_num = " + parent + ".num AND " + LeafMatch(c, l, "= " + parent + ".archetype_id", out) +
                       ")";
            return;
        }
        case IndexCondition::Kind::kArchetype: break;
    }
    std::string x = "x" + std::to_string(++depth);
    std::string pattern = IsPattern(c.archetype) ? "GLOB " + out.Arg(GlobOf(c.archetype)) : "= " + out.Arg(c.archetype);
    std::string match = x + ".archetype_id " + pattern;
    // A top-level row with a leaf condition is driven by the leaf index's value range (the
    // key (path_num, value)): the rows in range, then their archetype rows by key.
    const IndexCondition* driver = nullptr;
    if (parent.empty() && out.leaves_ready && !out.correlated) {
        for (const IndexCondition& child : c.children)
            if (child.kind == IndexCondition::Kind::kLeaf && IsLeafOp(child.leaf_op)) {
                driver = &child;
                break;
            }
    }
    if (driver) {
        std::string l = "l" + std::to_string(++depth);
        out.sql += "o.vo_num IN (SELECT " + x + ".vo_num FROM leaf_value " + l + " JOIN contains_index " + x + " ON " +
                   x + ".vo_num = " + l + ".vo_num AND " + x + ".num = " + l + ".root_num WHERE " +
                   LeafMatch(*driver, l, pattern, out) + " AND " + match;
        for (const IndexCondition& child : c.children) {
            if (&child == driver) continue;
            out.sql += " AND ";
            Condition(child, x, depth, out);
        }
        out.sql += ")";
        return;
    }
    if (parent.empty() && out.correlated) {
        out.sql += "EXISTS (SELECT 1 FROM contains_index " + x + " WHERE " + x + ".vo_num = o.vo_num AND " + match;
    } else if (parent.empty()) {
        // At the top an IN list lets SQLite drive from contains_by_archetype (archetype_id, vo_num).
        out.sql += "o.vo_num IN (SELECT " + x + ".vo_num FROM contains_index " + x + " WHERE " + match;
    } else {
        out.sql += "EXISTS (SELECT 1 FROM contains_index " + x + " WHERE " + x + ".vo_num = " + parent +
                   ".vo_num AND " + x + ".num > " + parent + ".num AND " + x + ".num <= " + parent +
                   ".num_cap AND " + match;
    }
    Inside(c.children, x, depth, out);
    out.sql += ")";
}

// The EHR filter as a condition on ehr rows (alias e), "1" when there is none.
std::string EhrFilter(const CandidateScan& scan, SqlText& out) {
    std::string f = "1";
    if (scan.queryable_only) f += " AND e.is_queryable = 1";
    if (scan.only_ehrs_with_directory) {
        // The directory Store::GetEhr names (the FOLDER object of lowest vo_num), live when its
        // latest version is not a deletion (523; data is NULL exactly then): no FOLDER object
        // gives NULL, which fails the comparison like a deleted one.
        f += " AND (SELECT v.lifecycle_state FROM versioned_object d JOIN version v ON v.vo_num = d.vo_num AND "
             "v.sys_version = d.latest_version WHERE d.ehr_num = e.ehr_num AND d.kind = 'FOLDER' "
             "ORDER BY d.vo_num LIMIT 1) <> 523";
    }
    if (scan.restrict_ehrs) {
        f += " AND e.ehr_id IN (";
        for (size_t i = 0; i < scan.ehr_ids.size(); ++i) f += (i ? ", " : "") + out.Arg(scan.ehr_ids[i]);
        f += scan.ehr_ids.empty() ? "NULL)" : ")";
    }
    return f;
}

Statement& BindAll(Statement& st, const SqlText& text) {
    for (size_t i = 0; i < text.args.size(); ++i) {
        const SqlText::Value& v = text.args[i];
        int n = static_cast<int>(i + 1);
        if (!v.is_number) st.Bind(n, v.text);
        else if (v.number.is_int) st.Bind(n, v.number.i);
        else st.BindReal(n, v.number.d);
    }
    return st;
}

bool HasLeaf(const IndexCondition& c) {
    if (c.kind == IndexCondition::Kind::kLeaf) return true;
    for (const IndexCondition& child : c.children)
        if (HasLeaf(child)) return true;
    return false;
}

struct Key {
    int64_t ehr_num = 0;
    int64_t vo_num = 0;
    std::string vo_id;
};

// The candidate compositions' keys in EHR order, then composition order, stepped lazily so a
// caller that stops early leaves the rest unread (SQLite sorts only within an EHR, or only the
// candidates when an archetype drives the query).
class KeyCursor {
public:
    Status Open(Connection& c, const CandidateScan& scan) {
        if (scan.compositions.kind == IndexCondition::Kind::kFalse) {
            done_ = true;
            return OkStatus();
        }
        SqlText text;
        if (HasLeaf(scan.compositions)) {  // a point query, but one a one-EHR query need not pay
            KJ_ASSIGN_OR_RETURN(int64_t ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
            text.leaves_ready = ready != 0;
        }
        text.correlated = scan.restrict_ehrs || scan.restrict_compositions;
        std::string ehr_filter = EhrFilter(scan, text);
        text.sql = "SELECT o.ehr_num, o.vo_num, o.vo_id FROM versioned_object o";
        // Deleted compositions have no index rows and no payload, which the reader skips;
        // only a count without payloads needs the version row to leave them out.
        if (!scan.payloads)
            text.sql += " JOIN version v ON v.vo_num = o.vo_num AND v.sys_version = o.latest_version AND "
                        "v.lifecycle_state <> 523";
        text.sql += " WHERE o.kind = 'COMPOSITION'";
        if (ehr_filter != "1") text.sql += " AND o.ehr_num IN (SELECT e.ehr_num FROM ehr e WHERE " + ehr_filter + ")";
        if (scan.restrict_compositions) {
            std::string list = "[";
            for (size_t i = 0; i < scan.vo_nums.size(); ++i) list += (i ? "," : "") + std::to_string(scan.vo_nums[i]);
            text.sql += " AND o.vo_num IN (SELECT value FROM json_each(" + text.Arg(list + "]") + "))";
        }
        text.sql += " AND ";
        int depth = 0;
        Condition(scan.compositions, "", depth, text);
        text.sql += " ORDER BY o.ehr_num, o.vo_num";
        KJ_ASSIGN_OR_RETURN(st_, c.Prepare(text.sql));
        BindAll(st_, text);
        return Advance();
    }

    bool done() const { return done_; }
    const Key& key() const { return key_; }

    Status Advance() {
        if (done_) return OkStatus();
        KJ_ASSIGN_OR_RETURN(bool row, st_.Step());
        if (!row) {
            done_ = true;
            st_.Reset();
            return OkStatus();
        }
        key_ = Key{st_.Int(0), st_.Int(1), st_.Text(2)};
        return OkStatus();
    }

private:
    Statement st_;
    Key key_;
    bool done_ = false;
};

// Reads payloads and EHR rows by key, with statements prepared once per scan.
class Reader {
public:
    explicit Reader(Connection& c) : c_(c) {}

    Status Prepare(bool ehr_by_num) {
        KJ_ASSIGN_OR_RETURN(payload_, c_.Prepare(
            "SELECT v.encoding, v.data FROM versioned_object o "
            "JOIN version v ON v.vo_num = o.vo_num AND v.sys_version = o.latest_version WHERE o.vo_num = ?1"));
        KJ_ASSIGN_OR_RETURN(status_, c_.Prepare(
            "SELECT v.encoding, v.data FROM ehr e JOIN versioned_object o ON o.vo_id = e.ehr_status_vo_id "
            "JOIN version v ON v.vo_num = o.vo_num AND v.sys_version = o.latest_version WHERE e.ehr_num = ?1"));
        if (ehr_by_num) {
            KJ_ASSIGN_OR_RETURN(ehr_, c_.Prepare(
                "SELECT ehr_id, system_id, time_created, is_queryable FROM ehr WHERE ehr_num = ?1"));
        }
        return OkStatus();
    }

    Status Ehr(int64_t ehr_num, CandidateEhr& out) {
        ehr_.Reset();
        ehr_.Bind(1, ehr_num);
        KJ_ASSIGN_OR_RETURN(bool row, ehr_.Step());
        if (!row) return Error(ErrorCode::kCorruption, "store: EHR row " + std::to_string(ehr_num) + " vanished");
        out.ehr_id = ehr_.Text(0);
        out.system_id = ehr_.Text(1);
        out.time_created = ehr_.Text(2);
        out.is_queryable = ehr_.Int(3) != 0;
        ehr_.Reset();
        return OkStatus();
    }

    // Empty text for a deleted version (its data is NULL).
    Result<std::string> Payload(int64_t vo_num) { return Read(payload_, vo_num); }
    Result<std::string> EhrStatus(int64_t ehr_num) { return Read(status_, ehr_num); }

private:
    static Result<std::string> Read(Statement& st, int64_t key) {
        st.Reset();
        st.Bind(1, key);
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        std::string out;
        if (row && !st.IsNull(1)) {
            KJ_ASSIGN_OR_RETURN(out, DecodePayload(st.Blob(1), static_cast<int>(st.Int(0))));
        }
        st.Reset();
        return out;
    }

    Connection& c_;
    Statement payload_, status_, ehr_;
};

// Fills `ehr` with the keys of EHR `ehr_num` (the cursor's run of them) and hands it over;
// false = the caller stopped.
Result<bool> Deliver(const CandidateScan& scan, Reader& reader, int64_t ehr_num, KeyCursor& keys, CandidateEhr& ehr,
                     const std::function<bool(const CandidateEhr&)>& visit) {
    ehr.compositions.clear();
    while (!keys.done() && keys.key().ehr_num == ehr_num) {
        CandidateComposition comp;
        comp.vo_id = keys.key().vo_id;
        int64_t vo_num = keys.key().vo_num;
        KJ_TRY(keys.Advance());
        if (scan.payloads) {
            KJ_ASSIGN_OR_RETURN(comp.json, reader.Payload(vo_num));
            if (comp.json.empty()) continue;  // a deleted composition
        }
        ehr.compositions.push_back(std::move(comp));
    }
    if (scan.ehr_status) {
        KJ_ASSIGN_OR_RETURN(ehr.ehr_status_json, reader.EhrStatus(ehr_num));
    }
    return visit(ehr);
}

Status Scan(Connection& c, const CandidateScan& scan, const std::function<bool(const CandidateEhr&)>& visit) {
    KeyCursor keys;
    KJ_TRY(keys.Open(c, scan));
    Reader reader(c);
    KJ_TRY(reader.Prepare(scan.skip_ehrs_without_compositions));
    CandidateEhr ehr;
    if (scan.skip_ehrs_without_compositions) {
        while (!keys.done()) {
            int64_t num = keys.key().ehr_num;
            KJ_TRY(reader.Ehr(num, ehr));
            KJ_ASSIGN_OR_RETURN(bool more, Deliver(scan, reader, num, keys, ehr, visit));
            if (!more) return OkStatus();
        }
        return OkStatus();
    }
    // Every EHR that passes the filter, merged with the keys (both in ehr_num order; the keys
    // carry the same EHR filter, so none is skipped over).
    SqlText text;
    std::string filter = EhrFilter(scan, text);
    text.sql = "SELECT e.ehr_num, e.ehr_id, e.system_id, e.time_created, e.is_queryable FROM ehr e WHERE " + filter +
               " ORDER BY e.ehr_num";
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(text.sql));
    BindAll(st, text);
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        int64_t num = st.Int(0);
        ehr.ehr_id = st.Text(1);
        ehr.system_id = st.Text(2);
        ehr.time_created = st.Text(3);
        ehr.is_queryable = st.Int(4) != 0;
        while (!keys.done() && keys.key().ehr_num < num) KJ_TRY(keys.Advance());
        KJ_ASSIGN_OR_RETURN(bool more, Deliver(scan, reader, num, keys, ehr, visit));
        if (!more) break;
    }
    return OkStatus();
}

}  // namespace

Status ScanCandidates(Connection& c, const CandidateScan& scan,
                      const std::function<bool(const CandidateEhr&)>& visit) {
    // One read transaction: the keys, EHR rows and payloads come from one snapshot.
    KJ_TRY(c.Exec("BEGIN"));
    Status result = Scan(c, scan, visit);
    Status end = c.Exec(result.ok() ? "COMMIT" : "ROLLBACK");
    KJ_TRY(result);
    return end;
}

}  // namespace kjerne::store::sqlite
