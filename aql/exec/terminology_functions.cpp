// aql/exec/terminology_functions.cpp
#include "aql/exec/terminology_functions.hpp"

#include <map>

#include "templates/validation/openehr_terminology.hpp"

namespace kjerne::aql {
namespace {

namespace term = templates::validation;

Error Fail(const char* code, ErrorCode ec, const std::string& message) {
    Issue issue;
    issue.code = code;
    issue.message = message;
    return Error(ec, issue.ToString(), {issue});
}

Error Unavailable(std::string_view what) {
    return Fail("AQL_TERMINOLOGY_UNAVAILABLE", ErrorCode::kUnsupported,
                "no terminology server is configured for " + std::string(what) +
                    "; only the openEHR terminology is built in");
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// %XX escapes and '+' decoded (RFC 3986 query text as URIs and FHIR parameters carry it).
std::string Decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

// "http://x?a=1&b=2" or "a=1&b=2": the part before '?' (when there is one and it is not a
// key=value pair) as "url", then the key=value pairs, keys lower case.
std::map<std::string, std::string> Params(std::string_view text) {
    std::map<std::string, std::string> out;
    size_t q = text.find('?');
    std::string_view query = text;
    if (q != std::string_view::npos && text.substr(0, q).find('=') == std::string_view::npos) {
        out["url"] = Decode(text.substr(0, q));
        query = text.substr(q + 1);
    } else if (text.find('=') == std::string_view::npos) {
        out["url"] = Decode(text);
        return out;
    }
    size_t pos = 0;
    while (pos <= query.size()) {
        size_t amp = query.find('&', pos);
        if (amp == std::string_view::npos) amp = query.size();
        std::string_view pair = query.substr(pos, amp - pos);
        size_t eq = pair.find('=');
        if (!pair.empty()) {
            if (eq == std::string_view::npos) out[Lower(Decode(pair))] = "";
            else out[Lower(Decode(pair.substr(0, eq)))] = Decode(pair.substr(eq + 1));
        }
        pos = amp + 1;
    }
    return out;
}

bool NamesOpenEhr(std::string_view s) {
    std::string l = Lower(s);
    return l == "openehr" || l.find("openehr.org") != std::string::npos;
}

// The group as the terminology spells it, matched without case and with '_' for ' '.
Result<std::string_view> Group(const std::string& name) {
    auto norm = [](std::string_view s) {
        std::string out = Lower(s);
        for (auto& c : out)
            if (c == '_') c = ' ';
        return out;
    };
    std::string want = norm(name);
    for (std::string_view g : term::OpenEhrGroups())
        if (norm(g) == want) return g;
    return Fail("AQL_TERMINOLOGY", ErrorCode::kInvalidArgument, "the openEHR terminology has no group '" + name + "'");
}

Result<std::string> Need(const std::map<std::string, std::string>& p, const char* key, std::string_view operation) {
    auto it = p.find(key);
    if (it == p.end() || it->second.empty())
        return Fail("AQL_TERMINOLOGY", ErrorCode::kInvalidArgument,
                    std::string(operation) + " needs " + key + "=... in its parameters");
    return it->second;
}

Result<TerminologyAnswer> OpenEhr(const std::string& op, const std::map<std::string, std::string>& p) {
    TerminologyAnswer a;
    if (op == "expand") {
        KJ_ASSIGN_OR_RETURN(std::string name, Need(p, "group", op));
        KJ_ASSIGN_OR_RETURN(std::string_view group, Group(name));
        a.is_set = true;
        for (const term::OpenEhrConcept* c : term::OpenEhrGroup(group)) a.codes.emplace_back(c->code);
        return a;
    }
    if (op == "lookup") {
        KJ_ASSIGN_OR_RETURN(std::string code, Need(p, "code", op));
        const term::OpenEhrConcept* c = nullptr;
        if (auto g = p.find("group"); g != p.end()) {
            KJ_ASSIGN_OR_RETURN(std::string_view group, Group(g->second));
            c = term::FindOpenEhrConcept(code, group);
        } else {
            c = term::FindOpenEhrConcept(code);
        }
        a.value = c ? Scalar::String(std::string(c->rubric)) : Scalar::Null();
        return a;
    }
    if (op == "validate") {
        KJ_ASSIGN_OR_RETURN(std::string code, Need(p, "code", op));
        KJ_ASSIGN_OR_RETURN(std::string name, Need(p, "group", op));
        KJ_ASSIGN_OR_RETURN(std::string_view group, Group(name));
        a.value = Scalar::Bool(term::InOpenEhrGroup(code, group));
        return a;
    }
    if (op == "subsumes" || op == "map")
        return Unavailable("'" + op + "' (the openEHR terminology has no hierarchy or maps)");
    return Fail("AQL_TERMINOLOGY", ErrorCode::kInvalidArgument,
                "unknown terminology operation '" + op + "' (expand, lookup, validate)");
}

}  // namespace

Result<TerminologyAnswer> CallTerminology(std::string_view operation, std::string_view service_api,
                                          std::string_view params_uri) {
    auto p = Params(params_uri);
    bool local = NamesOpenEhr(service_api);
    if (!local) {
        // A FHIR-style call answerable here names the openEHR terminology as its system or
        // value set; any other terminology would need the server service_api names.
        auto system = p.find("system");
        auto url = p.find("url");
        local = (system != p.end() && NamesOpenEhr(system->second)) || (url != p.end() && NamesOpenEhr(url->second));
    }
    if (!local) {
        std::string what = "'" + std::string(service_api) + "'";
        if (auto url = p.find("url"); url != p.end()) what += " (" + url->second + ")";
        else if (auto system = p.find("system"); system != p.end()) what += " (" + system->second + ")";
        return Unavailable(what);
    }
    return OpenEhr(Lower(operation), p);
}

bool IsTerminologyUri(std::string_view text) { return Lower(text.substr(0, 14)) == "terminology://"; }

Result<std::vector<std::string>> ExpandTerminologyUri(std::string_view uri) {
    if (!IsTerminologyUri(uri))
        return Fail("AQL_TERMINOLOGY", ErrorCode::kInvalidArgument, "'" + std::string(uri) + "' is not a terminology URI");
    std::string_view rest = uri.substr(14);
    size_t slash = rest.find('/');
    std::string_view service = rest.substr(0, slash);
    std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    size_t q = tail.find('?');
    std::string function = Lower(tail.substr(0, q));
    std::string_view query = q == std::string_view::npos ? std::string_view() : tail.substr(q + 1);
    if (!NamesOpenEhr(service)) return Unavailable("terminology service '" + std::string(service) + "'");
    KJ_ASSIGN_OR_RETURN(TerminologyAnswer a, OpenEhr(function, Params(query)));
    if (!a.is_set)
        return Fail("AQL_TERMINOLOGY", ErrorCode::kInvalidArgument,
                    "terminology URI '" + std::string(uri) + "' does not name a set of codes (use expand?group=...)");
    return a.codes;
}

}  // namespace kjerne::aql
