// tools/cmd_validate.cpp
//
// `kjerne validate --template FILE.opt COMPOSITION...`: loads the operational template once,
// reads each canonical JSON/XML document and validates it against the template and the RM
// (templates/validation/validator.hpp). Prints one line per finding,
//     file: rm_path: CODE: message
// and exits 1 when any document has a finding or cannot be read (2 when the template itself
// does not load), 0 when every document is valid. `--quiet` prints only the summary line.
// The template's load warnings (OPT 1.4 schema findings OPT_XSD, OPT_LEGACY_ATTRIBUTE, ...;
// templates/opt/opt_loader.hpp) go to stderr, one "warning: file:line:col: ..." line each, so
// stdout stays the findings of the documents. `--opt-schema strict` rejects an OPT with schema
// findings (exit 2, each finding listed under "template rejected"); `--opt-schema off` skips
// the schema check.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/codec/codec.hpp"
#include "templates/validation/validator.hpp"
#include "tools/commands.hpp"
#include "tools/template_source.hpp"

namespace kjerne::tools {
namespace {

struct ValidateArgs {
    std::string template_file;
    std::string archetypes_dir;
    std::vector<std::string> files;
    bool quiet = false;
    std::string opt_schema = "warn";
};

int RunValidate(const ValidateArgs& args) {
    Result<templates::XsdCheck> xsd = templates::ParseXsdCheck(args.opt_schema);
    if (!xsd.ok()) {  // the option's IsMember check stops this first; kept for other callers
        std::cerr << "kjerne validate: " << xsd.error().ToString() << '\n';
        return 2;
    }
    auto tpl = LoadTemplateSource(args.template_file, args.archetypes_dir, *xsd);
    if (!tpl.ok()) {
        std::cout << args.template_file << ": template rejected\n";
        for (const Issue& i : tpl.error().issues()) std::cout << "  " << i.ToString() << '\n';
        if (tpl.error().issues().empty()) std::cout << "  " << tpl.error().ToString() << '\n';
        return 2;
    }
    for (const Issue& w : (*tpl)->warnings) std::cerr << "warning: " << w.ToString() << '\n';
    size_t invalid = 0;
    for (const std::string& file : args.files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cout << file << ": cannot open\n";
            ++invalid;
            continue;
        }
        std::ostringstream buf;
        buf << in.rdbuf();
        codec::ReadOptions ro;
        ro.source_name = file;
        auto doc = codec::Read(buf.str(), ro);
        if (!doc.ok()) {  // not readable RM: reported in the same form, position in the message
            ++invalid;
            if (doc.error().issues().empty()) {
                std::cout << file << ": /: READ: " << doc.error().ToString() << '\n';
                continue;
            }
            for (const Issue& i : doc.error().issues()) {
                std::cout << file << ": " << (i.rm_path.empty() ? "/" : i.rm_path) << ": " << i.code << ": "
                          << i.message;
                if (i.pos && i.pos->line) std::cout << " (line " << i.pos->line << ":" << i.pos->col << ")";
                std::cout << '\n';
            }
            continue;
        }
        std::vector<Issue> issues = templates::Validate(**tpl, *doc->root());
        if (!issues.empty()) ++invalid;
        if (!args.quiet) {
            for (const Issue& i : issues) {
                std::cout << file << ": " << i.rm_path << ": " << i.code << ": " << i.message;
                if (!i.archetype_path.empty()) std::cout << " [" << i.archetype_path << "]";
                std::cout << '\n';
            }
        }
    }
    if (args.files.size() > 1 || args.quiet) {
        std::cout << (args.files.size() - invalid) << "/" << args.files.size() << " valid\n";
    }
    return invalid ? 1 : 0;
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ValidateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "validate", "Validate canonical JSON/XML compositions against an operational template (OPT 1.4)");
    cmd->add_option("--template,-t", args->template_file, "Operational template (.opt), or ADL 2 template with --archetypes")->required();
    cmd->add_option("--archetypes", args->archetypes_dir, kArchetypesHelp);
    cmd->add_option("COMPOSITION", args->files, "Canonical JSON or XML documents")->required();
    cmd->add_flag("--quiet,-q", args->quiet, "Print only the summary line");
    cmd->add_option("--opt-schema", args->opt_schema, kOptSchemaHelp)
        ->check(CLI::IsMember({"warn", "strict", "off"}));
    cmd->callback([args, &exit_code] { exit_code = RunValidate(*args); });
}

}  // namespace kjerne::tools
