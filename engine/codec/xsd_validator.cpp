// engine/codec/xsd_validator.cpp
#include "engine/codec/xsd_validator.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include <string>
#include <utility>

#include "engine/codec/xerces_adapter.hpp"

namespace kjerne::codec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

constexpr const char* kXsdInvalid = "XSD_INVALID";
constexpr const char* kSyntaxCode = "SYNTAX";

struct StopParse {};  // thrown by the handler to end a parse; never leaves this file

bool IsRemote(std::string_view id) {
    return id.starts_with("http:") || id.starts_with("https:") || id.starts_with("ftp:");
}

// Collects errors with positions; refuses DOCTYPEs and remote entities/schemas.
class Collector : public xc::DefaultHandler {
public:
    std::vector<Issue> issues;
    size_t max_issues = 50;
    bool fatal = false;

    void Reset(size_t max) {
        issues.clear();
        max_issues = max;
        fatal = false;
    }

    void warning(const xc::SAXParseException&) override {}
    void error(const xc::SAXParseException& e) override { Add(kXsdInvalid, e); }
    void fatalError(const xc::SAXParseException& e) override {
        fatal = true;
        Add(kSyntaxCode, e);
        throw StopParse{};
    }
    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
        Issue i;
        i.code = kSyntaxCode;
        i.message = "DOCTYPE declarations are not accepted";
        issues.push_back(std::move(i));
        fatal = true;
        throw StopParse{};
    }
    xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
        std::string sys = xerces::ToUtf8(system_id);
        if (IsRemote(sys)) {
            Issue i;
            i.code = kXsdInvalid;
            i.message = "remote schema or entity '" + sys + "' refused (validation never fetches)";
            issues.push_back(std::move(i));
            fatal = true;
            throw StopParse{};
        }
        return nullptr;  // local file: Xerces resolves it relative to the including schema
    }

private:
    void Add(const char* code, const xc::SAXParseException& e) {
        if (issues.size() >= max_issues) return;
        Issue i;
        i.code = code;
        i.pos = SourcePos{xerces::ToUtf8(e.getSystemId()), static_cast<uint32_t>(e.getLineNumber()),
                          static_cast<uint32_t>(e.getColumnNumber())};
        i.message = xerces::ToUtf8(e.getMessage());
        issues.push_back(std::move(i));
    }
};

}  // namespace

struct XsdValidator::Impl {
    Collector collector;
    std::unique_ptr<xc::SAX2XMLReader> reader;
};

XsdValidator::XsdValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XsdValidator::~XsdValidator() = default;

Result<std::unique_ptr<XsdValidator>> XsdValidator::Load(const std::string& xsd_path,
                                                         std::string_view target_namespace) {
    KJ_TRY(xerces::InitXerces());
    auto impl = std::make_unique<Impl>();
    try {
        impl->reader.reset(xc::XMLReaderFactory::createXMLReader());
        xc::SAX2XMLReader& r = *impl->reader;
        r.setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
        r.setFeature(xc::XMLUni::fgSAX2CoreValidation, true);
        r.setFeature(xc::XMLUni::fgXercesDynamic, false);  // validate always, not "if a grammar is named"
        r.setFeature(xc::XMLUni::fgXercesSchema, true);
        r.setFeature(xc::XMLUni::fgXercesSchemaFullChecking, true);
        r.setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
        r.setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
        r.setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, false);
        r.setFeature(xc::XMLUni::fgXercesHandleMultipleImports, true);
        r.setContentHandler(&impl->collector);
        r.setErrorHandler(&impl->collector);
        r.setLexicalHandler(&impl->collector);
        r.setEntityResolver(&impl->collector);

        impl->collector.Reset(50);
        std::u16string path16 = xerces::ToUtf16(xsd_path);
        xc::Grammar* g = nullptr;
        try {
            g = r.loadGrammar(path16.c_str(), xc::Grammar::SchemaGrammarType, true);
        } catch (const StopParse&) {
        }
        if (!g || !impl->collector.issues.empty()) {
            std::string msg = "cannot load XML schema " + xsd_path;
            if (!impl->collector.issues.empty()) msg += ": " + impl->collector.issues.front().ToString();
            return Error::Io(std::move(msg));
        }
        // Documents' own xsi:schemaLocation hints are ignored: the grammar is the one loaded
        // here (and a hint could name a URL).
        std::u16string location = xerces::ToUtf16(std::string(target_namespace) + " " + xsd_path);
        if (target_namespace.empty()) {
            std::u16string p = xerces::ToUtf16(xsd_path);
            r.setProperty(xc::XMLUni::fgXercesSchemaExternalNoNameSpaceSchemaLocation,
                          const_cast<XMLCh*>(p.c_str()));
        } else {
            r.setProperty(xc::XMLUni::fgXercesSchemaExternalSchemaLocation, const_cast<XMLCh*>(location.c_str()));
        }
        r.setFeature(xc::XMLUni::fgXercesLoadSchema, false);
    } catch (const xc::XMLException& e) {
        return Error::Io("cannot load XML schema " + xsd_path + ": " + xerces::ToUtf8(e.getMessage()));
    } catch (const xc::SAXException& e) {
        return Error::Io("cannot load XML schema " + xsd_path + ": " + xerces::ToUtf8(e.getMessage()));
    } catch (const xc::OutOfMemoryException&) {
        return Error::LimitExceeded("out of memory loading XML schema " + xsd_path);
    } catch (...) {
        return Error::Internal("unexpected exception loading XML schema " + xsd_path);
    }
    return std::unique_ptr<XsdValidator>(new XsdValidator(std::move(impl)));
}

std::vector<Issue> XsdValidator::Validate(std::string_view xml, size_t max_issues) {
    Collector& c = impl_->collector;
    c.Reset(max_issues);
    try {
        xc::MemBufInputSource src(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(), "document", false);
        impl_->reader->parse(src);
    } catch (const StopParse&) {
    } catch (const xc::XMLException& e) {
        Issue i;
        i.code = kSyntaxCode;
        i.message = xerces::ToUtf8(e.getMessage());
        c.issues.push_back(std::move(i));
    } catch (const xc::SAXException& e) {
        Issue i;
        i.code = kSyntaxCode;
        i.message = xerces::ToUtf8(e.getMessage());
        c.issues.push_back(std::move(i));
    } catch (...) {
        Issue i;
        i.code = kSyntaxCode;
        i.message = "unexpected exception from the XML parser";
        c.issues.push_back(std::move(i));
    }
    return std::move(c.issues);
}

}  // namespace kjerne::codec
