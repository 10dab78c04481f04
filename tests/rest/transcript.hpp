// tests/rest/transcript.hpp
//
// The REST test suite as data: a transcript file (tests/rest/*.http) is a sequence of
// exchanges, each a request and what its response must satisfy (tests/rest/README.md):
//
//   @option max_body_bytes 4096            (file-level server options, before the first ###)
//   ### title of the exchange
//   POST {{base}}/ehr/{{ehr_id}}/composition
//   Content-Type: application/json
//   Prefer: return=representation
//                                           (blank line ends the headers)
//   @corpus:compositions/canonical_json/minimal_evaluation.json    (or literal body lines)
//   HTTP 201
//   header ETag exists
//   json $.uid.value exists
//   capture vuid = header ETag
//
// Variables {{name}} are replaced in the request line, headers and literal bodies; {{base}} is
// /rest/openehr/v1 and {{ehrbase}} the EHRbase alias, the rest come from `capture` lines.
// Thread-safety: plain values and functions; one Runner per test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kjerne::test::rest {

struct Expectation {
    int line = 0;      // in the transcript
    std::string text;  // the assertion line, e.g. "json $.ehr_id.value exists"
};

struct Exchange {
    int line = 0;  // of the ### line
    std::string title;
    std::string method;
    std::string target;  // path and query, with {{vars}}
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;         // literal body (may contain {{vars}})
    std::string corpus_file;  // @corpus:<path>, relative to the corpus root
    int expected_status = 0;
    std::vector<Expectation> expectations;  // headers, json, body and capture lines
};

struct Transcript {
    std::filesystem::path file;
    std::map<std::string, std::string> options;  // @option name value
    std::vector<Exchange> exchanges;
};

// Parses a transcript; throws std::runtime_error("file:line: ...") on a malformed file.
Transcript ParseTranscript(const std::filesystem::path& file);

struct Response {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased; repeats joined by ", "
    std::string body;
};

// Sends one request to 127.0.0.1:port and reads the whole response.
Response Send(uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::pair<std::string, std::string>>& headers,
              const std::string& body);

// Replaces {{name}} by vars[name]; throws on an unknown variable.
std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars);

// Checks one expectation against a response; "" when it holds, else why not. `capture` lines
// store into `vars`.
std::string Check(const std::string& expectation, const Response& response,
                  std::map<std::string, std::string>& vars);

}  // namespace kjerne::test::rest
