// engine/codec/json_reader.hpp
//
// Canonical JSON (ITS-JSON) into an rm::Document, with simdjson's DOM API.
// Why the DOM rather than On-Demand: the DOM parser is compiled inside libsimdjson and
// picks the best SIMD kernel at run time (AVX2/AVX-512), whereas On-Demand is inlined
// into our code and, built for generic x86-64 as a Debian package must be, falls back
// to the scalar kernel. The tape also gives random access to `_type`. The DOM keeps no
// source offsets, so on an error the reader finds line:col by re-scanning the text
// along the RM path (json_locate.hpp) — a cost paid only on failure.
//
// A JsonReader keeps its simdjson parser (and its buffers) between calls, so code that
// reads many documents (bulk import, benchmarks) should keep one per thread.
// Thread-safety: one JsonReader per thread; the Documents it returns are independent.
#pragma once

#include <memory>
#include <string_view>

#include "engine/codec/codec.hpp"

namespace kjerne::codec {

class JsonReader {
public:
    JsonReader();
    ~JsonReader();
    JsonReader(const JsonReader&) = delete;
    JsonReader& operator=(const JsonReader&) = delete;

    Result<rm::Document> Read(std::string_view text, const ReadOptions& opts = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kjerne::codec
