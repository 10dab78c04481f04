// tests/archetypes/lint_support.cpp — see lint_support.hpp.
#include "tests/archetypes/lint_support.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/adl/odin_document.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "archetypes/validity/bmm_reference_model.hpp"
#include "archetypes/validity/repository_context.hpp"
#include "archetypes/validity/validator.hpp"
#include "engine/common/file.hpp"
#include "tests/support/corpus.hpp"

namespace kjerne::test {

namespace fs = std::filesystem;

LintResult LintFile(const fs::path& file) {
    LintResult r;
    auto parsed = archetypes::adl::ParseAdlFile(file);
    if (!parsed.ok()) {
        const auto& issues = parsed.error().issues();
        r.error_codes.push_back(issues.empty() ? std::string(archetypes::adl::kSyntaxCode) : issues[0].code);
        if (!issues.empty() && issues[0].pos)
            r.syntax_error = std::to_string(issues[0].pos->line) + ":" + std::to_string(issues[0].pos->col) + ": " +
                             issues[0].message;
        else
            r.syntax_error = parsed.error().ToString();
        return r;
    }
    r.parsed = true;
    if (!parsed->artefacts.empty()) r.archetype_id = parsed->artefacts[0]->archetype_id;
    for (const auto& a : parsed->artefacts)
        for (const auto& f : archetypes::validity::Validate(*a, file.string()))
            (f.severity == archetypes::validity::Severity::kError ? r.error_codes : r.warning_codes)
                .push_back(f.issue.code);
    return r;
}

const bmm::Schema* AdlTestReferenceModel() {
    static const std::unique_ptr<bmm::Schema> schema = []() -> std::unique_ptr<bmm::Schema> {
        fs::path file = CorpusDir() / "bmm/adl_test/Release-1.0.0/BMM/odin/openehr_adltest_1.0.2.bmm.odin";
        auto text = ReadFileBytes(file);
        if (!text.ok()) return nullptr;
        auto doc = archetypes::adl::ParseOdinDocument(*text, file.string());
        if (!doc.ok()) return nullptr;
        auto rm = archetypes::validity::ReferenceModelFromBmm(*doc);
        return rm.ok() ? std::move(*rm) : nullptr;
    }();
    return schema.get();
}

struct LintRepository::Impl {
    std::map<fs::path, Result<archetypes::adl::ParsedAdl>> parsed;
    archetypes::flattening::ArchetypeRepository repository;
};

LintRepository::LintRepository(const fs::path& root) : impl_(std::make_unique<Impl>()) {
    for (const auto& f : AdlFilesUnder(root)) {
        auto it = impl_->parsed.emplace(f, archetypes::adl::ParseAdlFile(f)).first;
        if (it->second.ok() && !it->second->artefacts.empty())
            impl_->repository.Add(*it->second->artefacts.front(), f.string());
    }
}

LintRepository::~LintRepository() = default;

LintResult LintRepository::Lint(const fs::path& file) {
    auto it = impl_->parsed.find(file);
    if (it == impl_->parsed.end() || !it->second.ok()) return LintFile(file);
    LintResult r;
    r.parsed = true;
    const auto& artefacts = it->second->artefacts;
    if (!artefacts.empty()) r.archetype_id = artefacts[0]->archetype_id;
    for (const auto& a : artefacts) {
        // the same context as `kjerne lint` (tools/cmd_lint.cpp) builds
        auto context = archetypes::validity::ContextIn(impl_->repository, *a, file.string());
        // the ADL 2 test suite's TEST_PKG archetypes are of the adltest reference model
        if (const bmm::Schema* rm = AdlTestReferenceModel()) context.reference_models["openehr-test_pkg"] = rm;
        for (const auto& f : archetypes::validity::Validate(*a, file.string(), context))
            (f.severity == archetypes::validity::Severity::kError ? r.error_codes : r.warning_codes).push_back(f.issue.code);
    }
    return r;
}

std::vector<fs::path> AdlFilesUnder(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::string ext = e.path().extension().string();
        if (ext == ".adl" || ext == ".adls" || ext == ".adlt" || ext == ".adl2") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

fs::path ArchetypeCorpus() { return CorpusDir() / "archetypes"; }

std::set<std::pair<std::string, std::string>> KnownFindings() {
    std::set<std::pair<std::string, std::string>> out;
    std::ifstream in(SourceDir() / "tests/archetypes/KNOWN_FINDINGS.md");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line.substr(1));
        std::string cell;
        while (std::getline(ss, cell, '|')) {
            size_t b = cell.find_first_not_of(" `"), e = cell.find_last_not_of(" `");
            cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
        }
        if (cells.size() >= 2 && cells[0] != "File") out.emplace(cells[0], cells[1]);
    }
    return out;
}

}  // namespace kjerne::test
