// engine/codec/xml_tree.cpp
//
// SAX2 handler that builds an XmlElement tree. Xerces exceptions are caught here and turned
// into Error values; an Abort thrown from a callback stops the parse at the first problem.
#include "engine/codec/xml_tree.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <new>

#include "engine/codec/xerces_adapter.hpp"

namespace kjerne::codec {

std::string_view XmlElement::Attr(std::string_view n) const {
    for (const auto& [k, v] : attrs)
        if (k == n) return v;
    return {};
}

bool XmlElement::HasAttr(std::string_view n) const {
    for (const auto& kv : attrs)
        if (kv.first == n) return true;
    return false;
}

const XmlElement* XmlElement::Child(std::string_view n) const {
    for (const auto& c : children)
        if (c->name == n) return c.get();
    return nullptr;
}

size_t XmlElement::Count(std::string_view n) const {
    size_t k = 0;
    for (const auto& c : children) k += c->name == n;
    return k;
}

std::string_view XmlElement::Trimmed() const {
    std::string_view s = text;
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

namespace {

namespace xc = XERCES_CPP_NAMESPACE;

struct Abort {
    Error error;
};

Error TreeError(const char* code, std::string message, uint32_t line, uint32_t col, const std::string& file) {
    Issue issue;
    issue.code = code;
    issue.message = std::move(message);
    issue.pos = SourcePos{file, line, col};
    return Error::Parse(std::move(issue));
}

class TreeHandler : public xc::DefaultHandler {
public:
    explicit TreeHandler(const XmlTreeOptions& opts) : opts_(opts) {}

    std::unique_ptr<XmlElement> TakeRoot() { return std::move(root_); }

    void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

    void startElement(const XMLCh* const, const XMLCh* const localname, const XMLCh* const,
                      const xc::Attributes& attrs) override {
        if (stack_.size() >= opts_.max_depth) {
            Fail("XML_LIMIT", "nesting deeper than " + std::to_string(opts_.max_depth) + " elements");
        }
        auto el = std::make_unique<XmlElement>();
        el->name = xerces::ToUtf8(localname);
        if (locator_) {
            el->line = static_cast<uint32_t>(locator_->getLineNumber());
            el->col = static_cast<uint32_t>(locator_->getColumnNumber());
        }
        for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
            std::string qn = xerces::ToUtf8(attrs.getQName(i));
            if (qn.rfind("xmlns", 0) == 0) continue;
            std::string ln = xerces::ToUtf8(attrs.getLocalName(i));
            if (ln.empty()) ln = qn;
            el->attrs.emplace_back(std::move(ln), xerces::ToUtf8(attrs.getValue(i)));
        }
        XmlElement* raw = el.get();
        if (stack_.empty()) {
            root_ = std::move(el);
        } else {
            stack_.back()->children.push_back(std::move(el));
        }
        stack_.push_back(raw);
    }

    void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override { stack_.pop_back(); }

    void characters(const XMLCh* const chars, const XMLSize_t length) override {
        if (!stack_.empty()) xerces::AppendUtf8(stack_.back()->text, chars, length);
    }

    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        Fail("XML_SYNTAX", "DOCTYPE declarations are not accepted (no DTDs, no entities)");
    }
    xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
        Fail("XML_SYNTAX", "external entity '" + xerces::ToUtf8(system_id) + "' refused");
    }
    void fatalError(const xc::SAXParseException& e) override {
        throw Abort{TreeError("XML_SYNTAX", xerces::ToUtf8(e.getMessage()), static_cast<uint32_t>(e.getLineNumber()),
                              static_cast<uint32_t>(e.getColumnNumber()), opts_.source_name)};
    }
    void error(const xc::SAXParseException& e) override { fatalError(e); }
    void warning(const xc::SAXParseException&) override {}

private:
    [[noreturn]] void Fail(const char* code, std::string message) {
        uint32_t line = locator_ ? static_cast<uint32_t>(locator_->getLineNumber()) : 0;
        uint32_t col = locator_ ? static_cast<uint32_t>(locator_->getColumnNumber()) : 0;
        throw Abort{TreeError(code, std::move(message), line, col, opts_.source_name)};
    }

    const XmlTreeOptions& opts_;
    const xc::Locator* locator_ = nullptr;
    std::unique_ptr<XmlElement> root_;
    std::vector<XmlElement*> stack_;
};

}  // namespace

Result<std::unique_ptr<XmlElement>> ReadXmlTree(std::string_view text, const XmlTreeOptions& opts) {
    if (text.size() > opts.max_bytes) {
        return TreeError("XML_LIMIT",
                         "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                             std::to_string(opts.max_bytes) + " bytes",
                         0, 0, opts.source_name);
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return TreeError("XML_SYNTAX", "empty document", 0, 0, opts.source_name);
    }
    KJ_TRY(xerces::InitXerces());
    TreeHandler handler(opts);
    try {
        xerces::ParseNonValidating(text, opts.source_name, handler);
    } catch (Abort& a) {
        return std::move(a.error);
    } catch (const xc::SAXParseException& e) {
        return TreeError("XML_SYNTAX", xerces::ToUtf8(e.getMessage()), static_cast<uint32_t>(e.getLineNumber()),
                         static_cast<uint32_t>(e.getColumnNumber()), opts.source_name);
    } catch (const xc::SAXException& e) {
        return TreeError("XML_SYNTAX", xerces::ToUtf8(e.getMessage()), 0, 0, opts.source_name);
    } catch (const xc::OutOfMemoryException&) {
        return Error::LimitExceeded("XML parser ran out of memory");
    } catch (const xc::XMLException& e) {
        return TreeError("XML_SYNTAX", xerces::ToUtf8(e.getMessage()), 0, 0, opts.source_name);
    } catch (const std::bad_alloc&) {
        return Error::LimitExceeded("out of memory while reading XML");
    } catch (...) {
        return Error::Internal("unexpected exception from the XML parser");
    }
    std::unique_ptr<XmlElement> root = handler.TakeRoot();
    if (!root) return TreeError("XML_SYNTAX", "no root element", 0, 0, opts.source_name);
    return root;
}

}  // namespace kjerne::codec
