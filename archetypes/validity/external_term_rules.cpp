// archetypes/validity/external_term_rules.cpp — see external_term_rules.hpp.
#include "archetypes/validity/external_term_rules.hpp"

#include <cctype>
#include <string>

namespace kjerne::archetypes::validity {

namespace {

using aom::CObject;

constexpr std::string_view kOpenEhrUri = "http://openehr.org/id/";

bool IsOpenEhr(std::string_view terminology) {
    if (terminology.size() != 7) return false;
    for (size_t i = 0; i < 7; ++i)
        if (std::tolower(static_cast<unsigned char>(terminology[i])) != "openehr"[i]) return false;
    return true;
}

// An openEHR terminology concept id: digits only.
bool IsOpenEhrCode(std::string_view code) {
    if (code.empty()) return false;
    for (char c : code)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

class Checker {
public:
    Checker(std::string_view file, std::vector<Finding>& out) : file_(file), out_(out) {}

    void Bindings(const aom::Archetype& a) {
        if (!a.terminology_odin) return;
        const aom::OdinValue* b = a.terminology_odin->Get("term_bindings");
        if (!b) return;
        for (const auto& term : b->children) {
            const aom::OdinValue* items = term.Get("items");
            const aom::OdinValue& src = items && items->is_object ? *items : term;
            for (const auto& bind : src.children) {
                std::string_view target = bind.Text();
                std::string_view code;
                if (target.rfind(kOpenEhrUri, 0) == 0) {
                    code = target.substr(kOpenEhrUri.size());
                } else if (IsOpenEhr(term.key)) {
                    // [openehr::125] (brackets may or may not have been kept)
                    size_t sep = target.find("::");
                    if (sep == std::string_view::npos) continue;
                    code = target.substr(sep + 2);
                    if (!code.empty() && code.back() == ']') code.remove_suffix(1);
                } else {
                    continue;
                }
                if (!IsOpenEhrCode(code))
                    Add(bind.line, bind.col, bind.key,
                        "term binding of " + bind.key + " names '" + std::string(code) +
                            "' in the openEHR terminology, whose codes are integers: no such term");
            }
        }
    }

    void Walk(const CObject& o) {
        if (const auto* cp = o.code_phrase(); cp && IsOpenEhr(cp->terminology_id))
            for (const auto& c : cp->code_list)
                if (!IsOpenEhrCode(c))
                    Add(o.line, o.col, o.path,
                        "code " + c + " of terminology openehr is not an openEHR term");
        if (const auto* q = o.quantity();
            q && q->property && IsOpenEhr(q->property->terminology_id) &&
            !IsOpenEhrCode(q->property->code_string))
            Add(o.line, o.col, o.path,
                "property " + q->property->code_string + " of terminology openehr is not an openEHR term");
        for (const auto& a : o.attributes)
            for (const auto& c : a.children) Walk(*c);
    }

private:
    void Add(uint32_t line, uint32_t col, const std::string& path, std::string message) {
        Finding f;
        f.issue.code = "VETDF";
        f.issue.archetype_path = path;
        f.issue.pos = SourcePos{std::string(file_), line, col};
        f.issue.message = std::move(message);
        out_.push_back(std::move(f));
    }

    std::string_view file_;
    std::vector<Finding>& out_;
};

}  // namespace

void CheckExternalTerms(const aom::Archetype& archetype, std::string_view file,
                        std::vector<Finding>& out) {
    Checker checker(file, out);
    checker.Bindings(archetype);
    if (archetype.definition) checker.Walk(*archetype.definition);
}

}  // namespace kjerne::archetypes::validity
