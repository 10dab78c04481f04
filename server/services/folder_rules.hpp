// server/services/folder_rules.hpp
//
// Owns what the application asks of a FOLDER beyond being readable RM, and how a directory is
// navigated by its names path. Shared by the DIRECTORY resource and CONTRIBUTION commits, so
// a folder is accepted or refused alike on both ways in.
//
// Why these rules: the REST `?path=` addresses a sub-folder by the names of the folders on the
// way (`episodes/a/b`), so every FOLDER needs a name and siblings need distinct names, or a
// path would be ambiguous (EHRbase refuses duplicate sibling names too). archetype_node_id is
// mandatory on every LOCATABLE, and an item must be a complete OBJECT_REF (id, namespace,
// type). There is no template validation of folders: EHRbase does none either, and a
// directory is usually built from generic folder archetypes.
// Errors: kInvalidArgument (400) with one issue per finding and its RM path
// (`/folders[2]/name`, 1-based as elsewhere) — the DIRECTORY endpoints define 400, not 422.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/codec.hpp"
#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::server::services {

// Reads a FOLDER (JSON or XML; the root may omit its type) and applies the rules above.
Result<rm::Document> ReadFolder(std::string_view body, codec::Format format);

// The rule findings for an already read document (empty when it may be stored).
std::vector<Issue> FolderIssues(const rm::Document& doc);

// The folder a names path leads to from the root: segments separated by '/', empty ones
// ignored, so "" and "/" are the root itself. nullptr when no sub-folder carries a name.
const rm::Node* FolderAtPath(const rm::Document& doc, std::string_view path);

}  // namespace kjerne::server::services
