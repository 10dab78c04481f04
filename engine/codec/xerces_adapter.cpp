// engine/codec/xerces_adapter.cpp
#include "engine/codec/xerces_adapter.hpp"

#include <memory>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace kjerne::codec::xerces {

Status InitXerces() {
    // A function-local static is initialised exactly once even under concurrent first
    // calls (C++11 "magic statics"), which is the guarantee XMLPlatformUtils::Initialize
    // needs: it is not itself thread-safe.
    static const Status status = []() -> Status {
        try {
            xc::XMLPlatformUtils::Initialize();
        } catch (const xc::XMLException& e) {
            return Error::Internal("Xerces initialisation failed: " + ToUtf8(e.getMessage()));
        } catch (...) {
            return Error::Internal("Xerces initialisation failed");
        }
        return OkStatus();
    }();
    return status;
}

void AppendUtf8(std::string& out, const XMLCh* s, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        uint32_t c = s[i];
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
}

std::string ToUtf8(const XMLCh* s) {
    std::string out;
    if (s) AppendUtf8(out, s, xc::XMLString::stringLen(s));
    return out;
}

std::u16string ToUtf16(std::string_view s) {
    std::u16string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        uint32_t c = 0xFFFD;
        size_t len = 1;
        if (b < 0x80) {
            c = b;
        } else if ((b & 0xE0) == 0xC0) {
            len = 2;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4;
        }
        if (len > 1) {
            if (i + len > s.size()) {
                len = 1;
            } else {
                uint32_t v = b & (0x7F >> len);
                bool ok = true;
                for (size_t k = 1; k < len; ++k) {
                    auto cb = static_cast<unsigned char>(s[i + k]);
                    if ((cb & 0xC0) != 0x80) { ok = false; break; }
                    v = (v << 6) | (cb & 0x3F);
                }
                bool overlong = (len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000);
                if (ok && !overlong && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) {
                    c = v;
                } else {
                    len = 1;
                }
            }
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (c >> 10));
            out += static_cast<char16_t>(0xDC00 + (c & 0x3FF));
        } else {
            out += static_cast<char16_t>(c);
        }
        i += len;
    }
    return out;
}

bool EqualsAscii(const XMLCh* s, std::string_view a) {
    if (!s) return a.empty();
    size_t i = 0;
    for (; i < a.size(); ++i)
        if (s[i] != static_cast<XMLCh>(static_cast<unsigned char>(a[i]))) return false;
    return s[i] == 0;
}

void ParseNonValidating(std::string_view text, const std::string& source_name, xc::DefaultHandler& handler) {
    std::unique_ptr<xc::SAX2XMLReader> reader(xc::XMLReaderFactory::createXMLReader());
    HardenReader(*reader);
    reader->setFeature(xc::XMLUni::fgSAX2CoreValidation, false);
    reader->setFeature(xc::XMLUni::fgXercesSchema, false);  // xsi:* are plain attributes here
    reader->setFeature(xc::XMLUni::fgXercesLoadSchema, false);
    reader->setContentHandler(&handler);
    reader->setErrorHandler(&handler);
    reader->setEntityResolver(&handler);
    reader->setLexicalHandler(&handler);
    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(text.data()), text.size(),
                                 source_name.empty() ? "xml" : source_name.c_str(), false);
    reader->parse(source);
}

void HardenReader(xc::SAX2XMLReader& reader) {
    reader.setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
    reader.setFeature(xc::XMLUni::fgSAX2CoreNameSpacePrefixes, false);  // no xmlns* attributes
    reader.setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
    // Without this, Xerces opens any SYSTEM id itself when the EntityResolver returns null.
    reader.setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
}

}  // namespace kjerne::codec::xerces
