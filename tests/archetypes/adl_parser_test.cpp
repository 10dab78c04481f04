// tests/archetypes/adl_parser_test.cpp
//
// The ADL parser on small texts (every construct, ADL 1.4 and ADL 2), on a real CKM
// archetype, on a table of syntax errors (file:line:col and what was expected), and on
// garbage: random bytes, truncated files, unbalanced braces, a 1 MB identifier, deep nesting
// — errors, never a crash or a hang (this suite also runs under ASan: label asan).
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "archetypes/adl/adl_parser.hpp"
#include "archetypes/validity/validator.hpp"
#include "tests/archetypes/lint_support.hpp"

namespace kjerne::test {

namespace {

using archetypes::aom::CObject;
using archetypes::aom::CObjectKind;
namespace adl = archetypes::adl;

const char* kAdl14 = R"ADL(archetype (adl_version=1.4; uid=1811b084-29c0-4bec-bde3-c70b7a5bc28e)
	openEHR-EHR-OBSERVATION.test.v1

concept
	[at0000]	-- Test
language
	original_language = <[ISO_639-1::en]>
description
	original_author = <
		["name"] = <"A. Author">
	>
	lifecycle_state = <"AuthorDraft">
	details = <
		["en"] = <
			language = <[ISO_639-1::en]>
			purpose = <"Testing">
			keywords = <"a", "b", ...>
			misuse = <"">
		>
	>
definition
	OBSERVATION[at0000] matches {	-- Test
		data matches {
			HISTORY[at0001] matches {
				events cardinality matches {1..*; unordered} matches {
					EVENT[at0002] occurrences matches {0..*} matches {
						data matches {
							ITEM_TREE[at0003] matches {
								items cardinality matches {0..*; unordered} matches {
									ELEMENT[at0004] occurrences matches {0..1} matches {
										value matches {
											C_DV_QUANTITY <
												property = <[openehr::125]>
												list = <
													["1"] = <
														units = <"mm[Hg]">
														magnitude = <|0.0..<1000.0|>
														precision = <|0|>
													>
												>
											>
										}
									}
									ELEMENT[at0005] occurrences matches {0..1} matches {
										value matches {
											0|[local::at0006],
											1|[local::at0007]
										}
									}
									ELEMENT[at0008] matches {
										value matches {
											DV_CODED_TEXT matches {
												defining_code matches {
													[local::
													at0006, 	-- first
													at0007]	-- second
												}
											}
										}
									}
									ELEMENT[at0009] matches {
										value matches {
											DV_DATE_TIME matches {
												value matches {yyyy-mm-ddTHH:MM:??}
											}
										}
									}
									ELEMENT[at0010] matches {
										value matches {
											DV_DURATION matches {
												value matches {|PT0S..PT1H|}
											}
										}
									}
									ELEMENT[at0011] matches {
										value matches {
											DV_TEXT matches {
												value matches {"x", "y"; "x"}
											}
											DV_CODED_TEXT matches {
												defining_code matches {[ac0001]}
											}
										}
									}
									ELEMENT[at0012] matches {
										value matches {
											DV_COUNT matches {
												magnitude matches {|0..100|}
											}
											DV_BOOLEAN matches {
												value matches {True}
											}
											DV_URI matches {
												value matches {/https?:\/\/.*/}
											}
										}
									}
									allow_archetype CLUSTER[at0013] occurrences matches {0..*} matches {
										include
											archetype_id/value matches {/openEHR-EHR-CLUSTER\.device(-[a-zA-Z0-9_]+)*\.v1/}
										exclude
											archetype_id/value matches {/.*/}
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
ontology
	terminologies_available = <"SNOMED-CT", ...>
	term_definitions = <
		["en"] = <
			items = <
				["at0000"] = <text = <"Test"> description = <"d">>
				["at0001"] = <text = <"History"> description = <"d">>
				["at0002"] = <text = <"Any event"> description = <"d">>
				["at0003"] = <text = <"Tree"> description = <"d">>
				["at0004"] = <text = <"Systolic"> description = <"d">>
				["at0005"] = <text = <"Ordinal"> description = <"d">>
				["at0006"] = <text = <"One"> description = <"d">>
				["at0007"] = <text = <"Two"> description = <"d">>
				["at0008"] = <text = <"Coded"> description = <"d">>
				["at0009"] = <text = <"When"> description = <"d">>
				["at0010"] = <text = <"How long"> description = <"d">>
				["at0011"] = <text = <"Text"> description = <"d">>
				["at0012"] = <text = <"Count"> description = <"d">>
				["at0013"] = <text = <"Device"> description = <"d">>
			>
		>
	>
	constraint_definitions = <
		["en"] = <
			items = <
				["ac0001"] = <text = <"Any problem"> description = <"d">>
			>
		>
	>
	term_bindings = <
		["SNOMED-CT"] = <
			items = <
				["at0004"] = <[SNOMED-CT::271649006]>
			>
		>
	>
)ADL";

const char* kAdl2 = R"ADL(archetype (adl_version=2.0.5; rm_release=1.0.2; generated)
	openEHR-EHR-OBSERVATION.test2.v1.0.0

language
	original_language = <[ISO_639-1::en]>

description
	original_author = <["name"] = <"X">>
	details = <["en"] = <language = <[ISO_639-1::en]> purpose = <"p">>>
	lifecycle_state = <"unmanaged">

definition
	OBSERVATION[id1] matches {
		data matches {
			HISTORY[id2] matches {
				events matches {
					EVENT[id3] matches {
						data matches {
							ITEM_TREE[id4] matches {
								items matches {
									ELEMENT[id5] occurrences matches {0..1} matches {
										value matches {
											DV_ORDINAL[id6] matches {
												[value, symbol] matches {
													[{0}, {[at1]}],
													[{1}, {[at2]}]
												}
											}
										}
									}
									ELEMENT[id7] matches {
										value matches {
											DV_CODED_TEXT[id8] matches {
												defining_code matches {[ac1; at1]}
											}
										}
									}
									use_archetype CLUSTER[id9, openEHR-EHR-CLUSTER.device.v1] occurrences matches {0..1}
									ELEMENT[id10] matches {
										value matches {
											DV_DURATION[id11] matches {
												value matches {PDTH/|PT0S..PT10H|}
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}

rules
	$sum:Integer ::= /data[id2]/events[id3]/data[id4]/items[id5]/value/value
	check: exists /data[id2]/events[id3]/data[id4]/items[id7] implies $sum + 1 > 0 and not (1 = 2)
	for_all $e in /data[id2]/events | exists $e/data

terminology
	term_definitions = <
		["en"] = <
			["id1"] = <text = <"Test"> description = <"d">>
			["id3"] = <text = <"Any event"> description = <"d">>
			["id5"] = <text = <"Ordinal"> description = <"d">>
			["id7"] = <text = <"Coded"> description = <"d">>
			["id9"] = <text = <"Device"> description = <"d">>
			["id10"] = <text = <"Duration"> description = <"d">>
			["at1"] = <text = <"One"> description = <"d">>
			["at2"] = <text = <"Two"> description = <"d">>
			["ac1"] = <text = <"Set"> description = <"d">>
		>
	>
	value_sets = <
		["ac1"] = <id = <"ac1"> members = <"at1", "at2">>
	>
	term_bindings = <
		["snomed"] = <["id5"] = <http://snomed.info/id/123456>>
	>
)ADL";

const CObject* Find(const CObject& o, std::string_view path) {
    if (o.path == path) return &o;
    for (const auto& a : o.attributes)
        for (const auto& c : a.children)
            if (const CObject* f = Find(*c, path)) return f;
    return nullptr;
}

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("ADL 1.4: header, ODIN sections, every cADL construct, ontology", "[archetypes][adl]") {
    auto r = adl::ParseAdl(kAdl14, "test.adl");
    INFO((r.ok() ? "" : r.error().ToString()));
    REQUIRE(r.ok());
    const auto& a = *r->artefacts.at(0);
    CHECK_FALSE(a.is_adl2);
    CHECK(a.adl_version == "1.4");
    CHECK(a.uid == "1811b084-29c0-4bec-bde3-c70b7a5bc28e");
    CHECK(a.archetype_id == "openEHR-EHR-OBSERVATION.test.v1");
    CHECK(a.concept_code == "at0000");
    CHECK(a.original_language == "en");
    REQUIRE(a.description);
    CHECK(a.description->Get("details")->Get("en")->Get("keywords")->atoms.size() == 2);
    CHECK(a.description->Get("lifecycle_state")->Text() == "AuthorDraft");
    const CObject& root = *a.definition;
    CHECK(root.rm_type_name == "OBSERVATION");
    CHECK(root.path == "/");
    CHECK(root.line == 22);

    const CObject* q = Find(root, "/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value");
    REQUIRE(q);
    REQUIRE(q->quantity());
    CHECK(q->quantity()->property->code_string == "125");
    REQUIRE(q->quantity()->list.size() == 1);
    CHECK(q->quantity()->list[0].units == "mm[Hg]");
    CHECK(*q->quantity()->list[0].magnitude->upper == 1000.0);
    CHECK_FALSE(q->quantity()->list[0].magnitude->upper_included);

    const CObject* ord = Find(root, "/data[at0001]/events[at0002]/data[at0003]/items[at0005]/value");
    REQUIRE(ord);
    REQUIRE(ord->ordinal());
    REQUIRE(ord->ordinal()->list.size() == 2);
    CHECK(ord->ordinal()->list[1].symbol.code_string == "at0007");

    const CObject* slot = Find(root, "/data[at0001]/events[at0002]/data[at0003]/items[at0013]");
    REQUIRE(slot);
    CHECK(slot->kind == CObjectKind::kArchetypeSlot);
    REQUIRE(slot->slot()->includes.size() == 1);
    CHECK(slot->slot()->includes[0] == "openEHR-EHR-CLUSTER\\.device(-[a-zA-Z0-9_]+)*\\.v1");
    CHECK(slot->slot()->excludes == std::vector<std::string>{".*"});

    const CObject* ref = Find(root, "/protocol");
    REQUIRE(ref);
    REQUIRE(ref->internal_ref());
    CHECK(ref->internal_ref()->target_path == "/data[at0001]/events[at0002]/data[at0003]");

    CHECK(a.terminology.FindTerm("at0004", "en")->text() == "Systolic");
    CHECK(a.terminology.FindConstraint("ac0001") != nullptr);
    CHECK(a.terminology.term_bindings.at("SNOMED-CT").at("at0004") == "SNOMED-CT::271649006");

    // clean under the validity rules
    auto findings = archetypes::validity::Validate(a, "test.adl");
    std::string listed;
    for (const auto& f : findings) listed += f.issue.code + " " + f.issue.message + "; ";
    INFO(listed);
    CHECK(findings.empty());
}

TEST_CASE("ADL 1.4: primitives and code phrases", "[archetypes][adl]") {
    auto r = adl::ParseAdl(kAdl14, "test.adl");
    REQUIRE(r.ok());
    const CObject& root = *r->artefacts[0]->definition;
    const std::string items = "/data[at0001]/events[at0002]/data[at0003]/items";
    const CObject* cp = Find(root, items + "[at0008]/value/defining_code");
    REQUIRE(cp);
    REQUIRE(cp->code_phrase());
    CHECK(cp->code_phrase()->terminology_id == "local");
    CHECK(cp->code_phrase()->code_list == std::vector<std::string>{"at0006", "at0007"});
    const CObject* dt = Find(root, items + "[at0009]/value/value");
    REQUIRE(dt);
    REQUIRE(std::holds_alternative<archetypes::aom::CDateTime>(*dt->primitive()));
    CHECK(*std::get<archetypes::aom::CDateTime>(*dt->primitive()).pattern == "yyyy-mm-ddTHH:MM:??");
    const CObject* dur = Find(root, items + "[at0010]/value/value");
    REQUIRE(dur);
    CHECK(*std::get<archetypes::aom::CDuration>(*dur->primitive()).range->upper == "PT1H");
    const auto& text_attr = Find(root, items + "[at0011]")->attributes.at(0);
    REQUIRE(text_attr.children.size() == 2);
    const CObject* str = text_attr.children[0]->attributes.at(0).children.at(0).get();
    CHECK(std::get<archetypes::aom::CString>(*str->primitive()).list == std::vector<std::string>{"x", "y"});
    CHECK(text_attr.children[1]->attributes.at(0).children.at(0)->constraint_ref()->reference == "ac0001");
    const auto& alts = Find(root, items + "[at0012]")->attributes.at(0).children;
    REQUIRE(alts.size() == 3);
    CHECK(std::get<archetypes::aom::CInteger>(*alts[0]->attributes[0].children[0]->primitive()).range->upper == 100);
    CHECK(std::get<archetypes::aom::CBoolean>(*alts[1]->attributes[0].children[0]->primitive()).false_valid == false);
    CHECK(*std::get<archetypes::aom::CString>(*alts[2]->attributes[0].children[0]->primitive()).pattern ==
          "https?:\\/\\/.*");
}

TEST_CASE("ADL 2: id-codes, tuples, use_archetype, rules, value sets, URI bindings", "[archetypes][adl]") {
    auto r = adl::ParseAdl(kAdl2, "test2.adls");
    INFO((r.ok() ? "" : r.error().ToString()));
    REQUIRE(r.ok());
    const auto& a = *r->artefacts.at(0);
    CHECK(a.is_adl2);
    CHECK(a.is_generated);
    CHECK(a.rm_release == "1.0.2");
    const CObject& root = *a.definition;
    const std::string items = "/data[id2]/events[id3]/data[id4]/items";
    const CObject* ord = Find(root, items + "[id5]/value[id6]");
    REQUIRE(ord);
    REQUIRE(ord->tuples.size() == 1);
    CHECK(ord->tuples[0].members == std::vector<std::string>{"value", "symbol"});
    CHECK(ord->tuples[0].tuples.size() == 2);
    CHECK(ord->FindAttribute("value")->children.size() == 2);
    const CObject* code = Find(root, items + "[id7]/value[id8]/defining_code");
    REQUIRE(code);
    CHECK(code->code_phrase()->code_list == std::vector<std::string>{"ac1"});
    CHECK(*code->code_phrase()->assumed_value == "at1");
    const CObject* use = Find(root, items + "[id9]");
    REQUIRE(use);
    CHECK(use->kind == CObjectKind::kArchetypeRoot);
    CHECK(use->archetype_id == "openEHR-EHR-CLUSTER.device.v1");
    const CObject* dur = Find(root, items + "[id10]/value[id11]/value");
    REQUIRE(dur);
    const auto& d = std::get<archetypes::aom::CDuration>(*dur->primitive());
    CHECK(*d.pattern == "PDTH");
    CHECK(*d.range->upper == "PT10H");
    REQUIRE(a.rules.size() == 3);
    CHECK(a.rules[0].kind == archetypes::aom::ExprKind::kDeclaration);
    CHECK(a.rules[1].tag == "check");
    CHECK(a.rules[1].text == "implies");
    CHECK(a.rules[2].kind == archetypes::aom::ExprKind::kForAll);
    CHECK(a.value_sets.at("ac1") == std::vector<std::string>{"at1", "at2"});
    CHECK(a.terminology.term_bindings.at("snomed").at("id5") == "http://snomed.info/id/123456");
    auto findings = archetypes::validity::Validate(a, "test2.adls");
    std::string listed;
    for (const auto& f : findings) listed += f.issue.code + " " + f.issue.message + "; ";
    INFO(listed);
    CHECK(findings.empty());
}

TEST_CASE("a CKM archetype: blood pressure v2", "[archetypes][adl]") {
    auto path = ArchetypeCorpus() / "adl14/entry/observation/openEHR-EHR-OBSERVATION.blood_pressure.v2.adl";
    auto r = adl::ParseAdlFile(path);
    REQUIRE(r.ok());
    const auto& a = *r->artefacts[0];
    CHECK(a.archetype_id == "openEHR-EHR-OBSERVATION.blood_pressure.v2");
    const CObject* sys = Find(*a.definition, "/data[at0001]/events[at0006]/data[at0003]/items[at0004]");
    REQUIRE(sys);
    CHECK(sys->rm_type_name == "ELEMENT");
    CHECK(a.terminology.FindTerm("at0004", "en")->text() == "Systolic");
    CHECK(a.language->Get("translations")->children.size() >= 4);
}

TEST_CASE("syntax errors name file:line:col and what was expected", "[archetypes][adl]") {
    struct Case {
        const char* text;
        uint32_t line, col;
        const char* message_part;
    };
    const Case cases[] = {
        {"", 1, 1, "expected 'archetype'"},
        {"archetype\n", 2, 1, "expected an archetype id"},
        {"archetype (adl_version=1.4\n\topenEHR-EHR-OBSERVATION.x.v1", 2, 2, "expected ';' or ')'"},
        {"archetype openEHR-EHR-OBSERVATION.x.v1\nconcept\n\t[at0000]\nfoo", 4, 1, "expected a section"},
        {"archetype x\ndefinition\n\tOBSERVATION[at0000] matches {\n\t\tdata matches {\n", 5, 1,
         "expected '}' closing the attribute's constraints, found end of file"},
        {"archetype x\ndefinition\n\tOBSERVATION[at0000] occurrences {0..1}", 3, 34, "expected 'matches' after occurrences"},
        {"archetype x\ndefinition\n\tELEMENT[at1] matches {\n\t\tvalue matches {|0..|}\n\t}", 4, 18, "malformed"},
        {"archetype x\ndefinition\n\tELEMENT[at1] matches {\n\t\tvalue matches {\"abc}\n\t}", 4, 18, "unterminated string"},
        {"archetype x\ndescription\n\ta = <\"x\"\ndefinition\n\tELEMENT[at1]", 4, 1, "expected '>'"},
        {"archetype x\ndescription\n\ta = <[\"k\"] = <1> ] \ndefinition\n\tELEMENT[at1]", 3, 19, "expected '>'"},
        {"archetype x\ndefinition\n\tELEMENT[at1] matches {\n\t\tvalue cardinality matches {0..*; sorted} matches {*}\n\t}",
         4, 36, "expected ordered, unordered or unique"},
        {"archetype x\ndefinition\n\tCLUSTER[at1] matches {\n\t\titems matches {\n\t\t\tallow_archetype CLUSTER[at2] "
         "matches {\n\t\t\t\tarchetype_id/value matches {/a/}\n",
         6, 5, "expected 'include', 'exclude' or '}'"},
        {"archetype x\ndefinition\n\tCLUSTER[at1]\nrules\n\t/a/b matches {/x/} implies", 5, 28, "expected an expression"},
    };
    for (const auto& c : cases) {
        auto r = adl::ParseAdl(c.text, "case.adl");
        INFO("text: " << c.text);
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().issues().size() == 1);
        const Issue& issue = r.error().issues()[0];
        INFO("got " << issue.pos->line << ":" << issue.pos->col << " " << issue.message);
        CHECK(issue.code == "ADL_SYNTAX");
        CHECK(issue.pos->file == "case.adl");
        CHECK(issue.pos->line == c.line);
        CHECK(issue.pos->col == c.col);
        CHECK(issue.message.find(c.message_part) != std::string::npos);
    }
}

TEST_CASE("an empty typed dADL block is SDINV; the untyped ADL 1.4 domain-type block may be empty", "[archetypes][adl]") {
    const char* typed =
        "archetype x\ndefinition\n\tELEMENT[at1] matches {\n\t\tvalue matches {\n\t\t\t(C_DV_QUANTITY) <\n\t\t\t>\n\t\t}\n\t}";
    auto r = adl::ParseAdl(typed, "case.adl");
    REQUIRE_FALSE(r.ok());
    const Issue& issue = r.error().issues().at(0);
    CHECK(issue.code == "SDINV");
    CHECK(issue.pos->line == 5);
    CHECK(issue.pos->col == 4);
    // the CKM's legacy form: "any quantity"
    const char* untyped =
        "archetype x\ndefinition\n\tELEMENT[at1] matches {\n\t\tvalue matches {\n\t\t\tC_DV_QUANTITY <\n\t\t\t>\n\t\t}\n\t}";
    auto u = adl::ParseAdl(untyped, "case.adl");
    REQUIRE(u.ok());
}

TEST_CASE("garbage gives errors, never a crash or a hang", "[archetypes][adl][robustness]") {
    std::mt19937 rng(42);
    // random bytes
    for (int i = 0; i < 200; ++i) {
        std::string s(rng() % 2000, '\0');
        for (char& ch : s) ch = static_cast<char>(rng() & 0xFF);
        (void)adl::ParseAdl(s, "random.adl");
    }
    // truncations and byte mutations of real archetypes
    std::string bp = ReadFile(ArchetypeCorpus() / "adl14/entry/observation/openEHR-EHR-OBSERVATION.blood_pressure.v2.adl");
    std::string bp2 = ReadFile(ArchetypeCorpus() / "adl2/ckm_2013_12_09/entry/observation/openEHR-EHR-OBSERVATION.blood_pressure.v1.0.0.adls");
    for (const std::string* src : {&bp, &bp2}) {
        REQUIRE(src->size() > 1000);
        for (size_t cut = 0; cut < src->size(); cut += 97) {
            auto r = adl::ParseAdl(std::string_view(*src).substr(0, cut), "cut.adl");
            if (!r.ok()) CHECK(r.error().issues().at(0).pos->line >= 1);
        }
        const char alphabet[] = "{}<>[]|\"'/\\-.,;:=*0aZ \n";
        for (int i = 0; i < 300; ++i) {
            std::string m = *src;
            for (int k = 0; k < 3; ++k) m[rng() % m.size()] = alphabet[rng() % (sizeof alphabet - 1)];
            (void)adl::ParseAdl(m, "mutated.adl");
        }
    }
    // unbalanced braces, deep nesting, a 1 MB identifier
    CHECK_FALSE(adl::ParseAdl("archetype x\ndefinition\n\tELEMENT[at1] matches {{{{{{", "b.adl").ok());
    CHECK_FALSE(adl::ParseAdl("archetype x\ndefinition\n\tELEMENT[at1] matches {}}}}}", "b.adl").ok());
    std::string deep = "archetype x\ndefinition\n\tCLUSTER[at1] matches {";
    for (int i = 0; i < 100000; ++i) deep += "items matches {CLUSTER matches {";
    auto r = adl::ParseAdl(deep, "deep.adl");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().issues()[0].message.find("nesting") != std::string::npos);
    std::string odin_deep = "archetype x\ndescription\n\ta = ";
    for (int i = 0; i < 100000; ++i) odin_deep += "<b = ";
    CHECK_FALSE(adl::ParseAdl(odin_deep, "deep.adl").ok());
    std::string rules_deep = "archetype x\ndefinition\n\tCLUSTER[at1]\nrules\n\t";
    for (int i = 0; i < 100000; ++i) rules_deep += "(";
    CHECK_FALSE(adl::ParseAdl(rules_deep, "deep.adl").ok());
    std::string big = "archetype " + std::string(1 << 20, 'a') + "\ndefinition\n\t" + std::string(1 << 20, 'B') +
                      "[at1] matches {*}";
    auto big_r = adl::ParseAdl(big, "big.adl");
    CHECK(big_r.ok());  // long, but well-formed
    // 200 000 objects on one line: positions stay linear, no quadratic column counting
    std::string one_line = "archetype x definition CLUSTER[at1] matches { items matches {";
    for (int i = 0; i < 200000; ++i) one_line += " ELEMENT[at2] matches {*}";
    one_line += " } }";
    auto line_r = adl::ParseAdl(one_line, "line.adl");
    REQUIRE(line_r.ok());
    CHECK(line_r->artefacts[0]->definition->attributes[0].children.back()->col > 4000000);
}

}  // namespace kjerne::test
