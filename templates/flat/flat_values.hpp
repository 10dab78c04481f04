// templates/flat/flat_values.hpp
//
// Data values and RM attributes in FLAT, both ways: the `|attribute`s of one web template
// leaf (DV_QUANTITY `|magnitude|unit`, DV_CODED_TEXT `|code|value|terminology`, PARTY_PROXY
// `|name|id|id_scheme|id_namespace`, ...), the `_x` RM attributes of a LOCATABLE, and the
// `ctx/` defaults EHRbase applies. Attributes a converter does not consume are reported, so
// nothing in a FLAT document is silently dropped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/error.hpp"
#include "templates/flat/flat_context.hpp"
#include "templates/flat/flat_trie.hpp"
#include "templates/flat/json_value.hpp"

namespace kjerne::templates::flat {

// FLAT -> canonical JSON. nullopt (with issues) when the values do not make a data value.
std::optional<JVal> LeafToRm(const WtNode& wt, Trie& sub, std::vector<Issue>& issues);
// `_uid`, `_name`, `_null_flavour`, `_end_time`, `_location`, `_health_care_facility`,
// `_participation`, `_link` onto `obj`; false when `id` is not one of them.
bool UnderscoreToRm(const std::string& id, int n, Trie& t, JVal& obj, std::vector<Issue>& issues);
// Language, territory, composer, category, start time, entry language/encoding/subject and the
// other RM-mandatory parts EHRbase fills from `ctx/` or from fixed defaults.
void ApplyContextDefaults(const FlatContext& c, const std::map<std::string, JVal>& ctx, JVal& comp,
                          std::vector<Issue>& issues);

// EHRbase's `|raw`: a node given whole as canonical JSON (Archie's `@class` for `_type`).
std::optional<JVal> RawToRm(const JVal& text, const std::string& key, std::vector<Issue>& issues);

// Canonical JSON -> FLAT: the value `v` of leaf `wt` into `out`.
void RmToLeaf(const WtNode& wt, const JVal& v, Trie& out);
// The LOCATABLE / EVENT_CONTEXT attributes the web template does not show, as `_x` children.
void RmToUnderscores(const JVal& obj, const WtNode& wt, Trie& out);

}  // namespace kjerne::templates::flat
