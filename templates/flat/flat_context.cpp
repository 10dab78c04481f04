// templates/flat/flat_context.cpp — web template lookups shared by both FLAT directions.
#include "templates/flat/flat_context.hpp"

#include "templates/flat/flat.hpp"

namespace kjerne::templates::flat {

namespace {
void IndexHidden(const WtNode& n, std::map<std::string, const WtNode*, std::less<>>& out) {
    out.emplace(n.aql_path, &n);  // the first of several choices at one path wins
    for (const auto& c : n.children) IndexHidden(c, out);
}
}  // namespace

Result<std::unique_ptr<FlatContext>> MakeFlatContext(const Template& tpl) {
    auto ctx = std::make_unique<FlatContext>();
    ctx->tpl = &tpl;
    KJ_ASSIGN_OR_RETURN(ctx->wt, webtemplate::GenerateWebTemplate(tpl));
    webtemplate::WebTemplateOptions opts;
    opts.unfiltered = true;
    KJ_ASSIGN_OR_RETURN(ctx->unfiltered, webtemplate::GenerateWebTemplate(tpl, opts));
    IndexHidden(ctx->unfiltered.tree, ctx->hidden_by_path);
    return ctx;
}

Result<std::shared_ptr<const FlatContext>> PrepareFlat(const Template& tpl) {
    KJ_ASSIGN_OR_RETURN(std::unique_ptr<FlatContext> ctx, MakeFlatContext(tpl));
    return std::shared_ptr<const FlatContext>(std::move(ctx));
}

ChildPath ChildPathOf(const WtNode& parent, const WtNode& child) {
    ChildPath cp;
    cp.steps = ParseAqlPath(child.aql_path);
    cp.first = ParseAqlPath(parent.aql_path).size();
    if (cp.first > cp.steps.size()) cp.first = cp.steps.size();
    cp.index_step = cp.steps.empty() ? 0 : cp.steps.size() - 1;
    if (child.node_id && !child.node_id->empty()) {
        for (size_t i = cp.steps.size(); i-- > cp.first;) {
            if (cp.steps[i].node_id == *child.node_id) {
                cp.index_step = i;
                break;
            }
        }
    }
    return cp;
}

std::string ConcreteType(const std::string& rm_type) {
    if (rm_type == "EVENT") return "POINT_EVENT";
    if (rm_type == "PARTY_PROXY") return "PARTY_IDENTIFIED";
    if (rm_type == "ITEM_STRUCTURE") return "ITEM_TREE";
    if (rm_type == "DV_ENCAPSULATED") return "DV_MULTIMEDIA";
    if (rm_type == "UID_BASED_ID") return "HIER_OBJECT_ID";
    return rm_type;
}

bool IsDataValueType(const std::string& t) {
    return t.rfind("DV_", 0) == 0 || t == "CODE_PHRASE" || t == "PARTY_PROXY" ||
           t == "PARTY_SELF" || t == "PARTY_IDENTIFIED" || t == "PARTY_RELATED" || t == "STRING" ||
           t == "BOOLEAN" || t == "INTEGER" || t == "ISO8601_DATE_TIME";
}

}  // namespace kjerne::templates::flat
