// templates/webtemplate/web_template.cpp — GenerateWebTemplate: header fields, then the two
// passes (web_template_build.hpp).
#include "templates/webtemplate/web_template.hpp"

#include <algorithm>

#include "templates/webtemplate/web_template_build.hpp"

namespace kjerne::templates::webtemplate {

Result<WebTemplate> GenerateWebTemplate(const Template& tpl, const WebTemplateOptions& opts) {
    WebTemplate wt;
    wt.template_id = tpl.template_id;
    wt.default_language = tpl.language;
    // The default language first, then every other language the root archetype's
    // terminology carries (the OPT's translations), sorted.
    wt.languages.push_back(tpl.language);
    if (tpl.definition) {
        if (const auto* term = tpl.Terminology(tpl.definition->archetype_id)) {
            std::vector<std::string> others;
            for (const auto& [lang, table] : term->term_definitions)
                if (lang != tpl.language && !table.empty()) others.push_back(lang);
            std::sort(others.begin(), others.end());
            wt.languages.insert(wt.languages.end(), others.begin(), others.end());
        }
    }
    Result<WtNode> tree = BuildTree(tpl, wt.languages);
    if (!tree.ok()) return std::move(tree).error();
    if (opts.unfiltered) {
        wt.tree = std::move(*tree);
    } else {
        wt.tree = FilterTree(std::move(*tree));
        AddDependsOn(wt.tree);
    }
    return wt;
}

}  // namespace kjerne::templates::webtemplate
