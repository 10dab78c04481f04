// templates/webtemplate/node_id_text.hpp
//
// Web template node ids from names, by EHRbase's rule: every character that is not a letter
// (any script), a digit, '.', '_' or '-' becomes a space; runs of spaces collapse and trim;
// spaces become '_'; the result is lower-cased; a leading digit gets an 'a' prefix
// ("24 hour average" -> "a24_hour_average", "Fieber oder erhöhte Körpertemperatur" ->
// "fieber_oder_erhöhte_körpertemperatur"). Also the id of a choice alternative
// (DV_QUANTITY -> "quantity_value", DV_INTERVAL<DV_DATE> -> "interval_of_date_value").
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kjerne::templates::webtemplate {

std::string BuildNodeId(std::string_view name);
std::string ChoiceId(std::string_view rm_type);
// "start_time" -> "Start_time": the display name of an RM attribute node.
std::string CapitalizeFirst(std::string_view s);

}  // namespace kjerne::templates::webtemplate
