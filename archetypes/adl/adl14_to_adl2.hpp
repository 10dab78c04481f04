// archetypes/adl/adl14_to_adl2.hpp
//
// The openEHR ADL 1.4 → ADL 2 code conversion, applied in place to an archetype parsed from
// ADL 1.4 (is_adl2 == false), so that both syntaxes end in the same ADL 2 code model:
//   - node ids become id-codes: the leading number + 1 and leading zeros dropped, the
//     specialisation suffixes kept (at0000 → id1, at0001 → id2, at0001.1 → id2.1,
//     at0000.1 → id1.1); codes of new nodes in a specialisation, at0.N, keep their 0 (id0.N);
//   - value codes (code lists, ordinal symbols, terms not used as node ids) stay at-codes by
//     the same rule (at0005 → at6), constraint refs become value-set codes (ac0001 → ac2) held
//     as C_TERMINOLOGY_CODE constraints `[local::ac2]`;
//   - node-id paths (use_node targets, rules, term bindings and annotation keys on paths) are
//     rewritten segment by segment; CObject paths are recomputed;
//   - the terminology becomes ADL 2 shaped (ac-code terms among the term definitions, no
//     `items` level), the concept section goes (the root's id1 is the concept), and the
//     header says adl_version=2.0.6;
//   - the ADL 1.4 domain types become the ADL 2 constraints they are there: ordinal lists a
//     DV_ORDINAL with a [value, symbol] tuple, C_DV_QUANTITY a DV_QUANTITY with property,
//     magnitude, precision and units attributes (a [magnitude, precision, units] tuple for
//     several units) — except when the units constrain different fields (a tuple needs every
//     member in every row; 32 of the CKM's quantities), which stay as they are.
// The original codes are kept: CObject::original_node_id and Archetype::adl14_codes
// (new → old), which is what data recorded against the ADL 1.4 archetype carries in its
// archetype_node_id / paths.
//   - codes used both as a node id and as a value (ACTION careflow steps) become both an
//     id-code and an at-code, each with the term and bindings;
//   - complex objects, slots and internal refs without a node id get new id-codes after the
//     highest code (ADL 2 requires them), in archetypes that specialise nothing;
//   - a specialisation given its converted flat parent (second overload): ids of id-less nodes
//     from the parent, inherited terms out.
// Not done (the reference converters do it with the RM): removing RM-default occurrences,
// turning openehr property codes into local codes with bindings, adding ".0.0" to version ids.
// Thread-safety: mutates only its argument.
#pragma once

#include <string>
#include <string_view>

#include "archetypes/aom/archetype.hpp"

namespace kjerne::archetypes::adl {

// One ADL 1.4 code with a new prefix: ("at0001", "id") → "id2", ("at0.1", "id") → "id0.1",
// ("ac0001", "ac") → "ac2". Text that is not an at/ac code is returned unchanged.
std::string ConvertAdl14Code(std::string_view code, std::string_view prefix);
// Every [atNNNN] node id in a path as an id-code: /data[at0001]/events[at0002] → /data[id2]/events[id3].
std::string ConvertAdl14Path(std::string_view path);
// No-op for ADL 2 archetypes.
void ConvertAdl14ToAdl2(aom::Archetype& archetype);
// A specialisation converted against the converted flat form of its parent: id-less nodes take
// the id of the parent's node they stand for (the attribute's only parent object of that RM
// type) or a new code of the child's level (id0.N); the parent's terms the ADL 1.4 file repeats
// are dropped (inherited in ADL 2). Without the parent (above) both stay, and the result raises
// VCOID / VTSD. No-op for ADL 2 archetypes; an archetype that specialises nothing converts as
// above.
void ConvertAdl14ToAdl2(aom::Archetype& archetype, const aom::Archetype& converted_flat_parent);

}  // namespace kjerne::archetypes::adl
