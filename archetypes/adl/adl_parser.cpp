// archetypes/adl/adl_parser.cpp
//
// The top level of an ADL file: artefact header `archetype (adl_version=…; uid=…) id`
// (or template / template_overlay / operational_template), then the sections in order —
// specialise/specialize, concept (1.4), language, description, definition, invariant/rules,
// ontology/terminology, annotations, rm_overlay, component_terminologies, revision_history.
// A template file continues with its overlays (separated by a `----` comment line). The
// ODIN terminology is interpreted into aom::ArchetypeTerminology (ADL 1.4 `items` level or
// ADL 2 direct codes), value sets and term bindings.
#include "archetypes/adl/adl_parser.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include "archetypes/adl/parser.hpp"
#include "engine/common/file.hpp"

namespace kjerne::archetypes::adl {

using aom::Archetype;
using aom::OdinValue;

namespace {

bool IsIdChar(char c) { return !Scanner::IsSpace(c) && c != '{' && c != '}'; }

void FixLinks(aom::CObject& obj, const aom::CObject* root) {
    const aom::CObject* my_root = obj.kind == aom::CObjectKind::kArchetypeRoot ? &obj : root;
    obj.archetype_root = my_root;
    for (auto& attr : obj.attributes) {
        attr.parent = &obj;
        for (auto& child : attr.children) {
            child->parent = &attr;
            FixLinks(*child, my_root);
        }
    }
}

void ReadTerms(const OdinValue& lang_block, aom::TermTable& table) {
    const OdinValue* items = lang_block.Get("items");
    const OdinValue& src = items && items->is_object ? *items : lang_block;
    for (const auto& term : src.children) {
        aom::ArchetypeTerm t;
        t.code = term.key;
        for (const auto& item : term.children) t.items[item.key] = std::string(item.Text());
        table[term.key] = std::move(t);
    }
}

}  // namespace

std::unique_ptr<Archetype> Parser::ParseArtefact() {
    auto a = std::make_unique<Archetype>();
    s_.SkipWs();
    if (s_.TryKeyword("archetype")) a->artefact_type = "archetype";
    else if (s_.TryKeyword("template_overlay")) a->artefact_type = "template_overlay";
    else if (s_.TryKeyword("template")) a->artefact_type = "template";
    else if (s_.TryKeyword("operational_template")) a->artefact_type = "operational_template";
    else s_.Fail("'archetype', 'template', 'template_overlay' or 'operational_template'");
    if (a->artefact_type != "archetype") adl2_ = true;
    if (s_.TryChar('(')) ParseHeaderMeta(*a);
    // adl_version 1.4 (and older) is the at-code syntax; 1.5 onwards (ADL 2 drafts) uses id-codes
    if (!a->adl_version.empty()) adl2_ = !(a->adl_version.rfind("1.4", 0) == 0 || a->adl_version.rfind("1.3", 0) == 0 ||
                                           a->adl_version.rfind("1.2", 0) == 0);
    a->is_adl2 = adl2_;
    s_.SkipWs();
    s_.LineCol(s_.offset(), a->id_pos.line, a->id_pos.col);
    std::string_view id = s_.RawWhile(IsIdChar);
    if (id.empty()) s_.Fail("an archetype id");
    a->archetype_id = std::string(id);
    a->terminology.archetype_id = a->archetype_id;

    // ADL grammar order of the sections; one out of order is a syntax error (SADF when the
    // definition comes after the terminology).
    int last_rank = 0;
    size_t last_terminology = std::string_view::npos;
    auto order = [&](int rank, size_t at, std::string_view name) {
        if (rank < last_rank) {
            bool sadf = name == "definition" && last_terminology != std::string_view::npos;
            s_.FailAt(at, "section '" + std::string(name) + "' out of order (ADL order: specialise, concept, language, "
                          "description, definition, rules, terminology, annotations, ...)", sadf ? "SADF" : nullptr);
        }
        last_rank = rank;
    };
    for (;;) {
        s_.SkipWs();
        if (s_.AtEnd()) break;
        size_t section_at = s_.offset();
        {
            static constexpr std::pair<std::string_view, int> kRanks[] = {
                {"specialise", 1}, {"specialize", 1}, {"concept", 2}, {"language", 3}, {"description", 4},
                {"definition", 5}, {"rules", 6}, {"invariant", 6}, {"terminology", 7}, {"ontology", 7},
                {"annotations", 8}, {"rm_overlay", 9}, {"component_terminologies", 10}, {"revision_history", 11}};
            for (const auto& [kw, rank] : kRanks) {
                if (s_.PeekKeyword(kw)) {
                    order(rank, section_at, kw);
                    if (rank == 7) last_terminology = section_at;
                    break;
                }
            }
        }
        if (s_.PeekKeyword("template_overlay") || s_.PeekKeyword("archetype") || s_.PeekKeyword("template") ||
            s_.PeekKeyword("operational_template"))
            break;
        if (s_.TryKeyword("specialise") || s_.TryKeyword("specialize")) {
            s_.SkipWs();
            std::string_view pid = s_.RawWhile(IsIdChar);
            if (pid.empty()) s_.Fail("the parent archetype id");
            a->parent_archetype_id = std::string(pid);
        } else if (s_.TryKeyword("concept")) {
            s_.Expect('[', "'[' and the concept code");
            a->concept_code = std::string(Trim(s_.Until(']', "concept code")));
        } else if (s_.TryKeyword("language")) {
            a->language = ParseOdinAttrList();
            if (const auto* ol = a->language->Get("original_language")) {
                std::string_view t = ol->Text();
                size_t sep = t.find("::");
                a->original_language = std::string(sep == std::string_view::npos ? t : t.substr(sep + 2));
            }
        } else if (s_.TryKeyword("description")) {
            a->description = ParseOdinAttrList();
        } else if (s_.TryKeyword("definition")) {
            s_.SkipWs();
            s_.LineCol(s_.offset(), a->definition_pos.line, a->definition_pos.col);
            a->definition = ParseCObject("", "");
            a->definition->path = "/";
            FixLinks(*a->definition, nullptr);
            // ADL 1.5 files exist in both code systems: the root's node id decides
            // (at0000 = the ADL 1.4 at-code system, id1 = ADL 2 id-codes).
            const std::string& root_id = a->definition->node_id;
            if (root_id.rfind("at", 0) == 0) a->is_adl2 = false;
            else if (root_id.rfind("id", 0) == 0) a->is_adl2 = true;
        } else if (s_.TryKeyword("rules") || s_.TryKeyword("invariant")) {
            while (!s_.AtEnd() && !AtSectionKeyword()) a->rules.push_back(ParseStatement());
        } else if (s_.TryKeyword("terminology") || s_.TryKeyword("ontology")) {
            s_.SkipWs();
            s_.LineCol(s_.offset(), a->terminology_pos.line, a->terminology_pos.col);
            a->terminology_odin = ParseOdinAttrList();
            ReadTerminology(*a);
        } else if (s_.TryKeyword("annotations")) {
            a->annotations = ParseOdinAttrList();
        } else if (s_.TryKeyword("rm_overlay")) {
            a->rm_overlay = ParseOdinAttrList();
        } else if (s_.TryKeyword("component_terminologies")) {
            a->component_terminologies = ParseOdinAttrList();
        } else if (s_.TryKeyword("revision_history")) {
            a->revision_history = ParseOdinAttrList();
        } else {
            s_.Fail("a section (specialise, concept, language, description, definition, rules, terminology, "
                    "annotations, ...)");
        }
    }
    if (!a->definition) s_.Fail("the definition section");
    return a;
}

void Parser::ParseHeaderMeta(Archetype& a) {
    for (;;) {
        if (s_.TryChar(')')) return;
        std::string_view name = s_.Ident("a header item (adl_version=…, uid=…, controlled, generated)");
        std::string value;
        if (s_.TryChar('=')) {
            s_.SkipWs();
            value = std::string(Trim(s_.RawWhile(+[](char c) { return c != ';' && c != ')' && c != '\n' && c != '\0'; })));
        }
        if (name == "adl_version") a.adl_version = value;
        else if (name == "rm_release") a.rm_release = value;
        else if (name == "uid") a.uid = value;
        else if (name == "build_uid") a.build_uid = value;
        else if (name == "controlled") a.is_controlled = true;
        else if (name == "generated") a.is_generated = true;
        a.header_meta.emplace_back(std::string(name), std::move(value));
        if (s_.TryChar(';')) continue;
        s_.Expect(')', "';' or ')' in the header");
        return;
    }
}

void Parser::ReadTerminology(Archetype& a) {
    const OdinValue& t = *a.terminology_odin;
    if (const auto* defs = t.Get("term_definitions"))
        for (const auto& lang : defs->children) ReadTerms(lang, a.terminology.term_definitions[lang.key]);
    if (const auto* defs = t.Get("constraint_definitions"))
        for (const auto& lang : defs->children) ReadTerms(lang, a.terminology.constraint_definitions[lang.key]);
    for (const char* bindings_name : {"term_bindings", "constraint_bindings"}) {
        if (const auto* b = t.Get(bindings_name)) {
            for (const auto& term : b->children) {
                const OdinValue* items = term.Get("items");
                const OdinValue& src = items && items->is_object ? *items : term;
                auto& out = a.terminology.term_bindings[term.key];
                for (const auto& bind : src.children) out[bind.key] = std::string(bind.Text());
            }
        }
    }
    if (const auto* vs = t.Get("value_sets")) {
        for (const auto& set : vs->children) {
            auto& members = a.value_sets[set.key];
            if (const auto* m = set.Get("members"))
                for (const auto& atom : m->atoms) members.push_back(atom.text);
        }
    }
    if (const auto* ta = t.Get("terminologies_available"))
        for (const auto& atom : ta->atoms) a.terminologies_available.push_back(atom.text);
}

ParsedAdl Parser::ParseFile() {
    ParsedAdl out;
    do {
        out.artefacts.push_back(ParseArtefact());
    } while (!s_.AtEnd());
    return out;
}

Error SyntaxErrorToError(const SyntaxError& e, const Scanner& scanner, std::string_view file) {
    Issue issue;
    issue.code = e.code ? e.code : kSyntaxCode;
    SourcePos pos;
    pos.file = std::string(file);
    scanner.LineCol(e.offset, pos.line, pos.col);
    issue.pos = std::move(pos);
    issue.message = e.message;
    return Error::Parse(std::move(issue));
}

Result<ParsedAdl> ParseAdl(std::string_view text, std::string_view file) {
    bool adl2_hint = file.size() > 5 && (file.ends_with(".adls") || file.ends_with(".adlt") || file.ends_with(".adl2"));
    Parser parser(text, adl2_hint);
    try {
        return parser.ParseFile();
    } catch (const SyntaxError& e) {
        return SyntaxErrorToError(e, parser.scanner(), file);
    } catch (const std::bad_alloc&) {
        return Error::LimitExceeded(std::string(file) + ": out of memory while parsing");
    }
}

Result<ParsedAdl> ParseAdlFile(const std::filesystem::path& path) {
    KJ_ASSIGN_OR_RETURN(std::string text, ReadFileBytes(path));
    return ParseAdl(text, path.string());
}

}  // namespace kjerne::archetypes::adl
