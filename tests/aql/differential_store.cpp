// tests/aql/differential_store.cpp — see differential_store.hpp.
#include "tests/aql/differential_store.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "tests/aql/folder_dataset.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {
namespace {

template <typename T>
T Must(Result<T> r, const std::string& what) {
    if (!r.ok()) throw std::runtime_error("differential store: " + what + ": " + r.error().ToString());
    return std::move(r).value();
}

std::string EhrId(const char* block, size_t n) {
    std::string digits = std::to_string(n);
    return std::string("00000000-0000-4000-") + block + "-" + std::string(12 - digits.size(), '0') + digits;
}

// MANIFEST: composition file -> its OPT in the corpus (none when NOT_IN_CORPUS).
std::map<std::string, std::string> OptOfComposition() {
    std::istringstream in(ReadFile(CorpusDir() / "compositions" / "MANIFEST.tsv"));
    std::map<std::string, std::string> out;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
        if (cols.size() > 4 && !cols[4].empty() && cols[4] != "NOT_IN_CORPUS") out[cols[0]] = cols[4];
    }
    return out;
}

class Builder {
public:
    explicit Builder(DifferentialStore& d) : d_(d), s_(*d.store) {}

    // Registers the composition's OPT once; false when the corpus has none for it.
    bool Template(const std::string& file) {
        auto it = opts_.find(file);
        if (it == opts_.end()) return false;
        if (registered_.insert(it->second).second) {
            std::string opt = ReadFile(CorpusDir() / it->second);
            Must(s_.PutTemplate(Must(store::OptTemplateId(opt), it->second), opt), it->second);
        }
        return true;
    }

    rm::Document Read(const std::string& file) {
        return Must(codec::Read(ReadFile(CorpusDir() / "compositions" / file)), file);
    }

    std::string Ehr(const std::string& id, const rm::Document* status = nullptr) {
        store::CreateEhrRequest req;
        req.ehr_id = id;
        req.ehr_status = status;
        return Must(s_.CreateEhr(req), "EHR " + id).ehr_id;
    }

    store::VersionRecord Commit(const std::string& ehr, const rm::Document& doc, const std::string& file) {
        ++d_.compositions;
        return Must(s_.CreateComposition(ehr, doc), file);
    }

private:
    DifferentialStore& d_;
    store::Store& s_;
    std::map<std::string, std::string> opts_ = OptOfComposition();
    std::set<std::string> registered_;
};

}  // namespace

std::unique_ptr<DifferentialStore> BuildDifferentialStore() {
    auto d = std::make_unique<DifferentialStore>();
    store::StoreOptions opts;
    opts.path = d->db.str();
    opts.system_id = "kjerne.test";
    opts.synchronous = store::Synchronous::kOff;  // a scratch file: durability buys nothing
    d->store = Must(store::OpenSqliteStore(opts), "open");
    Builder b(*d);

    size_t n = 0;
    std::vector<std::string> json_files;
    std::string first_json_ehr;
    for (const auto& e : ReadableCompositions("canonical_json")) {
        ++n;
        if (!b.Template(e.file)) continue;
        json_files.push_back(e.file);
        std::string ehr = b.Ehr(EhrId("8000", n));
        if (first_json_ehr.empty()) first_json_ehr = ehr;
        b.Commit(ehr, b.Read(e.file), e.file);
    }

    // Many compositions in one EHR; the first is deleted, the second updated (same content).
    std::string many = b.Ehr(EhrId("9000", 1));
    std::vector<store::VersionRecord> xml;
    for (const auto& e : ReadableCompositions("canonical_xml")) {
        if (!b.Template(e.file)) continue;
        xml.push_back(b.Commit(many, b.Read(e.file), e.file));
        if (xml.size() == 2) {
            Must(d->store->UpdateComposition(many, xml[1].uid, b.Read(e.file)), "update " + e.file);
        }
    }
    if (xml.size() < 2) throw std::runtime_error("differential store: fewer than two canonical XML compositions");
    Must(d->store->DeleteComposition(many, xml[0].uid), "delete");
    --d->compositions;

    // Hidden from population queries: is_queryable=false.
    rm::Document hidden_status =
        Must(codec::Read(ReadFile(CorpusDir() / "rm-objects/ehr/canonical_json/ehr_status_other_details_simple.json")),
             "hidden EHR_STATUS");
    std::string hidden = b.Ehr(EhrId("9000", 2), &hidden_status);
    for (size_t i = 0; i < json_files.size() && i < 12; i += 4) b.Commit(hidden, b.Read(json_files[i]), json_files[i]);

    // Directories (FOLDER in FROM): the many-compositions EHR's names its first four
    // compositions (the first deleted, the second updated), as EHRbase's folder data does;
    // the hidden EHR's has details and items naming nothing stored; the first JSON EHR's is
    // a bare tree, updated once.
    if (xml.size() < 4) throw std::runtime_error("differential store: fewer than four canonical XML compositions");
    std::map<std::string, std::string> uids;
    for (size_t i = 0; i < 4; ++i) uids["c_uid" + std::to_string(i + 1)] = xml[i].vo_id;
    CreateDirectory(*d->store, many, CorpusFolder("folder_with_compositions.json", uids));
    CreateDirectory(*d->store, hidden, CorpusFolder("folder_details.json", {}));
    auto bare = CreateDirectory(*d->store, first_json_ehr, CorpusFolder("folder_complex_hierarchy.json", {}));
    rm::Document bare2 = CorpusFolder("folder_complex_hierarchy2.json", {});
    store::VersionChange change;
    change.kind = store::ObjectKind::kFolder;
    change.change = store::ChangeType::kModification;
    change.preceding_version_uid = bare.uid;
    change.data = &bare2;
    Must(d->store->CommitContribution({first_json_ehr, {change}, {}}), "update directory");

    // Mixed EHRs, every k-th composition: EHR-level AND / OR / NOT CONTAINS across compositions.
    for (size_t k : {2, 3, 5, 7}) {
        std::string mixed = b.Ehr(EhrId("9000", 10 + k));
        for (size_t i = k - 1; i < json_files.size(); i += k) b.Commit(mixed, b.Read(json_files[i]), json_files[i]);
    }
    return d;
}

}  // namespace kjerne::test
