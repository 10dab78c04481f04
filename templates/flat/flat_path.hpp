// templates/flat/flat_path.hpp
//
// The two path syntaxes the FLAT converters translate between: a FLAT key
// (`report/vitals:0/pulse|magnitude`) and a web template node's aqlPath
// (`/content[openEHR-EHR-OBSERVATION.pulse.v2,'Pulse']/data[at0002]/events[at0003]`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kjerne::templates::flat {

struct FlatSegment {
    std::string id;
    std::optional<int> index;  // `:N`
};

struct FlatKey {
    std::vector<FlatSegment> segments;
    std::string attribute;  // after `|` on the last segment; empty = the node's own value
};

// nullopt when a segment is empty or an index is not a non-negative integer.
std::optional<FlatKey> ParseFlatKey(std::string_view key);

struct AqlStep {
    std::string attribute;
    std::string node_id;  // empty when the step has no predicate
    std::string name;     // the `,'Name'` of the predicate, if any
    size_t end = 0;       // offset just past this step in the path text (prefix = path[0, end))
};

std::vector<AqlStep> ParseAqlPath(std::string_view path);

}  // namespace kjerne::templates::flat
