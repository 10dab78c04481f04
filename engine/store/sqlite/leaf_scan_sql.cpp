// engine/store/sqlite/leaf_scan_sql.cpp — see leaf_scan_sql.hpp.
#include "engine/store/sqlite/leaf_scan_sql.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/sqlite/archetype_glob.hpp"

namespace kjerne::store::sqlite {
namespace {

// Which population filters the data needs: joining every row to its EHR for is_queryable,
// and looking each up in contains_by_details, cost a third of a population scan; usually no
// EHR is hidden and no row is keyed by archetype_details, and then both are left out.
struct Population {
    bool filter_ehrs = false;
    bool by_details = false;

    std::string EhrJoin() const {
        return filter_ehrs ? " JOIN ehr e ON e.ehr_num = o.ehr_num" : "";
    }
    std::string NotByDetails() const {
        return by_details ? " AND NOT EXISTS (SELECT 1 FROM contains_by_details d WHERE d.vo_num = "
                            "x.vo_num AND d.num = x.num)"
                          : "";
    }
};

Result<Population> ReadPopulation(Connection& c, bool queryable_only) {
    Population p;
    if (queryable_only) {
        KJ_ASSIGN_OR_RETURN(int64_t hidden,
                            c.QueryInt("SELECT EXISTS (SELECT 1 FROM ehr WHERE is_queryable = 0)"));
        p.filter_ehrs = hidden != 0;
    }
    KJ_ASSIGN_OR_RETURN(int64_t details,
                        c.QueryInt("SELECT EXISTS (SELECT 1 FROM contains_by_details)"));
    p.by_details = details != 0;
    return p;
}

// The WHERE clause selecting the nodes over aliases x (contains_index), o (versioned_object)
// and e (ehr, when pop.EhrJoin()), with its text arguments; `archetype_column` is what the
// archetype must match.
std::string Nodes(const RootScan& scan, const std::string& archetype_column,
                  std::vector<std::string>& args, const Population& pop) {
    auto arg = [&](std::string v) {
        args.push_back(std::move(v));
        return "?" + std::to_string(args.size());
    };
    std::string w = archetype_column +
                    (IsPattern(scan.archetype) ? " GLOB " + arg(GlobOf(scan.archetype)) : " = " + arg(scan.archetype));
    w += " AND x.num > 0 AND x.rm_type IN (";
    for (size_t i = 0; i < scan.rm_types.size(); ++i) w += (i ? ", " : "") + arg(scan.rm_types[i]);
    w += scan.rm_types.empty() ? "NULL)" : ")";
    w += " AND o.kind = 'COMPOSITION'";
    if (pop.filter_ehrs) w += " AND e.is_queryable = 1";
    return w;
}

Statement& Bind(Statement& st, const std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size(); ++i) st.Bind(static_cast<int>(i + 1), args[i]);
    return st;
}

Result<int64_t> Count(Connection& c, const RootScan& scan) {
    KJ_ASSIGN_OR_RETURN(Population pop, ReadPopulation(c, scan.queryable_only));
    std::vector<std::string> args;
    std::string sql =
        "SELECT count(*) FROM contains_index x JOIN versioned_object o ON o.vo_num = x.vo_num" +
        pop.EhrJoin() + " WHERE " + Nodes(scan, "x.archetype_id", args, pop) + pop.NotByDetails();
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    Bind(st, args);
    KJ_ASSIGN_OR_RETURN(bool row, st.Step());
    int64_t n = row ? st.Int(0) : 0;
    st.Reset();
    return n;
}

Result<RootLeaves> Leaves(Connection& c, const RootScan& scan) {
    RootLeaves out;
    KJ_ASSIGN_OR_RETURN(int64_t ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
    out.ready = ready != 0;
    if (!out.ready || scan.paths.empty()) return out;
    KJ_ASSIGN_OR_RETURN(Population pop, ReadPopulation(c, scan.queryable_only));
    std::vector<std::string> args;
    // Leaf roots are nodes keyed by their own archetype_node_id, so no by-details row is one.
    std::string where = Nodes(scan, "p.archetype_id", args, pop);
    std::string paths;
    for (size_t i = 0; i < scan.paths.size(); ++i) {
        args.push_back(scan.paths[i]);
        paths += (i ? ", ?" : "?") + std::to_string(args.size());
    }
    std::string sql =
        "SELECT p.path, l.value, l.vo_num, l.root_num FROM leaf_path p JOIN leaf_value l ON "
        "l.path_num = p.path_num "
        "JOIN contains_index x ON x.vo_num = l.vo_num AND x.num = l.root_num "
        "JOIN versioned_object o ON o.vo_num = l.vo_num" +
        pop.EhrJoin() + " WHERE " + where + " AND p.path IN (" + paths +
        ") ORDER BY o.ehr_num, l.vo_num, l.root_num, l.ord";
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    Bind(st, args);
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        RootLeaf leaf;
        std::string path = st.Text(0);
        for (size_t i = 0; i < scan.paths.size(); ++i)
            if (scan.paths[i] == path) leaf.path = i;
        leaf.is_int = st.IsInteger(1);
        if (leaf.is_int)
            leaf.i = st.Int(1);
        else
            leaf.d = st.Real(1);
        leaf.vo_num = st.Int(2);
        leaf.root_num = st.Int(3);
        out.values.push_back(leaf);
    }
    st.Reset();
    return out;
}

Result<bool> LeafOrder(Connection& c, const LeafOrderScan& scan,
                       const std::function<bool(int64_t, const RootLeaf&)>& visit) {
    KJ_ASSIGN_OR_RETURN(int64_t ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
    if (!ready) return false;
    // The path's numbers first: with one (an exact archetype id) the scan walks the key
    // (path_num, value) in order and stops when the caller does; several need a sort.
    const bool pattern = IsPattern(scan.archetype);
    KJ_ASSIGN_OR_RETURN(
        Statement nums,
        c.Prepare(std::string("SELECT path_num FROM leaf_path WHERE path = ?1 AND archetype_id ") +
                  (pattern ? "GLOB ?2" : "= ?2")));
    nums.Bind(1, scan.path).Bind(2, pattern ? GlobOf(scan.archetype) : scan.archetype);
    std::string list;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, nums.Step());
        if (!row) break;
        list += (list.empty() ? "" : ", ") + std::to_string(nums.Int(0));
    }
    nums.Reset();
    if (list.empty()) return true;
    std::string sql =
        "SELECT l.vo_num, l.value FROM leaf_value l JOIN versioned_object o ON o.vo_num = l.vo_num "
        "JOIN ehr e ON e.ehr_num = o.ehr_num WHERE l.path_num IN (" +
        list + ") AND o.kind = 'COMPOSITION'";
    if (scan.queryable_only) sql += " AND e.is_queryable = 1";
    sql += scan.descending ? " ORDER BY l.value DESC" : " ORDER BY l.value";
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        RootLeaf v;
        v.is_int = st.IsInteger(1);
        if (v.is_int)
            v.i = st.Int(1);
        else
            v.d = st.Real(1);
        if (!visit(st.Int(0), v)) break;
    }
    st.Reset();
    return true;
}

Result<int64_t> ArchetypeRows(
    Connection& c, const ArchetypeRowScan& scan,
    const std::function<bool(int64_t, const std::vector<IndexRow>&)>& visit) {
    // contains_by_details came with V004: before the leaf index is ready it may miss rows.
    KJ_ASSIGN_OR_RETURN(int64_t ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
    if (!ready) return -1;
    std::string q = scan.queryable_only ? " AND e.is_queryable = 1" : "";
    int64_t total = 0;
    if (scan.count_compositions) {
        KJ_ASSIGN_OR_RETURN(
            total,
            c.QueryInt(
                "SELECT count(*) FROM versioned_object o JOIN version v ON v.vo_num = o.vo_num AND "
                "v.sys_version = o.latest_version JOIN ehr e ON e.ehr_num = o.ehr_num WHERE o.kind "
                "= 'COMPOSITION' "
                "AND v.lifecycle_state <> 523" +
                q));
    }
    if (scan.archetypes.empty()) return total;
    std::vector<std::string> args;
    std::string match;
    for (const std::string& a : scan.archetypes) {
        const bool pattern = IsPattern(a);
        args.push_back(pattern ? GlobOf(a) : a);
        match += (match.empty() ? "" : " OR ") + std::string("x.archetype_id ") +
                 (pattern ? "GLOB ?" : "= ?") + std::to_string(args.size());
    }
    KJ_ASSIGN_OR_RETURN(Population pop, ReadPopulation(c, scan.queryable_only));
    std::string sql =
        "SELECT x.vo_num, x.num, x.num_cap, x.parent_num, x.rm_type, x.archetype_id FROM "
        "contains_index x JOIN versioned_object o ON o.vo_num = x.vo_num" +
        pop.EhrJoin() + " WHERE (" + match + ") AND o.kind = 'COMPOSITION'" +
        (pop.filter_ehrs ? " AND e.is_queryable = 1" : "") + pop.NotByDetails() +
        " ORDER BY x.vo_num, x.num";
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    for (size_t i = 0; i < args.size(); ++i) st.Bind(static_cast<int>(i + 1), args[i]);
    std::vector<IndexRow> rows;
    int64_t current = -1;
    bool more = true;
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        int64_t vo = row ? st.Int(0) : -1;
        if (vo != current && !rows.empty()) {
            more = visit(current, rows);
            rows.clear();
            if (!more) break;
        }
        if (!row) break;
        current = vo;
        rows.push_back(IndexRow{st.Int(1), st.Int(2), st.Int(3), st.Text(4), st.Text(5)});
    }
    st.Reset();
    return total;
}

// The RM types whose nodes can sit in a FOLDER (its details: an ITEM_STRUCTURE and its
// items); contains_index has FOLDER objects' rows too, and only these can match them.
bool CanBeInFolder(const std::vector<std::string>& rm_types) {
    static constexpr const char* kFolderTypes[] = {"FOLDER",     "ITEM_STRUCTURE", "ITEM_TREE", "ITEM_LIST",
                                                   "ITEM_SINGLE", "ITEM_TABLE",     "ITEM",      "CLUSTER",
                                                   "ELEMENT"};
    for (const std::string& t : rm_types)
        for (const char* f : kFolderTypes)
            if (t == f) return true;
    return false;
}

Result<bool> IndexRows(Connection& c, const IndexRowScan& scan, bool known_ready, const ScanPathNums* nums,
                       const std::function<bool(const IndexRowNode&)>& visit) {
    if (!known_ready) {
        KJ_ASSIGN_OR_RETURN(int64_t ready, c.QueryInt("SELECT ready FROM leaf_index_state"));
        if (!ready) return false;
    }
    if (scan.restrict_ehrs && scan.ehr_ids.empty()) return true;
    // Named EHRs are few: testing each node against contains_by_details costs less than a
    // statement asking whether the table is empty.
    Population pop;
    pop.by_details = true;
    if (!scan.restrict_ehrs) {
        KJ_ASSIGN_OR_RETURN(pop, ReadPopulation(c, scan.queryable_only));
    }
    std::vector<std::string> args;
    auto arg = [&](std::string v) {
        args.push_back(std::move(v));
        return "?" + std::to_string(args.size());
    };
    args.reserve(2 + scan.ehr_ids.size() + scan.rm_types.size());
    // One EHR (or a few) drives from its ehr row into contains_by_ehr (archetype, ehr, object,
    // node); the population walks contains_by_ehr in EHR order. An object's leaves are one
    // range of leaf_value_by_vo in (root, position) order; its header leaves are root 0's.
    std::string sql;
    sql.reserve(1024);
    sql += std::string("SELECT e.ehr_id, x.vo_num, x.num, l.root_num, ") +
                      (nums ? "l.path_num" : "p.path") + ", l.value, l.list_at, l.list_index FROM ";
    std::string archetype = IsPattern(scan.archetype) ? "x.archetype_id GLOB " + arg(GlobOf(scan.archetype))
                                                      : "x.archetype_id = " + arg(scan.archetype);
    if (scan.restrict_ehrs)
        sql += "ehr e JOIN contains_index x INDEXED BY contains_by_ehr ON " + archetype + " AND x.ehr_num = e.ehr_num";
    else
        sql += "contains_index x INDEXED BY contains_by_ehr JOIN ehr e ON e.ehr_num = x.ehr_num";
    if (CanBeInFolder(scan.rm_types))
        sql += " JOIN versioned_object o ON o.vo_num = x.vo_num AND o.kind = 'COMPOSITION'";
    if (nums) {
        // The asked paths' rows are picked by number below: an IN list here would cost SQLite
        // a temporary index per statement, more than the few extra rows.
        sql += " LEFT JOIN leaf_value l ON l.vo_num = x.vo_num WHERE ";
    } else {
        sql += " LEFT JOIN leaf_value l ON l.vo_num = x.vo_num LEFT JOIN leaf_path p ON p.path_num = l.path_num WHERE ";
    }
    if (scan.restrict_ehrs) {
        sql += "e.ehr_id IN (";
        for (size_t i = 0; i < scan.ehr_ids.size(); ++i) sql += (i ? ", " : "") + arg(scan.ehr_ids[i]);
        sql += ")";
        if (scan.queryable_only) sql += " AND e.is_queryable = 1";  // named in WHERE, not by an EHR predicate
    } else {
        sql += archetype;
        if (pop.filter_ehrs) sql += " AND e.is_queryable = 1";
    }
    sql += " AND x.num > 0 AND x.rm_type IN (";
    for (size_t i = 0; i < scan.rm_types.size(); ++i) sql += (i ? ", " : "") + arg(scan.rm_types[i]);
    sql += scan.rm_types.empty() ? "NULL)" : ")";
    sql += pop.NotByDetails();
    sql += " ORDER BY x.ehr_num, x.vo_num, x.num";
    KJ_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
    Bind(st, args);
    IndexRowNode node;
    bool open = false;
    auto find = [](const std::vector<std::string>& paths, std::string_view path) -> std::optional<size_t> {
        for (size_t i = 0; i < paths.size(); ++i)
            if (paths[i] == path) return i;
        return std::nullopt;
    };
    for (;;) {
        KJ_ASSIGN_OR_RETURN(bool row, st.Step());
        const int64_t vo = row ? st.Int(1) : -1, num = row ? st.Int(2) : -1;
        if (open && (vo != node.vo_num || num != node.num)) {
            open = false;
            if (!visit(node)) break;
        }
        if (!row) break;
        if (!open) {
            node.ehr_id = st.Text(0);
            node.vo_num = vo;
            node.num = num;
            node.header.clear();
            node.leaves.clear();
            open = true;
        }
        if (st.IsNull(3)) continue;  // no leaves at all
        const int64_t root = st.Int(3);
        if (root != 0 && root != num) continue;
        std::optional<size_t> at;
        if (nums) {
            const std::vector<int64_t>& in = root == 0 ? nums->header : nums->node;
            auto it = std::find(in.begin(), in.end(), st.Int(4));
            if (it != in.end()) at = static_cast<size_t>(it - in.begin());
        } else {
            at = find(root == 0 ? scan.header_paths : scan.node_paths, st.Text(4));
        }
        if (!at) continue;
        IndexLeaf leaf;
        leaf.path = *at;
        if (st.IsText(5)) {
            leaf.kind = IndexLeaf::Kind::kText;
            leaf.text = st.Text(5);
        } else if (st.IsInteger(5)) {
            leaf.kind = IndexLeaf::Kind::kInt;
            leaf.i = st.Int(5);
        } else {
            leaf.kind = IndexLeaf::Kind::kReal;
            leaf.d = st.Real(5);
        }
        leaf.list_at = st.Int(6);
        leaf.list_index = st.Int(7);
        (root == 0 ? node.header : node.leaves).push_back(std::move(leaf));
    }
    st.Reset();
    return true;
}

template <typename T>
Result<T> InSnapshot(Connection& c, const std::function<Result<T>()>& read) {
    KJ_TRY(c.Exec("BEGIN"));
    Result<T> r = read();
    Status end = c.Exec(r.ok() ? "COMMIT" : "ROLLBACK");
    if (r.ok() && !end.ok()) return end.error();
    return r;
}

}  // namespace

Result<int64_t> CountRoots(Connection& c, const RootScan& scan) {
    return InSnapshot<int64_t>(c, [&] { return Count(c, scan); });
}

Result<RootLeaves> ScanRootLeaves(Connection& c, const RootScan& scan) {
    return InSnapshot<RootLeaves>(c, [&] { return Leaves(c, scan); });
}

Result<int64_t> ScanArchetypeRows(
    Connection& c, const ArchetypeRowScan& scan,
    const std::function<bool(int64_t, const std::vector<IndexRow>&)>& visit) {
    return InSnapshot<int64_t>(c, [&] { return ArchetypeRows(c, scan, visit); });
}

Result<bool> ScanLeafOrder(Connection& c, const LeafOrderScan& scan,
                           const std::function<bool(int64_t, const RootLeaf&)>& visit) {
    return InSnapshot<bool>(c, [&] { return LeafOrder(c, scan, visit); });
}

Result<bool> ScanIndexRows(Connection& c, const IndexRowScan& scan, bool known_ready, const ScanPathNums* nums,
                           const std::function<bool(const IndexRowNode&)>& visit) {
    // Known ready and no population filter to look up: one statement, its own snapshot.
    if (known_ready && scan.restrict_ehrs) return IndexRows(c, scan, known_ready, nums, visit);
    return InSnapshot<bool>(c, [&] { return IndexRows(c, scan, known_ready, nums, visit); });
}

}  // namespace kjerne::store::sqlite
