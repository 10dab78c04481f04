// tools/cmd_lint.cpp
//
// `kjerne lint PATH… [--format text|json]`: parses every ADL file (.adl .adls .adlt .adl2)
// given or found under the given folders (recursively, in sorted order) and runs the
// archetype validity rules. Prints each finding as `file:line:col: error|warning CODE: message`
// and ends with `N files, P unparsable, E errors, W warnings`; a file that cannot be parsed is
// unparsable and its syntax error counts as an error. Exit 1 when any error, 2 on bad usage.
// All files are parsed first and form one archetype repository, so a specialised archetype is
// flattened against its parent among them and checked by the specialisation (phase-3) rules;
// a parent named by `specialise` in an ADL 2 file (.adls …) but not among them is reported (VASID).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "archetypes/validity/repository_context.hpp"
#include "archetypes/validity/validator.hpp"
#include "engine/common/json_string.hpp"
#include "tools/commands.hpp"

namespace kjerne::tools {

namespace {

namespace fs = std::filesystem;

bool IsAdlFile(const fs::path& p) {
    std::string ext = p.extension().string();
    return ext == ".adl" || ext == ".adls" || ext == ".adlt" || ext == ".adl2";
}

std::string JsonEscape(std::string_view s) {
    std::string out;
    AppendJsonEscaped(out, s);
    return out;
}

struct LintOptions {
    std::vector<std::string> paths;
    std::string format = "text";
};

int RunLint(const LintOptions& opt) {
    std::vector<fs::path> files;
    for (const auto& p : opt.paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec))
                if (it->is_regular_file(ec) && IsAdlFile(it->path())) files.push_back(it->path());
        } else if (fs::exists(p, ec)) {
            files.emplace_back(p);
        } else {
            std::cerr << "lint: no such file or folder: " << p << '\n';
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    size_t unparsable = 0, errors = 0, warnings = 0;
    bool json = opt.format == "json";
    bool first = true;
    if (json) std::cout << "{\"findings\":[";
    auto emit = [&](const std::string& file, bool is_error, const Issue& issue) {
        uint32_t line = issue.pos ? issue.pos->line : 0, col = issue.pos ? issue.pos->col : 0;
        if (json) {
            std::cout << (first ? "" : ",") << "\n{\"file\":\"" << JsonEscape(file) << "\",\"line\":" << line
                      << ",\"col\":" << col << ",\"severity\":\"" << (is_error ? "error" : "warning")
                      << "\",\"code\":\"" << JsonEscape(issue.code) << "\",\"path\":\""
                      << JsonEscape(issue.archetype_path) << "\",\"message\":\"" << JsonEscape(issue.message)
                      << "\"}";
            first = false;
        } else {
            std::cout << file << ':' << line << ':' << col << ": " << (is_error ? "error" : "warning") << ' '
                      << issue.code << ": " << issue.message;
            if (!issue.archetype_path.empty()) std::cout << " (" << issue.archetype_path << ')';
            std::cout << '\n';
        }
    };
    std::vector<Result<archetypes::adl::ParsedAdl>> parsed_files;
    parsed_files.reserve(files.size());
    archetypes::flattening::ArchetypeRepository repository;
    for (const auto& f : files) {
        parsed_files.push_back(archetypes::adl::ParseAdlFile(f));
        if (parsed_files.back().ok() && !parsed_files.back()->artefacts.empty())
            repository.Add(*parsed_files.back()->artefacts.front(), f.string());
    }
    for (size_t i = 0; i < files.size(); ++i) {
        std::string name = files[i].string();
        auto& parsed = parsed_files[i];
        if (!parsed.ok()) {
            ++unparsable;
            ++errors;
            Issue issue;
            if (!parsed.error().issues().empty()) issue = parsed.error().issues().front();
            else { issue.code = archetypes::adl::kSyntaxCode; issue.message = parsed.error().ToString(); }
            emit(name, true, issue);
            continue;
        }
        for (const auto& a : parsed->artefacts) {
            auto context = archetypes::validity::ContextIn(repository, *a, name);
            for (const auto& finding : archetypes::validity::Validate(*a, name, context)) {
                bool is_error = finding.severity == archetypes::validity::Severity::kError;
                (is_error ? errors : warnings)++;
                emit(name, is_error, finding.issue);
            }
        }
    }
    if (json) {
        std::cout << "\n],\"files\":" << files.size() << ",\"unparsable\":" << unparsable << ",\"errors\":" << errors
                  << ",\"warnings\":" << warnings << "}\n";
    } else {
        std::cout << files.size() << " files, " << unparsable << " unparsable, " << errors << " errors, " << warnings
                  << " warnings\n";
    }
    return errors > 0 ? 1 : 0;
}

}  // namespace

void RegisterLintCommand(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<LintOptions>();
    CLI::App* cmd = app.add_subcommand("lint", "Parse and check ADL 1.4 / ADL 2 archetypes (files or folders)");
    cmd->add_option("paths", opt->paths, "ADL files or folders (recursive)")->required();
    cmd->add_option("--format", opt->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([opt, &exit_code] { exit_code = RunLint(*opt); });
}

}  // namespace kjerne::tools
