// tools/cmd_webtemplate.cpp
//
// `kjerne webtemplate FILE.opt [--unfiltered]`: loads an operational template and writes its
// web template JSON (templates/webtemplate/web_template.hpp) to stdout — the format EHRbase
// serves for `Accept: application/openehr.wt+json`. Exits 1 when the template does not load.
// The template's load warnings (e.g. OPT 1.4 schema findings, OPT_XSD) go to stderr.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "templates/webtemplate/web_template.hpp"
#include "tools/commands.hpp"
#include "tools/template_source.hpp"

namespace kjerne::tools {
namespace {

struct WebTemplateArgs {
    std::string file;
    std::string archetypes_dir;
    bool unfiltered = false;
};

int RunWebTemplate(const WebTemplateArgs& args) {
    auto tpl = LoadTemplateSource(args.file, args.archetypes_dir);
    if (!tpl.ok()) {
        std::cerr << tpl.error().ToString() << '\n';
        return 1;
    }
    for (const Issue& w : (*tpl)->warnings) std::cerr << "warning: " << w.ToString() << '\n';
    templates::webtemplate::WebTemplateOptions opts;
    opts.unfiltered = args.unfiltered;
    auto wt = templates::webtemplate::GenerateWebTemplate(**tpl, opts);
    if (!wt.ok()) {
        std::cerr << wt.error().ToString() << '\n';
        return 1;
    }
    std::cout << templates::webtemplate::WebTemplateToJson(*wt);
    return std::cout ? 0 : 1;
}

}  // namespace

void RegisterWebTemplateCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<WebTemplateArgs>();
    CLI::App* cmd =
        app.add_subcommand("webtemplate", "Print the web template JSON of an operational template");
    cmd->add_option("FILE", args->file, "Operational template (.opt), or ADL 2 template with --archetypes")->required();
    cmd->add_option("--archetypes", args->archetypes_dir, kArchetypesHelp);
    cmd->add_flag("--unfiltered", args->unfiltered,
                  "Keep structural nodes (HISTORY, ITEM_TREE, ELEMENT, ...)");
    cmd->callback([args, &exit_code] { exit_code = RunWebTemplate(*args); });
}

}  // namespace kjerne::tools
