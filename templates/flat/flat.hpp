// templates/flat/flat.hpp
//
// The FLAT format of the openEHR Simplified Formats spec (EHRbase's and Better's "simSDT"):
// one JSON object whose keys are paths of web template node ids (`report/vitals:0/pulse|magnitude`)
// and whose values are scalars. The web template (GenerateWebTemplate) gives every key segment
// its meaning: a node's `id` (numbered `time2` on collisions) is one segment, `:N` picks the
// N-th occurrence (0-based) of a repeating node, `|attr` addresses a part of a data value
// (`|magnitude`, `|unit`, `|code`, `|value`, `|terminology`, ...), and `_name`, `_uid`,
// `_null_flavour`, `_link`, `_end_time`, `_location`, `_health_care_facility`,
// `_participation` reach RM attributes the web template does not show. `ctx/...` keys give
// defaults for the context attributes EHRbase fills (language, territory, composer, time).
//
// Both directions go through canonical ITS-JSON: FLAT is turned into a canonical JSON tree
// and read by codec::ReadJson (so the RM rules of the reader apply), and a Document is
// written by codec::WriteJson and walked alongside the web template.
//
// Errors: Issue.rm_path is the offending FLAT key; codes FLAT_SYNTAX (not a JSON object of
// scalars), FLAT_UNKNOWN_PATH (no web template node has that id, or an attribute the data
// type does not have), FLAT_BAD_VALUE (a value the data type cannot take, or the canonical
// reader rejected the built tree), FLAT_UNSUPPORTED (a FLAT feature not implemented yet).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates::flat {

// What converting for one template needs: its web template, filtered and unfiltered, and an
// index of the latter (flat_context.hpp). Building it is the expensive part of a conversion,
// so a caller converting many documents of one template (the REST server) prepares it once
// and shares it; it is immutable, and `tpl` must outlive it.
struct FlatContext;
Result<std::shared_ptr<const FlatContext>> PrepareFlat(const Template& tpl);

Result<rm::Document> FlatToComposition(const FlatContext& ctx, std::string_view flat_json);
Result<rm::Document> FlatToComposition(const Template& tpl, std::string_view flat_json);

// Pretty-printed FLAT JSON (keys in web template order, 2-space indent).
Result<std::string> CompositionToFlat(const FlatContext& ctx, const rm::Document& doc);
Result<std::string> CompositionToFlat(const Template& tpl, const rm::Document& doc);

}  // namespace kjerne::templates::flat
