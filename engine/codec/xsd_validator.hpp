// engine/codec/xsd_validator.hpp
//
// XsdValidator: checks XML text against an XSD set (e.g. the ITS-XML Composition.xsd) with
// Xerces-C++ schema validation. Why it exists: the XML writer's contract is "valid
// ITS-XML", and the only honest check of that is the official schema; tests and the
// `kjerne convert` tooling use it. It is not on the request path: reading never validates
// against the XSD (the RM schema is checked by the reader and the validator module).
//
// The grammar is loaded once (Load) and reused for every document. Schema files are read
// from local paths only: an import/include naming an http(s)/ftp URL is refused, as is a
// DOCTYPE in a validated document, so validation never touches the network.
// Thread-safety: an instance is used by one thread at a time (it owns one Xerces parser);
// create one per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::codec {

class XsdValidator {
public:
    // Loads `xsd_path` (plus the files it includes, relative to it) as the grammar of
    // `target_namespace` ("" for a no-namespace schema). Fails when the schema itself does
    // not load.
    static Result<std::unique_ptr<XsdValidator>> Load(const std::string& xsd_path,
                                                      std::string_view target_namespace);
    ~XsdValidator();
    XsdValidator(const XsdValidator&) = delete;
    XsdValidator& operator=(const XsdValidator&) = delete;

    // Schema-validation findings, each with code XSD_INVALID (or SYNTAX for text that is
    // not well-formed), line:col and Xerces' message; empty when the document is valid.
    // At most `max_issues` are reported.
    std::vector<Issue> Validate(std::string_view xml, size_t max_issues = 50);

private:
    struct Impl;
    explicit XsdValidator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kjerne::codec
