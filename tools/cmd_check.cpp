// tools/cmd_check.cpp
//
// `kjerne check --db FILE`: the store's integrity check (engine/store/store_check.hpp) —
// SQLite's integrity and foreign-key checks, version chains, uids, payloads and the
// containment index against the payloads. Prints one line per finding and a summary; exit 0
// when clean, 1 with findings, 2 when the file cannot be checked at all.
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/store/store_check.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {

void RegisterCheckCommand(CLI::App& app, int& exit_code) {
    auto db = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("check", "Verify a store file: chains, uids, payloads, index, SQLite integrity");
    cmd->add_option("--db", *db, "SQLite store file")->required();
    cmd->callback([db, &exit_code] {
        Result<store::CheckReport> report = store::CheckStore(*db);
        if (!report.ok()) {
            std::cerr << "check: " << report.error().ToString() << '\n';
            exit_code = 2;
            return;
        }
        for (const std::string& f : report->findings) std::cout << f << '\n';
        std::cout << *db << ": " << report->ehrs << " EHRs, " << report->versioned_objects
                  << " versioned objects, " << report->versions << " versions, " << report->index_rows
                  << " index rows: " << (report->clean() ? "clean" : std::to_string(report->findings.size()) + " findings")
                  << '\n';
        exit_code = report->clean() ? 0 : 1;
    });
}

}  // namespace kjerne::tools
