// engine/codec/xerces_adapter.hpp
//
// The edge between Kjerne and Xerces-C++ 3.2, shared by the XML reader
// (engine/codec/xml_reader.cpp) and the XSD validator (engine/codec/xsd_validator.cpp).
// Owns: the once-per-process Xerces initialisation, UTF-16 (XMLCh) <-> UTF-8 conversion,
// and the hardening every Xerces parser in Kjerne gets (no DTDs, no external entities,
// nothing fetched from the network). Private to engine/codec: no other module includes
// Xerces headers.
// Thread-safety: InitXerces() may be called from any thread (a function-local static does
// the work exactly once); the other functions are pure.
#pragma once

#include <xercesc/sax/InputSource.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/XMLString.hpp>

#include <string>
#include <string_view>

#include "engine/common/result.hpp"

namespace kjerne::codec::xerces {

namespace xc = XERCES_CPP_NAMESPACE;

// Initialises Xerces on first call (thread-safe); later calls return the first outcome.
// Xerces is never terminated: its static state lives until the process exits.
Status InitXerces();

// Appends the UTF-8 form of `n` UTF-16 code units to `out`. An unpaired surrogate (which
// Xerces never delivers from well-formed input) becomes U+FFFD.
void AppendUtf8(std::string& out, const XMLCh* s, size_t n);
// Null-terminated variant; nullptr gives "".
std::string ToUtf8(const XMLCh* s);
// UTF-8 to a null-terminated UTF-16 string (invalid bytes become U+FFFD).
std::u16string ToUtf16(std::string_view s);

// True when the null-terminated `s` equals the ASCII text `a`.
bool EqualsAscii(const XMLCh* s, std::string_view a);

// Applies the hardening shared by every Kjerne SAX2 parser: namespaces on, no external
// DTD, no default entity resolution (so no file or URL is ever opened on a document's
// behalf). Callers must also refuse DOCTYPE in LexicalHandler::startDTD (Xerces 3.2's SAX2
// reader has no disallow-doctype feature; see xml_reader.cpp) and install an
// EntityResolver that refuses everything. May throw Xerces exceptions (call inside a try).
void HardenReader(xc::SAX2XMLReader& reader);

// Parses `text` with a hardened, non-validating SAX2 reader whose content, error, entity
// and lexical events all go to `handler` (which must refuse DOCTYPEs and entities as above).
// The one parse path of the codec's readers; Xerces exceptions and whatever the handler
// throws reach the caller, who converts them at its edge.
void ParseNonValidating(std::string_view text, const std::string& source_name, xc::DefaultHandler& handler);

}  // namespace kjerne::codec::xerces
