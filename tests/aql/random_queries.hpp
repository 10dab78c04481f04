// tests/aql/random_queries.hpp
//
// Randomly generated AQL for the differential tests, built from what the data really holds:
// the archetype ids with their RM types and containers, the paths below each archetype root
// (at-coded node predicates included) with values found there, and the EHR ids. Shapes: CONTAINS
// chains (nested archetypes, AND, OR, NOT CONTAINS, `.v*` patterns, classes without an
// archetype), `$parameter` archetypes, WHERE comparisons on found values (AND / OR / NOT /
// EXISTS), single-EHR filters, aggregates, ORDER BY, LIMIT / OFFSET. Deterministic for a seed
// (the generator's own arithmetic on std::mt19937, whose sequence the standard fixes).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aql/exec/data_source.hpp"
#include "aql/exec/scalar.hpp"

namespace kjerne::test {

struct ArchetypeVocabulary {
    std::string rm_type;
    std::set<std::string> containers;                      // archetypes of enclosing roots
    std::map<std::string, std::vector<std::string>> leaves; // "/data[at0001]/.../magnitude" -> AQL literals
    std::set<std::string> objects;                          // paths to data value objects
};

struct QueryVocabulary {
    std::map<std::string, ArchetypeVocabulary> archetypes;  // by archetype id
    std::vector<std::string> ehr_ids;
};

QueryVocabulary HarvestVocabulary(const aql::DataSource& data);

struct GeneratedQuery {
    std::string text;
    aql::QueryParameters params;
};

std::vector<GeneratedQuery> GenerateQueries(const QueryVocabulary& vocabulary, uint32_t seed, size_t count);

}  // namespace kjerne::test
