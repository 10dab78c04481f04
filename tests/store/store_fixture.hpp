// tests/store/store_fixture.hpp
//
// Shared by the store suites: a fresh store file per test, corpus compositions and their OPTs
// (from ../shared/corpus/compositions/MANIFEST.tsv), registered on demand.
// Thread-safety: test code, main thread unless a test says otherwise.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/rm/document.hpp"
#include "engine/store/store.hpp"
#include "tests/server/temp_db_path.hpp"

namespace kjerne::test {

struct CorpusComposition {
    std::string file;          // relative to compositions/
    std::string template_id;
    std::string opt;           // relative to the corpus root
};

// The canonical JSON and XML compositions of the manifest whose OPT is in the corpus and that
// are neither marked (note column) nor named *invalid*: the ones a store must accept.
std::vector<CorpusComposition> StorableCorpusCompositions();

std::string ReadFile(const std::filesystem::path& p);
rm::Document LoadComposition(const CorpusComposition& c);  // REQUIREs it reads

// Opens a store on `db` (synchronous NORMAL: the tests do not need power-loss durability).
std::unique_ptr<store::Store> OpenTestStore(const TempDbPath& db, bool compress = true);

// Registers the OPT of `c`; REQUIREs success.
void RegisterTemplate(store::Store& s, const CorpusComposition& c);

// The corpus minimal observation and its template (small: the loops use it).
CorpusComposition MinimalObservation();

// The corpus International Patient Summary (a blood pressure among many archetypes: the leaf
// index tests use it) and its template.
CorpusComposition IpsComposition();

// Runs `sql` on the file directly, behind the store's back (damage, old schemas); REQUIREs it
// succeeds.
void ExecBehindStore(const TempDbPath& db, const std::string& sql);

}  // namespace kjerne::test
