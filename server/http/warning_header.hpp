// server/http/warning_header.hpp
//
// Owns how load warnings (Issues that did not stop a write, e.g. the OPT 1.4 schema findings of
// a template upload) travel in a response without changing its status or body: one
// RFC 7234 §5.5 `Warning` header field per finding,
//     Warning: 299 kjerne "OPT_XSD 416:38 /content[openEHR-...]: cvc-complex-type.2.4.b: ..."
// warn-code 299 (Miscellaneous Persistent Warning: text for a human or a log), warn-agent the
// pseudonym `kjerne`, warn-text "CODE LINE:COL PATH: MESSAGE" (parts the issue lacks are left
// out). Clients that do not know Warning ignore it, so the REST contract stays as it was.
// The text is a quoted-string of printable ASCII: `"` and `\` are escaped, control characters
// and non-ASCII bytes become '?'/' ' — a header never carries a raw line break from an upload.
// The fields together stay under kWarningBudgetBytes, because reverse proxies refuse a response
// whose header block outgrows one buffer (nginx's proxy_buffer_size is one memory page by
// default); findings beyond it are counted in a last OPT_WARNINGS_TRUNCATED field.
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerResponse.h>

#include "engine/common/error.hpp"

namespace kjerne::server::http {

inline constexpr size_t kWarningBudgetBytes = 3072;

// The Warning field values for `issues`, in order, within `budget_bytes` (summed value lengths).
std::vector<std::string> WarningValues(const std::vector<Issue>& issues,
                                       size_t budget_bytes = kWarningBudgetBytes);

// Adds WarningValues(issues) to `response` (nothing when `issues` is empty). Call before the
// body is sent.
void AddWarnings(Poco::Net::HTTPServerResponse& response, const std::vector<Issue>& issues);

}  // namespace kjerne::server::http
