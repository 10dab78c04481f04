// aql/plan/projection.cpp — see projection.hpp.
#include "aql/plan/projection.hpp"

#include <algorithm>
#include <vector>

#include "aql/parser/ast_walk.hpp"
#include "aql/plan/class_archetype.hpp"
#include "engine/common/ascii.hpp"

namespace kjerne::aql {
namespace {

// Attributes the reader keeps on every object it keeps (engine/codec/projection.hpp).
bool IsIdentityAttribute(const std::string& a) {
    return a == "archetype_node_id" || a == "name" || a == "archetype_details";
}

// A path the kept identity of a node answers: it starts at an identity attribute.
bool IsIdentityPath(const ObjectPath* p) {
    return p && !p->parts.empty() && IsIdentityAttribute(p->parts[0].attribute);
}

// Whether evaluating `p` on a node looks only at the node's identity (its archetype_node_id
// and name), which a kept node always has.
bool ReadsOnlyIdentity(const NodePredicate& p) {
    switch (p.kind) {
        case NodePredicate::Kind::kNodeId:
        case NodePredicate::Kind::kParameter: return true;  // id, plus a name / name code / $name
        case NodePredicate::Kind::kAnd:
        case NodePredicate::Kind::kOr: return ReadsOnlyIdentity(*p.left) && ReadsOnlyIdentity(*p.right);
        case NodePredicate::Kind::kComparison:
        case NodePredicate::Kind::kMatches:
            if (!IsIdentityPath(p.path.get())) return false;
            return !p.operand || !std::holds_alternative<std::unique_ptr<ObjectPath>>(p.operand->value);
    }
    return false;
}

class Builder {
public:
    Builder(const Query& q, const QueryParameters& params) : q_(q), params_(params) {}

    DecodePlan Build() {
        DecodePlan out;
        if (!Classes(*q_.from)) {
            out.whole_reason = reason_;
            return out;
        }
        VisitIdentifiedPaths(q_, [&](const IdentifiedPath& p) { AddPath(p); });
        if (!reason_.empty()) {
            out.whole_reason = reason_;
            return out;
        }
        if (root_.whole) {
            out.whole_reason = "a whole COMPOSITION is read";
            return out;
        }
        codec::Projection& p = out.projection.emplace();
        p.root = std::move(root_);
        // By variable name, as a std::map of them would list them (EXPLAIN prints this order).
        std::sort(anchored_.begin(), anchored_.end(),
                  [](const Anchored& a, const Anchored& b) { return a.key < b.key; });
        size_t anchors = 0;
        for (const Anchored& a : anchored_) anchors += a.ids.size();
        p.anchors.reserve(anchors);
        for (Anchored& a : anchored_) {
            // Each id keeps the same trie: copies for all but the last, which takes it.
            for (size_t i = 0; i + 1 < a.ids.size(); ++i) p.anchors.push_back({a.ids[i], a.keep});
            if (!a.ids.empty()) p.anchors.push_back({std::move(a.ids.back()), std::move(a.keep)});
        }
        return out;
    }

private:
    struct Anchored {
        std::string key;  // the variable, or "#<n>" for an anonymous class
        std::vector<std::string> ids;
        codec::ProjectionNode keep;
    };

    // The few variables of a query are looked up in the query itself: cheaper than building
    // sets and maps of them per query. Whether FROM has a class `upper` named `variable`
    // (every class is recorded when Classes succeeds).
    static bool HasClass(const ContainsExpr* c, const std::string& variable, std::string_view upper) {
        if (!c) return false;
        if (c->kind == ContainsExpr::Kind::kClass && SameName(c->variable, variable) && IsRmClass(c->rm_type, upper))
            return true;
        return HasClass(c->contains.get(), variable, upper) || HasClass(c->left.get(), variable, upper) ||
               HasClass(c->right.get(), variable, upper);
    }
    Anchored* FindAnchored(const std::string& key) {
        for (Anchored& a : anchored_)
            if (SameName(a.key, key)) return &a;
        return nullptr;
    }
    bool IsAlias(const std::string& name) const {
        for (const SelectColumn& c : q_.columns)
            if (!c.alias.empty() && c.alias == name) return true;
        return false;
    }

    bool Whole(std::string why) {
        if (reason_.empty()) reason_ = std::move(why);
        return false;
    }

    // Records the FROM classes' variables; false (with reason_) when one needs whole documents.
    bool Classes(const ContainsExpr& c) {
        if (c.kind != ContainsExpr::Kind::kClass) {
            bool l = !c.left || Classes(*c.left);
            bool r = !c.right || Classes(*c.right);
            return l && r;
        }
        if (IsRmClass(c.rm_type, "EHR")) {
            // Its variable's paths are the EHR's own attributes (AddPath).
        } else if (IsRmClass(c.rm_type, "COMPOSITION")) {
            // The document root: always kept, with its identity, which is all its predicate
            // may read.
            if (c.predicate && !ReadsOnlyIdentity(*c.predicate))
                return Whole("a predicate on " + c.variable + " reads more than its identity");
        } else if (IsRmClass(c.rm_type, "EHR_STATUS") || IsRmClass(c.rm_type, "VERSION") ||
                   IsRmClass(c.rm_type, "VERSIONED_OBJECT") || IsRmClass(c.rm_type, "FOLDER")) {
            return Whole(AsciiUpper(c.rm_type) + " in FROM");
        } else {
            const std::string type = AsciiUpper(c.rm_type);
            if (!c.predicate) return Whole(type + (c.variable.empty() ? "" : " " + c.variable) + " has no archetype predicate");
            if (!ReadsOnlyIdentity(*c.predicate)) return Whole("a predicate on " + c.variable + " reads more than its identity");
            std::string key = c.variable.empty() ? "#" + std::to_string(anchored_.size()) : c.variable;
            Anchored* a = FindAnchored(key);
            if (!a) {
                if (anchored_.empty()) anchored_.reserve(4);
                a = &anchored_.emplace_back();
                a->key = std::move(key);
            }
            // Straight into the anchor's ids: when this fails the plan decodes whole
            // compositions, and what was appended is never used.
            if (!AnchorIds(*c.predicate, a->ids)) return Whole("the predicate on " + c.variable + " names no node id");
        }
        return !c.contains || Classes(*c.contains);
    }

    // The node ids (archetype ids, patterns or at-codes) one of which every node matching `p`
    // has; false when a node can match without one.
    bool AnchorIds(const NodePredicate& p, std::vector<std::string>& out) const {
        switch (p.kind) {
            case NodePredicate::Kind::kNodeId: out.push_back(p.node_id); return true;
            case NodePredicate::Kind::kParameter: {
                auto it = p.parameter ? params_.find(p.parameter->name) : params_.end();
                if (it == params_.end() || it->second.kind != Scalar::Kind::kString) return false;
                out.push_back(it->second.s);
                return true;
            }
            case NodePredicate::Kind::kAnd: {
                // Either side's ids do: a matching node has both.
                std::vector<std::string> l;
                if (AnchorIds(*p.left, l)) {
                    out.insert(out.end(), l.begin(), l.end());
                    return true;
                }
                return AnchorIds(*p.right, out);
            }
            case NodePredicate::Kind::kOr: {
                std::vector<std::string> l, r;
                if (!AnchorIds(*p.left, l) || !AnchorIds(*p.right, r)) return false;
                out.insert(out.end(), l.begin(), l.end());
                out.insert(out.end(), r.begin(), r.end());
                return true;
            }
            default: return false;
        }
    }

    void AddPath(const IdentifiedPath& p) {
        codec::ProjectionNode* node = nullptr;
        if (HasClass(q_.from.get(), p.variable, "COMPOSITION")) {
            node = &root_;
        } else if (Anchored* a = FindAnchored(p.variable)) {
            node = &a->keep;
        } else if (HasClass(q_.from.get(), p.variable, "EHR")) {
            return;  // the EHR's own attributes: no composition is read
        } else if (p.path.parts.empty() && !p.predicate && IsAlias(p.variable)) {
            return;  // ORDER BY a column's alias: that column's path is visited itself
        } else {
            Whole("a path on '" + p.variable + "', which binds no composition node");
            return;
        }
        if (p.predicate) {
            node->whole = true;
            return;
        }
        // A variable's paths usually start with a few different attributes: room for them at
        // once instead of growing one by one.
        if (node->attrs.empty() && !p.path.parts.empty()) node->attrs.reserve(4);
        for (const PathPart& part : p.path.parts) {
            node = &node->Child(part.attribute);
            if (node->whole) return;
            if (part.predicate && !ReadsOnlyIdentity(*part.predicate)) break;  // it reads below this step
        }
        node->whole = true;
    }

    const Query& q_;
    const QueryParameters& params_;
    std::vector<Anchored> anchored_;  // in FROM order; sorted by key when the plan is built
    codec::ProjectionNode root_;
    std::string reason_;
};

void Describe(const codec::ProjectionNode& n, const std::string& prefix, std::vector<std::string>& out) {
    if (n.whole) {
        out.push_back(prefix.empty() ? "(whole)" : prefix);
        return;
    }
    for (const codec::ProjectionEdge& e : n.attrs)
        Describe(e.node, prefix.empty() ? e.attribute : prefix + "/" + e.attribute, out);
}

std::string Joined(const codec::ProjectionNode& n) {
    std::vector<std::string> paths;
    Describe(n, "", paths);
    if (paths.empty()) return "(identity only)";
    std::string s;
    for (size_t i = 0; i < paths.size(); ++i) s += (i ? ", " : "") + paths[i];
    return s;
}

}  // namespace

DecodePlan PlanDecode(const Query& query, const QueryParameters& params) {
    return Builder(query, params).Build();
}

std::string DescribeProjection(const codec::Projection& p) {
    std::string out = "root: " + Joined(p.root);
    for (const codec::ProjectionAnchor& a : p.anchors) out += "; nodes '" + a.archetype + "': " + Joined(a.keep);
    return out;
}

}  // namespace kjerne::aql
