// engine/codec/codec.hpp
//
// Canonical RM codecs: ITS-JSON (`_type`) and ITS-XML (`xsi:type`, namespace
// http://schemas.openehr.org/v1). One generic reader and writer per format, walking
// rm::Node with the BMM-derived schema, so every RM type is covered by the same code.
// Readers return a Document or an Error whose single Issue names line:col and the RM
// path of the offending value. Writers are deterministic (canonical property order).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/common/result.hpp"
#include "engine/codec/projection.hpp"
#include "engine/rm/document.hpp"

namespace kjerne::codec {

enum class Format { kJson, kXml };

struct ReadOptions {
    size_t max_bytes = 64u << 20;   // reject larger inputs (kLimitExceeded)
    uint32_t max_depth = 512;       // nesting limit (JSON objects/arrays, XML elements)
    // Type of the root when the document does not name it (`_type` / xsi:type absent);
    // empty = infer from the XML root element name, else require a type tag.
    std::string root_type;
    std::string source_name;        // used as file name in error positions
    // JSON only: build just these parts of the tree (projection.hpp); null = everything.
    const Projection* projection = nullptr;
};

struct WriteOptions {
    bool pretty = true;
    int indent = 2;
};

// Format by the first non-blank byte: '<' is XML, anything else JSON.
Format SniffFormat(std::string_view text);

Result<rm::Document> ReadJson(std::string_view text, const ReadOptions& opts = {});
Result<rm::Document> ReadXml(std::string_view text, const ReadOptions& opts = {});
Result<rm::Document> Read(std::string_view text, const ReadOptions& opts = {});  // sniffs

std::string WriteJson(const rm::Document& doc, const WriteOptions& opts = {});
// One node of a tree (e.g. an AQL result cell), with `_type` on it as on a root.
std::string WriteJsonNode(const bmm::Schema& schema, const rm::Node& node, const WriteOptions& opts = {});
std::string WriteXml(const rm::Document& doc, const WriteOptions& opts = {});
std::string Write(const rm::Document& doc, Format format, const WriteOptions& opts = {});

}  // namespace kjerne::codec
