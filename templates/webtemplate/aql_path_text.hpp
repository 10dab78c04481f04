// templates/webtemplate/aql_path_text.hpp
//
// The AQL path text of web template nodes: name predicates in the short form EHRbase writes
// (`/items[at0002,'Name']`), paths compared ignoring them, and moving a subtree to a new base
// path when a node gains a name predicate.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {

// "/a[at1]/b[at2,'X']" (or "[at2 and name/value='X']") -> "/a[at1]/b[at2]".
std::string StripNames(std::string_view path);
// Whether the last segment carries a name predicate.
bool LastSegmentHasName(std::string_view path);
// "/a[at1]" + "X" -> "/a[at1,'X']" (unchanged when the last segment has no predicate).
std::string WithName(const std::string& path, const std::string& name);
// Rewrites the descendants of `n` whose paths start with old_base to start with new_base.
void RebasePaths(WtNode& n, const std::string& old_base, const std::string& new_base);

}  // namespace kjerne::templates::webtemplate
