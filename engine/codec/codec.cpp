// engine/codec/codec.cpp
//
// Format dispatch: the readers and writers themselves live in json_*.cpp / xml_*.cpp.
#include "engine/codec/codec.hpp"

namespace kjerne::codec {

Format SniffFormat(std::string_view text) {
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        // A UTF-8 byte order mark may precede an XML declaration.
        if (c == '<' || c == '\xEF') return Format::kXml;
        return Format::kJson;
    }
    return Format::kJson;
}

Result<rm::Document> Read(std::string_view text, const ReadOptions& opts) {
    return SniffFormat(text) == Format::kXml ? ReadXml(text, opts) : ReadJson(text, opts);
}

std::string Write(const rm::Document& doc, Format format, const WriteOptions& opts) {
    return format == Format::kXml ? WriteXml(doc, opts) : WriteJson(doc, opts);
}

}  // namespace kjerne::codec
