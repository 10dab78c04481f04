// server/http/flat_representation.cpp — FLAT compositions over REST.
#include "server/http/flat_representation.hpp"

#include <algorithm>
#include <cctype>

#include "engine/codec/codec.hpp"
#include "engine/rm/views.hpp"
#include "templates/flat/flat.hpp"

namespace kjerne::server::http {

namespace {

constexpr std::string_view kFlatTypes[] = {"application/openehr.wt.flat+json",
                                           "application/openehr.wt.flat.schema+json"};

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The first FLAT media type named in a header value (media type parameters ignored).
std::string FlatTypeIn(const std::string& header) {
    const std::string h = Lower(header);
    size_t pos = 0;
    while (pos <= h.size()) {
        size_t comma = h.find(',', pos);
        std::string entry =
            h.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        entry = entry.substr(0, entry.find(';'));
        entry.erase(0, entry.find_first_not_of(" \t"));
        entry.erase(entry.find_last_not_of(" \t") + 1);
        for (auto t : kFlatTypes)
            if (entry == t) return std::string(t);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return "";
}

}  // namespace

bool RequestIsFlat(const RestRequest& request) {
    return !FlatTypeIn(request.Header("Content-Type")).empty();
}

std::string AcceptedFlatType(const RestRequest& request) {
    return FlatTypeIn(request.Header("Accept"));
}

Result<std::string> FlatBodyToCanonical(services::TemplateService& templates,
                                        const RestRequest& request) {
    auto template_id = request.Query("templateId");
    if (!template_id || template_id->empty())
        return Error::InvalidArgument("a FLAT composition needs the templateId query parameter");
    KJ_ASSIGN_OR_RETURN(auto flat, templates.Flat(*template_id));
    KJ_ASSIGN_OR_RETURN(rm::Document doc, templates::flat::FlatToComposition(*flat, request.body));
    codec::WriteOptions wo;
    wo.pretty = false;
    return codec::WriteJson(doc, wo);
}

Result<std::string> RenderFlat(services::TemplateService& templates,
                               const std::string& canonical_json) {
    KJ_ASSIGN_OR_RETURN(rm::Document doc, codec::ReadJson(canonical_json));
    const std::string template_id(rm::CompositionView(doc.root()).template_id());
    if (template_id.empty())
        return Error::Unsupported("the composition names no template, so it has no FLAT form");
    KJ_ASSIGN_OR_RETURN(auto flat, templates.Flat(template_id));
    return templates::flat::CompositionToFlat(*flat, doc);
}

}  // namespace kjerne::server::http
