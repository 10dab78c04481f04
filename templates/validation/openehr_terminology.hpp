// templates/validation/openehr_terminology.hpp
//
// The openEHR terminology (its coded groups: composition category, setting, null flavours,
// participation mode, instruction states, ...), compiled in from openehr_terminology.inc,
// which gen/openehr_terminology_gen.py writes from the official terminology file. Used by the
// validator for DV_CODED_TEXTs and CODE_PHRASEs in terminology "openehr", and by AQL's
// TERMINOLOGY() and terminology URIs (aql/exec/terminology_functions.hpp).
// Thread-safety: built once on first use, immutable, shareable.
#pragma once

#include <string_view>
#include <vector>

namespace kjerne::templates::validation {

struct OpenEhrConcept {
    std::string_view group;   // "composition category"
    std::string_view code;    // "433"
    std::string_view rubric;  // "event"
};

// A concept with this code in any group (a few codes, e.g. 523 deleted, sit in two groups),
// or nullptr.
const OpenEhrConcept* FindOpenEhrConcept(std::string_view code);
// The concept of `code` in `group` (532 is "complete" as a version lifecycle state but
// "completed" as an instruction state), or nullptr.
const OpenEhrConcept* FindOpenEhrConcept(std::string_view code, std::string_view group);
// Whether `code` belongs to `group` ("composition category", "setting", ...).
bool InOpenEhrGroup(std::string_view code, std::string_view group);
// Every concept of `group` in the terminology file's order; empty for an unknown group.
std::vector<const OpenEhrConcept*> OpenEhrGroup(std::string_view group);
// The group names, in file order.
std::vector<std::string_view> OpenEhrGroups();

}  // namespace kjerne::templates::validation
