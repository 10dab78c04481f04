// tools/cmd_import.cpp
//
// `kjerne import --db FILE [--template OPT]... [--ehr ID] [--no-validate] [--batch N]
// [--sync full|normal|off] [--system-id ID] PATH...`:
// registers the OPTs in the store's template table, then commits every canonical JSON / XML
// composition found in PATHs (folders are walked), each into a new EHR unless --ehr is given,
// as its own contribution; N compositions share a transaction (each in a savepoint, so one that
// fails leaves the others), engine/store/importer.hpp. A kill leaves whole batches or nothing.
// Rejected files are reported on stderr with
// their errors and skipped; nothing of them is stored. A progress bar goes to stderr when it is
// a terminal. The last line on stdout is exactly `N imported, M rejected`. Each composition is
// validated against its stored template (templates::Validate, as a REST commit is) and its
// issues reject it; --no-validate (for trusted bulk loads, e.g. benchmarks) checks only what the
// store itself requires (readable RM, a COMPOSITION naming a stored template).
// Exit: 0 all imported, 1 some rejected (or a template refused), 2 the store cannot be opened.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/store/importer.hpp"
#include "engine/store/store.hpp"
#include "templates/opt/opt_loader.hpp"
#include "templates/validation/validator.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

struct ImportArgs {
    std::string db;
    std::vector<std::string> templates;
    std::vector<std::string> inputs;
    std::string ehr_id;
    std::string sync = "full";
    std::string system_id = "kjerne.local";
    bool no_compress = false;
    bool no_validate = false;
    bool validate = true;  // --validate: the default, still accepted
    size_t batch = 100;
};

// The template validator (templates/validation, as `kjerne validate`): each stored OPT is
// loaded once (keyed by its sha256) and every composition is validated against it.
store::CompositionValidator MakeValidator() {
    auto cache = std::make_shared<std::map<std::string, Result<std::shared_ptr<const templates::Template>>>>();
    return [cache](const rm::Document& doc, const store::TemplateRecord& tpl) -> std::vector<Issue> {
        auto it = cache->find(tpl.sha256);
        if (it == cache->end()) {
            templates::OptLoadOptions o;
            o.source_name = tpl.template_id + ".opt";
            it = cache->emplace(tpl.sha256, templates::LoadOpt(tpl.opt, o)).first;
        }
        if (!it->second.ok()) {
            Issue i;
            i.code = "TEMPLATE_UNUSABLE";
            i.message = "stored template '" + tpl.template_id + "' does not load: " + it->second.error().ToString();
            return {i};
        }
        return templates::Validate(**it->second, *doc.root());
    };
}

void Progress(size_t done, size_t total, size_t rejected) {
    int width = 40;
    int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu (%zu rejected)", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), done, total, rejected);
    std::fflush(stderr);
}

int RunImport(const ImportArgs& args) {
    store::StoreOptions so;
    so.path = args.db;
    so.compress = !args.no_compress;
    so.system_id = args.system_id;
    so.synchronous = args.sync == "off" ? store::Synchronous::kOff
                     : args.sync == "normal" ? store::Synchronous::kNormal
                                             : store::Synchronous::kFull;
    auto opened = store::OpenSqliteStore(so);
    if (!opened.ok()) {
        std::cerr << "import: " << opened.error().ToString() << '\n';
        return 2;
    }
    store::Store& st = **opened;
    bool template_failed = false;
    for (const std::string& opt : args.templates) {
        auto id = store::RegisterOptFile(st, opt);
        if (!id.ok()) {
            std::cerr << "template " << opt << ": " << id.error().ToString() << '\n';
            template_failed = true;
        }
    }
    auto files = store::CollectInputFiles(args.inputs);
    if (!files.ok()) {
        std::cerr << "import: " << files.error().ToString() << '\n';
        std::cout << "0 imported, 0 rejected\n";
        return 1;
    }
    store::ImportOptions io;
    io.ehr_id = args.ehr_id;
    io.batch_size = args.batch;
    if (!args.no_validate) io.validator = MakeValidator();
    store::Importer importer(st, io);
    bool tty = ::isatty(STDERR_FILENO);
    size_t imported = 0, rejected = 0, done = 0, total = files->size();
    auto last = std::chrono::steady_clock::now();
    importer.ImportFiles(*files, [&](const store::ImportOutcome& out) {
        ++done;
        if (out.result.ok()) {
            ++imported;
        } else {
            ++rejected;
            if (tty) std::fputs("\r\033[K", stderr);
            const Error& e = out.result.error();
            std::cerr << "rejected " << out.file.string() << ": " << e.ToString() << '\n';
            for (size_t k = 1; k < e.issues().size(); ++k) std::cerr << "  " << e.issues()[k].ToString() << '\n';
        }
        auto now = std::chrono::steady_clock::now();
        if (tty && (now - last > std::chrono::milliseconds(100) || done == total)) {
            Progress(done, total, rejected);
            last = now;
        }
    });
    if (tty && total) std::fputs("\n", stderr);
    std::cout << imported << " imported, " << rejected << " rejected\n";
    return rejected == 0 && !template_failed ? 0 : 1;
}

}  // namespace

void RegisterImportCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ImportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "import", "Bulk-load canonical JSON/XML compositions (files or folders) into a store");
    cmd->add_option("--db", args->db, "SQLite store file (created when absent)")->required();
    cmd->add_option("--template", args->templates, "OPT 1.4 file to register (repeatable)")
        ->allow_extra_args(false);  // one file per --template; the rest are inputs
    cmd->add_option("--ehr", args->ehr_id, "Commit every composition into this existing EHR");
    cmd->add_option("--system-id", args->system_id,
                    "This system's id in version uids and audits (default kjerne.local; as kjerne serve's system_id)");
    cmd->add_option("--sync", args->sync, "SQLite synchronous setting: full (default), normal, off")
        ->check(CLI::IsMember({"full", "normal", "off"}));
    cmd->add_option("--batch", args->batch,
                    "Compositions per transaction (default 100; each keeps its own contribution and EHR)")
        ->check(CLI::Range(1, 100000));
    cmd->add_flag("--no-compress", args->no_compress, "Store payloads as plain JSON instead of zstd");
    cmd->add_flag("--no-validate", args->no_validate,
                  "Skip template validation (trusted bulk loads); only the store's own checks apply");
    // Validation is the default; the flag stays accepted so older scripts keep working.
    cmd->add_flag("--validate", args->validate, "Validate against the template (the default)");
    cmd->add_option("inputs", args->inputs, "Composition files or folders")->required();
    cmd->callback([args, &exit_code] { exit_code = RunImport(*args); });
}

}  // namespace kjerne::tools
