// templates/flat/flat_context.hpp
//
// What both FLAT directions need from a template: the web template (whose node ids are the
// FLAT segments), the unfiltered web template by aqlPath (types and names of the structural
// nodes the filter hides: HISTORY, ITEM_TREE, the ELEMENT around a value), and how a child
// node's aqlPath continues its parent's.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "templates/flat/flat_path.hpp"
#include "templates/opt/template.hpp"
#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::flat {

using webtemplate::WtNode;

struct FlatContext {
    const Template* tpl = nullptr;
    webtemplate::WebTemplate wt;
    webtemplate::WebTemplate unfiltered;
    std::map<std::string, const WtNode*, std::less<>> hidden_by_path;  // unfiltered tree
};

// Heap-allocated: hidden_by_path points into `unfiltered`. (Public as flat::PrepareFlat.)
Result<std::unique_ptr<FlatContext>> MakeFlatContext(const Template& tpl);

// The steps of `child`'s aqlPath below `parent`'s, and the one of them that a FLAT `:N`
// counts: the step that creates the node's own LOCATABLE (the ELEMENT for a value node),
// else the last.
struct ChildPath {
    std::vector<AqlStep> steps;  // the child's full path
    size_t first = 0;            // steps[first..] are below the parent
    size_t index_step = 0;
};
ChildPath ChildPathOf(const WtNode& parent, const WtNode& child);

// A concrete RM type for a node type the template leaves abstract.
std::string ConcreteType(const std::string& rm_type);

bool IsDataValueType(const std::string& rm_type);

}  // namespace kjerne::templates::flat
