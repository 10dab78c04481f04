// templates/opt/opt14_schema.cpp — the embedded OPT 1.4 schema, parsed once, and the check.
#include "templates/opt/opt14_schema.hpp"

#include <utility>

namespace kjerne::templates {

std::vector<codec::XsdDocument> Opt14SchemaDocuments() {
    std::vector<codec::XsdDocument> docs;
    for (size_t i = 0; i < detail::kOpt14SchemaFileCount; ++i) {
        const detail::EmbeddedFile& f = detail::kOpt14SchemaFiles[i];
        docs.push_back({f.name, std::string_view(reinterpret_cast<const char*>(f.data), f.size)});
    }
    return docs;
}

Result<std::shared_ptr<const codec::XsdGrammar>> Opt14Schema() {
    // Immutable once made (a locked Xerces grammar pool): the one process-wide value here.
    static const Result<std::shared_ptr<const codec::XsdGrammar>> grammar = [] {
        std::vector<codec::XsdDocument> docs = Opt14SchemaDocuments();
        return codec::XsdGrammar::FromMemory(docs, kOpt14SchemaRoot, kOpenEhrNamespace);
    }();
    return grammar;
}

Result<std::vector<Issue>> CheckOpt14Schema(std::string_view xml, std::string_view source_name,
                                           size_t max_issues) {
    KJ_ASSIGN_OR_RETURN(std::shared_ptr<const codec::XsdGrammar> grammar, Opt14Schema());
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<codec::XsdValidator> validator,
                        codec::XsdValidator::ForGrammar(std::move(grammar)));
    std::vector<Issue> issues = validator->Validate(xml, max_issues, source_name);
    for (Issue& i : issues) {
        i.message = "not valid against the OPT 1.4 schema (" + std::string(kOpt14SchemaRoot) + "): " + i.message;
        i.code = "OPT_XSD";
    }
    return issues;
}

}  // namespace kjerne::templates
