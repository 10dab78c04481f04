// engine/codec/xsd_validator.hpp
//
// XsdValidator: checks XML text against an XSD set (e.g. the ITS-XML Composition.xsd) with
// Xerces-C++ schema validation. Why it exists: the XML writer's contract is "valid
// ITS-XML", and the only honest check of that is the official schema; tests and the
// `kjerne convert` tooling use it. It is not on the request path: reading never validates
// against the XSD (the RM schema is checked by the reader and the validator module).
//
// The grammar is loaded once and reused for every document, either from local files
// (Load: an import/include naming an http(s)/ftp URL is refused) or from schema texts held in
// memory (XsdGrammar::FromMemory: an import/include resolves by file name within the given set
// and nothing else is ever opened). A DOCTYPE in a validated document is refused, so
// validation never touches the file system or the network on a document's behalf.
// Thread-safety: an XsdValidator is used by one thread at a time (it owns one Xerces parser);
// create one per thread. An XsdGrammar is immutable and may be shared by validators on any
// number of threads.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::codec {

// One schema document held in memory: `name` is the file name an xs:include / xs:import
// names it by (no directory part), `text` its bytes. Read only while a grammar loads.
struct XsdDocument {
    std::string_view name;
    std::string_view text;
};

// A pre-parsed XSD grammar: a Xerces grammar pool filled once and then locked. Xerces
// documents a locked pool as shareable by parsers on different threads
// (XMLGrammarPool::lockPool); the parts of a schema grammar Xerces would otherwise build
// lazily while validating (content models, and the formatted content models its error
// messages quote) are built before the pool is locked, so no validation writes to it.
// Thread-safety: immutable once made; share it as shared_ptr<const XsdGrammar>.
class XsdGrammar {
public:
    // Loads the document named `root` from `docs` as the grammar of `target_namespace`;
    // its includes and imports resolve by file name (the part after the last '/') in `docs`,
    // anything else is refused. Fails when the schema does not load.
    static Result<std::shared_ptr<const XsdGrammar>> FromMemory(std::span<const XsdDocument> docs,
                                                                std::string_view root,
                                                                std::string_view target_namespace);
    ~XsdGrammar();
    XsdGrammar(const XsdGrammar&) = delete;
    XsdGrammar& operator=(const XsdGrammar&) = delete;

private:
    friend class XsdValidator;
    struct Impl;
    explicit XsdGrammar(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

class XsdValidator {
public:
    // Loads `xsd_path` (plus the files it includes, relative to it) as the grammar of
    // `target_namespace` ("" for a no-namespace schema). Fails when the schema itself does
    // not load.
    static Result<std::unique_ptr<XsdValidator>> Load(const std::string& xsd_path,
                                                      std::string_view target_namespace);
    // A validator over a shared, pre-parsed grammar (cheap: no schema is parsed).
    static Result<std::unique_ptr<XsdValidator>> ForGrammar(std::shared_ptr<const XsdGrammar> grammar);
    // XsdGrammar::FromMemory + ForGrammar, for a validator that owns its grammar.
    static Result<std::unique_ptr<XsdValidator>> LoadFromMemory(std::span<const XsdDocument> docs,
                                                                std::string_view root,
                                                                std::string_view target_namespace);
    ~XsdValidator();
    XsdValidator(const XsdValidator&) = delete;
    XsdValidator& operator=(const XsdValidator&) = delete;

    // Schema-validation findings, each with code XSD_INVALID (or SYNTAX for text that is
    // not well-formed), line:col and Xerces' message; empty when the document is valid.
    // At most `max_issues` are reported; positions name `source_name` as their file.
    std::vector<Issue> Validate(std::string_view xml, size_t max_issues = 50,
                                std::string_view source_name = "document");

private:
    struct Impl;
    explicit XsdValidator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kjerne::codec
