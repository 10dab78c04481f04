// engine/codec/projection.hpp
//
// What of a document the JSON reader builds when a reader of the tree (an AQL query) needs
// only some of it: "decode only the nodes the query needs". A Projection names
// - the attributes to follow from the root (a trie of RM attribute names; `whole` below a
//   trie node keeps everything under it), and
// - anchors: objects whose archetype_node_id matches a pattern (a FROM class's archetype
//   predicate) are kept, with the chain of objects from the root down to them and with what
//   their own trie names below them.
// Every object that is kept keeps its type and the attributes that identify it
// (`archetype_node_id`, `name`, `archetype_details`), because containment and node
// predicates look at those. Everything else is left out of the tree: a subtree that is on no
// trie path and holds no anchor is skipped, a list on no trie path keeps only the items that
// hold one. Keeping more than needed is always safe; a query's planner builds the projection
// so that what it leaves out is never looked at (aql/plan/projection.hpp).
// The reader still parses the whole text (simdjson), and still reports a kept part that does
// not fit the RM; it does not check what it skips.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kjerne::codec {

struct ProjectionEdge;

struct ProjectionNode {
    bool whole = false;                // keep everything below
    std::vector<ProjectionEdge> attrs;  // attribute -> what below it

    const ProjectionNode* Find(std::string_view attribute) const;
    ProjectionNode& Child(std::string_view attribute);  // added when absent
};

// Defined after ProjectionNode is complete: a vector of a type holding itself is fine to
// declare, but its element type must be complete where the vector is used.
struct ProjectionEdge {
    std::string attribute;
    ProjectionNode node;
};

inline const ProjectionNode* ProjectionNode::Find(std::string_view attribute) const {
    for (const ProjectionEdge& e : attrs)
        if (e.attribute == attribute) return &e.node;
    return nullptr;
}

inline ProjectionNode& ProjectionNode::Child(std::string_view attribute) {
    for (ProjectionEdge& e : attrs)
        if (e.attribute == attribute) return e.node;
    attrs.push_back(ProjectionEdge{std::string(attribute), {}});
    return attrs.back().node;
}

struct ProjectionAnchor {
    std::string archetype;  // exact id, or a pattern with '*' / '?' (engine/common/glob.hpp)
    ProjectionNode keep;    // below a matching object
};

struct Projection {
    ProjectionNode root;
    std::vector<ProjectionAnchor> anchors;
};

}  // namespace kjerne::codec
