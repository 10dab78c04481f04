// server/http/audit_header.cpp — see audit_header.hpp.
#include "server/http/audit_header.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <string>

#include <Poco/JSON/Object.h>

#include "server/http/responses.hpp"

namespace kjerne::server::http {

Result<store::AuditInput> ParseAuditDetails(std::string_view header) {
    std::map<std::string, std::string> values;
    size_t i = 0;
    auto skip_space = [&] {
        while (i < header.size() && (std::isspace(static_cast<unsigned char>(header[i])) || header[i] == ',')) ++i;
    };
    skip_space();
    while (i < header.size()) {
        size_t eq = header.find('=', i);
        if (eq == std::string_view::npos) {
            return Error::InvalidArgument("openEHR-AUDIT_DETAILS: expected key=\"value\" at offset " +
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
                return Error::InvalidArgument("openEHR-AUDIT_DETAILS: unterminated quoted value of '" +
                                              key + "'");
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
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
            i = end;
        }
        values[key] = value;
        skip_space();
    }

    store::AuditInput audit;
    if (auto it = values.find("description.value"); it != values.end()) audit.description = it->second;
    else if (auto d = values.find("description"); d != values.end()) audit.description = d->second;
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

}  // namespace kjerne::server::http
