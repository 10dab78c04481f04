// tests/archetypes/lint_support.hpp
//
// Test helpers: lint one ADL file the way `kjerne lint` does (parse, then the validity rules
// on every artefact), list ADL files under a folder, and read tests/archetypes/KNOWN_FINDINGS.md
// (rows `| path | CODE | reason |`, path relative to ../shared/corpus/archetypes); LintRepository
// lints files with their specialisation parents at hand.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/bmm/rm_schema.hpp"

namespace kjerne::test {

struct LintResult {
    bool parsed = false;
    std::string syntax_error;                 // "line:col: message" when not parsed
    std::vector<std::string> error_codes;     // codes of error findings (the syntax code, ADL_SYNTAX / SCAS / …, when unparsable)
    std::vector<std::string> warning_codes;
    std::string archetype_id;                 // of the main artefact, when parsed
};

LintResult LintFile(const std::filesystem::path& file);

// Every ADL file under a folder parsed once and put in one archetype repository, as
// `kjerne lint FOLDER` does: a specialised archetype is then flattened against its parent among
// them and checked by the specialisation rules too (VASID when an ADL 2 parent is missing).
class LintRepository {
public:
    explicit LintRepository(const std::filesystem::path& root);
    ~LintRepository();
    // `file` must be under the root; a file outside it is linted alone (LintFile).
    LintResult Lint(const std::filesystem::path& file);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
std::vector<std::filesystem::path> AdlFilesUnder(const std::filesystem::path& dir);
// The ADL 2 test suite's reference model (corpus bmm/adl_test: the TEST_PKG classes over openEHR
// data types), read once; LintRepository checks openEHR-TEST_PKG archetypes against it. nullptr
// when it cannot be read.
const bmm::Schema* AdlTestReferenceModel();
// (relative path, code) pairs listed in KNOWN_FINDINGS.md.
std::set<std::pair<std::string, std::string>> KnownFindings();
std::filesystem::path ArchetypeCorpus();

}  // namespace kjerne::test
