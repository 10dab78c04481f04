// tests/archetypes/adl_serialise_test.cpp
//
// The serialisers and the ADL 1.4 → 2 code conversion on small texts: the conversion's code
// and path tables, an ADL 2 archetype holding every constraint kind written and read back
// equal, the AOM diff naming the first difference, an ADL 1.4 archetype converted (codes,
// original codes, terminology, bindings) and round-tripped, and the AOM JSON being JSON with
// the documented shape. The corpus-wide round trip is adl_roundtrip_test.cpp.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <string>

#include "archetypes/adl/adl14_to_adl2.hpp"
#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/aom/aom_diff.hpp"
#include "archetypes/serialise/adl2_writer.hpp"
#include "archetypes/serialise/aom_json_writer.hpp"

namespace kjerne::test {

namespace {

using namespace kjerne::archetypes;

// Every cADL construct the AOM holds, in ADL 2 syntax.
constexpr const char* kAdl2 = R"ADL(archetype (adl_version=2.0.6; rm_release=1.0.4; generated; uid=1234)
	openEHR-EHR-OBSERVATION.everything.v1.0.0

specialise
	openEHR-EHR-OBSERVATION.base.v1.0.0

language
	original_language = <[ISO_639-1::en]>

description
	lifecycle_state = <"unmanaged">
	original_author = <
		["name"] = <"A \"quoted\" name \\ with a backslash">
	>
	details = <
		["en"] = <
			language = <[ISO_639-1::en]>
			purpose = <"Test">
			keywords = <"one", ...>
		>
	>
	other_details = <
		["n"] = <12>
		["r"] = <1.5>
		["b"] = <True>
		["d"] = <2004-01-01>
		["i"] = <|0..5|>
		["u"] = <http://example.org/x>
	>

definition
	OBSERVATION[id1.1] matches {
		/data[id2]/events[id3]/data[id4]/items matches {
			after[id5] ELEMENT[id0.6] occurrences matches {0..1} matches {
				value matches {
					DV_ORDINAL[id0.7] matches {
						[value, symbol] matches {
							[{1}, {[at1]}],
							[{2}, {[at2]}]
						}
					}
				}
			}
		}
		protocol matches {
			ITEM_TREE[id8] matches {
				items cardinality matches {1..*; unordered; unique} matches {
					ELEMENT[id9] occurrences matches {0..*} matches {
						value matches {
							DV_TEXT[id10] matches {
								value matches {"a", "b \"c\"", ...}
							}
							DV_CODED_TEXT[id11] matches {
								defining_code matches {[ac1]}
							}
							DV_QUANTITY[id12] matches {
								magnitude matches {|>0.0..<100.5|}
								precision matches {|0..2|}
								units matches {/m[a-z]+\/s/}
							}
							DV_COUNT[id13] matches {
								magnitude matches {|*..10|; 5}
							}
							DV_BOOLEAN[id14] matches {
								value matches {True, False; False}
							}
							DV_DATE_TIME[id15] matches {
								value matches {yyyy-mm-ddTHH:MM:??}
							}
							DV_DURATION[id16] matches {
								value matches {PDTH/|PT0S..PT24H|}
							}
							DV_DATE[id17] matches {
								value matches {|2004-01-01..2010-12-31|}
							}
							DV_TIME[id18] matches {
								value matches {12:00:00}
							}
							DV_PROPORTION[id19] matches {
								numerator matches {1.5, 2.0; 2.0}
								denominator matches {1, 2, 3}
								type matches {0}
							}
							DV_TEXT[id20] matches {
								value matches {^a/b^; "x"}
							}
						}
					}
					allow_archetype CLUSTER[id21] occurrences matches {0..1} matches {
						include
							archetype_id/value matches {/openEHR-EHR-CLUSTER\.device(-[a-zA-Z0-9_]+)*\.v1/}
						exclude
							archetype_id/value matches {/.*/}
					}
					allow_archetype CLUSTER[id22] closed
					use_archetype CLUSTER[id23, openEHR-EHR-CLUSTER.other.v1]
					use_node ITEM_TREE[id24] /protocol[id8]
					ELEMENT[id25] occurrences matches {0}
				}
			}
		}
		state existence matches {0..1}
		subject matches {*}
		/guideline_id existence matches {0..1}
	}

rules
	$x:Integer ::= /data[id2]/events[id3]/data[id4]/items[id0.6]/value/value
	positive: $x > 0 and not (exists /protocol[id8]) implies ($x * 2 - 1) / 3 >= 1
	for_all $e in /data[id2]/events | $e/time matches {|PT0S..PT1H|}
	valid: sum(/a, "text", 1.5) = -1

terminology
	term_definitions = <
		["en"] = <
			["id1.1"] = <text = <"Everything"> description = <"All of it">>
			["at1"] = <text = <"One"> description = <"1">>
			["ac1"] = <text = <"Codes"> description = <"set">>
		>
	>
	term_bindings = <
		["SNOMED-CT"] = <
			["at1"] = <http://snomed.info/id/123>
		>
	>
	value_sets = <
		["ac1"] = <
			id = <"ac1">
			members = <"at1", "at2">
		>
	>

annotations
	documentation = <
		["en"] = <
			["/data[id2]"] = <
				["design note"] = <"n">
			>
		>
	>
)ADL";

// An ADL 1.4 archetype with every code use the conversion rewrites.
constexpr const char* kAdl14 = R"ADL(archetype (adl_version=1.4)
	openEHR-EHR-OBSERVATION.conv.v1

concept
	[at0000]

language
	original_language = <[ISO_639-1::en]>

definition
	OBSERVATION[at0000] matches {
		data matches {
			HISTORY[at0001] matches {
				events cardinality matches {1..*; unordered} matches {
					EVENT[at0002] occurrences matches {0..*} matches {
						data matches {
							ITEM_TREE[at0003] matches {
								items cardinality matches {0..*; unordered} matches {
									ELEMENT[at0004] occurrences matches {0..1} matches {
										value matches {
											DV_CODED_TEXT matches {
												defining_code matches {[local::at0005, at0006; at0005]}
											}
										}
									}
									ELEMENT[at0007] occurrences matches {0..1} matches {
										value matches {
											0|[local::at0008],
											1|[local::at0009]
										}
									}
									ELEMENT[at0010] occurrences matches {0..1} matches {
										value matches {
											DV_CODED_TEXT matches {
												defining_code matches {[ac0001]}
											}
										}
									}
									ELEMENT[at0011] occurrences matches {0..1} matches {
										value matches {
											C_DV_QUANTITY <
												property = <[openehr::125]>
												list = <
													["1"] = <units = <"mm[Hg]"> magnitude = <|0.0..<1000.0|> precision = <|0|>>
												>
											>
										}
									}
								}
							}
						}
					}
				}
			}
		}
		protocol matches {
			use_node ITEM_TREE /data[at0001]/events[at0002]/data[at0003]
		}
	}

invariant
	exists /data[at0001]/events[at0002]

ontology
	terminologies_available = <"SNOMED-CT", ...>
	term_definitions = <
		["en"] = <
			items = <
				["at0000"] = <text = <"Conv"> description = <"d">>
				["at0001"] = <text = <"History"> description = <"d">>
				["at0005"] = <text = <"Yes"> description = <"d">>
			>
		>
	>
	constraint_definitions = <
		["en"] = <
			items = <
				["ac0001"] = <text = <"Any code"> description = <"d">>
			>
		>
	>
	term_bindings = <
		["SNOMED-CT"] = <
			items = <
				["at0005"] = <[SNOMED-CT::373066001]>
				["/data[at0001]/events[at0002]"] = <[SNOMED-CT::1]>
			>
		>
	>
)ADL";

std::unique_ptr<aom::Archetype> ParseOne(std::string_view text, std::string_view file) {
    auto r = adl::ParseAdl(text, file);
    INFO((r.ok() ? std::string() : r.error().ToString()));
    REQUIRE(r.ok());
    REQUIRE(r->artefacts.size() == 1);
    return std::move(r->artefacts[0]);
}

const aom::CObject* At(const aom::CObject& root, std::initializer_list<std::pair<const char*, size_t>> steps) {
    const aom::CObject* o = &root;
    for (const auto& [attr, child] : steps) {
        const aom::CAttribute* a = o->FindAttribute(attr);
        if (!a || child >= a->children.size()) return nullptr;
        o = a->children[child].get();
    }
    return o;
}

}  // namespace

TEST_CASE("ADL 1.4 codes become ADL 2 codes as the openEHR conversion numbers them", "[archetypes][serialise]") {
    struct Row {
        const char* code;
        const char* prefix;
        const char* expected;
    };
    const Row rows[] = {
        {"at0000", "id", "id1"},       {"at0001", "id", "id2"},     {"at0009", "id", "id10"},
        {"at1015", "at", "at1016"},    {"at0005", "at", "at6"},     {"ac0001", "ac", "ac2"},
        {"ac0000", "ac", "ac1"},       {"at0000.1", "id", "id1.1"}, {"at0001.1.2", "id", "id2.1.2"},
        {"at0.1", "id", "id0.1"},      {"at0.0.3", "id", "id0.0.3"}, {"id5", "id", "id5"},
        {"at", "id", "at"},            {"atx1", "id", "atx1"},      {"SNOMED", "id", "SNOMED"},
    };
    for (const auto& r : rows) {
        INFO(r.code);
        CHECK(adl::ConvertAdl14Code(r.code, r.prefix) == r.expected);
    }
    CHECK(adl::ConvertAdl14Path("/data[at0001]/events[at0002]/data") == "/data[id2]/events[id3]/data");
    CHECK(adl::ConvertAdl14Path("/items[at0004, 'Systolic']/value") == "/items[id5, 'Systolic']/value");
    CHECK(adl::ConvertAdl14Path("/content[openEHR-EHR-OBSERVATION.x.v1]") == "/content[openEHR-EHR-OBSERVATION.x.v1]");
    CHECK(adl::ConvertAdl14Path("archetype_id/value") == "archetype_id/value");
}

TEST_CASE("an ADL 2 archetype with every constraint kind is written and read back equal", "[archetypes][serialise]") {
    auto a = ParseOne(kAdl2, "everything.adls");
    std::string text = serialise::WriteAdl2(*a);
    auto b = ParseOne(text, "everything.adls");
    auto diff = aom::FirstDifference(*a, *b);
    INFO(text);
    CHECK(!diff);
    // Written again, the text is stable.
    CHECK(serialise::WriteAdl2(*b) == text);
    // The forms the writer chose for the tricky cases.
    CHECK(text.find("[value, symbol] matches {") != std::string::npos);
    CHECK(text.find("[{1}, {[at1]}]") != std::string::npos);
    CHECK(text.find("\t[ac1]\n") != std::string::npos);
    CHECK(text.find("^a/b^") != std::string::npos);
    CHECK(text.find("|>0.0..<100.5|") != std::string::npos);
    CHECK(text.find("allow_archetype CLUSTER[id22] closed") != std::string::npos);
    CHECK(text.find("after[id5] ELEMENT[id0.6]") != std::string::npos);
    CHECK(text.find("/data[id2]/events[id3]/data[id4]/items matches {") != std::string::npos);
    // a one-segment differential path keeps its '/' (the root, "/"): VDIFP tells it from a
    // plain attribute
    CHECK(text.find("\t/guideline_id existence matches {0..1}") != std::string::npos);
    const aom::CAttribute* guideline = a->definition->FindAttribute("guideline_id");
    REQUIRE(guideline);
    CHECK(guideline->differential_path == "/");
    CHECK(a->definition->FindAttribute("state")->differential_path.empty());
    CHECK(text.find("\t$x:Integer ::= ") != std::string::npos);
    CHECK(text.find("|*..10|; 5") != std::string::npos);
    CHECK(text.find("True, False; False") != std::string::npos);
    CHECK(text.find("1.5, 2.0; 2.0") != std::string::npos);
}

TEST_CASE("the AOM diff names the first difference and where it is", "[archetypes][serialise]") {
    auto a = ParseOne(kAdl2, "everything.adls");
    auto b = ParseOne(kAdl2, "everything.adls");
    CHECK(!aom::FirstDifference(*a, *b));
    aom::CObject* element = const_cast<aom::CObject*>(At(*b->definition, {{"protocol", 0}, {"items", 0}}));
    REQUIRE(element != nullptr);
    element->occurrences->upper = 5;
    auto d = aom::FirstDifference(*a, *b);
    REQUIRE(d);
    CHECK(*d == "/protocol[id8]/items[id9] occurrences: 0..* vs 0..5");

    auto c = ParseOne(kAdl2, "everything.adls");
    c->rules[1].operands[0].text = "and_not";
    d = aom::FirstDifference(*a, *c);
    REQUIRE(d);
    CHECK(d->rfind("rules[1]", 0) == 0);

    auto e = ParseOne(kAdl2, "everything.adls");
    e->description->children[1].children[0].atoms[0].text = "someone else";
    d = aom::FirstDifference(*a, *e);
    REQUIRE(d);
    CHECK(d->rfind("description/original_author/[name]/atom", 0) == 0);
}

TEST_CASE("an ADL 1.4 archetype converts to ADL 2 codes, keeps its old codes and round-trips", "[archetypes][serialise]") {
    auto a = ParseOne(kAdl14, "conv.adl");
    REQUIRE_FALSE(a->is_adl2);
    adl::ConvertAdl14ToAdl2(*a);
    CHECK(a->is_adl2);
    CHECK(a->adl_version == "2.0.6");
    CHECK(a->concept_code.empty());
    const aom::CObject& root = *a->definition;
    CHECK(root.node_id == "id1");
    CHECK(root.original_node_id == "at0000");
    const aom::CObject* history = At(root, {{"data", 0}});
    REQUIRE(history);
    CHECK(history->node_id == "id2");
    CHECK(history->path == "/data[id2]");
    const aom::CObject* items = At(root, {{"data", 0}, {"events", 0}, {"data", 0}});
    REQUIRE(items);
    CHECK(items->path == "/data[id2]/events[id3]/data[id4]");
    const aom::CObject* coded = At(*items, {{"items", 0}, {"value", 0}, {"defining_code", 0}});
    REQUIRE(coded);
    REQUIRE(coded->code_phrase());
    CHECK(coded->code_phrase()->code_list == std::vector<std::string>{"at6", "at7"});
    CHECK(coded->code_phrase()->assumed_value == "at6");
    CHECK(coded->rm_type_name == "TERMINOLOGY_CODE");
    // Ordinals and quantities are ADL 2 constraints now: a [value, symbol] tuple, attributes.
    const aom::CObject* ordinal = At(*items, {{"items", 1}, {"value", 0}});
    REQUIRE(ordinal);
    CHECK(ordinal->kind == aom::CObjectKind::kComplexObject);
    CHECK(ordinal->rm_type_name == "DV_ORDINAL");
    REQUIRE(ordinal->tuples.size() == 1);
    CHECK(ordinal->tuples[0].members == std::vector<std::string>{"value", "symbol"});
    const aom::CObject* symbol = At(*ordinal, {{"symbol", 1}});
    REQUIRE(symbol);
    REQUIRE(symbol->code_phrase());
    CHECK(symbol->code_phrase()->code_list == std::vector<std::string>{"at10"});
    const aom::CObject* quantity = At(*items, {{"items", 3}, {"value", 0}});
    REQUIRE(quantity);
    CHECK(quantity->kind == aom::CObjectKind::kComplexObject);
    REQUIRE(At(*quantity, {{"units", 0}}));
    CHECK(At(*quantity, {{"units", 0}})->primitive() != nullptr);
    CHECK(At(*quantity, {{"property", 0}})->code_phrase()->terminology_id == "openehr");
    const aom::CObject* ac = At(*items, {{"items", 2}, {"value", 0}, {"defining_code", 0}});
    REQUIRE(ac);
    REQUIRE(ac->code_phrase());
    CHECK(ac->code_phrase()->code_list == std::vector<std::string>{"ac2"});
    const aom::CObject* ref = At(root, {{"protocol", 0}});
    REQUIRE(ref);
    CHECK(ref->internal_ref()->target_path == "/data[id2]/events[id3]/data[id4]");
    CHECK(a->rules[0].operands[0].text == "/data[id2]/events[id3]");
    CHECK(a->adl14_codes.at("id2") == "at0001");
    CHECK(a->adl14_codes.at("at6") == "at0005");
    CHECK(a->adl14_codes.at("ac2") == "ac0001");
    const auto& en = a->terminology.term_definitions.at("en");
    CHECK(en.count("id1") == 1);
    CHECK(en.count("id2") == 1);
    CHECK(en.count("at6") == 1);
    CHECK(en.count("ac2") == 1);
    CHECK(a->terminology.constraint_definitions.empty());
    const auto& snomed = a->terminology.term_bindings.at("SNOMED-CT");
    CHECK(snomed.at("at6") == "SNOMED-CT::373066001");
    CHECK(snomed.at("/data[id2]/events[id3]") == "SNOMED-CT::1");

    std::string text = serialise::WriteAdl2(*a);
    CHECK(text.find("C_DV_QUANTITY") == std::string::npos);
    CHECK(text.find("[value, symbol] matches {") != std::string::npos);
    CHECK(text.find("\t|0.0..<1000.0|\n") != std::string::npos);
    auto b = ParseOne(text, "conv.adls");
    auto diff = aom::FirstDifference(*a, *b);
    INFO(text);
    CHECK(!diff);
    CHECK(b->is_adl2);
}

TEST_CASE("the AOM JSON is JSON in the documented shape", "[archetypes][serialise]") {
    auto a = ParseOne(kAdl2, "everything.adls");
    auto c = ParseOne(kAdl14, "conv.adl");
    adl::ConvertAdl14ToAdl2(*c);
    simdjson::dom::parser parser;
    for (const aom::Archetype* arch : {a.get(), c.get()}) {
        std::string json = serialise::WriteAomJson(*arch);
        simdjson::dom::element doc;
        auto err = parser.parse(json).get(doc);
        INFO(json);
        REQUIRE(!err);
        CHECK(std::string_view(doc["_type"].get_string().value()) == "ARCHETYPE");
        CHECK(std::string_view(doc["archetype_id"]["value"].get_string().value()) == arch->archetype_id);
        CHECK(std::string_view(doc["definition"]["_type"].get_string().value()) == "C_COMPLEX_OBJECT");
        CHECK(std::string_view(doc["definition"]["node_id"].get_string().value()) == arch->definition->node_id);
        CHECK(doc["terminology"]["term_definitions"]["en"].is_object());
    }
    std::string json = serialise::WriteAomJson(*c);
    simdjson::dom::element doc;
    REQUIRE(!parser.parse(json).get(doc));
    CHECK(std::string_view(doc["adl14_codes"]["id2"].get_string().value()) == "at0001");
    CHECK(std::string_view(doc["definition"]["original_node_id"].get_string().value()) == "at0000");
    auto data = doc["definition"]["attributes"].at(0);
    CHECK(std::string_view(data["_type"].get_string().value()) == "C_SINGLE_ATTRIBUTE");
    CHECK(std::string_view(data["rm_attribute_name"].get_string().value()) == "data");
}

}  // namespace kjerne::test
