// tests/archetypes/slot_rules_test.cpp
//
// The phase-3 rules on slots and external references (archetypes/validity/specialisation_rules.hpp)
// that no ADL 2 test suite case exercises: VDSSP, VDSSC, VARXTV, VARXNC, VARXAV. One parent
// section with an open slot (id2, OBSERVATIONs obs_*), a closed slot (id3) and an external
// reference (id4, obs_a); small children each break one rule, a last one breaks none. The
// children are checked as `kjerne lint` checks them: in one repository, with ContextIn.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "archetypes/validity/repository_context.hpp"
#include "archetypes/validity/validator.hpp"

namespace kjerne::test {

namespace {

using archetypes::flattening::ArchetypeRepository;

std::string Archetype(const std::string& id, const std::string& parent, const std::string& definition,
                      const std::string& codes) {
    std::string terms;
    for (size_t i = 0; i < codes.size();) {
        size_t end = codes.find(' ', i);
        if (end == std::string::npos) end = codes.size();
        terms += "[\"" + codes.substr(i, end - i) + "\"] = <text = <\"x\"> description = <\"x\">>\n";
        i = end + 1;
    }
    return "archetype (adl_version=2.0.5; rm_release=1.0.2)\n\t" + id + "\n" +
           (parent.empty() ? "" : "specialise\n\t" + parent + "\n") +
           "language\n\toriginal_language = <[ISO_639-1::en]>\ndefinition\n" + definition +
           "\nterminology\n\tterm_definitions = <[\"en\"] = <" + terms + ">>\n";
}

const char* kParent =
    "\tSECTION[id1] matches {\n"
    "\t\titems matches {\n"
    "\t\t\tallow_archetype OBSERVATION[id2] matches {\n"
    "\t\t\t\tinclude archetype_id/value matches {/openEHR-EHR-OBSERVATION\\.obs_.*\\.v1/}\n"
    "\t\t\t}\n"
    "\t\t\tallow_archetype EVALUATION[id3] closed\n"
    "\t\t\tuse_archetype OBSERVATION[id4, openEHR-EHR-OBSERVATION.obs_a.v1]\n"
    "\t\t}\n"
    "\t}";

std::string Child(const std::string& concept_name, const std::string& items) {
    return Archetype("openEHR-EHR-SECTION." + concept_name + ".v1.0.0", "openEHR-EHR-SECTION.parent.v1",
                     "\tSECTION[id1.1] matches {\n\t\titems matches {\n\t\t\t" + items + "\n\t\t}\n\t}",
                     "id1.1");
}

struct Repo {
    std::vector<archetypes::adl::ParsedAdl> parsed;
    ArchetypeRepository repository;

    const archetypes::aom::Archetype* Add(const std::string& text, const std::string& file) {
        auto r = archetypes::adl::ParseAdl(text, file);
        INFO(file << ": " << (r.ok() ? "" : r.error().ToString()));
        REQUIRE(r.ok());
        parsed.push_back(std::move(*r));
        repository.Add(*parsed.back().artefacts[0], file);
        return parsed.back().artefacts[0].get();
    }
};

std::vector<std::string> Codes(ArchetypeRepository& repo, const archetypes::aom::Archetype& a,
                               const std::string& file) {
    auto context = archetypes::validity::ContextIn(repo, a, file);
    REQUIRE(context.flat_parent);
    std::vector<std::string> out;
    for (const auto& f : archetypes::validity::Validate(a, file, context)) out.push_back(f.issue.code);
    return out;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

TEST_CASE("slot and external reference redefinitions: VDSSP, VDSSC, VARXTV, VARXNC, VARXAV",
          "[archetypes][validity]") {
    Repo r;
    r.Add(Archetype("openEHR-EHR-SECTION.parent.v1.0.0", "", kParent, "id1 id2 id3 id4"), "parent.adls");
    r.Add(Archetype("openEHR-EHR-OBSERVATION.obs_a.v1.0.0", "", "\tOBSERVATION[id1]", "id1"), "obs_a.adls");
    r.Add(Archetype("openEHR-EHR-OBSERVATION.obs_b.v1.0.0", "", "\tOBSERVATION[id1]", "id1"), "obs_b.adls");
    r.Add(Archetype("openEHR-EHR-OBSERVATION.obs_a-special.v1.0.0", "openEHR-EHR-OBSERVATION.obs_a.v1",
                    "\tOBSERVATION[id1.1]", "id1.1"),
          "obs_a-special.adls");
    r.Add(Archetype("openEHR-EHR-EVALUATION.eval_a.v1.0.0", "", "\tEVALUATION[id1]", "id1"), "eval_a.adls");

    struct Case {
        const char* concept_name;
        const char* items;
        const char* code;  // expected; nullptr: none of the five
    };
    const Case cases[] = {
        // narrowing the closed slot id3
        {"closed_parent",
         "allow_archetype EVALUATION[id3] matches {\n"
         "\t\t\t\tinclude archetype_id/value matches {/openEHR-EHR-EVALUATION\\.eval_a\\.v1/}\n\t\t\t}",
         "VDSSP"},
        // an EVALUATION archetype in the OBSERVATION slot
        {"filler_type", "use_archetype OBSERVATION[id2.1, openEHR-EHR-EVALUATION.eval_a.v1]", "VARXTV"},
        // fills slot id2 (the only node obs_b fits) under the code id5.1
        {"filler_code", "use_archetype OBSERVATION[id5.1, openEHR-EHR-OBSERVATION.obs_b.v1]", "VARXNC"},
        // redefines the reference id4 (obs_a) by an archetype that does not specialise obs_a
        {"reference_archetype", "use_archetype OBSERVATION[id4.1, openEHR-EHR-OBSERVATION.obs_b.v1]",
         "VARXAV"},
        // valid: a specialisation of obs_a, and a filler of slot id2
        {"valid",
         "use_archetype OBSERVATION[id4.1, openEHR-EHR-OBSERVATION.obs_a-special.v1]\n"
         "\t\t\tuse_archetype OBSERVATION[id2.1, openEHR-EHR-OBSERVATION.obs_b.v1]",
         nullptr},
    };
    for (const auto& c : cases) {
        std::string file = std::string(c.concept_name) + ".adls";
        const auto* child = r.Add(Child(c.concept_name, c.items), file);
        std::vector<std::string> codes = Codes(r.repository, *child, file);
        INFO(c.concept_name);
        if (c.code) {
            CHECK(Has(codes, c.code));
        } else {
            for (const char* code : {"VDSSP", "VDSSC", "VARXTV", "VARXNC", "VARXAV"}) CHECK_FALSE(Has(codes, code));
        }
    }

    // VDSSC: ADL cannot write a slot both closed and narrowed (`closed` replaces `matches {…}`),
    // but an AOM built otherwise can hold one
    const auto* both = r.Add(Child("closed_and_narrowed",
                                   "allow_archetype OBSERVATION[id2] matches {\n"
                                   "\t\t\t\tinclude archetype_id/value matches {/openEHR-EHR-OBSERVATION\\.obs_a\\.v1/}\n\t\t\t}"),
                             "closed_and_narrowed.adls");
    CHECK_FALSE(Has(Codes(r.repository, *both, "closed_and_narrowed.adls"), "VDSSC"));
    auto& slot_node = *r.parsed.back().artefacts[0]->definition->attributes.at(0).children.at(0);
    std::get<archetypes::aom::ArchetypeSlot>(slot_node.detail).is_closed = true;
    CHECK(Has(Codes(r.repository, *both, "closed_and_narrowed.adls"), "VDSSC"));
}

}  // namespace kjerne::test
