// aql/plan/explain.cpp — see explain.hpp.
#include "aql/plan/explain.hpp"

#include <cctype>

#include "engine/codec/codec_common.hpp"

namespace kjerne::aql {
namespace {

using store::IndexCondition;
using Kind = IndexCondition::Kind;

std::string Condition(const IndexCondition& c) {
    switch (c.kind) {
        case Kind::kTrue: return "any";
        case Kind::kFalse: return "none";
        case Kind::kAnd:
        case Kind::kOr: {
            std::string s = "(";
            for (size_t i = 0; i < c.children.size(); ++i)
                s += (i ? (c.kind == Kind::kAnd ? " AND " : " OR ") : "") + Condition(c.children[i]);
            return s + ")";
        }
        case Kind::kLeaf: {
            const store::LeafBound& b = c.leaf_bound;
            return "leaf '" + c.leaf_path + "' " + c.leaf_op + " " +
                   (b.is_int ? std::to_string(b.i) : codec::FormatReal(b.d));
        }
        case Kind::kArchetype: break;
    }
    bool pattern = c.archetype.find_first_of("*?") != std::string::npos;
    std::string s = std::string(pattern ? "archetype pattern '" : "archetype '") + c.archetype + "'";
    if (c.children.size() == 1) s += " containing " + Condition(c.children[0]);
    else if (!c.children.empty()) {
        IndexCondition all;
        all.kind = Kind::kAnd;
        all.children = c.children;
        s += " containing " + Condition(all);
    }
    return s;
}

std::string Quoted(const std::vector<std::string>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", '" : "'") + ids[i] + "'";
    return s;
}

}  // namespace

Result<PlanCounts> CountCandidates(const QueryPlan& plan, store::Store& store) {
    PlanCounts counts;
    store::CandidateScan scan = plan.scan;
    scan.payloads = false;
    scan.ehr_status = false;
    // A whole-EHR plan decodes every latest composition of the EHRs it visits (VERSION reads
    // their history too, which this count leaves out).
    if (plan.whole_ehrs) scan.compositions = IndexCondition::True();
    KJ_TRY(store.ScanCandidates(scan, [&](const store::CandidateEhr& e) {
        ++counts.ehrs;
        counts.compositions += e.compositions.size();
        return true;
    }));
    KJ_ASSIGN_OR_RETURN(store::StoreStats stats, store.Stats());
    counts.stored_compositions = stats.compositions;
    return counts;
}

std::string ExplainPlan(const QueryPlan& plan, const Query& query, const std::optional<PlanCounts>& counts) {
    const store::CandidateScan& scan = plan.scan;
    std::string out = "PLAN\n";
    if (plan.whole_ehrs && plan.directory) {
        out += "candidates: whole EHRs, every composition with its history and the directory (FOLDER in FROM or "
               "e/directory: folders are not in the containment index)\n";
    } else if (plan.whole_ehrs) {
        out += "candidates: whole EHRs, every composition with its history (VERSION / VERSIONED_OBJECT in FROM)\n";
    } else if (plan.unknown_class) {
        out += "candidates: every composition of every EHR (FROM has an unknown class or a predicate that can fail)\n";
    } else if (scan.compositions.kind == Kind::kFalse) {
        out += "candidates: no compositions (FROM binds none)\n";
    } else if (scan.compositions.kind == Kind::kTrue) {
        out += "candidates: every composition (no archetype in FROM narrows them)\n";
    } else {
        out += "candidates: compositions whose containment index has " + Condition(scan.compositions) + "\n";
    }
    for (const std::string& c : plan.classes) out += "class " + c + "\n";
    out += "EHRs: ";
    out += scan.restrict_ehrs ? "ehr_id in (" + Quoted(scan.ehr_ids) + ")" : "all";
    out += scan.queryable_only ? "; is_queryable=false hidden (population query)" : "; is_queryable ignored (EHR predicate)";
    if (scan.skip_ehrs_without_compositions) out += "; only EHRs with a candidate";
    if (scan.only_ehrs_with_directory) out += "; only EHRs with a directory";
    out += "\n";
    out += std::string("EHR_STATUS: ") + (scan.ehr_status ? "read per EHR" : "not read") + "\n";
    if (counts) {
        out += "counts: " + std::to_string(counts->ehrs) + " EHRs, " + std::to_string(counts->compositions) +
               " compositions to decode (of " + std::to_string(counts->stored_compositions) + " stored)\n";
    }
    if (const auto& agg = plan.index_aggregate) {
        out += "index-only aggregate: ";
        if (agg->needs_count) out += "COUNT(*) from the containment index";
        if (agg->needs_count && agg->needs_leaves) out += "; ";
        if (agg->needs_leaves) {
            out += "leaf values of ";
            for (size_t i = 0; i < agg->scan.paths.size(); ++i) out += (i ? ", '" : "'") + agg->scan.paths[i] + "'";
        }
        out += " (no composition decoded; the scan below only if the leaf index is not ready)\n";
    }
    if (plan.index_count) {
        out += "index-only count: COUNT(*) of the CONTAINS bindings from the containment index rows of " +
               std::to_string(plan.index_count->archetypes.size()) +
               " archetype(s), composition by composition (no composition decoded)\n";
    }
    if (const auto& t = plan.top_k) {
        out += "top-k: compositions in " + std::string(t->scan.descending ? "descending" : "ascending") +
               " order of leaf '" + t->scan.path + "' (leaf index), growing until the " + std::to_string(t->rows) +
               "th row's key beats every unread value; everything if that cannot be shown\n";
    }
    if (const auto& r = plan.index_rows) {
        std::string paths;
        for (const std::string& p : r->scan.header_paths) paths += (paths.empty() ? "'" : ", '") + p + "'";
        for (const std::string& p : r->scan.node_paths) paths += (paths.empty() ? "'" : ", '") + p + "'";
        out += "index-only rows: the nodes of archetype '" + r->scan.archetype + "' with their leaves" +
               (paths.empty() ? std::string() : " " + paths) +
               ", zipped per binding (no composition decoded; the scan below only if the leaf index is not ready)\n";
    }
    if (plan.decode_deferred)
        out += "decode: nothing (index-only rows; planned when a store's leaf index is not ready)";
    else
        out += plan.decode.projection ? "decode: only what the query reads — " + DescribeProjection(*plan.decode.projection)
                                      : "decode: whole compositions (" + plan.decode.whole_reason + ")";
    out += "\n";
    std::string vars;
    for (size_t i = 0; i < plan.variables.size(); ++i) vars += (i ? ", " : "") + plan.variables[i];
    out += "per EHR: decode the candidates; bind " + vars + " by containment";
    if (query.where) out += "; filter by WHERE";
    out += "; project " + std::to_string(query.columns.size()) + " column(s)\n";
    std::string after;
    bool aggregates = false;
    for (const auto& c : query.columns) aggregates |= std::holds_alternative<AggregateCall>(c.expr);
    if (aggregates) after += "aggregate; ";
    if (!query.order_by.empty()) after += "ORDER BY " + std::to_string(query.order_by.size()) + " key(s); ";
    if (query.distinct) after += "DISTINCT; ";
    if (query.offset) after += "OFFSET " + std::to_string(*query.offset) + "; ";
    if (auto limit = query.limit ? query.limit : query.top) {
        after += "LIMIT " + std::to_string(*limit);
        after += plan.streams ? " (streamed: reading stops once the rows are there); " : " (after all rows); ";
    }
    if (!after.empty()) out += "then: " + after.substr(0, after.size() - 2) + "\n";
    return out;
}

std::optional<std::string_view> StripExplain(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    constexpr std::string_view kw = "EXPLAIN";
    if (text.size() - i <= kw.size()) return std::nullopt;
    for (size_t k = 0; k < kw.size(); ++k)
        if (std::toupper(static_cast<unsigned char>(text[i + k])) != kw[k]) return std::nullopt;
    if (!std::isspace(static_cast<unsigned char>(text[i + kw.size()]))) return std::nullopt;
    return text.substr(i + kw.size() + 1);
}

}  // namespace kjerne::aql
