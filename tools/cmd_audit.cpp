// tools/cmd_audit.cpp
//
// `kjerne audit verify FILE`: walks the hash chain of an access audit log written by
// `kjerne serve` (server/audit/audit_log.hpp; by default the database file + ".audit"). Prints
// `N events, chain intact` and exits 0, or names the first broken event and exits 1; 2 when the
// file cannot be read.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "server/audit/audit_log.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {
namespace {

int RunVerify(const std::string& file) {
    auto report = server::audit::VerifyAuditLog(file);
    if (!report.ok()) {
        std::cerr << "audit verify: " << report.error().ToString() << '\n';
        return 2;
    }
    if (report->first_bad_seq != 0) {
        std::cout << file << ": event " << report->first_bad_seq << ": " << report->problem << '\n';
        std::cout << report->events << " events read, chain broken at event " << report->first_bad_seq << '\n';
        return 1;
    }
    std::cout << report->events << " events, chain intact\n";
    return 0;
}

}  // namespace

void RegisterAuditCommand(CLI::App& app, int& exit_code) {
    CLI::App* cmd = app.add_subcommand("audit", "Work with the access audit log of `kjerne serve`");
    cmd->require_subcommand(1);
    auto file = std::make_shared<std::string>();
    CLI::App* verify = cmd->add_subcommand("verify", "Check the audit log's hash chain (exit 0 intact, 1 broken)");
    verify->add_option("file", *file, "Audit log file (default of kjerne serve: DB + \".audit\")")->required();
    verify->callback([file, &exit_code] { exit_code = RunVerify(*file); });
}

}  // namespace kjerne::tools
