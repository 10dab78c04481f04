// templates/webtemplate/web_template_build.hpp
//
// The two passes behind GenerateWebTemplate (module-internal): BuildTree (constraint tree ->
// full node tree, web_template_builder.cpp) and FilterTree (drop structural nodes and lift
// their children, web_template_filter.cpp), plus the helpers both use.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"
#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {

Result<WtNode> BuildTree(const Template& tpl, const std::vector<std::string>& languages);
WtNode FilterTree(WtNode root);
// Fills `dependsOn` on the filtered tree (depends_on.cpp).
void AddDependsOn(WtNode& root);

// An ELEMENT's value alternatives: its children except name and optional null_flavour /
// feeder_audit.
std::vector<WtNode*> TrueElementChildren(WtNode& element);
// Siblings with one id are numbered from the second on (`time`, `time2`); an ELEMENT's value
// that carries the ELEMENT's id follows its number.
void MakeIdsUnique(WtNode& node);

}  // namespace kjerne::templates::webtemplate
