// engine/store/importer.hpp
//
// Bulk loading of compositions into a Store (behind `kjerne import`): register OPTs, read
// canonical JSON / XML files (folders are walked), check each composition and commit it, one
// transaction per composition, into a new EHR or a given one. A composition is either stored
// completely (its EHR too) or not at all, and a rejection never stops the run.
//
// What "check" means is pluggable: the store itself requires a readable RM COMPOSITION whose
// archetype_details.template_id names a stored template; a CompositionValidator (the template
// validator of templates/, wired by the caller, since engine/ cannot depend on templates/) adds
// the template rules. Its issues reject the composition with kValidation.
// Thread-safety: one Importer per thread; the Store may be shared.
#pragma once

#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/result.hpp"
#include "engine/rm/document.hpp"
#include "engine/store/store.hpp"

namespace kjerne::store {

// Issues of `composition` against the stored template `tpl` (its OPT bytes and id); empty =
// valid. Must not throw.
using CompositionValidator =
    std::function<std::vector<Issue>(const rm::Document& composition, const TemplateRecord& tpl)>;

struct ImportOptions {
    std::string ehr_id;               // empty = a new EHR per composition
    CompositionValidator validator;   // empty = the store's own requirements only
    size_t max_bytes = 64u << 20;     // per file
    // ImportFiles: compositions per transaction (each still its own contribution, with its
    // EHR, in its own savepoint). 1 = a transaction per composition.
    size_t batch_size = 100;
};

// What became of one input file.
struct ImportOutcome {
    std::filesystem::path file;
    Result<VersionRecord> result;
};

struct ImportRejection {
    std::string source;               // file path as given
    Error error;
};

struct ImportSummary {
    size_t imported = 0;
    std::vector<ImportRejection> rejected;
};

// The files to import: `paths` themselves, folders walked recursively for *.json and *.xml
// (sorted, so runs are reproducible). kNotFound for a path that does not exist.
Result<std::vector<std::filesystem::path>> CollectInputFiles(const std::vector<std::string>& paths);

// Registers an OPT file under the template id it declares; returns that id. kConflict when
// the id is stored with other bytes.
Result<std::string> RegisterOptFile(Store& store, const std::filesystem::path& opt_file);

class Importer {
public:
    Importer(Store& store, ImportOptions options) : store_(store), options_(std::move(options)) {}

    // Reads, checks and commits one file; the version stored, or why not.
    Result<VersionRecord> ImportFile(const std::filesystem::path& file);
    // The same for a composition already read (source names it in errors).
    Result<VersionRecord> ImportDocument(const rm::Document& composition);

    // Many files, options().batch_size per transaction. `on_outcome` is called once per
    // file, in order, after its batch is durable (or with its rejection).
    void ImportFiles(const std::vector<std::filesystem::path>& files,
                     const std::function<void(const ImportOutcome&)>& on_outcome);

private:
    // Reads and checks one file: the document, ready to commit, or why not.
    Result<rm::Document> ReadAndCheck(const std::filesystem::path& file);
    Result<rm::Document> Check(rm::Document doc);

    Result<const TemplateRecord*> Template(const std::string& template_id);

    Store& store_;
    ImportOptions options_;
    std::deque<TemplateRecord> templates_;  // fetched once per id; addresses stay valid
};

}  // namespace kjerne::store
