// tests/codec/corpus_files.hpp
//
// Corpus access shared by the codec suites: the composition MANIFEST, file reading, and
// the declarative expectation tables kept beside the tests (tests/codec/*.tsv).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kjerne::test {

struct ManifestEntry {
    std::string file;         // relative to compositions/, e.g. canonical_json/minimal_admin.json
    std::string template_id;
    std::string format;       // canonical_json, canonical_xml, flat, structured
    std::string note;         // non-empty: not canonical RM (legacy formats)
};

// compositions/MANIFEST.tsv, header skipped.
std::vector<ManifestEntry> ReadManifest();

std::string ReadFile(const std::filesystem::path& path);

// A tab-separated table checked into tests/: rows of fields, '#' lines and the header
// (first non-comment line) skipped.
std::vector<std::vector<std::string>> ReadTable(const std::filesystem::path& path);

// A corpus composition that must be rejected rather than read: file -> (code, rm_path).
struct Rejection {
    std::string code;
    std::string rm_path;
    std::string reason;
};
std::map<std::string, Rejection> ReadRejections();  // tests/codec/corpus_rejections.tsv

// The canonical compositions of one format that must read: the manifest's entries of that
// format minus those marked as not canonical and those in corpus_rejections.tsv. Files
// invalid against their template (ips_invalid.json) are still valid RM and read.
std::vector<ManifestEntry> ReadableCompositions(const std::string& format);

}  // namespace kjerne::test
