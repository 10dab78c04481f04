// aql/plan/projection.cpp — see projection.hpp.
#include "aql/plan/projection.hpp"

#include <map>
#include <set>
#include <vector>

#include "aql/parser/ast_walk.hpp"
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
        for (const SelectColumn& c : q_.columns)
            if (!c.alias.empty()) aliases_.insert(c.alias);
        ForEachIdentifiedPath(q_, [&](const IdentifiedPath& p) { AddPath(p); });
        if (!reason_.empty()) {
            out.whole_reason = reason_;
            return out;
        }
        if (root_.whole) {
            out.whole_reason = "a whole COMPOSITION is read";
            return out;
        }
        codec::Projection p;
        p.root = std::move(root_);
        for (auto& [var, anchor] : anchored_)
            for (const std::string& id : anchor.ids) p.anchors.push_back({id, anchor.keep});
        out.projection = std::move(p);
        return out;
    }

private:
    struct Anchored {
        std::vector<std::string> ids;
        codec::ProjectionNode keep;
    };

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
        const std::string type = AsciiUpper(c.rm_type);
        if (type == "EHR") {
            ehr_vars_.insert(c.variable);
        } else if (type == "COMPOSITION") {
            // The document root: always kept, with its identity, which is all its predicate
            // may read.
            if (c.predicate && !ReadsOnlyIdentity(*c.predicate))
                return Whole("a predicate on " + c.variable + " reads more than its identity");
            root_vars_.insert(c.variable);
        } else if (type == "EHR_STATUS" || type == "VERSION" || type == "VERSIONED_OBJECT" || type == "FOLDER") {
            return Whole(type + " in FROM");
        } else {
            if (!c.predicate) return Whole(type + (c.variable.empty() ? "" : " " + c.variable) + " has no archetype predicate");
            if (!ReadsOnlyIdentity(*c.predicate)) return Whole("a predicate on " + c.variable + " reads more than its identity");
            std::vector<std::string> ids;
            if (!AnchorIds(*c.predicate, ids)) return Whole("the predicate on " + c.variable + " names no node id");
            Anchored& a = anchored_[c.variable.empty() ? "#" + std::to_string(anchored_.size()) : c.variable];
            a.ids.insert(a.ids.end(), ids.begin(), ids.end());
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
        if (root_vars_.count(p.variable)) {
            node = &root_;
        } else if (auto it = anchored_.find(p.variable); it != anchored_.end()) {
            node = &it->second.keep;
        } else if (ehr_vars_.count(p.variable)) {
            return;  // the EHR's own attributes: no composition is read
        } else if (p.path.parts.empty() && !p.predicate && aliases_.count(p.variable)) {
            return;  // ORDER BY a column's alias: that column's path is visited itself
        } else {
            Whole("a path on '" + p.variable + "', which binds no composition node");
            return;
        }
        if (p.predicate) {
            node->whole = true;
            return;
        }
        for (const PathPart& part : p.path.parts) {
            node = &node->Child(part.attribute);
            if (node->whole) return;
            if (part.predicate && !ReadsOnlyIdentity(*part.predicate)) break;  // it reads below this step
        }
        node->whole = true;
    }

    const Query& q_;
    const QueryParameters& params_;
    std::set<std::string> ehr_vars_, root_vars_, aliases_;
    std::map<std::string, Anchored> anchored_;
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
