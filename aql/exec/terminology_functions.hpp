// aql/exec/terminology_functions.hpp
//
// AQL's TERMINOLOGY(operation, service_api, params_uri) function and terminology URIs in
// MATCHES ({terminology://openehr/expand?group=setting}), answered from the openEHR
// terminology compiled into templates/validation — the one terminology Kjerne has without
// an external server. What it answers:
//   expand   group=<name>               -> the group's codes (a set, for MATCHES)
//   lookup   code=<code>[&group=<name>] -> the rubric ("433" -> "event")
//   validate code=<code>&group=<name>   -> whether the code is in the group (a Boolean)
// Group names are the terminology's ("composition category"); '_' or %20 may stand for the
// spaces and case is ignored. The parameters name the openEHR terminology by service_api
// "openehr", or, for a FHIR-style service_api (hl7.org/fhir/...), by system= or a value-set
// URL naming openehr (`system=openehr&code=433`, `http://openehr.org?group=setting`).
// Anything else — SNOMED CT, LOINC, a FHIR server's value sets, subsumes, map — needs an
// external terminology server, which is not configured: AQL_TERMINOLOGY_UNAVAILABLE
// (kUnsupported). Malformed calls (unknown operation, group or missing parameter) are
// AQL_TERMINOLOGY (kInvalidArgument).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aql/exec/scalar.hpp"
#include "engine/common/result.hpp"

namespace kjerne::aql {

struct TerminologyAnswer {
    bool is_set = false;              // expand: `codes`; otherwise `value`
    std::vector<std::string> codes;
    Scalar value;
};

Result<TerminologyAnswer> CallTerminology(std::string_view operation, std::string_view service_api,
                                          std::string_view params_uri);

// Whether `text` is a terminology URI (terminology://...), as MATCHES takes it quoted or not.
bool IsTerminologyUri(std::string_view text);

// The codes a terminology URI stands for: terminology://openehr/expand?group=<name>.
Result<std::vector<std::string>> ExpandTerminologyUri(std::string_view uri);

}  // namespace kjerne::aql
