// templates/opt/opt_loader.hpp
//
// LoadOpt: OPT 1.4 XML (the openEHR Template.xsd format written by the Ocean Template
// Designer, Archetype Designer and the EHRbase SDK) -> Template. The XML is read through
// engine/codec/xml_tree.hpp (Xerces SAX2 with no DTD, no external entities), so this
// module never sees a Xerces type or exception.
//
// Checks while loading, each an Issue with the XML line:col and the constraint path:
//   OPT_STRUCTURE        not a <template>, missing/duplicated/unknown header elements
//                        (template_id, concept, language, definition), empty values
//   OPT_UNKNOWN_RM_TYPE  rm_type_name not a class of the RM (bmm::Schema::Rm())
//   OPT_UNKNOWN_ATTRIBUTE rm_attribute_name not a property of the object's RM type
//   OPT_OCCURRENCES      malformed occurrences / existence / cardinality interval
//   OPT_MISSING_TERM     an at-code of an archetype with no term definition in the OPT
//   OPT_UNKNOWN_KIND     an xsi:type the loader does not know
//   OPT_UNSUPPORTED      `<match_negated>true</match_negated>` in a C_ATTRIBUTE: a negated
//                        attribute constraint, which the constraint model cannot represent
//                        (loading it would silently invert the constraint)
// Warnings (Template::warnings; the template loads): OPT_LEGACY_ATTRIBUTE (legacy_attributes.hpp),
// OPT_IGNORED_ELEMENT (an element inside a C_COMPLEX_OBJECT / C_ARCHETYPE_ROOT that is no part
// of it, e.g. a `children` outside any `attributes`: the constraint it holds is not applied).
//
// Schema validation (OptLoadOptions::xsd): the text is also validated against the official
// OPT 1.4 schema, compiled into the binary (opt14_schema.hpp). Findings have code OPT_XSD,
// file:line:col, the constraint path of the nearest enclosing constraint object and Xerces'
// message. Policy:
//   - Known tool extensions the schema lacks but whose meaning is understood are allowed:
//     `<match_negated>false</match_negated>` inside a C_ATTRIBUTE (Archetype Designer) is
//     blanked (same length, line breaks kept: line:col stay exact) before validation.
//   - kWarn (default): findings go to Template::warnings and the template loads, so every
//     template the loader understands still loads; nothing is dropped silently, because what
//     the loader does not read is either an error, an OPT_IGNORED_ELEMENT warning or an
//     OPT_XSD warning. When loading fails, the findings follow the loader's issues in the error.
//   - kStrict: any finding rejects the template.
//   - kOff: no schema check (what the loader checks is unchanged).
// Thread-safety: reentrant; the returned Template is immutable. The schema is parsed once per
// process and shared read-only (opt14_schema.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"
#include "templates/opt/xsd_check.hpp"

namespace kjerne::templates {

struct OptLoadOptions {
    std::string source_name;          // file name used in error positions
    XsdCheck xsd = XsdCheck::kWarn;   // schema validation policy (see above)
};

Result<std::shared_ptr<const Template>> LoadOpt(std::string_view xml, const OptLoadOptions& opts = {});

// Reads the file and loads it; the file name becomes the source name.
Result<std::shared_ptr<const Template>> LoadOptFile(const std::string& path, XsdCheck xsd = XsdCheck::kWarn);

}  // namespace kjerne::templates
