// tests/templates/mutation_generator.hpp
//
// The generated mutation suite's generator: from one composition that validates clean against
// its template, every applicable invalid variant of each kind, as data (an edit of the RM tree
// plus the instance path where the validator must report a finding). The pairing of data
// nodes with constraint objects comes from the validator itself (the MatchObserver overload of
// Validate), so a variant is derived from the constraint each node was actually checked
// against; the expected violation is worked out here, independently of the validator's leaf
// checks (interval bounds, code lists, the ADL 1.4 date/time pattern letters, RE2 on C_STRING
// patterns).
//
// Kinds, what is changed, and "the mutated path" (where a finding with one of the kind's codes,
// MutationKindCodes, must be reported):
//   drop_mandatory       remove a list item whose alternative is at its occurrences lower bound,
//                        or that the attribute's cardinality lower bound needs; or remove a whole
//                        attribute whose existence is 1..1 -> the attribute's path (/a/items);
//   exceed_occurrences   append copies of a list item until its alternative's occurrences upper
//                        bound (else the attribute's cardinality upper bound) is passed, at most
//                        3 copies -> the attribute's path;
//   magnitude            DV_QUANTITY.magnitude outside every C_DV_QUANTITY interval for its
//                        units -> the DV_QUANTITY's path;
//   units                DV_QUANTITY.units not in the C_DV_QUANTITY list -> the DV_QUANTITY;
//   code_not_in_list     CODE_PHRASE.code_string not in a C_CODE_PHRASE code list -> the
//   CODE_PHRASE; ordinal              DV_ORDINAL / DV_SCALE value not in the C_DV_ORDINAL list ->
//   the DV_ORDINAL; wrong_rm_type        a data value replaced by one of DV_TEXT, DV_COUNT,
//   DV_BOOLEAN that no
//                        alternative of its attribute admits -> the replaced value's path;
//   unknown_node_id      archetype_node_id set to an at-code (or archetype id) none of the
//                        attribute's alternatives has -> the LOCATABLE's path ("/" for the root);
//   wrong_name           a constrained name changed: name/value outside the C_STRING list, or
//                        name/defining_code/code_string outside the code list -> that leaf's
//                        path (/x/name/value, /x/name/defining_code);
//   temporal             DV_DATE / DV_DATE_TIME / DV_TIME / DV_DURATION value malformed
//                        (anywhere: constrained or not, the RM wants ISO 8601), or against the
//                        C_DATE/C_TIME/C_DATE_TIME/C_DURATION pattern -> /x/value;
//   string_constraint    a C_STRING list (closed) or pattern violated -> the primitive's path;
//   primitive_constraint a C_INTEGER / C_REAL list or interval, or C_BOOLEAN, violated -> the
//                        primitive's path.
// Not generated (each would test something else than its kind): changes under archetype slots
// (not constraint-walked); unknown ids where a sibling alternative has no node id, or is a slot
// without include patterns or one whose includes accept the id (the node would legitimately
// match it); attributes with several primitive alternatives;
// RM 1.1.0 derived attributes (EVENT.offset, DV_PROPORTION.is_integral), which no data must carry.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::test {

enum class MutationKind : uint8_t {
    kDropMandatory,
    kExceedOccurrences,
    kMagnitude,
    kUnits,
    kCodeNotInList,
    kOrdinal,
    kWrongRmType,
    kUnknownNodeId,
    kWrongName,
    kTemporal,
    kStringConstraint,
    kPrimitiveConstraint,
};
inline constexpr size_t kMutationKindCount = 12;
const char* MutationKindName(MutationKind kind);  // "drop_mandatory", ...

// The validator codes that state a kind's violation (validator.hpp); a finding at the mutated
// path with another code does not count.
const std::vector<std::string>& MutationKindCodes(MutationKind kind);

using Primitive = std::variant<bool, int64_t, double, std::string>;

enum class EditOp : uint8_t {
    kSet,        // target = an attribute; write `value`
    kRemove,     // target = an attribute (drop it) or a list item (/a/items[2])
    kDuplicate,  // target = a list item; append `copies` copies of it to its list
    kReplace,    // target = an attribute or a list item; put a new `new_type` node with `fields`
};

struct Mutation {
    MutationKind kind = MutationKind::kDropMandatory;
    EditOp op = EditOp::kSet;
    std::string target;    // instance path of the edit, rm::PathBuilder form
    Primitive value;       // kSet
    int copies = 0;        // kDuplicate
    std::string new_type;  // kReplace
    std::vector<std::pair<std::string, Primitive>> fields;  // kReplace
    std::string expected_path;    // where a finding must be reported (see the kinds above)
    std::string constraint_path;  // the constraint object concerned, for messages

    // "unknown_node_id: set /content[1]/archetype_node_id = 'at9999' (expect at /content[1])"
    std::string ToString() const;
};

struct MutationOptions {
    // At most this many variants per kind (an evenly spread, deterministic sample). 100 keeps
    // every variant of all but the largest corpus compositions.
    size_t max_per_kind = 100;
};

// Every variant of `root` (a composition that validates clean against `tpl`), grouped by kind
// in document order, each kind sampled down to options.max_per_kind.
std::vector<Mutation> GenerateMutations(const templates::Template& tpl, const rm::Node& root,
                                        const MutationOptions& options = {});

// Applies `m` to `doc` (a clone of the document the mutation was generated from).
// Error (kInvalidArgument) when the target path does not resolve.
Status ApplyMutation(rm::Document& doc, const Mutation& m);

}  // namespace kjerne::test
