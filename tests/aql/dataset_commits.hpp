// tests/aql/dataset_commits.hpp
//
// The few store writes the AQL test datasets (versioned_dataset, folder_dataset) are built
// from — an OPT from the corpus, a composition created or changed in its own contribution —
// with every failure thrown as an exception naming the dataset, so a broken corpus file or
// store stops the test at once with the reason. Header-only: test support, not library code.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/codec/codec.hpp"
#include "engine/store/opt_template_id.hpp"
#include "engine/store/store.hpp"
#include "tests/codec/corpus_files.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {

class DatasetCommits {
public:
    explicit DatasetCommits(std::string dataset) : dataset_(std::move(dataset)) {}

    template <typename T>
    T Must(Result<T> r, const std::string& what) const {
        if (!r.ok()) throw std::runtime_error(dataset_ + " dataset: " + what + ": " + r.error().ToString());
        return std::move(r).value();
    }

    // A store in the scratch file `path` (synchronous off: durability buys nothing there).
    std::unique_ptr<store::Store> OpenScratch(const std::string& path) const {
        store::StoreOptions opts;
        opts.path = path;
        opts.system_id = "kjerne.test";
        opts.synchronous = store::Synchronous::kOff;
        return Must(store::OpenSqliteStore(opts), "open store");
    }

    // The OPTs of the minimal corpus compositions the datasets commit.
    void PutMinimalTemplates(store::Store& s) const {
        PutOpt(s, "aql/examples/integration-tests/aql/data_load/opts/persistent_minimal.opt");
        PutOpt(s, "templates/opt14/minimal_evaluation.opt");
        PutOpt(s, "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt");
    }

    // A canonical JSON document of the corpus, by path relative to it.
    rm::Document Doc(const std::string& rel) const { return Must(codec::ReadJson(ReadFile(CorpusDir() / rel)), rel); }

    void PutOpt(store::Store& s, const std::string& rel) const {
        std::string opt = ReadFile(CorpusDir() / rel);
        Must(s.PutTemplate(Must(store::OptTemplateId(opt), rel), opt), rel);
    }

    store::VersionRecord Create(store::Store& s, const std::string& ehr_id, const std::string& vo_id,
                                const rm::Document& doc) const {
        store::VersionChange change;
        change.kind = store::ObjectKind::kComposition;
        change.change = store::ChangeType::kCreation;
        change.data = &doc;
        change.vo_id = vo_id;
        store::ContributionRequest req{ehr_id, {change}, {"", "created"}};
        return Must(s.CommitContribution(req), "create " + vo_id).versions.at(0);
    }

    store::VersionRecord Modify(store::Store& s, const std::string& ehr_id, store::ObjectKind kind,
                                const std::string& preceding, const rm::Document& doc,
                                const std::string& description = "modified",
                                store::Lifecycle lifecycle = store::Lifecycle::kComplete) const {
        store::VersionChange change;
        change.kind = kind;
        change.change = store::ChangeType::kModification;
        change.preceding_version_uid = preceding;
        change.data = &doc;
        change.lifecycle = lifecycle;
        store::ContributionRequest req{ehr_id, {change}, {"", description}};
        return Must(s.CommitContribution(req), "modify " + preceding).versions.at(0);
    }

private:
    std::string dataset_;
};

}  // namespace kjerne::test
