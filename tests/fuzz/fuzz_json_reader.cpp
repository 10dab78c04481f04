// tests/fuzz/fuzz_json_reader.cpp
//
// libFuzzer target: arbitrary bytes into the canonical JSON reader. Whatever it accepts
// must write and read back to the same tree; nothing may crash, leak or trip ASan/UBSan.
// The same bytes are also read through a projection (the AQL planner's partial decoding,
// engine/codec/projection.hpp), which must not crash either and, where the whole read
// succeeds, must succeed too (it reads a subset of what the whole read checks).
// Seeds: the corpus's canonical JSON compositions (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/codec/codec.hpp"
#include "engine/codec/json_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static kjerne::codec::JsonReader reader;  // reused like a bulk import would
    kjerne::codec::ReadOptions opts;
    opts.max_bytes = 1 << 20;
    auto doc = reader.Read(std::string_view(reinterpret_cast<const char*>(data), size), opts);
    if (!doc.ok()) return 0;
    auto again = reader.Read(kjerne::codec::WriteJson(*doc), opts);
    if (!again.ok() || kjerne::rm::FirstDifference(*doc, *again)) std::abort();
    // The XML writer must take every tree the JSON reader builds.
    (void)kjerne::codec::WriteXml(*doc);
    static const kjerne::codec::Projection projection = [] {
        kjerne::codec::Projection p;
        p.root.Child("context").Child("start_time").whole = true;
        kjerne::codec::ProjectionAnchor a{"openEHR-EHR-OBSERVATION.*", {}};
        a.keep.Child("data").Child("events").Child("data").Child("items").Child("value").whole = true;
        p.anchors.push_back(a);
        p.anchors.push_back({"at0004", {}});
        return p;
    }();
    kjerne::codec::ReadOptions partial = opts;
    partial.projection = &projection;
    if (!reader.Read(std::string_view(reinterpret_cast<const char*>(data), size), partial).ok()) std::abort();
    return 0;
}
