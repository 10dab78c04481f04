// server/http/negotiation.cpp — see negotiation.hpp.
#include "server/http/negotiation.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include "server/http/responses.hpp"

namespace kjerne::server::http {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string Trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// "application/json; charset=UTF-8" -> "application/json".
std::string BareType(std::string_view value) {
    return Lower(Trim(value.substr(0, value.find(';'))));
}

bool IsJson(const std::string& t) {
    return t == "application/json" || (t.size() > 5 && t.ends_with("+json"));
}
bool IsXml(const std::string& t) {
    return t == "application/xml" || t == "text/xml" || (t.size() > 4 && t.ends_with("+xml"));
}

}  // namespace

Result<codec::Format> RequestFormat(const RestRequest& request) {
    const std::string header = request.Header("Content-Type");
    if (Trim(header).empty()) return codec::SniffFormat(request.body);
    const std::string type = BareType(header);
    if (IsJson(type)) return codec::Format::kJson;
    if (IsXml(type)) return codec::Format::kXml;
    return UnsupportedMediaType("unsupported Content-Type '" + header +
                                "'; use application/json or application/xml");
}

Result<codec::Format> ResponseFormat(const RestRequest& request, bool xml_allowed) {
    const std::string header = request.Header("Accept");
    if (Trim(header).empty()) return codec::Format::kJson;
    struct Entry {
        std::string type;
        double q = 1.0;
    };
    std::vector<Entry> entries;
    size_t i = 0;
    while (i <= header.size()) {
        size_t j = header.find(',', i);
        if (j == std::string::npos) j = header.size();
        const std::string entry = header.substr(i, j - i);
        i = j + 1;
        Entry e;
        e.type = BareType(entry);
        if (e.type.empty()) continue;
        // Parameters: only q matters here ("q=0" means "not acceptable").
        size_t p = entry.find(';');
        while (p != std::string::npos) {
            size_t next = entry.find(';', p + 1);
            std::string param = Lower(Trim(
                entry.substr(p + 1, next == std::string::npos ? std::string::npos : next - p - 1)));
            if (param.rfind("q=", 0) == 0) {
                char* end = nullptr;
                const std::string number = param.substr(2);
                double q = std::strtod(number.c_str(), &end);
                if (end != number.c_str()) e.q = q;
            }
            p = next;
        }
        if (e.q > 0) entries.push_back(std::move(e));
    }
    // Highest q first; equal q keep the header's order.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.q > b.q; });
    for (const Entry& e : entries) {
        if (e.type == "*/*" || e.type == "application/*" || IsJson(e.type)) {
            return codec::Format::kJson;
        }
        if (IsXml(e.type) && xml_allowed) return codec::Format::kXml;
    }
    return NotAcceptable(
        "cannot produce any type of Accept '" + header + "'; this resource gives " +
        (xml_allowed ? "application/json or application/xml" : "application/json"));
}

std::string MediaType(codec::Format format) {
    return format == codec::Format::kXml ? std::string(kXmlType) : std::string(kJsonType);
}

Prefer PreferReturn(const RestRequest& request) {
    const std::string header = Lower(request.Header("Prefer"));
    if (header.find("return=representation") != std::string::npos) return Prefer::kRepresentation;
    if (header.find("return=identifier") != std::string::npos) return Prefer::kIdentifier;
    return Prefer::kMinimal;
}

Result<std::string> IfMatchVersion(const RestRequest& request) {
    std::string value = Trim(request.Header("If-Match"));
    if (value.starts_with("W/")) value = value.substr(2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
    }
    if (value.empty()) {
        return Error::InvalidArgument("If-Match with the latest version uid is required");
    }
    return value;
}

std::string LocationUrl(const RestRequest& request, const std::string& relative) {
    std::string host = request.http.getHost();
    if (host.empty()) host = request.http.serverAddress().toString();
    return "http://" + host + request.base_path + relative;
}

void SetETag(Poco::Net::HTTPServerResponse& response, const std::string& id) {
    response.set("ETag", "\"" + id + "\"");
}

void SetLastModified(Poco::Net::HTTPServerResponse& response, const std::string& iso_time) {
    try {
        int tzd = 0;
        Poco::DateTime time =
            Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso_time, tzd);
        time.makeUTC(tzd);
        response.set("Last-Modified",
                     Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::HTTP_FORMAT));
    } catch (const Poco::Exception&) {
        // An unreadable time only costs the header.
    }
}

void SendText(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              std::string_view content_type, const std::string& body) {
    response.setStatusAndReason(status);
    response.setContentType(std::string(content_type));
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void SendEmpty(Poco::Net::HTTPServerResponse& response,
               Poco::Net::HTTPResponse::HTTPStatus status) {
    response.setStatusAndReason(status);
    response.setContentLength(0);
    response.send();
}

}  // namespace kjerne::server::http
