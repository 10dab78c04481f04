// server/http/flat_representation.hpp
//
// The FLAT representation of a composition over REST (templates/flat/): the media types
// (`application/openehr.wt.flat+json` of the Simplified Formats spec / ITS-REST, and
// `application/openehr.wt.flat.schema+json`, EHRbase's spelling), a FLAT request body turned
// into canonical JSON with the template named by the `templateId` query parameter (as EHRbase
// takes it), and a stored composition rendered as FLAT with its own template.
// Thread-safety: stateless functions over the thread-safe TemplateService.
#pragma once

#include <string>

#include "engine/common/result.hpp"
#include "server/http/router.hpp"
#include "server/services/template_service.hpp"

namespace kjerne::server::http {

// Content-Type names a FLAT media type.
bool RequestIsFlat(const RestRequest& request);

// The FLAT media type Accept asks for, or "" when it asks for none (then the canonical
// negotiation applies).
std::string AcceptedFlatType(const RestRequest& request);

// The FLAT body as compact canonical JSON; 400 without `templateId`, 404 for an unknown
// template, 422 (FLAT_* issues naming the keys) for a body the template cannot read.
Result<std::string> FlatBodyToCanonical(services::TemplateService& templates,
                                        const RestRequest& request);

// A stored composition (canonical JSON) as FLAT, with the template it names.
Result<std::string> RenderFlat(services::TemplateService& templates,
                               const std::string& canonical_json);

}  // namespace kjerne::server::http
