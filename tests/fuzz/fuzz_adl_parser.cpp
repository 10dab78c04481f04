// tests/fuzz/fuzz_adl_parser.cpp
//
// libFuzzer target: arbitrary text into the ADL parser (as ADL 1.4 or ADL 2 by the input's
// length parity, since the file extension only hints the code system when the header does not
// say it), and every archetype it accepts through the rest of the archetype engine: the
// validity rules, the ADL 1.4 → 2 conversion, the ADL 2 and AOM JSON writers, and a parse of
// the written text. Errors are fine; a crash, a sanitizer report or a hang is a finding.
// Seeds: the corpus's ADL 1.4 and ADL 2 archetypes (scripts/fuzz.sh passes the folders).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archetypes/adl/adl14_to_adl2.hpp"
#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/serialise/adl2_writer.hpp"
#include "archetypes/serialise/aom_json_writer.hpp"
#include "archetypes/validity/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace kjerne::archetypes;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const char* name = size % 2 ? "fuzz.adls" : "fuzz.adl";
    auto parsed = adl::ParseAdl(text, name);
    if (!parsed.ok()) return 0;
    std::vector<const aom::Archetype*> artefacts;
    for (auto& a : parsed->artefacts) {
        (void)validity::Validate(*a, name);
        adl::ConvertAdl14ToAdl2(*a);
        (void)serialise::WriteAomJson(*a);
        artefacts.push_back(a.get());
    }
    // The written text may legitimately fail to parse for inputs the parser tolerates but
    // cannot reproduce (tests/archetypes checks equality on real archetypes); here only
    // crashes count.
    (void)adl::ParseAdl(serialise::WriteAdl2(artefacts), "fuzz.adls");
    return 0;
}
