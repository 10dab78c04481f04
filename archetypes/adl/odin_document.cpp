// archetypes/adl/odin_document.cpp — see odin_document.hpp.
#include "archetypes/adl/odin_document.hpp"

#include <new>
#include <string>

#include "archetypes/adl/parser.hpp"

namespace kjerne::archetypes::adl {

Result<aom::OdinValue> ParseOdinDocument(std::string_view text, std::string_view file) {
    Parser parser(text, /*adl2_hint=*/false);
    try {
        aom::OdinValue v = parser.ParseOdinAttrList();
        parser.scanner().SkipWs();
        if (!parser.scanner().AtEnd()) parser.scanner().Fail("an attribute 'name = <…>' or the end of the document");
        return v;
    } catch (const SyntaxError& e) {
        Issue issue;
        issue.code = e.code ? e.code : "ADL_SYNTAX";
        SourcePos pos;
        pos.file = std::string(file);
        parser.scanner().LineCol(e.offset, pos.line, pos.col);
        issue.pos = std::move(pos);
        issue.message = e.message;
        return Error::Parse(std::move(issue));
    } catch (const std::bad_alloc&) {
        return Error::LimitExceeded(std::string(file) + ": out of memory while parsing");
    }
}

}  // namespace kjerne::archetypes::adl
