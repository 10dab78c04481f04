// tests/store/store_fixture.cpp — see store_fixture.hpp.
#include "tests/store/store_fixture.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<CorpusComposition> StorableCorpusCompositions() {
    std::ifstream in(CorpusDir() / "compositions" / "MANIFEST.tsv");
    std::string line;
    std::getline(in, line);  // header
    // Files the codec rightly refuses (tests/codec/corpus_rejections.tsv) are not storable.
    std::ifstream rejections(SourceDir() / "tests" / "codec" / "corpus_rejections.tsv");
    std::string rejected;
    for (std::string r; std::getline(rejections, r);) {
        if (!r.empty() && r[0] != '#') rejected += "\n" + r.substr(0, r.find('\t')) + "\n";
    }
    std::vector<CorpusComposition> out;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string col;
        while (std::getline(ss, col, '\t')) cols.push_back(col);
        cols.resize(6);
        if (cols[2] != "canonical_json" && cols[2] != "canonical_xml") continue;
        if (!cols[5].empty() || cols[4].empty() || cols[4] == "NOT_IN_CORPUS") continue;
        if (cols[0].find("invalid") != std::string::npos) continue;
        if (rejected.find("\n" + cols[0] + "\n") != std::string::npos) continue;
        out.push_back({cols[0], cols[1], cols[4]});
    }
    return out;
}

rm::Document LoadComposition(const CorpusComposition& c) {
    std::string text = ReadFile(CorpusDir() / "compositions" / c.file);
    codec::ReadOptions opts;
    opts.root_type = "COMPOSITION";
    opts.source_name = c.file;
    auto doc = codec::Read(text, opts);
    INFO(c.file << ": " << (doc.ok() ? "" : doc.error().ToString()));
    REQUIRE(doc.ok());
    return std::move(doc).value();
}

std::unique_ptr<store::Store> OpenTestStore(const TempDbPath& db, bool compress) {
    store::StoreOptions o;
    o.path = db.str();
    o.synchronous = store::Synchronous::kNormal;
    o.compress = compress;
    auto s = store::OpenSqliteStore(o);
    INFO((s.ok() ? "" : s.error().ToString()));
    REQUIRE(s.ok());
    return std::move(s).value();
}

void RegisterTemplate(store::Store& s, const CorpusComposition& c) {
    std::string opt = ReadFile(CorpusDir() / c.opt);
    auto id = store::OptTemplateId(opt);
    REQUIRE(id.ok());
    REQUIRE(*id == c.template_id);
    auto put = s.PutTemplate(*id, opt);
    INFO(c.opt << ": " << (put.ok() ? "" : put.error().ToString()));
    REQUIRE(put.ok());
}

CorpusComposition MinimalObservation() {
    return {"canonical_json/minimal_observation.json", "minimal_observation.en.v1",
            "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt"};
}

CorpusComposition IpsComposition() {
    return {"canonical_json/ips_canonical.json", "International Patient Summary", "templates/opt14/ips.v0.opt"};
}

void ExecBehindStore(const TempDbPath& db, const std::string& sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.str().c_str(), &raw) == SQLITE_OK);
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
}

}  // namespace kjerne::test
