// engine/store/opt_template_id.cpp — see opt_template_id.hpp.
#include "engine/store/opt_template_id.hpp"

namespace kjerne::store {
namespace {

// Resolves the five predefined XML entities and numeric character references (ASCII/UTF-8).
std::string XmlUnescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        size_t semi = s.find(';', i);
        if (semi == std::string_view::npos) {
            out += s[i];
            continue;
        }
        std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp") out += '&';
        else if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (!ent.empty() && ent[0] == '#') {
            unsigned long cp = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X')
                                   ? std::stoul(std::string(ent.substr(2)), nullptr, 16)
                                   : std::stoul(std::string(ent.substr(1)));
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
        } else {
            out.append(s.substr(i, semi - i + 1));
        }
        i = semi;
    }
    return out;
}

size_t Trim(std::string_view s, size_t from) {
    while (from < s.size() && (s[from] == ' ' || s[from] == '\n' || s[from] == '\r' || s[from] == '\t')) ++from;
    return from;
}

}  // namespace

Result<std::string> OptTemplateId(std::string_view xml) {
    size_t t = xml.find("<template_id>");
    if (t == std::string_view::npos) t = xml.find("<template_id ");
    if (t == std::string_view::npos) return Error::InvalidArgument("OPT: no <template_id> element");
    size_t gt = xml.find('>', t);
    size_t v = Trim(xml, gt + 1);
    if (xml.substr(v, 7) != "<value>") return Error::InvalidArgument("OPT: <template_id> has no <value>");
    size_t start = v + 7;
    size_t end = xml.find("</value>", start);
    if (end == std::string_view::npos) return Error::InvalidArgument("OPT: unterminated template_id value");
    std::string id;
    try {
        id = XmlUnescape(xml.substr(start, end - start));
    } catch (...) {  // std::stoul on a malformed character reference
        return Error::InvalidArgument("OPT: malformed character reference in template_id");
    }
    size_t a = 0, b = id.size();
    while (a < b && (id[a] == ' ' || id[a] == '\n' || id[a] == '\t' || id[a] == '\r')) ++a;
    while (b > a && (id[b - 1] == ' ' || id[b - 1] == '\n' || id[b - 1] == '\t' || id[b - 1] == '\r')) --b;
    if (a == b) return Error::InvalidArgument("OPT: empty template_id");
    return id.substr(a, b - a);
}

}  // namespace kjerne::store
