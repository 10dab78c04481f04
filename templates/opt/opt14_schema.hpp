// templates/opt/opt14_schema.hpp
//
// The OPT 1.4 XML schema (Template.xsd and the four files it includes, templates/opt/xsd/),
// compiled into the binary by a build step (xsd/embed_xsd.cmake), and the check of an OPT's
// text against it. Why compiled in: LoadOpt validates every template against the official
// schema, and the server and CLI must not need the corpus, or any file, at run time.
// Thread-safety: Opt14Schema() parses the schema once per process (a function-local static,
// initialised thread-safely) into an immutable grammar shared by every caller;
// CheckOpt14Schema is reentrant — each call makes its own Xerces parser over that grammar.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/xsd_validator.hpp"
#include "engine/common/result.hpp"

namespace kjerne::templates {

inline constexpr std::string_view kOpenEhrNamespace = "http://schemas.openehr.org/v1";
inline constexpr std::string_view kOpt14SchemaRoot = "Template.xsd";

// The embedded schema documents (file name, bytes); the bytes live as long as the program.
std::vector<codec::XsdDocument> Opt14SchemaDocuments();

// The parsed grammar, loaded on first use. An error means the embedded schema does not load:
// a build defect, not a property of any template.
Result<std::shared_ptr<const codec::XsdGrammar>> Opt14Schema();

// Schema findings for `xml`: each an Issue with code OPT_XSD, `source_name`:line:col and
// Xerces' message; at most `max_issues`. Empty when the text is valid.
Result<std::vector<Issue>> CheckOpt14Schema(std::string_view xml, std::string_view source_name,
                                           size_t max_issues = 50);

namespace detail {
// Written by the build step into opt14_schema_documents.cpp (build tree).
struct EmbeddedFile {
    const char* name;
    const unsigned char* data;
    size_t size;
};
extern const EmbeddedFile kOpt14SchemaFiles[];
extern const size_t kOpt14SchemaFileCount;
}  // namespace detail

}  // namespace kjerne::templates
