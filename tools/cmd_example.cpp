// tools/cmd_example.cpp
//
// `kjerne example FILE.opt [--minimal|--full|--random SEED] [--to json|xml] [--compact]`:
// loads an operational template and writes one generated composition that validates against
// it (templates/example/example_generator.hpp) to stdout, canonical JSON by default.
// Exits 1 when the template does not load or the example cannot be built.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/codec/codec.hpp"
#include "templates/example/example_generator.hpp"
#include "tools/commands.hpp"
#include "tools/template_source.hpp"

namespace kjerne::tools {
namespace {

struct ExampleArgs {
    std::string file;
    std::string archetypes_dir;
    bool minimal = false, full = false;
    int64_t seed = -1;
    std::string to = "json";
    bool compact = false;
};

int RunExample(const ExampleArgs& args) {
    auto tpl = LoadTemplateSource(args.file, args.archetypes_dir);
    if (!tpl.ok()) {
        std::cerr << tpl.error().ToString() << '\n';
        return 1;
    }
    templates::ExampleOptions opts;
    if (args.seed >= 0) {
        opts.mode = templates::ExampleMode::kRandom;
        opts.seed = static_cast<uint64_t>(args.seed);
    } else if (args.full) {
        opts.mode = templates::ExampleMode::kFull;
    }
    auto doc = templates::GenerateExample(**tpl, opts);
    if (!doc.ok()) {
        std::cerr << doc.error().ToString() << '\n';
        return 1;
    }
    codec::WriteOptions wo;
    wo.pretty = !args.compact;
    std::string out = codec::Write(*doc, args.to == "xml" ? codec::Format::kXml : codec::Format::kJson, wo);
    if (out.empty() || out.back() != '\n') out.push_back('\n');
    std::cout << out;
    return std::cout ? 0 : 1;
}

}  // namespace

void RegisterExampleCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ExampleArgs>();
    CLI::App* cmd = app.add_subcommand("example", "Generate a composition that conforms to an operational template");
    cmd->add_option("FILE", args->file, "Operational template (.opt), or ADL 2 template with --archetypes")->required();
    cmd->add_option("--archetypes", args->archetypes_dir, kArchetypesHelp);
    auto* minimal = cmd->add_flag("--minimal", args->minimal, "Only what the template and the RM require (default)");
    auto* full = cmd->add_flag("--full", args->full, "Every constrained attribute and alternative");
    auto* random = cmd->add_option("--random", args->seed, "Random choices and values from this seed");
    minimal->excludes(full)->excludes(random);
    full->excludes(random);
    cmd->add_option("--to", args->to, "Output format")->check(CLI::IsMember({"json", "xml"}));
    cmd->add_flag("--compact", args->compact, "Write without indentation");
    cmd->callback([args, &exit_code] { exit_code = RunExample(*args); });
}

}  // namespace kjerne::tools
