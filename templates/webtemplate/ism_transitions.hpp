// templates/webtemplate/ism_transitions.hpp
//
// ACTION.ism_transition in a web template: the template's ISM_TRANSITION alternatives (one per
// careflow step) become one `ism_transition` node whose careflow_step lists every step with
// the states it allows (`currentStates`), whose current_state lists every state, and which
// keeps the first alternative's transition.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {

// Takes the ISM_TRANSITION nodes out of `added` (the children built for ACTION attribute
// `attr`) and appends the merged node to `node` (the ACTION).
void MergeIsmTransitions(WtNode& node, const std::string& attr, std::vector<WtNode>& added);

}  // namespace kjerne::templates::webtemplate
