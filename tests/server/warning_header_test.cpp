// tests/server/warning_header_test.cpp
//
// Warning header values of upload findings (server/http/warning_header.hpp): each names code,
// line:col, path and message in a header-safe quoted-string, and a long list is cut at the byte
// budget with a count of what was left out.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "server/http/warning_header.hpp"

using kjerne::Issue;
using kjerne::SourcePos;
using kjerne::server::http::WarningValues;

namespace {

Issue Finding(uint32_t line, uint32_t col, std::string message) {
    Issue i;
    i.code = "OPT_XSD";
    i.archetype_path = "/content[openEHR-EHR-OBSERVATION.x.v1]";
    i.pos = SourcePos{"template", line, col};
    i.message = std::move(message);
    return i;
}

}  // namespace

TEST_CASE("a finding is one RFC 7234 warning: 299, agent, quoted code line:col path: message",
          "[server][warning]") {
    auto values = WarningValues({Finding(416, 38, "element 'value' expected")});
    REQUIRE(values.size() == 1);
    CHECK(values[0] ==
          "299 kjerne \"OPT_XSD 416:38 /content[openEHR-EHR-OBSERVATION.x.v1]: element 'value' "
          "expected\"");
    CHECK(WarningValues({}).empty());
}

TEST_CASE("warning text cannot break the header: quotes escaped, controls and non-ASCII replaced",
          "[server][warning]") {
    auto values = WarningValues({Finding(1, 2, "a \"q\" \\ b\r\nInjected: x\xC3\xA6")});
    REQUIRE(values.size() == 1);
    CHECK(values[0].find('\r') == std::string::npos);
    CHECK(values[0].find('\n') == std::string::npos);
    CHECK_THAT(values[0], Catch::EndsWith("a \\\"q\\\" \\\\ b  Injected: x??\""));
}

TEST_CASE("findings beyond the byte budget are counted in a last OPT_WARNINGS_TRUNCATED value",
          "[server][warning]") {
    std::vector<Issue> many;
    for (uint32_t i = 1; i <= 50; ++i) many.push_back(Finding(i, 7, std::string(100, 'm')));
    auto values = WarningValues(many, 1000);
    REQUIRE(values.size() >= 2);
    REQUIRE(values.size() < 50);
    size_t bytes = 0;
    for (const std::string& v : values) bytes += v.size();
    CHECK(bytes <= 1000);
    const size_t listed = values.size() - 1;
    CHECK_THAT(values.back(), Catch::Contains("OPT_WARNINGS_TRUNCATED: " + std::to_string(50 - listed) +
                                              " more findings not listed"));
    CHECK_THAT(values[listed - 1], Catch::Contains("OPT_XSD " + std::to_string(listed) + ":7 "));

    // Everything fits: no summary.
    auto all = WarningValues(many, 1 << 20);
    CHECK(all.size() == 50);
    CHECK(all.back().find("TRUNCATED") == std::string::npos);
}
