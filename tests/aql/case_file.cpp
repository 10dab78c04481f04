// tests/aql/case_file.cpp — see case_file.hpp.
#include "tests/aql/case_file.hpp"

#include <sstream>
#include <stdexcept>

#include <simdjson.h>

#include "tests/codec/corpus_files.hpp"

namespace kjerne::test {

std::vector<AqlCase> ReadAqlCases(const std::filesystem::path& path, std::string& dataset) {
    std::istringstream in(ReadFile(path));
    std::vector<AqlCase> cases;
    std::string line;
    size_t n = 0;
    aql::QueryParameters params;
    while (std::getline(in, line)) {
        ++n;
        if (line.rfind("# dataset:", 0) == 0) {
            dataset = line.substr(10);
            dataset.erase(0, dataset.find_first_not_of(' '));
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("param ", 0) == 0) {
            size_t sp = line.find(' ', 6);
            params[line.substr(6, sp - 6)] = [&] {
                std::string text = line.substr(sp + 1);
                std::optional<aql::Scalar> v = ParamFromJson(text);
                if (!v) throw std::runtime_error("param value is not JSON: " + text);
                return *std::move(v);
            }();
            continue;
        }
        if (line.rfind("query", 0) != 0) throw std::runtime_error(path.string() + ":" + std::to_string(n) + ": expected 'query'");
        AqlCase c;
        c.file = path.filename().string();
        c.line = n;
        c.rowsort = line.find("rowsort") != std::string::npos;
        c.params = std::move(params);
        params.clear();
        bool in_rows = false;
        while (std::getline(in, line)) {
            ++n;
            if (!in_rows) {
                if (line == "----") { in_rows = true; continue; }
                if (line.rfind("error ", 0) == 0) { c.error_code = line.substr(6); break; }
                c.query += (c.query.empty() ? "" : "\n") + line;
            } else {
                if (line.empty()) break;
                c.expected.push_back(line);
            }
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

std::optional<aql::Scalar> ParamFromJson(const std::string& text) {
    simdjson::dom::parser p;
    simdjson::dom::element e;
    if (p.parse(text).get(e)) return std::nullopt;
    switch (e.type()) {
        case simdjson::dom::element_type::STRING: return aql::Scalar::String(std::string(std::string_view(e)));
        case simdjson::dom::element_type::INT64: return aql::Scalar::Int(int64_t(e));
        case simdjson::dom::element_type::DOUBLE: return aql::Scalar::Real(double(e));
        case simdjson::dom::element_type::BOOL: return aql::Scalar::Bool(bool(e));
        default: return aql::Scalar::Null();
    }
}

}  // namespace kjerne::test
