// server/services/archetype_service.cpp — see archetype_service.hpp.
#include "server/services/archetype_service.hpp"

#include <utility>

#include "archetypes/adl/adl_parser.hpp"

namespace kjerne::server::services {
namespace {

bool IsTemplate(const std::string& artefact_type) {
    return artefact_type == "template" || artefact_type == "operational_template";
}

bool Matches(ArtefactKind kind, const std::string& artefact_type) {
    return (kind == ArtefactKind::kTemplate) == IsTemplate(artefact_type);
}

const char* KindName(ArtefactKind kind) {
    return kind == ArtefactKind::kTemplate ? "an ADL 2 template" : "an archetype";
}

// The text of the definition's root node (at0000 / id1) in the original language: the
// concept a list shows beside the id.
std::string ConceptText(const archetypes::aom::Archetype& a) {
    if (!a.definition) return {};
    const auto* term = a.terminology.FindTerm(a.definition->node_id, a.original_language);
    return term ? std::string(term->text()) : std::string();
}

}  // namespace

Result<ArchetypeUpload> ArchetypeService::Upload(std::string_view adl, ArtefactKind kind,
                                                 bool validate_only) {
    // The upload has no file name; findings are positioned in "upload.adl" so that a client
    // sees line:col in the text it sent.
    constexpr std::string_view kSourceName = "upload";
    Result<archetypes::adl::ParsedAdl> parsed = archetypes::adl::ParseAdl(adl, kSourceName);
    if (!parsed.ok()) {
        return Error(ErrorCode::kInvalidArgument, "ADL does not parse: " + parsed.error().message(),
                     parsed.error().issues());
    }
    if (parsed->artefacts.empty()) return Error::InvalidArgument("the ADL text holds no artefact");
    const archetypes::aom::Archetype& main = *parsed->artefacts.front();
    if (!Matches(kind, main.artefact_type)) {
        return Error::InvalidArgument("expected " + std::string(KindName(kind)) + ", got an artefact of type '" +
                                      main.artefact_type + "' (" + main.archetype_id + ")");
    }

    ArchetypeUpload out;
    out.record.archetype_id = main.archetype_id;
    out.record.artefact_type = main.artefact_type;
    out.record.adl_version = main.is_adl2 ? "2" : "1.4";
    out.record.parent_id = main.parent_archetype_id;
    out.record.concept_text = ConceptText(main);
    std::vector<Issue> errors;
    for (const auto& artefact : parsed->artefacts) {  // a template's overlays are checked too
        for (auto& finding : archetypes::validity::Validate(*artefact, kSourceName)) {
            if (finding.severity == archetypes::validity::Severity::kError) {
                ++out.errors;
                errors.push_back(finding.issue);
            } else {
                ++out.warnings;
            }
            out.findings.push_back(std::move(finding));
        }
    }
    if (validate_only) return out;
    if (!errors.empty()) return Error::Validation(std::move(errors));

    store::ArchetypeRecord record = out.record;
    record.source = std::string(adl);
    KJ_ASSIGN_OR_RETURN(out.stored, store_.PutArchetype(record));
    KJ_ASSIGN_OR_RETURN(store::ArchetypeRecord stored, store_.GetArchetype(record.archetype_id));
    stored.source.clear();
    out.record = std::move(stored);
    return out;
}

Result<store::ArchetypeRecord> ArchetypeService::Get(const std::string& archetype_id, ArtefactKind kind) {
    Result<store::ArchetypeRecord> record = store_.GetArchetype(archetype_id);
    if (!record.ok() && record.error().code() != ErrorCode::kNotFound) return record;
    // Absent, or stored as the other kind (templates and archetypes are separate resources).
    if (!record.ok() || !Matches(kind, record->artefact_type)) {
        return Error::NotFound(std::string(kind == ArtefactKind::kTemplate ? "ADL 2 template '" : "archetype '") +
                               archetype_id + "' not found");
    }
    return record;
}

Result<std::vector<store::ArchetypeRecord>> ArchetypeService::List(ArtefactKind kind) {
    KJ_ASSIGN_OR_RETURN(std::vector<store::ArchetypeRecord> all, store_.ListArchetypes(""));
    std::vector<store::ArchetypeRecord> out;
    for (auto& r : all) {
        if (Matches(kind, r.artefact_type)) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace kjerne::server::services
