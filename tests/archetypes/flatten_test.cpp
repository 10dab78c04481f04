// tests/archetypes/flatten_test.cpp
//
// Flattening (archetypes/flattening) on the ADL 2 test suite's specialisation cases and on the
// CKM corpora: every specialised archetype whose parent is in its folder flattens; the flat form
// holds each of the child's nodes at the right place, keeps or specialises each parent node,
// and defines every node id it uses; sibling markers and clones give the order the spec
// describes; grand-parents are flattened first. Plus the code rules (id4.0.1 -> id4) as a table.
#include <algorithm>
#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/flattening/archetype_repository.hpp"
#include "archetypes/flattening/path_lookup.hpp"
#include "archetypes/flattening/specialisation_codes.hpp"
#include "tests/archetypes/lint_support.hpp"

namespace kjerne::test {

namespace {

namespace fs = std::filesystem;
using archetypes::aom::Archetype;
using archetypes::aom::CAttribute;
using archetypes::aom::CObject;
using archetypes::flattening::ArchetypeRepository;
using archetypes::flattening::CodeInParent;

// Every ADL file under a folder, parsed, in one repository.
struct Corpus {
    std::vector<archetypes::adl::ParsedAdl> parsed;
    std::vector<std::string> files;
    ArchetypeRepository repository;

    explicit Corpus(const fs::path& dir) {
        for (const auto& f : AdlFilesUnder(dir)) {
            auto r = archetypes::adl::ParseAdlFile(f);
            if (!r.ok() || r->artefacts.empty() || r->artefacts[0]->artefact_type != "archetype")
                continue;
            parsed.push_back(std::move(*r));
            files.push_back(f.string());
        }
        for (size_t i = 0; i < parsed.size(); ++i)
            repository.Add(*parsed[i].artefacts[0], files[i]);
    }
    const Archetype* ById(std::string_view id) const { return repository.Find(id); }
};

// node ids of an attribute's children, in order
std::vector<std::string> ChildIds(const CObject& root, std::string_view path) {
    std::vector<std::string> out;
    size_t slash = path.rfind('/');
    const CObject* owner = archetypes::flattening::FindObject(root, path.substr(0, slash), 0);
    if (!owner) return out;
    const CAttribute* attr = owner->FindAttribute(path.substr(slash + 1));
    if (!attr) return out;
    for (const auto& c : attr->children) out.push_back(c->node_id);
    return out;
}

void CollectIds(const CObject& o, std::vector<const CObject*>& out) {
    if (!o.node_id.empty()) out.push_back(&o);
    for (const auto& a : o.attributes)
        for (const auto& c : a.children) CollectIds(*c, out);
}

// Every tuple row points at objects its member attributes hold (no stale pointer survives a merge).
bool TuplesSound(const CObject& o) {
    for (const auto& t : o.tuples)
        for (const auto& row : t.tuples)
            for (size_t k = 0; k < row.size() && k < t.members.size(); ++k) {
                const CAttribute* a = o.FindAttribute(t.members[k]);
                if (!a || std::none_of(a->children.begin(), a->children.end(),
                                       [&](const auto& c) { return c.get() == row[k]; }))
                    return false;
            }
    for (const auto& a : o.attributes)
        for (const auto& c : a.children)
            if (!TuplesSound(*c)) return false;
    return true;
}

const CObject* FindById(const CObject& o, std::string_view id) {
    if (o.node_id == id) return &o;
    for (const auto& a : o.attributes)
        for (const auto& c : a.children)
            if (const CObject* f = FindById(*c, id)) return f;
    return nullptr;
}

}  // namespace

TEST_CASE("specialisation codes: the parent code a child code redefines", "[archetypes][flatten]") {
    struct Row {
        const char* code;
        int parent_depth;
        const char* expected;
    };
    for (const Row& r : std::vector<Row>{{"id4.1", 0, "id4"},
                                         {"id4.0.1", 1, "id4"},
                                         {"id4.1.1", 1, "id4.1"},
                                         {"id0.1", 0, ""},
                                         {"id0.0.1", 1, ""},
                                         {"id4", 0, "id4"},
                                         {"id4", 1, "id4"},
                                         {"at0000.1", 0, "at0000"},
                                         {"at0.1", 0, ""},
                                         {"at0001.0.2", 1, "at0001"}}) {
        INFO(r.code << " at parent depth " << r.parent_depth);
        CHECK(CodeInParent(r.code, r.parent_depth) == r.expected);
    }
}

TEST_CASE(
    "repository: parent ids match by the version parts both state, never the archetype itself",
    "[archetypes][flatten]") {
    Corpus suite(ArchetypeCorpus() / "adl2-test/features/specialisation");
    REQUIRE(suite.parsed.size() > 20);
    const Archetype* parent = suite.ById("openEHR-EHR-OBSERVATION.spec_test_parent.v1");
    REQUIRE(parent);
    CHECK(parent->archetype_id == "openEHR-EHR-OBSERVATION.spec_test_parent.v1.0.0");
    CHECK(suite.ById("openEHR-EHR-OBSERVATION.spec_test_parent.v1.0.0") == parent);
    CHECK(suite.ById("openEHR-EHR-OBSERVATION.spec_test_parent.v2") == nullptr);
    CHECK(suite.ById("org.openehr::openEHR-EHR-OBSERVATION.spec_test_parent.v1") == parent);
    Archetype adl14;
    adl14.archetype_id = "openEHR-EHR-OBSERVATION.lab_test-microbiology.v1";
    CHECK(ArchetypeRepository::ParentIdOf(adl14) == "openEHR-EHR-OBSERVATION.lab_test.v1");
    adl14.archetype_id = "openEHR-EHR-OBSERVATION.lab_test.v1";
    CHECK(ArchetypeRepository::ParentIdOf(adl14).empty());
}

TEST_CASE("flattening the suite's and the CKM's specialised archetypes", "[archetypes][flatten]") {
    for (const char* rel : {"adl2-test/features", "adl2-test/validity/specialisation",
                            "adl2/ckm_2013_12_09", "adl14"}) {
        Corpus corpus(ArchetypeCorpus() / rel);
        int specialised = 0, flattened = 0;
        for (size_t i = 0; i < corpus.parsed.size(); ++i) {
            const Archetype& child = *corpus.parsed[i].artefacts[0];
            if (ArchetypeRepository::ParentIdOf(child).empty() ||
                !corpus.repository.FindParent(child))
                continue;
            ++specialised;
            auto flat_parent = corpus.repository.FlatParent(child);
            auto flat = corpus.repository.Flat(child);
            if (!flat.ok() || !flat_parent.ok())
                continue;  // e.g. a VDIFP case: the validity rules report it
            ++flattened;
            const Archetype& f = **flat;
            INFO(corpus.files[i]);
            REQUIRE(f.definition);
            CHECK(f.archetype_id == child.archetype_id);
            CHECK(f.definition->node_id == child.definition->node_id);
            CHECK(TuplesSound(*f.definition));
            // every node of the child is in the flat form
            std::vector<const CObject*> child_nodes;
            CollectIds(*child.definition, child_nodes);
            for (const CObject* n : child_nodes) {
                INFO(n->node_id);
                CHECK(FindById(*f.definition, n->node_id) != nullptr);
            }
            if (!child.is_adl2)
                continue;  // ADL 1.4 children restate (and sometimes move) the parent's nodes
            // every node of the parent is kept or specialised
            std::vector<const CObject*> parent_nodes, flat_nodes;
            CollectIds(*(*flat_parent)->definition, parent_nodes);
            CollectIds(*f.definition, flat_nodes);
            int pdepth = archetypes::flattening::CodeDepth((*flat_parent)->definition->node_id);
            for (const CObject* n : parent_nodes) {
                bool kept =
                    std::any_of(flat_nodes.begin(), flat_nodes.end(), [&](const CObject* x) {
                        return x->node_id == n->node_id ||
                               CodeInParent(x->node_id, pdepth) == n->node_id;
                    });
                INFO("parent node " << n->node_id);
                CHECK(kept);
            }
            // the flat terminology has every term the child and the parent define
            auto has = [&](const Archetype& a) {
                for (const auto& [lang, table] : a.terminology.term_definitions)
                    for (const auto& [code, term] : table) {
                        INFO(lang << " " << code);
                        CHECK(f.terminology.FindTerm(code, lang) != nullptr);
                    }
            };
            has(child);
            has(**flat_parent);
        }
        std::cout << rel << ": " << flattened << "/" << specialised
                  << " specialised archetypes with a parent flatten\n";
        CHECK(specialised > 0);
    }
}

TEST_CASE("flattening: sibling markers, clones, closed nodes, grand-parents",
          "[archetypes][flatten]") {
    Corpus suite(ArchetypeCorpus() / "adl2-test");
    auto flat = [&](const char* id) -> const Archetype& {
        const Archetype* a = suite.ById(id);
        REQUIRE(a);
        auto f = suite.repository.Flat(*a);
        REQUIRE(f.ok());
        return **f;
    };
    const char* items = "/data/events[id3]/data/items";
    {
        // after [id5]: id0.1, id0.2 follow id5; before [id8]: id0.3 right before id8
        const Archetype& f = flat("openEHR-EHR-OBSERVATION.ordering_added_nodes.v1.0.0");
        auto ids = ChildIds(*f.definition, items);
        INFO(Catch::Detail::stringify(ids));
        auto at = [&](const char* id) {
            return std::find(ids.begin(), ids.end(), id) - ids.begin();
        };
        CHECK(at("id0.1") == at("id5") + 1);
        CHECK(at("id0.2") == at("id5") + 2);
        CHECK(at("id0.3") + 1 == at("id8"));
    }
    {
        // id10 split into id10.1, id10.2 in its place (and kept after them: 0..*); before [id12]
        const Archetype& f = flat("openEHR-EHR-OBSERVATION.ordering_parent-merge_children.v1.0.0");
        auto ids = ChildIds(*f.definition, "/data[id2]/events[id3]/data[id4]/items");
        INFO(Catch::Detail::stringify(ids));
        auto at = [&](const char* id) {
            return std::find(ids.begin(), ids.end(), id) - ids.begin();
        };
        CHECK(at("id10.1") == at("id9") + 1);
        CHECK(at("id10.2") == at("id10.1") + 1);
        CHECK(at("id10") == at("id10.2") + 1);
        CHECK(at("id0.2") + 1 == at("id12"));
    }
    {
        // a grand-child closes the original id3 its parent kept beside four clones
        const Archetype& f = flat("openEHR-EHR-OBSERVATION.redefine_occurrences_remove");
        auto ids = ChildIds(*f.definition, "/data[id9]/events");
        INFO(Catch::Detail::stringify(ids));
        CHECK(ids == std::vector<std::string>{"id3.1", "id3.2", "id3.3", "id3.4", "id3"});
        const CObject* closed = FindById(*f.definition, "id3");
        REQUIRE(closed);
        REQUIRE(closed->occurrences);
        CHECK(closed->occurrences->upper == 0);
        CHECK(FindById(*f.definition, "id3.2")->occurrences->ToString() == "1..2");
    }
    {
        // depth 2: occurrences narrowed twice, terms of all three levels
        const Archetype& f = flat("openEHR-EHR-OBSERVATION.VSONCO_redefine_occurrences.v1.0.0");
        CHECK(f.definition->node_id == "id1.1.1");
        const CObject* ev = FindById(*f.definition, "id3.1.1");
        REQUIRE(ev);
        CHECK(ev->occurrences->ToString() == "1..*");
        CHECK(f.terminology.FindTerm("id1") != nullptr);
        CHECK(f.terminology.FindTerm("id1.1") != nullptr);
        CHECK(f.terminology.FindTerm("id1.1.1") != nullptr);
    }
    {
        // a differential path that names nothing in the parent does not flatten
        const Archetype* a = suite.ById("openEHR-EHR-OBSERVATION.VDIFP_invalid_path.v1.0.0");
        REQUIRE(a);
        auto f = suite.repository.Flat(*a);
        REQUIRE_FALSE(f.ok());
        REQUIRE(!f.error().issues().empty());
        CHECK(f.error().issues()[0].code == "VDIFP");
    }
}

TEST_CASE("repository: a specialisation cycle and a missing ancestor are errors, not loops",
          "[archetypes][flatten]") {
    auto text = [](const char* id, const char* parent) {
        return std::string("archetype (adl_version=2.0.5)\n\t") + id + "\nspecialise\n\t" + parent +
               "\nlanguage\n\toriginal_language = <[ISO_639-1::en]>\ndefinition\n\tCLUSTER[id1.1]\n"
               "terminology\n\tterm_definitions = <[\"en\"] = <[\"id1.1\"] = <text = <\"x\"> "
               "description = <\"x\">>>>\n";
    };
    auto a = archetypes::adl::ParseAdl(
        text("openEHR-EHR-CLUSTER.a.v1.0.0", "openEHR-EHR-CLUSTER.b.v1"), "a");
    auto b = archetypes::adl::ParseAdl(
        text("openEHR-EHR-CLUSTER.b.v1.0.0", "openEHR-EHR-CLUSTER.a.v1"), "b");
    auto c = archetypes::adl::ParseAdl(
        text("openEHR-EHR-CLUSTER.c.v1.0.0", "openEHR-EHR-CLUSTER.gone.v1"), "c");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    ArchetypeRepository repo;
    repo.Add(*a->artefacts[0], "a");
    repo.Add(*b->artefacts[0], "b");
    repo.Add(*c->artefacts[0], "c");
    auto flat = repo.Flat(*a->artefacts[0]);
    REQUIRE_FALSE(flat.ok());
    CHECK(flat.error().code() == ErrorCode::kConflict);
    auto missing = repo.Flat(*c->artefacts[0]);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code() == ErrorCode::kNotFound);
    CHECK(repo.FindParent(*c->artefacts[0]) == nullptr);
}

}  // namespace kjerne::test
