// templates/webtemplate/rm_attributes.hpp
//
// The RM knowledge the web template needs beyond the constraint tree:
//   - AddRmAttributeNodes: nodes for the RM attributes of a PATHABLE (or DV_INTERVAL) node
//     that the template does not constrain — composition language/territory/composer, entry
//     language/encoding/subject, event time, INTERVAL_EVENT width/math_function, ACTION time,
//     ACTIVITY timing/action_archetype_id, ... — with min 1 where the RM 1.1.0 BMM makes the
//     attribute mandatory. Attributes holding LOCATABLEs (structure), `value` and EVENT.offset
//     are never added; an ELEMENT gets only name, null_flavour and feeder_audit. Order: the
//     node's own class first, then its ancestors, each in BMM order.
//   - MarkInContext: the attributes EHRbase flags `inContext` (filled from the request
//     context rather than by a form: composer, start_time, subject, time, ...).
//   - IsOptionalRmAttribute: the filter's rule for dropping RM attribute nodes.
// Thread-safety: pure functions over the immutable bmm::Schema::Rm().
#pragma once

#include <string_view>

#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {

bool IsLocatableType(std::string_view rm_type);
bool IsEventType(std::string_view rm_type);

void AddRmAttributeNodes(WtNode& node);
void MarkInContext(const WtNode& parent, WtNode& child);
// Whether the filter drops `node` as a child of `parent`: an optional RM attribute (min 0),
// or one EHRbase never shows (name, archetype_node_id, origin, media_type, interval flags);
// kept: ACTIVITY.timing, INSTRUCTION.expiry_time, ISM_TRANSITION.transition and careflow_step,
// COMPOSITION.context.
bool IsHiddenRmAttribute(const WtNode& node, const WtNode& parent);

}  // namespace kjerne::templates::webtemplate
