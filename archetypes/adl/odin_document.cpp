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
        return SyntaxErrorToError(e, parser.scanner(), file);
    } catch (const std::bad_alloc&) {
        return Error::LimitExceeded(std::string(file) + ": out of memory while parsing");
    }
}

}  // namespace kjerne::archetypes::adl
