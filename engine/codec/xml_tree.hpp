// engine/codec/xml_tree.hpp
//
// A small, immutable element tree read from XML text with Xerces-C++ SAX2, for XML inputs
// that are not RM documents (operational templates, terminology files). It exists so that
// modules above engine/ never include Xerces: the throwing library stays behind
// engine/codec (xerces_adapter.hpp), and callers get a plain tree with the 1-based
// line:col of every start tag for their error messages.
// Security: the same hardening as the RM reader — a DOCTYPE aborts the parse, no entity
// is ever resolved, nothing is fetched, no schema is loaded; byte and depth limits.
// Thread-safety: ReadXmlTree is reentrant; the returned tree is a plain value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/result.hpp"

namespace kjerne::codec {

struct XmlElement {
    std::string name;                                       // local name (namespace dropped)
    std::vector<std::pair<std::string, std::string>> attrs;  // local name -> value (xsi:type as "type")
    std::string text;                                       // character data directly inside, untrimmed
    std::vector<std::unique_ptr<XmlElement>> children;      // in document order
    uint32_t line = 0, col = 0;                             // where the start tag is

    // The value of an attribute by local name, or "" when absent.
    std::string_view Attr(std::string_view name) const;
    bool HasAttr(std::string_view name) const;
    // The first child element with this local name, or nullptr.
    const XmlElement* Child(std::string_view name) const;
    // How many child elements have this local name.
    size_t Count(std::string_view name) const;
    // The text with leading and trailing XML whitespace removed.
    std::string_view Trimmed() const;
};

struct XmlTreeOptions {
    size_t max_bytes = 64u << 20;
    uint32_t max_depth = 512;
    std::string source_name;  // file name in error positions
};

// Parses `text` into an element tree. Errors (malformed XML, DOCTYPE, limits, empty input)
// carry one Issue with code XML_SYNTAX / XML_LIMIT and the line:col.
Result<std::unique_ptr<XmlElement>> ReadXmlTree(std::string_view text, const XmlTreeOptions& opts = {});

}  // namespace kjerne::codec
