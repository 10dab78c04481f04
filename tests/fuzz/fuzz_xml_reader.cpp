// tests/fuzz/fuzz_xml_reader.cpp
//
// libFuzzer target: arbitrary bytes into the canonical XML reader (Xerces SAX2, no DTD, no
// entities). Accepted documents must round-trip through the writer unchanged.
// Seeds: the corpus's canonical XML compositions (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/codec/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    kjerne::codec::ReadOptions opts;
    opts.max_bytes = 1 << 20;
    auto doc = kjerne::codec::ReadXml(std::string_view(reinterpret_cast<const char*>(data), size), opts);
    if (!doc.ok()) return 0;
    auto again = kjerne::codec::ReadXml(kjerne::codec::WriteXml(*doc), opts);
    if (!again.ok() || kjerne::rm::FirstDifference(*doc, *again)) std::abort();
    (void)kjerne::codec::WriteJson(*doc);
    return 0;
}
