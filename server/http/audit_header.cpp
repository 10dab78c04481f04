// server/http/audit_header.cpp — see audit_header.hpp.
#include "server/http/audit_header.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <string>

#include <Poco/JSON/Object.h>

#include "server/http/responses.hpp"

namespace kjerne::server::http {

namespace {

// `key="value", key2="value2"` -> map; `what` names the header in errors.
Result<std::map<std::string, std::string>> ParsePairs(std::string_view header,
                                                      const std::string& what) {
    std::map<std::string, std::string> values;
    size_t i = 0;
    auto skip_space = [&] {
        while (i < header.size() &&
               (std::isspace(static_cast<unsigned char>(header[i])) || header[i] == ','))
            ++i;
    };
    skip_space();
    while (i < header.size()) {
        size_t eq = header.find('=', i);
        if (eq == std::string_view::npos) {
            return Error::InvalidArgument(what + ": expected key=\"value\" at offset " +
                                          std::to_string(i));
        }
        std::string key(header.substr(i, eq - i));
        while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
        i = eq + 1;
        std::string value;
        if (i < header.size() && header[i] == '"') {
            size_t close = ++i;
            while (close < header.size() && header[close] != '"') {
                if (header[close] == '\\' && close + 1 < header.size()) ++close;
                ++close;
            }
            if (close >= header.size()) {
                return Error::InvalidArgument(what + ": unterminated quoted value of '" + key +
                                              "'");
            }
            for (size_t k = i; k < close; ++k) {
                if (header[k] == '\\' && k + 1 < close) ++k;
                value += header[k];
            }
            i = close + 1;
        } else {
            size_t end = header.find(',', i);
            if (end == std::string_view::npos) end = header.size();
            value = std::string(header.substr(i, end - i));
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
                value.pop_back();
            i = end;
        }
        values[key] = value;
        skip_space();
    }
    return values;
}

}  // namespace

Result<store::AuditInput> ParseAuditDetails(std::string_view header) {
    KJ_ASSIGN_OR_RETURN(auto values, ParsePairs(header, "openEHR-AUDIT_DETAILS"));
    store::AuditInput audit;
    if (auto it = values.find("description.value"); it != values.end())
        audit.description = it->second;
    else if (auto d = values.find("description"); d != values.end())
        audit.description = d->second;
    const auto name = values.find("committer.name");
    const auto ref_id = values.find("committer.external_ref.id");
    if (name != values.end() || ref_id != values.end()) {
        Poco::JSON::Object committer = OrderedObject();
        committer.set("_type", "PARTY_IDENTIFIED");
        if (ref_id != values.end()) {
            Poco::JSON::Object id = OrderedObject();
            id.set("_type", "GENERIC_ID");
            id.set("value", ref_id->second);
            id.set("scheme", "id_scheme");
            Poco::JSON::Object ref = OrderedObject();
            ref.set("_type", "PARTY_REF");
            ref.set("id", id);
            auto ns = values.find("committer.external_ref.namespace");
            ref.set("namespace", ns != values.end() ? ns->second : "local");
            auto type = values.find("committer.external_ref.type");
            ref.set("type", type != values.end() ? type->second : "PERSON");
            committer.set("external_ref", ref);
        }
        if (name != values.end()) committer.set("name", name->second);
        std::ostringstream out;
        committer.stringify(out);
        audit.committer_json = out.str();
    }
    return audit;
}

Result<store::AuditInput> AuditFromRequest(const RestRequest& request) {
    return ParseAuditDetails(request.Header("openEHR-AUDIT_DETAILS"));
}

Result<store::Lifecycle> ParseVersionHeader(std::string_view header) {
    KJ_ASSIGN_OR_RETURN(auto values, ParsePairs(header, "openEHR-VERSION"));
    std::string code;
    if (auto it = values.find("lifecycle_state.code_string"); it != values.end()) code = it->second;
    if (auto it = values.find("lifecycle_state.defining_code.code_string"); it != values.end()) {
        code = it->second;
    }
    if (auto it = values.find("lifecycle_state.value"); it != values.end() && code.empty()) {
        if (it->second == "complete")
            code = "532";
        else if (it->second == "incomplete")
            code = "553";
        else
            code = it->second;
    }
    if (code.empty() || code == "532") return store::Lifecycle::kComplete;
    if (code == "553") return store::Lifecycle::kIncomplete;
    return Error::InvalidArgument("openEHR-VERSION: lifecycle state '" + code +
                                  "' cannot be committed (532 complete or 553 incomplete)");
}

Result<store::Lifecycle> LifecycleFromRequest(const RestRequest& request) {
    return ParseVersionHeader(request.Header("openEHR-VERSION"));
}

}  // namespace kjerne::server::http
