// server/http/query_request.cpp — see query_request.hpp.
#include "server/http/query_request.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <limits>

#include "server/http/negotiation.hpp"
#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

Result<int64_t> Count(const std::string& name, const std::string& text) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0) {
        return Error::InvalidArgument("query: " + name + " must be a non-negative integer, got '" +
                                      text + "'");
    }
    return v;
}

// A JSON value as an AQL parameter.
Result<aql::Scalar> ScalarOf(const std::string& name, const Var& v) {
    if (v.isEmpty()) return aql::Scalar::Null();
    if (v.isBoolean()) return aql::Scalar::Bool(v.convert<bool>());
    if (v.isInteger()) return aql::Scalar::Int(v.convert<int64_t>());
    if (v.isNumeric()) return aql::Scalar::Real(v.convert<double>());
    if (v.isString()) return aql::Scalar::String(v.convert<std::string>());
    return Error::InvalidArgument("query: parameter '" + name +
                                  "' must be a string, number or boolean");
}

Result<Object::Ptr> ParseObject(const std::string& what, const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        Var parsed = parser.parse(text);
        if (parsed.type() == typeid(Object::Ptr)) return parsed.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return Error::InvalidArgument("query: " + what + " is not valid JSON: " + e.displayText());
    }
    return Error::InvalidArgument("query: " + what + " must be a JSON object");
}

Status AddParameters(const Object& object, aql::QueryParameters& params) {
    for (const auto& [name, value] : object) {
        KJ_ASSIGN_OR_RETURN(aql::Scalar s, ScalarOf(name, value));
        params[name.size() > 1 && name[0] == '$' ? name.substr(1) : name] = std::move(s);
    }
    return OkStatus();
}

// ehr_id from the URL or the openehr-ehr-id header (the URL wins).
std::string EhrScope(const RestRequest& request) {
    if (auto id = request.Query("ehr_id")) return *id;
    return request.Header("openehr-ehr-id");
}

}  // namespace

Result<services::QueryRequest> QueryRequestFromGet(const RestRequest& request, bool with_q) {
    services::QueryRequest out;
    out.ehr_id = EhrScope(request);
    for (const auto& [name, value] : request.query) {
        if (name == "q") {
            if (!with_q)
                return Error::InvalidArgument("query: a stored query takes no q parameter");
            out.q = value;
        } else if (name == "offset") {
            KJ_ASSIGN_OR_RETURN(out.offset, Count(name, value));
        } else if (name == "fetch") {
            KJ_ASSIGN_OR_RETURN(out.fetch, Count(name, value));
        } else if (name == "ehr_id") {
            continue;
        } else if (name == "query_parameters") {
            KJ_ASSIGN_OR_RETURN(Object::Ptr object, ParseObject("query_parameters", value));
            KJ_TRY(AddParameters(*object, out.params));
        } else {
            out.params[name] = aql::ParamFromText(value);
        }
    }
    if (with_q && out.q.empty())
        return Error::InvalidArgument("query: the q parameter (AQL) is required");
    return out;
}

Result<services::QueryRequest> QueryRequestFromPost(const RestRequest& request, bool with_q) {
    KJ_ASSIGN_OR_RETURN(codec::Format format, RequestFormat(request));
    if (format != codec::Format::kJson)
        return UnsupportedMediaType("a query is posted as application/json");
    services::QueryRequest out;
    out.ehr_id = EhrScope(request);
    std::string body = request.body;
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) body = "{}";
    KJ_ASSIGN_OR_RETURN(Object::Ptr object, ParseObject("the request body", body));
    try {
        if (object->has("q") && !object->get("q").isEmpty()) {
            if (!with_q) return Error::InvalidArgument("query: a stored query takes no q");
            out.q = object->getValue<std::string>("q");
        }
        for (const char* name : {"offset", "fetch"}) {
            if (!object->has(name) || object->get(name).isEmpty()) continue;
            Var v = object->get(name);
            if (!v.isInteger() && !v.isString()) {
                return Error::InvalidArgument(std::string("query: ") + name +
                                              " must be an integer");
            }
            KJ_ASSIGN_OR_RETURN(int64_t n, Count(name, v.convert<std::string>()));
            (std::string(name) == "offset" ? out.offset : out.fetch) = n;
        }
        if (object->has("ehr_id") && !object->get("ehr_id").isEmpty()) {
            out.ehr_id = object->getValue<std::string>("ehr_id");
        }
        if (object->has("query_parameters") && !object->get("query_parameters").isEmpty()) {
            Object::Ptr params = object->getObject("query_parameters");
            if (!params)
                return Error::InvalidArgument("query: query_parameters must be a JSON object");
            KJ_TRY(AddParameters(*params, out.params));
        }
    } catch (const Poco::Exception& e) {
        return Error::InvalidArgument("query: malformed request body: " + e.displayText());
    }
    if (with_q && out.q.empty()) return Error::InvalidArgument("query: the request needs q (AQL)");
    return out;
}

}  // namespace kjerne::server::http
