// engine/codec/xsd_validator.cpp
#include "engine/codec/xsd_validator.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include <span>
#include <string>
#include <type_traits>
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

// The file name part of a system id ("a/b/Template.xsd" -> "Template.xsd").
std::string_view BaseName(std::string_view id) {
    size_t slash = id.find_last_of("/\\");
    return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

// Collects errors with positions; refuses DOCTYPEs and remote entities/schemas. With
// `memory_docs` set, every entity or schema is looked up by file name there and anything
// else is refused (no file is opened at all).
class Collector : public xc::DefaultHandler {
public:
    std::vector<Issue> issues;
    size_t max_issues = 50;
    bool fatal = false;
    std::string source_name;  // replaces Xerces' system id of the validated document
    const std::span<const XsdDocument>* memory_docs = nullptr;

    void Reset(size_t max, std::string_view source = {}) {
        issues.clear();
        max_issues = max;
        fatal = false;
        source_name = std::string(source);
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
        if (memory_docs) {
            const std::string_view name = BaseName(sys);
            for (const XsdDocument& d : *memory_docs) {
                if (d.name != name) continue;
                std::u16string id = xerces::ToUtf16(d.name);
                // Xerces adopts the returned source; the bytes stay owned by the caller.
                return new xc::MemBufInputSource(reinterpret_cast<const XMLByte*>(d.text.data()), d.text.size(),
                                                 reinterpret_cast<const XMLCh*>(id.c_str()), false);
            }
            Refuse("schema or entity '" + sys + "' is not one of the in-memory schema documents; refused");
        }
        if (IsRemote(sys)) Refuse("remote schema or entity '" + sys + "' refused (validation never fetches)");
        return nullptr;  // local file: Xerces resolves it relative to the including schema
    }

private:
    [[noreturn]] void Refuse(std::string message) {
        Issue i;
        i.code = kXsdInvalid;
        i.message = std::move(message);
        issues.push_back(std::move(i));
        fatal = true;
        throw StopParse{};
    }

    void Add(const char* code, const xc::SAXParseException& e) {
        if (issues.size() >= max_issues) return;
        Issue i;
        i.code = code;
        std::string file = source_name.empty() ? xerces::ToUtf8(e.getSystemId()) : source_name;
        i.pos = SourcePos{std::move(file), static_cast<uint32_t>(e.getLineNumber()),
                          static_cast<uint32_t>(e.getColumnNumber())};
        i.message = xerces::ToUtf8(e.getMessage());
        issues.push_back(std::move(i));
    }
};

// The features every validating reader here gets: schema validation always on (not "when a
// grammar is named"), full schema checking, no external DTD, grammars taken from the cache.
void ConfigureValidatingReader(xc::SAX2XMLReader& r, Collector& c) {
    r.setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
    r.setFeature(xc::XMLUni::fgSAX2CoreValidation, true);
    r.setFeature(xc::XMLUni::fgXercesDynamic, false);
    r.setFeature(xc::XMLUni::fgXercesSchema, true);
    r.setFeature(xc::XMLUni::fgXercesSchemaFullChecking, true);
    r.setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
    r.setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
    r.setFeature(xc::XMLUni::fgXercesHandleMultipleImports, true);
    r.setContentHandler(&c);
    r.setErrorHandler(&c);
    r.setLexicalHandler(&c);
    r.setEntityResolver(&c);
}

// Builds what Xerces would otherwise fault in during a validation (content models not built
// by the full-checking pass, and the formatted content models quoted in "not allowed for
// content model" messages), so that a locked, shared grammar is never written to.
void BuildLazyParts(xc::SchemaGrammar& g) {
    if (xc::RefHashTableOf<xc::ComplexTypeInfo>* types = g.getComplexTypeRegistry()) {
        xc::RefHashTableOfEnumerator<xc::ComplexTypeInfo> it(types, false);
        while (it.hasMoreElements()) {
            xc::ComplexTypeInfo& type = it.nextElement();
            type.getContentModel();
            type.getFormattedContentModel();
        }
    }
    xc::RefHash3KeysIdPoolEnumerator<xc::SchemaElementDecl> elems = g.getElemEnumerator();
    while (elems.hasMoreElements()) {
        xc::SchemaElementDecl& e = elems.nextElement();
        e.getContentModel();
        e.getFormattedContentModel();
    }
}

// Runs `f` (which returns a Result) and turns whatever Xerces throws into an Error.
template <class F>
std::invoke_result_t<F> CatchXerces(const std::string& what, F&& f) {
    try {
        return f();
    } catch (const xc::XMLException& e) {
        return Error::Io("cannot load XML schema " + what + ": " + xerces::ToUtf8(e.getMessage()));
    } catch (const xc::SAXException& e) {
        return Error::Io("cannot load XML schema " + what + ": " + xerces::ToUtf8(e.getMessage()));
    } catch (const xc::OutOfMemoryException&) {
        return Error::LimitExceeded("out of memory loading XML schema " + what);
    } catch (...) {
        return Error::Internal("unexpected exception loading XML schema " + what);
    }
}

}  // namespace

struct XsdGrammar::Impl {
    std::unique_ptr<xc::XMLGrammarPool> pool;  // locked once loaded
};

XsdGrammar::XsdGrammar(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XsdGrammar::~XsdGrammar() = default;

Result<std::shared_ptr<const XsdGrammar>> XsdGrammar::FromMemory(std::span<const XsdDocument> docs,
                                                                 std::string_view root,
                                                                 std::string_view target_namespace) {
    KJ_TRY(xerces::InitXerces());
    const std::string what(root);
    const XsdDocument* root_doc = nullptr;
    for (const XsdDocument& d : docs)
        if (d.name == root) root_doc = &d;
    if (!root_doc) return Error::NotFound("XML schema " + what + " is not among the in-memory schema documents");
    auto impl = std::make_unique<Impl>();
    impl->pool = std::make_unique<xc::XMLGrammarPoolImpl>(xc::XMLPlatformUtils::fgMemoryManager);
    auto loaded = CatchXerces(what, [&]() -> Result<bool> {
        Collector collector;
        collector.memory_docs = &docs;
        collector.Reset(50);
        std::unique_ptr<xc::SAX2XMLReader> reader(
            xc::XMLReaderFactory::createXMLReader(xc::XMLPlatformUtils::fgMemoryManager, impl->pool.get()));
        ConfigureValidatingReader(*reader, collector);
        reader->setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, false);
        std::u16string id = xerces::ToUtf16(root_doc->name);
        xc::MemBufInputSource src(reinterpret_cast<const XMLByte*>(root_doc->text.data()), root_doc->text.size(),
                                  reinterpret_cast<const XMLCh*>(id.c_str()), false);
        xc::Grammar* g = nullptr;
        try {
            g = reader->loadGrammar(src, xc::Grammar::SchemaGrammarType, /*toCache=*/true);
        } catch (const StopParse&) {
        }
        if (!g || !collector.issues.empty()) {
            std::string msg = "cannot load XML schema " + what;
            if (!collector.issues.empty()) msg += ": " + collector.issues.front().ToString();
            return Error::Io(std::move(msg));
        }
        if (!xerces::EqualsAscii(g->getTargetNamespace(), target_namespace)) {
            return Error::InvalidArgument("XML schema " + what + " has target namespace '" +
                                          xerces::ToUtf8(g->getTargetNamespace()) + "', expected '" +
                                          std::string(target_namespace) + "'");
        }
        reader.reset();  // the pool owns the grammar; no parser holds the pool while it is locked
        xc::RefHashTableOfEnumerator<xc::Grammar> all = impl->pool->getGrammarEnumerator();
        while (all.hasMoreElements()) {
            xc::Grammar& each = all.nextElement();
            if (each.getGrammarType() == xc::Grammar::SchemaGrammarType) {
                BuildLazyParts(static_cast<xc::SchemaGrammar&>(each));
            }
        }
        impl->pool->lockPool();
        return true;
    });
    if (!loaded.ok()) return std::move(loaded).error();
    return std::shared_ptr<const XsdGrammar>(new XsdGrammar(std::move(impl)));
}

struct XsdValidator::Impl {
    Collector collector;
    std::shared_ptr<const XsdGrammar> grammar;  // kept alive while the reader uses its pool
    std::unique_ptr<xc::SAX2XMLReader> reader;
    std::span<const XsdDocument> no_documents;  // validated documents may resolve nothing
};

XsdValidator::XsdValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XsdValidator::~XsdValidator() = default;

Result<std::unique_ptr<XsdValidator>> XsdValidator::ForGrammar(std::shared_ptr<const XsdGrammar> grammar) {
    KJ_TRY(xerces::InitXerces());
    if (!grammar) return Error::InvalidArgument("no XML schema grammar");
    auto impl = std::make_unique<Impl>();
    impl->grammar = std::move(grammar);
    impl->collector.memory_docs = &impl->no_documents;
    auto made = CatchXerces("(shared grammar)", [&]() -> Result<bool> {
        impl->reader.reset(xc::XMLReaderFactory::createXMLReader(xc::XMLPlatformUtils::fgMemoryManager,
                                                                 impl->grammar->impl_->pool.get()));
        ConfigureValidatingReader(*impl->reader, impl->collector);
        // The pool is locked: nothing may be added to it, and no schema is read from a
        // document's xsi:schemaLocation hint (which could name a URL).
        impl->reader->setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, false);
        impl->reader->setFeature(xc::XMLUni::fgXercesLoadSchema, false);
        return true;
    });
    if (!made.ok()) return std::move(made).error();
    return std::unique_ptr<XsdValidator>(new XsdValidator(std::move(impl)));
}

Result<std::unique_ptr<XsdValidator>> XsdValidator::LoadFromMemory(std::span<const XsdDocument> docs,
                                                                   std::string_view root,
                                                                   std::string_view target_namespace) {
    KJ_ASSIGN_OR_RETURN(std::shared_ptr<const XsdGrammar> grammar,
                        XsdGrammar::FromMemory(docs, root, target_namespace));
    return ForGrammar(std::move(grammar));
}

Result<std::unique_ptr<XsdValidator>> XsdValidator::Load(const std::string& xsd_path,
                                                         std::string_view target_namespace) {
    KJ_TRY(xerces::InitXerces());
    auto impl = std::make_unique<Impl>();
    auto loaded = CatchXerces(xsd_path, [&]() -> Result<bool> {
        impl->reader.reset(xc::XMLReaderFactory::createXMLReader());
        xc::SAX2XMLReader& r = *impl->reader;
        ConfigureValidatingReader(r, impl->collector);
        r.setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, false);

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
        return true;
    });
    if (!loaded.ok()) return std::move(loaded).error();
    return std::unique_ptr<XsdValidator>(new XsdValidator(std::move(impl)));
}

std::vector<Issue> XsdValidator::Validate(std::string_view xml, size_t max_issues,
                                          std::string_view source_name) {
    Collector& c = impl_->collector;
    c.Reset(max_issues, source_name);
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
