// tools/main.cpp
//
// Entry point of the `kjerne` binary: builds the CLI11 app, lets each subcommand register
// itself (tools/cmd_*.cpp) and returns the exit code the chosen subcommand left behind.
#include <CLI/CLI.hpp>

#include "tools/commands.hpp"

#ifndef KJERNE_VERSION
#define KJERNE_VERSION "unknown"
#endif

int main(int argc, char** argv) {
    CLI::App app{"Kjerne: an openEHR clinical data repository.", "kjerne"};
    app.set_version_flag("--version", "kjerne " KJERNE_VERSION);
    app.require_subcommand(1);

    int exit_code = 0;
    kjerne::tools::RegisterConvertCommand(app, exit_code);
    kjerne::tools::RegisterServeCommand(app, exit_code);
    kjerne::tools::RegisterBenchCommand(app, exit_code);
    kjerne::tools::RegisterValidateCommand(app, exit_code);
    kjerne::tools::RegisterExampleCommand(app, exit_code);
    kjerne::tools::RegisterCheckCommand(app, exit_code);
    kjerne::tools::RegisterImportCommand(app, exit_code);
    kjerne::tools::RegisterLintCommand(app, exit_code);
    kjerne::tools::RegisterQueryCommand(app, exit_code);
    kjerne::tools::RegisterWebTemplateCommand(app, exit_code);
    kjerne::tools::RegisterAuditCommand(app, exit_code);

    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
