// tools/commands.hpp
//
// The subcommands of the `kjerne` binary. Each lives in its own tools/cmd_<name>.cpp and
// registers itself on the CLI11 app; main.cpp only calls these. A subcommand's callback stores
// its process exit code in `exit_code` (CLI11 callbacks return nothing).
// Thread-safety: main thread only.
#pragma once

#include <CLI/CLI.hpp>

namespace kjerne::tools {

void RegisterConvertCommand(CLI::App& app, int& exit_code);  // kjerne convert
void RegisterServeCommand(CLI::App& app, int& exit_code);    // kjerne serve
void RegisterBenchCommand(CLI::App& app, int& exit_code);    // kjerne bench codec
void RegisterValidateCommand(CLI::App& app, int& exit_code); // kjerne validate
void RegisterExampleCommand(CLI::App& app, int& exit_code);  // kjerne example
void RegisterCheckCommand(CLI::App& app, int& exit_code);    // kjerne check (store integrity)
void RegisterImportCommand(CLI::App& app, int& exit_code);   // kjerne import
void RegisterLintCommand(CLI::App& app, int& exit_code);     // kjerne lint (ADL archetypes)
void RegisterQueryCommand(CLI::App& app, int& exit_code);    // kjerne query (AQL)
void RegisterWebTemplateCommand(CLI::App& app, int& exit_code);  // kjerne webtemplate
void RegisterAuditCommand(CLI::App& app, int& exit_code);    // kjerne audit verify

}  // namespace kjerne::tools
