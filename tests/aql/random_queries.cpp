// tests/aql/random_queries.cpp — see random_queries.hpp.
#include "tests/aql/random_queries.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <functional>
#include <optional>
#include <random>

#include "engine/bmm/rm_schema.hpp"
#include "engine/codec/codec_common.hpp"
#include "engine/store/containment_index.hpp"

namespace kjerne::test {
namespace {

// Attributes whose contents make no interesting query paths.
bool Skipped(const std::string& attribute) {
    return attribute == "archetype_details" || attribute == "feeder_audit" || attribute == "links";
}

// A value as an AQL literal; nullopt for text the generator would have to escape.
std::optional<std::string> Literal(const rm::Value& v) {
    switch (v.kind) {
        case rm::ValueKind::kBool: return std::string(v.u.b ? "true" : "false");
        case rm::ValueKind::kInt: return std::to_string(v.u.i);
        case rm::ValueKind::kReal: return codec::FormatReal(v.u.d);
        case rm::ValueKind::kString: {
            std::string_view s = v.str();
            if (s.empty() || s.size() > 60) return std::nullopt;
            for (char c : s)
                if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(" _.:-+/,").find(c) == std::string_view::npos)
                    return std::nullopt;
            return "'" + std::string(s) + "'";
        }
        default: return std::nullopt;
    }
}

// A node id a path predicate can name as it is.
bool PlainNodeId(const std::string& id) {
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
    return true;
}

class Harvester {
public:
    explicit Harvester(QueryVocabulary& v) : v_(v), s_(bmm::Schema::Rm()) {}

    void Composition(const rm::Node* root) {
        std::string id(root->String(s_, "archetype_node_id"));
        if (!store::LooksLikeArchetypeId(id)) return;
        v_.archetypes[id].rm_type = std::string(s_.Name(root->type));
        Walk(root, id, "", 0);
    }

private:
    void Walk(const rm::Node* n, const std::string& root, const std::string& path, int depth) {
        if (depth > 12) return;
        for (const rm::Attr& attr : n->attributes()) {
            const std::string& name = s_.Prop(n->type, attr.slot).name;
            if (Skipped(name)) continue;
            auto each = [&](const rm::Value& v) {
                if (const rm::Node* c = v.node()) {
                    std::string nid(c->String(s_, "archetype_node_id"));
                    if (store::LooksLikeArchetypeId(nid)) {
                        auto& a = v_.archetypes[nid];
                        a.rm_type = std::string(s_.Name(c->type));
                        a.containers.insert(root);
                        Walk(c, nid, "", 0);
                        return;
                    }
                    if (!PlainNodeId(nid)) return;  // the corpus has an id written "[at0001]"
                    std::string p = path + "/" + name + (nid.empty() ? "" : "[" + nid + "]");
                    if (s_.Name(c->type).substr(0, 3) == "DV_") v_.archetypes[root].objects.insert(p);
                    Walk(c, root, p, depth + 1);
                } else if (!v.is_list()) {
                    auto lit = Literal(v);
                    if (!lit) return;
                    auto& values = v_.archetypes[root].leaves[path + "/" + name];
                    if (values.size() < 8 && std::find(values.begin(), values.end(), *lit) == values.end())
                        values.push_back(*lit);
                }
            };
            if (attr.value.is_list()) {
                for (const rm::Value& v : attr.value.items()) each(v);
            } else {
                each(attr.value);
            }
        }
    }

    QueryVocabulary& v_;
    const bmm::Schema& s_;
};

class Generator {
public:
    Generator(const QueryVocabulary& v, uint32_t seed) : v_(v), rng_(seed) {
        for (const auto& [id, a] : v.archetypes) {
            (a.rm_type == "COMPOSITION" ? compositions_ : entries_).push_back(id);
        }
    }

    GeneratedQuery One() {
        GeneratedQuery g;
        params_ = &g.params;
        has_e_ = has_c_ = true;
        if (Chance(8)) {
            g.text = PopulationAggregate();
            if (!g.text.empty()) return g;
        }
        if (Chance(8)) {
            g.text = IndexRowsQuery();
            if (!g.text.empty()) return g;
        }
        if (Chance(6)) {  // COUNT(*) of any CONTAINS shape (aql/plan/index_count.hpp counts some)
            g.text = std::string("SELECT COUNT(*)") + (Chance(30) ? " AS n" : "") + " FROM " + From();
            return g;
        }
        std::string from = From();
        const ArchetypeVocabulary& xv = v_.archetypes.at(x_);
        bool aggregate = Chance(15);
        std::vector<std::string> columns;
        std::vector<std::string> paths;  // the non-aggregate columns' paths, for ORDER BY
        size_t n = 1 + Pick(3);
        for (size_t i = 0; i < n; ++i) {
            std::string col = Column(xv);
            paths.push_back(col);
            columns.push_back(col);
        }
        if (aggregate) {
            const char* fn[] = {"COUNT(*)", "COUNT", "MAX", "MIN", "COUNT(DISTINCT", "SUM", "AVG"};
            std::string f = fn[Pick(7)];
            // SUM / AVG need numbers; the others take numeric leaves often too (the leaf index).
            std::string numeric = NumericLeaf(xv);
            std::string leaf = (f == "SUM" || f == "AVG" || (Chance(50) && !numeric.empty())) ? numeric : Leaf(xv);
            if (leaf.empty() && (f == "SUM" || f == "AVG")) f = "COUNT(*)";
            std::string agg = f == "COUNT(*)" ? f
                              : leaf.empty()  ? "COUNT(*)"
                              : f == "COUNT(DISTINCT" ? f + " x" + leaf + ")"
                                                      : f + "(x" + leaf + ")";
            columns.resize(Chance(50) ? 0 : Pick(2));  // grouped by zero or one column
            paths.resize(columns.size());
            columns.push_back(agg);
        }
        std::string q = std::string("SELECT ") + (Chance(5) ? "DISTINCT " : "");
        for (size_t i = 0; i < columns.size(); ++i) q += (i ? ", " : "") + columns[i];
        q += " FROM " + from;
        std::string where = Where(xv);
        if (!where.empty()) q += " WHERE " + where;
        std::string numeric = NumericLeaf(xv);
        if (!aggregate && !numeric.empty() && Chance(20)) {
            // A top-k: ORDER BY the alias of a numeric leaf column, LIMIT (aql/plan/top_k.hpp).
            size_t at = q.find(" FROM ");
            q.insert(at, ", x" + numeric + " AS k");
            q += std::string(" ORDER BY k") + (Chance(60) ? " DESC" : Chance(50) ? " ASC" : "");
            q += " LIMIT " + std::to_string(1 + Pick(8));
            if (Chance(25)) q += " OFFSET " + std::to_string(Pick(4));
            g.text = q;
            return g;
        }
        if (!aggregate && !numeric.empty() && Chance(15)) {
            // A top-k keyed by the leaf written as a path: with node ids on it, it names no
            // column and sorts each binding's rows by its first value there. Sometimes the same
            // leaf is a column too, zipping with the other columns that reach its list.
            if (Chance(40)) q.insert(q.find(" FROM "), ", x" + numeric);
            q += " ORDER BY x" + numeric + (Chance(60) ? " DESC" : Chance(50) ? " ASC" : "");
            q += " LIMIT " + std::to_string(1 + Pick(8));
            if (Chance(25)) q += " OFFSET " + std::to_string(Pick(4));
            g.text = q;
            return g;
        }
        if (!aggregate && Chance(35)) {
            q += " ORDER BY ";
            size_t keys = 1 + Pick(2);
            for (size_t i = 0; i < keys; ++i) {
                std::string numeric = NumericLeaf(xv);
                std::string key = Chance(30) && !numeric.empty() ? "x" + numeric
                                  : Chance(70) && !paths.empty() ? paths[Pick(paths.size())]
                                                                 : "x" + Leaf(xv);
                if (key == "x") key = "x/name/value";
                q += (i ? ", " : "") + key + (Chance(40) ? " DESC" : Chance(50) ? " ASC" : "");
            }
        }
        if (Chance(35)) {
            q += " LIMIT " + std::to_string(1 + Pick(6));
            if (Chance(30)) q += " OFFSET " + std::to_string(Pick(4));
        }
        g.text = q;
        return g;
    }

private:
    size_t Pick(size_t n) { return n == 0 ? 0 : rng_() % n; }
    bool Chance(unsigned percent) { return rng_() % 100 < percent; }
    template <typename C>
    const typename C::value_type& Any(const C& c) {
        auto it = c.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(Pick(c.size())));
        return *it;
    }

    // The archetype predicate for `id`: exact, `.v*`, a parameter, or a pattern the index
    // cannot use (a wildcard before the version).
    std::string Pred(const std::string& id) {
        unsigned r = rng_() % 100;
        if (r < 65) return "[" + id + "]";
        if (r < 80) {
            size_t v = id.rfind(".v");
            return "[" + (v == std::string::npos ? id : id.substr(0, v) + ".v*") + "]";
        }
        if (r < 92) {
            std::string name = "a" + std::to_string(params_->size());
            (*params_)[name] = aql::Scalar::String(id);
            return "[$" + name + "]";
        }
        size_t dot = id.find('.');
        return "[" + id.substr(0, dot + 1) + "*]";
    }

    std::string Type(const std::string& id) { return v_.archetypes.at(id).rm_type; }

    // An archetype (not x) for the second operand of AND / OR / NOT CONTAINS.
    std::string Other() { return entries_.empty() ? x_ : Any(entries_); }

    std::string From() {
        switch (Pick(11)) {
            case 0:
            case 1: {  // EHR, composition with archetype, entry
                x_ = Entry();
                const auto& cs = v_.archetypes.at(x_).containers;
                std::string c = cs.empty() || !v_.archetypes.count(*cs.begin()) || Type(*cs.begin()) != "COMPOSITION"
                                    ? Any(compositions_)
                                    : *cs.begin();
                return "EHR e CONTAINS COMPOSITION c" + Pred(c) + " CONTAINS " + Type(x_) + " x" + Pred(x_);
            }
            case 2:
                x_ = Entry();
                return "EHR e CONTAINS COMPOSITION c CONTAINS " + Type(x_) + " x" + Pred(x_);
            case 3:
                x_ = Entry();
                has_e_ = has_c_ = false;
                return Type(x_) + " x" + Pred(x_);
            case 4: {  // nested archetype roots
                x_ = Entry();
                const auto& cs = v_.archetypes.at(x_).containers;
                if (!cs.empty()) {
                    const std::string& p = Any(cs);
                    if (Type(p) != "COMPOSITION")
                        return "EHR e CONTAINS COMPOSITION c CONTAINS " + Type(p) + " p" + Pred(p) + " CONTAINS " +
                               Type(x_) + " x" + Pred(x_);
                }
                return "EHR e CONTAINS COMPOSITION c CONTAINS " + Type(x_) + " x" + Pred(x_);
            }
            case 5: {  // AND / OR under one composition
                x_ = Entry();
                std::string y = Other();
                return "EHR e CONTAINS COMPOSITION c CONTAINS (" + Type(x_) + " x" + Pred(x_) +
                       (Chance(50) ? " AND " : " OR ") + Type(y) + " y" + Pred(y) + ")";
            }
            case 6: {  // NOT CONTAINS, at the composition or the EHR level
                x_ = Any(compositions_);
                has_c_ = false;
                std::string y = Other();
                if (Chance(50))
                    return "EHR e CONTAINS COMPOSITION x" + Pred(x_) + " NOT CONTAINS " + Type(y) + " y" + Pred(y);
                return "EHR e CONTAINS (COMPOSITION x" + Pred(x_) + " AND NOT CONTAINS " + Type(y) + " y" + Pred(y) + ")";
            }
            case 7:  // a class without archetype predicate
                x_ = Entry();
                return "EHR e CONTAINS COMPOSITION c CONTAINS " + Type(x_) + " x";
            case 9: {  // two compositions of one EHR: AND spans compositions, OR takes either
                x_ = Any(compositions_);
                has_c_ = false;
                std::string y = Any(compositions_);
                return "EHR e CONTAINS (COMPOSITION x" + Pred(x_) + (Chance(60) ? " AND " : " OR ") + "COMPOSITION y" +
                       Pred(y) + ")";
            }
            case 10: {  // EHRs without some composition
                x_ = Any(compositions_);
                has_c_ = false;
                std::string y = Any(compositions_);
                if (Chance(50))
                    return "EHR e CONTAINS (COMPOSITION x" + Pred(x_) + " AND NOT CONTAINS COMPOSITION y" + Pred(y) + ")";
                return "EHR e NOT CONTAINS COMPOSITION y" + Pred(y) + " CONTAINS OBSERVATION x" + Pred(x_);
            }
            default: {  // one EHR named in FROM (also the hidden one)
                x_ = Any(compositions_);
                has_c_ = false;
                return "EHR e[ehr_id/value='" + Any(v_.ehr_ids) + "'] CONTAINS COMPOSITION x" + Pred(x_);
            }
        }
    }

    // An entry archetype for x, often one with numeric leaves (the leaf index's shapes).
    std::string Entry() {
        if (Chance(40)) {
            std::vector<const std::string*> with_numbers;
            for (const std::string& id : entries_)
                if (!NumericLeaf(v_.archetypes.at(id)).empty()) with_numbers.push_back(&id);
            if (!with_numbers.empty()) return *with_numbers[Pick(with_numbers.size())];
        }
        return Any(entries_);
    }

    // The shape the indexes answer alone (aql/plan/index_aggregate.hpp): aggregates of an
    // archetype's numeric leaves (or COUNT(*)) over the whole population, no WHERE.
    // x_ := an entry archetype with numeric leaves; false when the data has none.
    bool PickEntryWithNumbers() {
        std::vector<std::string> with_numbers;
        for (const std::string& id : entries_)
            if (!NumericLeaf(v_.archetypes.at(id)).empty()) with_numbers.push_back(id);
        if (with_numbers.empty()) return false;
        x_ = Any(with_numbers);
        return true;
    }

    std::string PopulationAggregate() {
        if (!PickEntryWithNumbers()) return "";
        const ArchetypeVocabulary& xv = v_.archetypes.at(x_);
        const char* fn[] = {"COUNT(*)", "COUNT", "SUM", "AVG", "MIN", "MAX"};
        std::string q = "SELECT ";
        size_t n = 1 + Pick(3);
        for (size_t i = 0; i < n; ++i) {
            std::string f = fn[Pick(6)];
            q += (i ? ", " : "") + (f == "COUNT(*)" ? f : f + "(x" + NumericLeaf(xv) + ")");
            if (Chance(30)) q += " AS a" + std::to_string(i);
        }
        std::string type = Type(x_);
        if (Chance(20)) type[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(type[0])));
        q += std::string(" FROM ") + (Chance(70) ? "EHR e CONTAINS " : "") + "COMPOSITION c CONTAINS " + type + " x" +
             Pred(x_);
        if (Chance(40)) {  // WHERE of numeric comparisons on x alone: still answered from the indexes
            const char* ops[] = {"<", "<=", ">", ">=", "="};
            std::string numeric = NumericLeaf(xv);
            q += " WHERE x" + numeric + " " + ops[Pick(5)] + " " + NumberNear(xv.leaves.at(numeric));
            if (Chance(30)) {
                numeric = NumericLeaf(xv);
                q += " AND " + NumberNear(xv.leaves.at(numeric)) + " " + ops[Pick(5)] + " x" + numeric;
            }
        }
        return q;
    }

    // The shape whose rows the indexes give alone (aql/plan/index_rows.hpp): numeric leaves
    // of one archetype beside the EHR id and the composition's uid and start time, in named
    // EHRs or the population, sorted by any of them or not, limited or not.
    std::string IndexRowsQuery() {
        if (!PickEntryWithNumbers()) return "";
        const ArchetypeVocabulary& xv = v_.archetypes.at(x_);
        std::string from = "COMPOSITION c CONTAINS " + Type(x_) + " x" + Pred(x_);
        const bool ehr = Chance(70);
        if (ehr) {
            std::string pred;
            if (Chance(50) && !v_.ehr_ids.empty()) {
                if (Chance(30)) {
                    (*params_)["ehr"] = aql::Scalar::String(Any(v_.ehr_ids));
                    pred = "[ehr_id/value=$ehr]";
                } else {
                    pred = "[ehr_id/value='" + Any(v_.ehr_ids) + "'";
                    if (Chance(30)) pred += " or ehr_id/value='" + Any(v_.ehr_ids) + "'";
                    pred += "]";
                }
            }
            from = "EHR e" + pred + " CONTAINS " + from;
        }
        std::vector<std::string> keys;  // what ORDER BY may name
        std::string q = std::string("SELECT ") + (Chance(10) ? "DISTINCT " : "");
        size_t n = 1 + Pick(4);
        for (size_t i = 0; i < n; ++i) {
            unsigned r = rng_() % 100;
            std::string col = r < 50            ? "x" + NumericLeaf(xv)
                              : r < 65 && ehr   ? std::string("e/ehr_id/value")
                              : r < 80          ? std::string("c/uid/value")
                                                : std::string("c/context/start_time/value");
            q += (i ? ", " : "") + col;
            if (Chance(40)) {
                std::string alias = "k" + std::to_string(i);
                q += " AS " + alias;
                keys.push_back(alias);
            } else {
                keys.push_back(col);
            }
        }
        q += " FROM " + from;
        if (ehr && Chance(30) && !v_.ehr_ids.empty()) {  // the EHR named in WHERE, perhaps with a leaf condition
            q += " WHERE e/ehr_id/value = '" + Any(v_.ehr_ids) + "'";
            if (Chance(50)) {
                std::string numeric = NumericLeaf(xv);
                const char* ops[] = {"<", "<=", ">", ">=", "="};
                q += " AND x" + numeric + " " + ops[Pick(5)] + " " + NumberNear(xv.leaves.at(numeric));
            }
        }
        if (Chance(60)) {
            size_t k = 1 + Pick(2);
            q += " ORDER BY ";
            for (size_t i = 0; i < k; ++i) {
                std::string key = Chance(70) ? Any(keys) : Chance(50) ? "c/context/start_time/value" : "x" + NumericLeaf(xv);
                q += (i ? ", " : "") + key + (Chance(50) ? " DESC" : "");
            }
        }
        if (Chance(40)) {
            q += " LIMIT " + std::to_string(1 + Pick(8));
            if (Chance(30)) q += " OFFSET " + std::to_string(Pick(4));
        }
        return q;
    }

    std::string Leaf(const ArchetypeVocabulary& a) { return a.leaves.empty() ? "" : Any(a.leaves).first; }

    // A leaf the store's leaf index may answer (aql/plan/leaf_paths.hpp): a magnitude,
    // numerator or denominator, with or without node ids on the way.
    static bool IsNumericLeaf(const std::string& path) {
        for (const char* end : {"/magnitude", "/numerator", "/denominator"}) {
            std::string_view e(end);
            if (path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) return true;
        }
        return false;
    }
    std::string NumericLeaf(const ArchetypeVocabulary& a) {
        std::vector<const std::string*> found;
        for (const auto& [path, values] : a.leaves)
            if (IsNumericLeaf(path)) found.push_back(&path);
        return found.empty() ? "" : *found[Pick(found.size())];
    }

    // A number to compare a numeric leaf with: a value found there, or one just beside it
    // (so ranges split the data), as a literal or a parameter.
    std::string NumberNear(const std::vector<std::string>& values) {
        std::string v = Any(values);
        unsigned r = rng_() % 100;
        if (r < 20) v = std::to_string(static_cast<int64_t>(std::strtod(v.c_str(), nullptr)) + (Chance(50) ? 1 : -1));
        else if (r < 30) v = codec::FormatReal(std::strtod(v.c_str(), nullptr) + 0.5);
        if (Chance(20)) {
            std::string name = "n" + std::to_string(params_->size());
            double d = std::strtod(v.c_str(), nullptr);
            (*params_)[name] = v.find_first_of(".eE") == std::string::npos ? aql::Scalar::Int(static_cast<int64_t>(d))
                                                                             : aql::Scalar::Real(d);
            return "$" + name;
        }
        return v;
    }

    std::string Column(const ArchetypeVocabulary& a) {
        unsigned r = rng_() % 100;
        if (r < 55 && !a.leaves.empty()) return "x" + Any(a.leaves).first;
        if (r < 65 && !a.objects.empty()) return "x" + Any(a.objects);
        if (r < 78 && has_e_) return "e/ehr_id/value";
        if (r < 88 && has_c_) return "c/name/value";
        if (r < 92) return "x";
        return "x/name/value";
    }

    std::string Comparison(const ArchetypeVocabulary& a) {
        if (a.leaves.empty()) return "EXISTS x/name";
        if (std::string numeric = NumericLeaf(a); !numeric.empty() && Chance(70)) {
            const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
            std::string value = NumberNear(a.leaves.at(numeric));
            if (Chance(15)) return value + " " + ops[Pick(6)] + " x" + numeric;  // the number first
            return "x" + numeric + " " + ops[Pick(6)] + " " + value;
        }
        const auto& [path, values] = Any(a.leaves);
        const std::string& value = Any(values);
        if (value.front() == '\'' && Chance(15)) return "x" + path + " LIKE " + value.substr(0, std::min<size_t>(4, value.size() - 1)) + "*'";
        if (Chance(10)) return "EXISTS x" + path;
        const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
        return "x" + path + " " + ops[Pick(6)] + " " + value;
    }

    std::string Where(const ArchetypeVocabulary& a) {
        std::string w;
        if (Chance(55)) {
            w = Comparison(a);
            if (Chance(25)) w = "(" + w + (Chance(50) ? " AND " : " OR ") + Comparison(a) + ")";
            if (Chance(8)) w = "NOT " + w;
        }
        if (has_e_ && Chance(15) && !v_.ehr_ids.empty()) {
            std::string id = Any(v_.ehr_ids);
            std::string e;
            if (Chance(30)) {
                (*params_)["ehr"] = aql::Scalar::String(id);
                e = "e/ehr_id/value = $ehr";
            } else if (Chance(30)) {
                e = "e/ehr_id/value MATCHES {'" + id + "', '" + Any(v_.ehr_ids) + "'}";
            } else {
                e = "e/ehr_id/value = '" + id + "'";
            }
            w = w.empty() ? e : w + " AND " + e;
        }
        return w;
    }

    const QueryVocabulary& v_;
    std::mt19937 rng_;
    std::vector<std::string> compositions_, entries_;
    std::string x_;
    bool has_e_ = true, has_c_ = true;
    aql::QueryParameters* params_ = nullptr;
};

}  // namespace

QueryVocabulary HarvestVocabulary(const aql::DataSource& data) {
    QueryVocabulary v;
    Harvester h(v);
    (void)data.ForEachEhr([&](const aql::EhrView& ehr) {
        v.ehr_ids.push_back(ehr.ehr_id);
        for (const rm::Document* d : ehr.compositions) h.Composition(d->root());
        return true;
    });
    return v;
}

std::vector<GeneratedQuery> GenerateQueries(const QueryVocabulary& vocabulary, uint32_t seed, size_t count) {
    Generator g(vocabulary, seed);
    std::vector<GeneratedQuery> out;
    for (size_t i = 0; i < count; ++i) out.push_back(g.One());
    return out;
}

}  // namespace kjerne::test
