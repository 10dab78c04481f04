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
// Thread-safety: reentrant; the returned Template is immutable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "templates/opt/template.hpp"

namespace kjerne::templates {

struct OptLoadOptions {
    std::string source_name;  // file name used in error positions
};

Result<std::shared_ptr<const Template>> LoadOpt(std::string_view xml, const OptLoadOptions& opts = {});

// Reads the file and loads it; the file name becomes the source name.
Result<std::shared_ptr<const Template>> LoadOptFile(const std::string& path);

}  // namespace kjerne::templates
