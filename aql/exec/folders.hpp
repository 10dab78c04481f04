// aql/exec/folders.hpp
//
// FOLDER for AQL's FROM: the containment rules the reference evaluator applies to an EHR's
// directory (EhrView::directory, EHR.directory in the RM: one FOLDER tree per EHR whose
// `items` are OBJECT_REFs to versioned objects, usually compositions).
// - EHR contains every folder of its directory: the root and all folders nested under it
//   (`folders`, recursively), in pre-order.
// - A FOLDER contains what lies strictly below it in its own tree (sub-folders at any depth,
//   its `details`) and the versioned objects that it or any folder below it references —
//   containment is transitive, so a folder holds what its sub-folders hold (EHRbase's
//   expected results say the same: root1 finds the compositions of subsubfolder1). Through
//   them it contains, like an EHR, the latest non-deleted COMPOSITION of each referenced
//   object and that composition's contents; VERSION / VERSIONED_OBJECT below a folder are
//   the referenced objects' versions / the objects themselves.
// - An item names its object by `id/value`; an OBJECT_VERSION_ID (`<object>::<system>::<n>`)
//   names the object before its first `::` (the folder files the store holds for an EHR
//   reference that EHR's objects, not a past state of them). Items naming no object of the
//   EHR (another EHR's, a deleted one's, one never committed) are ignored; an object two
//   items name is contained once.
// Thread-safety: pure functions over the caller's EhrView.
#pragma once

#include <string>
#include <vector>

#include "engine/rm/document.hpp"

namespace kjerne::aql {

struct EhrView;
struct VersionedObjectView;

// Whether `node` is a FOLDER (or a subtype): the scopes whose contents these rules decide.
bool IsFolder(const rm::Node* node);

// Every folder of the EHR's directory, the root first, then pre-order.
void DirectoryFolders(const EhrView& ehr, std::vector<const rm::Node*>& out);

// The EHR's latest non-deleted compositions that `folder` or a folder below it references,
// in the EHR's composition order (the order FROM COMPOSITION binds them in).
std::vector<const rm::Document*> ReferencedCompositions(const EhrView& ehr, const rm::Node* folder);

// The EHR's versioned objects (EhrView::versioned_objects) that `folder` or a folder below it
// references, in the EHR's order.
std::vector<const VersionedObjectView*> ReferencedVersionedObjects(const EhrView& ehr, const rm::Node* folder);

// The object ids `folder` and the folders below it reference, each once, first seen first.
std::vector<std::string> ReferencedObjectIds(const rm::Node* folder);

}  // namespace kjerne::aql
