// aql/exec/reference_evaluator.cpp
//
// Structure: Binder (FROM -> variable bindings per EHR), PathWalker (a path from a bound
// node -> items), Conditions (WHERE), Projection (SELECT cells, row expansion, grouping),
// then ORDER BY / DISTINCT / OFFSET / LIMIT over the rows.
#include "aql/exec/reference_evaluator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "aql/exec/folders.hpp"
#include "aql/exec/terminology_functions.hpp"
#include "aql/exec/zip_rows.hpp"
#include "engine/codec/codec.hpp"
#include "engine/codec/codec_common.hpp"
#include "engine/common/ascii.hpp"

namespace kjerne::aql {
namespace {

using Clock = std::chrono::steady_clock;

// A value a path reached: an RM node or a primitive attribute value, tagged with the first
// list it went through (for zipping SELECT columns).
struct Item {
    const rm::Node* node = nullptr;
    const rm::Value* prim = nullptr;
    const void* list = nullptr;  // identity of the first list on the path (its Value)
    size_t list_index = 0;
};

using Binding = std::vector<const rm::Node*>;  // by variable index; nullptr = unbound

struct Abort {
    Error error;
};

[[noreturn]] void Throw(const char* code, const std::string& message, Pos pos, ErrorCode ec = ErrorCode::kInvalidArgument) {
    Issue issue;
    issue.code = code;
    if (pos.line) issue.pos = SourcePos{"", pos.line, pos.col};
    issue.message = message;
    std::string msg = issue.ToString();
    throw Abort{Error(ec, msg, {issue})};
}

// FROM's few variables and classes mapped to binding slots: a vector searched in order,
// cheaper to build per query (two allocations, not one per entry) and to search per binding
// than a std::map. The subset of std::map's interface the evaluator uses.
template <class Key>
class FlatIndex {
public:
    using Entry = std::pair<Key, size_t>;
    using const_iterator = typename std::vector<Entry>::const_iterator;

    void reserve(size_t n) { entries_.reserve(n); }
    size_t size() const { return entries_.size(); }
    const_iterator end() const { return entries_.end(); }
    const_iterator find(const Key& k) const {
        return std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.first == k; });
    }
    size_t count(const Key& k) const { return find(k) != end() ? 1 : 0; }
    size_t at(const Key& k) const {
        auto it = find(k);
        if (it == end()) throw std::out_of_range("FlatIndex::at");
        return it->second;
    }
    size_t& operator[](const Key& k) {
        for (Entry& e : entries_)
            if (e.first == k) return e.second;
        return entries_.emplace_back(k, 0).second;
    }

private:
    std::vector<Entry> entries_;
};

size_t ClassCount(const ContainsExpr& c) {
    size_t n = c.kind == ContainsExpr::Kind::kClass ? 1 : 0;
    for (const ContainsExpr* next : {c.contains.get(), c.left.get(), c.right.get()})
        if (next) n += ClassCount(*next);
    return n;
}

class Evaluator {
public:
    Evaluator(const Query& q, std::string_view text, const DataSource& data, const QueryParameters& params,
              const ExecOptions& options)
        : q_(q), text_(text), data_(data), params_(params), options_(options), schema_(bmm::Schema::Rm()) {}

    Result<ResultSet> Run() {
        KJ_TRY(Begin());
        Status visited = data_.ForEachEhr([&](const EhrView& ehr) {
            visited_error_ = AddEhr(ehr);
            return visited_error_.ok();
        });
        KJ_TRY(visited);
        KJ_TRY(std::move(visited_error_));
        return Finish();
    }

    // The steps of Run, for engines that feed the EHRs themselves (EhrByEhrEvaluator).
    Status Begin() {
        try {
            start_ = Clock::now();
            const size_t classes = ClassCount(*q_.from);
            var_index_.reserve(classes);
            class_index_.reserve(classes);
            CollectVariables(*q_.from);
            rs_.query = std::string(text_);
            rs_.columns = ColumnsOf(q_);
            for (const auto& ob : q_.order_by) key_column_.push_back(OrderColumn(ob));
            return OkStatus();
        } catch (Abort& a) {
            return std::move(a.error);
        }
    }

    // Binds, filters and projects one EHR; nothing of `ehr` is kept after it returns.
    Status AddEhr(const EhrView& ehr) {
        try {
            if (!ehr.queryable && !EhrHasPredicate(*q_.from)) return OkStatus();
            current_ehr_ = &ehr;
            std::vector<Binding> bindings;
            Match(*q_.from, nullptr, bindings);
            for (auto& b : bindings) {
                if (q_.where && !Holds(*q_.where, b)) continue;
                if (HasAggregates()) Accumulate(b);
                else Emit(b);
            }
            current_ehr_ = nullptr;
            CheckTime();
            return OkStatus();
        } catch (Abort& a) {
            current_ehr_ = nullptr;
            return std::move(a.error);
        }
    }

    // True when the rows so far decide the result: a LIMIT reached by a query whose later
    // rows cannot displace earlier ones (no ORDER BY, aggregate or DISTINCT).
    bool Satisfied() const {
        std::optional<int64_t> limit = q_.limit ? q_.limit : q_.top;
        if (!limit || HasAggregates() || !q_.order_by.empty() || q_.distinct) return false;
        size_t offset = q_.offset ? static_cast<size_t>(std::max<int64_t>(0, *q_.offset)) : 0;
        return out_.size() >= offset + static_cast<size_t>(std::max<int64_t>(0, *limit));
    }

    Result<ResultSet> Finish() {
        try {
            Project(rs_);
            return std::move(rs_);
        } catch (Abort& a) {
            return std::move(a.error);
        }
    }

    const std::vector<std::vector<Scalar>>& RowKeys() const { return row_keys_; }

    // One binding's column values found elsewhere (EhrByEhrEvaluator::AddColumns).
    Status AddColumns(std::vector<std::vector<ColumnValue>>& cols, const std::vector<Scalar>& binding_keys) {
        try {
            if (binding_keys.size() != q_.order_by.size() || cols.size() != q_.columns.size() || HasAggregates())
                return Error::Internal("aql: AddColumns needs every column, one key per ORDER BY key, no aggregate");
            std::vector<std::vector<Cell>> rows;
            Zip(cols, rows);
            EmitRows(rows, binding_keys);
            CheckTime();
            return OkStatus();
        } catch (Abort& a) {
            return std::move(a.error);
        }
    }

private:
    // ------------------------------------------------------------------ variables
    void CollectVariables(const ContainsExpr& c) {
        if (c.kind == ContainsExpr::Kind::kClass) {
            size_t index = var_index_.size() + anonymous_;
            if (!c.variable.empty()) var_index_[c.variable] = index;
            else ++anonymous_;
            class_index_[&c] = index;
            if (c.contains) CollectVariables(*c.contains);
        } else {
            if (c.left) CollectVariables(*c.left);
            if (c.right) CollectVariables(*c.right);
        }
    }
    size_t VarCount() const { return var_index_.size() + anonymous_; }

    static bool EhrHasPredicate(const ContainsExpr& c) {
        return c.kind == ContainsExpr::Kind::kClass && AsciiUpper(c.rm_type) == "EHR" && c.predicate != nullptr;
    }

    void CheckTime() {
        if (Clock::now() - start_ > options_.timeout)
            Throw("AQL_TIMEOUT", "query exceeded its time limit of " + std::to_string(options_.timeout.count()) + " ms", {},
                  ErrorCode::kLimitExceeded);
    }

    // ------------------------------------------------------------------ FROM
    // Nodes of `type` strictly below `node` (or, for node == nullptr, anywhere in the
    // current EHR's compositions, roots included).
    void Descendants(const rm::Node* node, bmm::TypeId type, std::vector<const rm::Node*>& out) {
        std::function<void(const rm::Node*)> visit = [&](const rm::Node* n) {
            for (const rm::Attr& a : n->attributes()) {
                auto each = [&](const rm::Value& v) {
                    if (const rm::Node* c = v.node()) {
                        if (schema_.IsSubtypeOf(c->type, type)) out.push_back(c);
                        visit(c);
                    }
                };
                if (a.value.is_list()) for (const rm::Value& v : a.value.items()) each(v);
                else each(a.value);
            }
        };
        if (node) {
            visit(node);
            return;
        }
        for (const rm::Document* d : current_ehr_->compositions) {
            if (schema_.IsSubtypeOf(d->root()->type, type)) out.push_back(d->root());
            visit(d->root());
        }
    }

    void Candidates(const ContainsExpr& c, const rm::Node* scope, std::vector<const rm::Node*>& out) {
        std::string type = AsciiUpper(c.rm_type);
        if (type == "EHR") {
            if (!scope) out.push_back(current_ehr_->ehr->root());
            return;
        }
        if (type == "EHR_STATUS" && (!scope || scope == current_ehr_->ehr->root())) {
            out.push_back(current_ehr_->ehr_status->root());
            return;
        }
        const bool version_class = type == "VERSION" || type == "VERSIONED_OBJECT";
        if (scope && IsFolder(scope)) {  // aql/exec/folders.hpp: its tree, then what it references
            FolderContents(c, type, scope, out);
            return;
        }
        if (version_class) {  // aql/exec/versions.hpp
            VersionCandidates(*current_ehr_, type, c.version_predicate, scope, out);
            return;
        }
        bmm::TypeId t = schema_.Find(type);
        if (t == bmm::kNoType) Throw("AQL_UNKNOWN_TYPE", "'" + c.rm_type + "' is not an RM class", c.pos);
        if (type == "FOLDER" && (!scope || scope == current_ehr_->ehr->root())) {
            DirectoryFolders(*current_ehr_, out);  // EHR contains its directory's folders
            return;
        }
        if (scope == current_ehr_->ehr->root()) scope = nullptr;  // EHR contains its compositions
        scope = VersionContentScope(*current_ehr_, scope);
        Descendants(scope, t, out);
    }

    // Below a FOLDER: the versioned objects it references for VERSION / VERSIONED_OBJECT;
    // else its own tree's nodes (sub-folders, details), then those of the compositions it
    // references, roots included (aql/exec/folders.hpp).
    void FolderContents(const ContainsExpr& c, const std::string& type, const rm::Node* folder,
                        std::vector<const rm::Node*>& out) {
        if (type == "VERSIONED_OBJECT") {
            for (const VersionedObjectView* vo : ReferencedVersionedObjects(*current_ehr_, folder))
                out.push_back(vo->object->root());
            return;
        }
        if (type == "VERSION") {
            for (const VersionedObjectView* vo : ReferencedVersionedObjects(*current_ehr_, folder))
                VersionCandidates(*current_ehr_, type, c.version_predicate, vo->object->root(), out);
            return;
        }
        if (type == "EHR" || type == "EHR_STATUS") return;
        bmm::TypeId t = schema_.Find(type);
        if (t == bmm::kNoType) Throw("AQL_UNKNOWN_TYPE", "'" + c.rm_type + "' is not an RM class", c.pos);
        Descendants(folder, t, out);
        for (const rm::Document* d : ReferencedCompositions(*current_ehr_, folder)) {
            if (schema_.IsSubtypeOf(d->root()->type, t)) out.push_back(d->root());
            Descendants(d->root(), t, out);
        }
    }

    void Match(const ContainsExpr& c, const rm::Node* scope, std::vector<Binding>& out) {
        switch (c.kind) {
            case ContainsExpr::Kind::kAnd: {
                std::vector<Binding> l, r;
                Match(*c.left, scope, l);
                if (l.empty()) return;
                Match(*c.right, scope, r);
                for (const auto& a : l)
                    for (const auto& b : r) out.push_back(Merge(a, b));
                return;
            }
            case ContainsExpr::Kind::kOr:
                Match(*c.left, scope, out);
                Match(*c.right, scope, out);
                return;
            case ContainsExpr::Kind::kNotContains: {
                std::vector<Binding> inner;
                Match(*c.left, scope, inner);
                if (inner.empty()) out.push_back(Binding(VarCount(), nullptr));
                return;
            }
            case ContainsExpr::Kind::kClass:
                break;
        }
        std::vector<const rm::Node*> cands;
        Candidates(c, scope, cands);
        const size_t index = class_index_.at(&c);
        for (const rm::Node* n : cands) {
            if (c.predicate && !PredicateHolds(*c.predicate, n)) continue;
            if (c.version_condition && !PredicateHolds(*c.version_condition, n)) continue;
            if (!c.contains) {
                Binding b(VarCount(), nullptr);
                b[index] = n;
                out.push_back(std::move(b));
                continue;
            }
            std::vector<Binding> inner;
            Match(*c.contains, n, inner);
            if (c.not_contains) {
                if (inner.empty()) {
                    Binding b(VarCount(), nullptr);
                    b[index] = n;
                    out.push_back(std::move(b));
                }
                continue;
            }
            for (auto& b : inner) {
                b[index] = n;
                out.push_back(std::move(b));
            }
        }
    }

    static Binding Merge(const Binding& a, const Binding& b) {
        Binding m = a;
        for (size_t i = 0; i < b.size(); ++i)
            if (b[i]) m[i] = b[i];
        return m;
    }

    // ------------------------------------------------------------------ predicates
    Scalar ParamValue(const Parameter& p) {
        auto it = params_.find(p.name);
        if (it == params_.end()) Throw("AQL_MISSING_PARAMETER", "no value for parameter $" + p.name, p.pos);
        return it->second;
    }

    bool NodeIdMatches(const std::string& pattern, std::string_view node_id) {
        if (pattern.find('*') == std::string::npos && pattern.find('?') == std::string::npos) return pattern == node_id;
        // An archetype id pattern (openEHR-EHR-OBSERVATION.bp.v*): '*' any run, '.' literal.
        auto& re = regex_cache_[pattern];
        if (!re) {
            std::string rx;
            for (char c : pattern) {
                if (c == '*') rx += ".*";
                else if (c == '?') rx += ".";
                else rx += RE2::QuoteMeta(std::string(1, c));
            }
            re = std::make_unique<RE2>(rx);
        }
        return RE2::FullMatch(node_id, *re);
    }

    std::string_view NameOf(const rm::Node* n) {
        const rm::Value* name = n->Find(schema_, "name");
        if (!name || !name->node()) return {};
        return name->node()->String(schema_, "value");
    }

    bool PredicateHolds(const NodePredicate& p, const rm::Node* n) {
        switch (p.kind) {
            case NodePredicate::Kind::kAnd: return PredicateHolds(*p.left, n) && PredicateHolds(*p.right, n);
            case NodePredicate::Kind::kOr: return PredicateHolds(*p.left, n) || PredicateHolds(*p.right, n);
            case NodePredicate::Kind::kParameter: {
                Scalar v = ParamValue(*p.parameter);
                return v.kind == Scalar::Kind::kString && NodeIdMatches(v.s, n->String(schema_, "archetype_node_id"));
            }
            case NodePredicate::Kind::kNodeId: {
                if (!NodeIdMatches(p.node_id, n->String(schema_, "archetype_node_id"))) return false;
                if (p.name && NameOf(n) != *p.name) return false;
                if (p.parameter) {
                    Scalar v = ParamValue(*p.parameter);
                    if (v.kind != Scalar::Kind::kString || NameOf(n) != v.s) return false;
                }
                if (!p.name_code.empty()) {
                    // [at0001, SNOMED-CT::1234]: the node's name is a coded text with that code.
                    const rm::Value* name = n->Find(schema_, "name");
                    const rm::Node* code = name && name->node() ? name->node()->Child(schema_, "defining_code") : nullptr;
                    if (!code) return false;
                    std::string_view cs = code->String(schema_, "code_string");
                    size_t sep = p.name_code.find("::");
                    std::string want = sep == std::string::npos ? p.name_code : p.name_code.substr(sep + 2);
                    size_t bar = want.find('|');
                    if (bar != std::string::npos) want.resize(bar);
                    if (cs != want) return false;
                }
                return true;
            }
            case NodePredicate::Kind::kComparison: {
                std::vector<Item> items;
                Walk(n, *p.path, 0, nullptr, 0, items);
                Scalar rhs;
                if (auto* prim = std::get_if<Primitive>(&p.operand->value)) rhs = FromPrimitive(*prim);
                else if (auto* par = std::get_if<Parameter>(&p.operand->value)) rhs = ParamValue(*par);
                else if (auto* code = std::get_if<std::string>(&p.operand->value)) rhs = Scalar::String(*code);
                else Throw("AQL_UNSUPPORTED", "a path on the right of a predicate comparison is not supported", p.pos,
                           ErrorCode::kUnsupported);
                for (const Item& it : items)
                    if (CompareOp(ScalarOf(it), p.op, rhs)) return true;
                return false;
            }
            case NodePredicate::Kind::kMatches: {
                std::vector<Item> items;
                Walk(n, *p.path, 0, nullptr, 0, items);
                // {/regex/} or {/regex/;'flags'}: the text between the slashes.
                size_t a = p.regex.find('/'), b = p.regex.rfind('/');
                std::string rx = (a != std::string::npos && b > a) ? p.regex.substr(a + 1, b - a - 1) : "";
                RE2 re(rx);
                if (!re.ok()) Throw("AQL_BAD_REGEX", "invalid regular expression: " + rx, p.pos);
                for (const Item& it : items) {
                    Scalar s = ScalarOf(it);
                    if (s.kind == Scalar::Kind::kString && RE2::FullMatch(s.s, re)) return true;
                }
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ paths
    void Walk(const rm::Node* n, const ObjectPath& path, size_t idx, const void* list, size_t list_index,
              std::vector<Item>& out) {
        if (idx == path.parts.size()) {
            out.push_back(Item{n, nullptr, list, list_index});
            return;
        }
        const PathPart& part = path.parts[idx];
        // e/ehr_status/... reads the EHR's EHR_STATUS (an OBJECT_REF in the RM).
        if (n == current_ehr_->ehr->root() && part.attribute == "ehr_status") {
            const rm::Node* st = current_ehr_->ehr_status->root();
            if (!part.predicate || PredicateHolds(*part.predicate, st)) Walk(st, path, idx + 1, list, list_index, out);
            return;
        }
        // e/directory/... reads the EHR's directory (also an OBJECT_REF in the RM).
        if (n == current_ehr_->ehr->root() && part.attribute == "directory") {
            if (!current_ehr_->directory) return;
            const rm::Node* dir = current_ehr_->directory->root();
            if (!part.predicate || PredicateHolds(*part.predicate, dir)) Walk(dir, path, idx + 1, list, list_index, out);
            return;
        }
        bmm::Slot slot = schema_.FindSlot(n->type, part.attribute);
        if (slot == bmm::kNoSlot) return;
        const rm::Value* v = n->Find(slot);
        if (!v) return;
        auto step = [&](const rm::Value& item, const void* l, size_t li) {
            if (const rm::Node* c = item.node()) {
                if (part.predicate && !PredicateHolds(*part.predicate, c)) return;
                Walk(c, path, idx + 1, l, li, out);
            } else if (idx + 1 == path.parts.size() && !part.predicate) {
                out.push_back(Item{nullptr, &item, l, li});
            }
        };
        if (v->is_list()) {
            auto items = v->items();
            // A predicate that picks a single element makes this step single-valued: the list
            // then keys no zipping, and a deeper list on the path may (items[at0004]/value/
            // mappings zips on mappings; items[at0003] and items[at0005] share one row).
            if (!list && part.predicate) {
                size_t picked = items.size(), matches = 0;
                for (size_t i = 0; i < items.size() && matches < 2; ++i)
                    if (const rm::Node* c = items[i].node(); c && PredicateHolds(*part.predicate, c)) {
                        picked = i;
                        ++matches;
                    }
                if (matches == 1) {
                    step(items[picked], nullptr, 0);
                    return;
                }
            }
            for (size_t i = 0; i < items.size(); ++i) step(items[i], list ? list : v, list ? list_index : i);
        } else {
            step(*v, list, list_index);
        }
    }

    std::vector<Item> Resolve(const IdentifiedPath& p, const Binding& b) {
        auto it = var_index_.find(p.variable);
        if (it == var_index_.end()) Throw("AQL_UNKNOWN_VARIABLE", "'" + p.variable + "' is not defined in FROM", p.pos);
        const rm::Node* n = b[it->second];
        std::vector<Item> out;
        if (!n) return out;
        if (p.predicate && !PredicateHolds(*p.predicate, n)) return out;
        Walk(n, p.path, 0, nullptr, 0, out);
        return out;
    }

    // ------------------------------------------------------------------ values
    static Scalar FromPrimitive(const Primitive& p) {
        switch (p.kind) {
            case Primitive::Kind::kInteger: return Scalar::Int(p.integer);
            case Primitive::Kind::kReal: return Scalar::Real(p.real);
            case Primitive::Kind::kBoolean: return Scalar::Bool(p.boolean);
            case Primitive::Kind::kNull: return Scalar::Null();
            default: return Scalar::String(p.text);
        }
    }

    static Scalar FromValue(const rm::Value& v) {
        switch (v.kind) {
            case rm::ValueKind::kBool: return Scalar::Bool(v.u.b);
            case rm::ValueKind::kInt: return Scalar::Int(v.u.i);
            case rm::ValueKind::kReal: return Scalar::Real(v.u.d);
            case rm::ValueKind::kString: return Scalar::String(std::string(v.str()));
            default: return Scalar::Null();
        }
    }

    // The comparable value of an item: primitives as they are; a data value object by its
    // ordering attribute (magnitude, value, code_string).
    Scalar ScalarOf(const Item& it) {
        if (it.prim) return FromValue(*it.prim);
        if (!it.node) return Scalar::Null();
        // DV_PROPORTION orders by its magnitude, numerator / denominator (RM DV_AMOUNT).
        const rm::Value* num = it.node->Find(schema_, "numerator");
        const rm::Value* den = it.node->Find(schema_, "denominator");
        if (num && den) {
            Scalar n = FromValue(*num), d = FromValue(*den);
            if (n.is_number() && d.is_number() && d.number() != 0) return Scalar::Real(n.number() / d.number());
        }
        for (const char* attr : {"magnitude", "value", "code_string", "numerator"}) {
            const rm::Value* v = it.node->Find(schema_, attr);
            if (v && !v->is_node() && !v->is_list()) return FromValue(*v);
        }
        return Scalar::Null();
    }

    std::string CellJson(const Item& it) {
        if (it.prim) return FromValue(*it.prim).ToJson();
        if (it.node) {
            codec::WriteOptions compact;
            compact.pretty = false;
            return codec::WriteJsonNode(schema_, *it.node, compact);
        }
        return "null";
    }

    static bool CompareOp(const Scalar& a, const std::string& op, const Scalar& b) {
        auto c = CompareScalars(a, b);
        if (!c) return op == "!=" && !(a.is_null() && b.is_null()) && !a.is_null() && !b.is_null();
        if (op == "=") return *c == 0;
        if (op == "!=") return *c != 0;
        if (op == "<") return *c < 0;
        if (op == "<=") return *c <= 0;
        if (op == ">") return *c > 0;
        return *c >= 0;
    }

    std::vector<Scalar> TerminalValues(const Terminal& t, const Binding& b) {
        if (auto* p = std::get_if<Primitive>(&t.value)) return {FromPrimitive(*p)};
        if (auto* par = std::get_if<Parameter>(&t.value)) return {ParamValue(*par)};
        if (auto* path = std::get_if<IdentifiedPath>(&t.value)) {
            std::vector<Scalar> out;
            for (const Item& it : Resolve(*path, b)) out.push_back(ScalarOf(it));
            return out;
        }
        return {CallFunction(*std::get<std::unique_ptr<FunctionCall>>(t.value), b)};
    }

    Scalar CallFunction(const FunctionCall& f, const Binding& b) {
        std::vector<Scalar> args;
        for (const auto& a : f.args) {
            auto vals = TerminalValues(a, b);
            args.push_back(vals.empty() ? Scalar::Null() : vals.front());
        }
        auto need = [&](size_t n) {
            if (args.size() != n)
                Throw("AQL_ARGUMENTS", f.name + " takes " + std::to_string(n) + " argument(s)", f.pos);
        };
        const std::string& n = f.name;
        for (const auto& a : args)
            if (a.is_null() && n != "CONCAT" && n != "CONCAT_WS") return Scalar::Null();
        if (n == "LENGTH") { need(1); return Scalar::Int(static_cast<int64_t>(AsString(args[0]).size())); }
        if (n == "CONTAINS") { need(2); return Scalar::Bool(AsString(args[0]).find(AsString(args[1])) != std::string::npos); }
        if (n == "POSITION") {
            need(2);
            size_t at = AsString(args[1]).find(AsString(args[0]));
            return Scalar::Int(at == std::string::npos ? 0 : static_cast<int64_t>(at) + 1);
        }
        if (n == "SUBSTRING") {
            if (args.size() != 2 && args.size() != 3) Throw("AQL_ARGUMENTS", "SUBSTRING takes 2 or 3 arguments", f.pos);
            std::string s = AsString(args[0]);
            int64_t from = static_cast<int64_t>(args[1].number()) - 1;
            if (from < 0) from = 0;
            if (static_cast<size_t>(from) >= s.size()) return Scalar::String("");
            size_t len = args.size() == 3 ? static_cast<size_t>(std::max<double>(0, args[2].number())) : std::string::npos;
            return Scalar::String(s.substr(static_cast<size_t>(from), len));
        }
        if (n == "CONCAT") {
            std::string s;
            for (const auto& a : args) s += AsString(a);
            return Scalar::String(s);
        }
        if (n == "CONCAT_WS") {
            if (args.empty()) Throw("AQL_ARGUMENTS", "CONCAT_WS needs a separator", f.pos);
            std::string s;
            for (size_t i = 1; i < args.size(); ++i) {
                if (args[i].is_null()) continue;
                if (!s.empty()) s += AsString(args[0]);
                s += AsString(args[i]);
            }
            return Scalar::String(s);
        }
        if (n == "ABS") { need(1); return args[0].kind == Scalar::Kind::kInt ? Scalar::Int(std::llabs(args[0].i)) : Scalar::Real(std::fabs(args[0].number())); }
        if (n == "MOD") {
            need(2);
            if (args[0].kind == Scalar::Kind::kInt && args[1].kind == Scalar::Kind::kInt && args[1].i != 0)
                return Scalar::Int(args[0].i % args[1].i);
            return Scalar::Real(std::fmod(args[0].number(), args[1].number()));
        }
        if (n == "CEIL") { need(1); return Scalar::Int(static_cast<int64_t>(std::ceil(args[0].number()))); }
        if (n == "FLOOR") { need(1); return Scalar::Int(static_cast<int64_t>(std::floor(args[0].number()))); }
        if (n == "ROUND") {
            double scale = std::pow(10.0, args.size() > 1 ? args[1].number() : 0);
            return Scalar::Real(std::round(args[0].number() * scale) / scale);
        }
        if (n == "TERMINOLOGY") {
            TerminologyAnswer a = Terminology(f, args);
            if (a.is_set)
                Throw("AQL_TYPE", "TERMINOLOGY('" + AsString(args[0]) + "', ...) gives a set of codes: use it in MATCHES", f.pos);
            return a.value;
        }
        if (n == "NOW" || n == "CURRENT_DATE_TIME" || n == "CURRENT_DATE" || n == "CURRENT_TIME" || n == "CURRENT_TIMEZONE")
            return Scalar::String(Now(n));
        Throw("AQL_UNKNOWN_FUNCTION", "unknown function " + n, f.pos);
    }

    // TERMINOLOGY(operation, service_api, params_uri) from the evaluated arguments.
    TerminologyAnswer Terminology(const FunctionCall& f, const std::vector<Scalar>& args) {
        if (args.size() != 3) Throw("AQL_ARGUMENTS", "TERMINOLOGY takes 3 arguments", f.pos);
        return Answer(CallTerminology(AsString(args[0]), AsString(args[1]), AsString(args[2])), f.pos);
    }
    template <typename T>
    T Answer(Result<T> r, Pos pos) {
        if (r.ok()) return std::move(r).value();
        const Error& e = r.error();
        Throw(e.issues().empty() ? "AQL_TERMINOLOGY" : e.issues()[0].code.c_str(),
              e.issues().empty() ? e.message() : e.issues()[0].message, pos, e.code());
    }

    // A MATCHES operand's values: a terminology URI or TERMINOLOGY() call stands for its codes.
    void MatchSet(const Terminal& v, const Binding& b, Pos pos, std::vector<Scalar>& set) {
        if (auto* fc = std::get_if<std::unique_ptr<FunctionCall>>(&v.value); fc && (*fc)->name == "TERMINOLOGY") {
            std::vector<Scalar> args;
            for (const auto& a : (*fc)->args) {
                auto vals = TerminalValues(a, b);
                args.push_back(vals.empty() ? Scalar::Null() : vals.front());
            }
            TerminologyAnswer a = Terminology(**fc, args);
            if (!a.is_set) {
                set.push_back(a.value);
                return;
            }
            for (auto& c : a.codes) set.push_back(Scalar::String(std::move(c)));
            return;
        }
        auto* prim = std::get_if<Primitive>(&v.value);
        if (prim && prim->kind == Primitive::Kind::kString && IsTerminologyUri(prim->text)) {
            for (auto& c : Answer(ExpandTerminologyUri(prim->text), pos)) set.push_back(Scalar::String(std::move(c)));
            return;
        }
        for (auto& s : TerminalValues(v, b)) set.push_back(std::move(s));
    }

    static std::string AsString(const Scalar& s) {
        switch (s.kind) {
            case Scalar::Kind::kString: return s.s;
            case Scalar::Kind::kNull: return "";
            default: {
                std::string j = s.ToJson();
                return j;
            }
        }
    }

    std::string Now(const std::string& fn) {
        auto now = std::chrono::system_clock::now();
        std::time_t t = std::chrono::system_clock::to_time_t(now);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[40];
        if (fn == "CURRENT_DATE") std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        else if (fn == "CURRENT_TIME") std::strftime(buf, sizeof buf, "%H:%M:%SZ", &tm);
        else if (fn == "CURRENT_TIMEZONE") return "Z";
        else std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return buf;
    }

    // ------------------------------------------------------------------ WHERE
    bool Holds(const WhereExpr& w, const Binding& b) {
        switch (w.kind) {
            case WhereExpr::Kind::kAnd: return Holds(*w.left, b) && Holds(*w.right, b);
            case WhereExpr::Kind::kOr: return Holds(*w.left, b) || Holds(*w.right, b);
            case WhereExpr::Kind::kNot: return !Holds(*w.left, b);
            case WhereExpr::Kind::kExists: {
                const auto& path = std::get<IdentifiedPath>(w.lhs.value);
                return !Resolve(path, b).empty();
            }
            case WhereExpr::Kind::kCompare: {
                auto l = TerminalValues(w.lhs, b), r = TerminalValues(w.rhs, b);
                for (const auto& x : l)
                    for (const auto& y : r)
                        if (CompareOp(x, w.op, y)) return true;
                return false;
            }
            case WhereExpr::Kind::kLike: {
                Scalar pattern = TerminalValues(w.rhs, b).front();
                if (pattern.kind != Scalar::Kind::kString) return false;
                RE2& re = LikeRegex(pattern.s);
                for (const auto& x : TerminalValues(w.lhs, b))
                    if (x.kind == Scalar::Kind::kString && RE2::FullMatch(x.s, re)) return true;
                return false;
            }
            case WhereExpr::Kind::kMatches: {
                std::vector<Scalar> set;
                if (!w.matches.uri.empty())
                    for (auto& c : Answer(ExpandTerminologyUri(w.matches.uri), w.pos)) set.push_back(Scalar::String(std::move(c)));
                for (const auto& v : w.matches.values) MatchSet(v, b, w.pos, set);
                for (const auto& x : TerminalValues(w.lhs, b))
                    for (const auto& y : set)
                        if (CompareOp(x, "=", y)) return true;
                return false;
            }
        }
        return false;
    }

    // LIKE (AQL 1.1): '*' any run, '?' one character, a backslash makes the next character
    // literal (`\*`, `\?`); everything else is literal, SQL's % and _ included.
    RE2& LikeRegex(const std::string& pattern) {
        auto& re = regex_cache_["LIKE:" + pattern];
        if (!re) {
            std::string rx;
            for (size_t i = 0; i < pattern.size(); ++i) {
                char c = pattern[i];
                if (c == '\\' && i + 1 < pattern.size()) rx += RE2::QuoteMeta(std::string(1, pattern[++i]));
                else if (c == '*') rx += ".*";
                else if (c == '?') rx += ".";
                else rx += RE2::QuoteMeta(std::string(1, c));
            }
            re = std::make_unique<RE2>("(?s)" + rx);
        }
        return *re;
    }

    // ------------------------------------------------------------------ SELECT
    using Cell = ProjectedCell;

    bool HasAggregates() const {
        for (const auto& c : q_.columns)
            if (std::holds_alternative<AggregateCall>(c.expr)) return true;
        return false;
    }

    // Cells of one column for a binding: several when its path reaches list items.
    std::vector<std::pair<Item, Cell>> ColumnCells(const SelectColumn& col, const Binding& b) {
        std::vector<std::pair<Item, Cell>> out;
        if (auto* p = std::get_if<IdentifiedPath>(&col.expr)) {
            for (const Item& it : Resolve(*p, b)) out.push_back({it, Cell{CellJson(it), ScalarOf(it)}});
            if (out.empty()) out.push_back({Item{}, Cell{"null", Scalar::Null()}});
        } else if (auto* prim = std::get_if<Primitive>(&col.expr)) {
            Scalar s = FromPrimitive(*prim);
            out.push_back({Item{}, Cell{s.ToJson(), s}});
        } else if (auto* f = std::get_if<FunctionCall>(&col.expr)) {
            Scalar s = CallFunction(*f, b);
            out.push_back({Item{}, Cell{s.ToJson(), s}});
        }
        return out;
    }

    // Rows of one binding: columns reaching the same list are zipped, others multiplied
    // (aql/exec/zip_rows.hpp).
    void ExpandRows(const Binding& b, std::vector<std::vector<Cell>>& rows) {
        std::vector<std::vector<ColumnValue>> cols;
        cols.reserve(q_.columns.size());
        for (const auto& c : q_.columns) {
            std::vector<ColumnValue> values;
            for (auto& [item, cell] : ColumnCells(c, b)) values.push_back({item.list, item.list_index, std::move(cell)});
            cols.push_back(std::move(values));
        }
        Zip(cols, rows);
    }

    void Zip(std::vector<std::vector<ColumnValue>>& cols, std::vector<std::vector<Cell>>& rows) {
        if (!ZipColumns(cols, rows, options_.max_rows * 4 + 1000))
            Throw("AQL_TOO_MANY_ROWS", "the result exceeds the row limit of " + std::to_string(options_.max_rows), {},
                  ErrorCode::kLimitExceeded);
    }

    // ORDER BY <alias>: the SELECT column of that alias (a bare name that is no variable).
    const SelectColumn* AliasedColumn(const IdentifiedPath& p) const {
        if (!p.path.parts.empty() || p.predicate || var_index_.count(p.variable)) return nullptr;
        for (const auto& c : q_.columns)
            if (c.alias == p.variable) return &c;
        return nullptr;
    }

    // Which SELECT column an ORDER BY key names: its alias, or the same path text.
    int OrderColumn(const OrderBy& ob) const {
        if (const SelectColumn* c = AliasedColumn(ob.path)) return static_cast<int>(c - q_.columns.data());
        for (size_t i = 0; i < q_.columns.size(); ++i) {
            const auto* p = std::get_if<IdentifiedPath>(&q_.columns[i].expr);
            if (p && SamePath(*p, ob.path)) return static_cast<int>(i);
        }
        return -1;
    }
    static bool SamePath(const IdentifiedPath& a, const IdentifiedPath& b) {
        if (a.variable != b.variable || a.path.parts.size() != b.path.parts.size() || a.predicate || b.predicate) return false;
        for (size_t i = 0; i < a.path.parts.size(); ++i)
            if (a.path.parts[i].attribute != b.path.parts[i].attribute || a.path.parts[i].predicate || b.path.parts[i].predicate)
                return false;
        return true;
    }

    // Rows with their ORDER BY keys: a key naming a SELECT column (alias or same path) sorts
    // by that row's cell; any other path by its first value for the row's binding. Nulls
    // sort last.
    struct Row {
        std::vector<std::string> cells;
        std::vector<Scalar> keys;
    };

    // The rows of one binding, projected while its EHR's documents are at hand.
    void Emit(const Binding& b) {
        std::vector<Scalar> binding_keys;
        for (size_t j = 0; j < q_.order_by.size(); ++j) {
            if (key_column_[j] >= 0) {
                binding_keys.push_back(Scalar::Null());
                continue;
            }
            auto items = Resolve(q_.order_by[j].path, b);
            binding_keys.push_back(items.empty() ? Scalar::Null() : ScalarOf(items.front()));
        }
        std::vector<std::vector<Cell>> cells;
        ExpandRows(b, cells);
        EmitRows(cells, binding_keys);
    }

    // Projected rows of one binding with its keys for ORDER BY paths no column names.
    void EmitRows(std::vector<std::vector<Cell>>& cells, const std::vector<Scalar>& binding_keys) {
        for (auto& r : cells) {
            Row row;
            row.keys = binding_keys;
            for (size_t j = 0; j < key_column_.size(); ++j)
                if (key_column_[j] >= 0) row.keys[j] = r[static_cast<size_t>(key_column_[j])].sort_key;
            for (auto& c : r) row.cells.push_back(std::move(c.json));
            out_.push_back(std::move(row));
        }
    }

    void Project(ResultSet& rs) {
        std::vector<std::vector<std::string>> rows;
        std::vector<std::vector<Scalar>> keys;  // beside rows: each row's ORDER BY keys
        if (HasAggregates()) {
            AggregateRows(rows);
            keys.resize(rows.size());
        } else {
            if (!q_.order_by.empty()) {
                std::stable_sort(out_.begin(), out_.end(), [&](const Row& a, const Row& b) {
                    for (size_t j = 0; j < q_.order_by.size(); ++j) {
                        const Scalar &x = a.keys[j], &y = b.keys[j];
                        if (x.is_null() != y.is_null()) return !x.is_null();
                        auto c = CompareScalars(x, y);
                        if (!c || *c == 0) continue;
                        return q_.order_by[j].descending ? *c > 0 : *c < 0;
                    }
                    return false;
                });
            }
            for (auto& r : out_) {
                rows.push_back(std::move(r.cells));
                keys.push_back(std::move(r.keys));
            }
        }
        if (q_.distinct) {
            std::set<std::vector<std::string>> seen;
            std::vector<std::vector<std::string>> unique;
            std::vector<std::vector<Scalar>> unique_keys;
            for (size_t i = 0; i < rows.size(); ++i)
                if (seen.insert(rows[i]).second) {
                    unique.push_back(std::move(rows[i]));
                    unique_keys.push_back(std::move(keys[i]));
                }
            rows = std::move(unique);
            keys = std::move(unique_keys);
        }
        size_t offset = q_.offset ? static_cast<size_t>(std::max<int64_t>(0, *q_.offset)) : 0;
        std::optional<int64_t> limit = q_.limit ? q_.limit : q_.top;
        size_t end = rows.size();
        if (offset > end) offset = end;
        if (limit) end = std::min(end, offset + static_cast<size_t>(std::max<int64_t>(0, *limit)));
        if (end - offset > options_.max_rows)
            Throw("AQL_TOO_MANY_ROWS", "the result has " + std::to_string(end - offset) + " rows, more than the limit of " +
                                           std::to_string(options_.max_rows),
                  {}, ErrorCode::kLimitExceeded);
        rs.rows.assign(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(offset)),
                       std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(end)));
        row_keys_.assign(std::make_move_iterator(keys.begin() + static_cast<std::ptrdiff_t>(offset)),
                         std::make_move_iterator(keys.begin() + static_cast<std::ptrdiff_t>(end)));
    }

    // Aggregates over all bindings, grouped by the values of the non-aggregate columns.
    struct Acc {
        int64_t count = 0;
        std::set<std::string> distinct;
        std::optional<Scalar> min, max;
        std::string min_json, max_json;  // the extreme item itself: a DV_ORDERED stays an object
        double sum = 0;
        bool all_int = true;
        int64_t isum = 0;
        int64_t n = 0;
    };

    // Adds one binding to its group's accumulators.
    void Accumulate(const Binding& b) {
        std::vector<std::string> key;
        for (const auto& c : q_.columns)
            if (!std::holds_alternative<AggregateCall>(c.expr)) key.push_back(ColumnCells(c, b).front().second.json);
        auto [it, inserted] = groups_.try_emplace(key, q_.columns.size());
        if (inserted) group_order_.push_back(key);
        for (size_t c = 0; c < q_.columns.size(); ++c) {
            auto* a = std::get_if<AggregateCall>(&q_.columns[c].expr);
            if (!a) continue;
            Acc& acc = it->second[c];
            if (a->star) {
                ++acc.count;
                continue;
            }
            for (const Item& item : Resolve(*a->path, b)) {
                Scalar s = ScalarOf(item);
                if (a->name == "COUNT") {
                    if (a->distinct) acc.distinct.insert(CellJson(item));
                    else ++acc.count;
                    continue;
                }
                if (s.is_null()) continue;
                if (!acc.min || CompareScalars(s, *acc.min).value_or(0) < 0) {
                    acc.min = s;
                    acc.min_json = CellJson(item);
                }
                if (!acc.max || CompareScalars(s, *acc.max).value_or(0) > 0) {
                    acc.max = s;
                    acc.max_json = CellJson(item);
                }
                if (s.is_number()) {
                    acc.sum += s.number();
                    if (s.kind == Scalar::Kind::kInt) acc.isum += s.i;
                    else acc.all_int = false;
                    ++acc.n;
                } else if (a->name == "SUM" || a->name == "AVG") {
                    Throw("AQL_TYPE", a->name + " needs numbers; " + a->path->variable + "/... gives text", a->pos);
                }
            }
        }
    }

    void AggregateRows(std::vector<std::vector<std::string>>& rows) {
        auto& groups = groups_;
        auto& order = group_order_;
        // No bindings and only aggregates: one row (COUNT 0, others null), as SQL does.
        bool only_aggregates = true;
        for (const auto& c : q_.columns) only_aggregates &= std::holds_alternative<AggregateCall>(c.expr);
        if (groups.empty() && only_aggregates) {
            groups.try_emplace({}, q_.columns.size());
            order.push_back({});
        }
        for (const auto& key : order) {
            const auto& accs = groups[key];
            std::vector<std::string> row;
            size_t k = 0;
            for (size_t c = 0; c < q_.columns.size(); ++c) {
                auto* a = std::get_if<AggregateCall>(&q_.columns[c].expr);
                if (!a) {
                    row.push_back(key[k++]);
                    continue;
                }
                const Acc& acc = accs[c];
                if (a->name == "COUNT") row.push_back(std::to_string(a->distinct ? static_cast<int64_t>(acc.distinct.size()) : acc.count));
                else if (a->name == "MIN") row.push_back(acc.min ? acc.min_json : "null");
                else if (a->name == "MAX") row.push_back(acc.max ? acc.max_json : "null");
                else if (a->name == "SUM") row.push_back(acc.n == 0 ? "null" : acc.all_int ? std::to_string(acc.isum) : codec::FormatReal(acc.sum));
                else row.push_back(acc.n == 0 ? "null" : codec::FormatReal(acc.sum / static_cast<double>(acc.n)));
            }
            rows.push_back(std::move(row));
        }
    }

    const Query& q_;
    std::string_view text_;
    const DataSource& data_;
    const QueryParameters& params_;
    const ExecOptions& options_;
    const bmm::Schema& schema_;
    Clock::time_point start_;
    const EhrView* current_ehr_ = nullptr;
    ResultSet rs_;
    std::vector<int> key_column_;  // per ORDER BY key: the SELECT column it names, or -1
    std::vector<Row> out_;         // projected rows (queries without aggregates)
    std::vector<std::vector<Scalar>> row_keys_;  // the returned rows' ORDER BY keys (Project)
    std::map<std::vector<std::string>, std::vector<Acc>> groups_;  // aggregates by group key
    std::vector<std::vector<std::string>> group_order_;           // group keys, first seen first
    Status visited_error_ = OkStatus();
    FlatIndex<std::string> var_index_;
    FlatIndex<const ContainsExpr*> class_index_;
    size_t anonymous_ = 0;
    std::map<std::string, std::unique_ptr<RE2>> regex_cache_;
};

}  // namespace

class EhrByEhrEvaluator::Impl : public Evaluator {
public:
    using Evaluator::Evaluator;
};

namespace {
// The whole-source Run needs a DataSource; the EHR-by-EHR evaluator is fed directly.
class NoData : public DataSource {
public:
    Status ForEachEhr(const std::function<bool(const EhrView&)>&) const override { return OkStatus(); }
};
const NoData kNoData;
}  // namespace

EhrByEhrEvaluator::EhrByEhrEvaluator(const Query& query, std::string_view query_text, const QueryParameters& params,
                                     const ExecOptions& options)
    : options_(options) {
    impl_ = std::make_unique<Impl>(query, query_text, kNoData, params, options_);
    begun_ = impl_->Begin();
}

EhrByEhrEvaluator::~EhrByEhrEvaluator() = default;

Status EhrByEhrEvaluator::AddEhr(const EhrView& ehr) {
    KJ_TRY(begun_);
    return impl_->AddEhr(ehr);
}

bool EhrByEhrEvaluator::Satisfied() const { return begun_.ok() && impl_->Satisfied(); }

Result<ResultSet> EhrByEhrEvaluator::Finish() {
    KJ_TRY(begun_);
    return impl_->Finish();
}

const std::vector<std::vector<Scalar>>& EhrByEhrEvaluator::RowKeys() const { return impl_->RowKeys(); }

Status EhrByEhrEvaluator::AddColumns(std::vector<std::vector<ColumnValue>>& cols,
                                     const std::vector<Scalar>& binding_keys) {
    KJ_TRY(begun_);
    return impl_->AddColumns(cols, binding_keys);
}

Result<ResultSet> ExecuteReference(const Query& query, std::string_view query_text, const DataSource& data,
                                   const QueryParameters& params, const ExecOptions& options) {
    return Evaluator(query, query_text, data, params, options).Run();
}

}  // namespace kjerne::aql
