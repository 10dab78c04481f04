// archetypes/validity/primitive_rules.cpp — see primitive_rules.hpp.
#include "archetypes/validity/primitive_rules.hpp"

#include <cctype>
#include <string>

#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::validity {

namespace {

void Walk(const aom::CObject& o, const bmm::Schema& schema, std::string_view file,
          std::vector<Finding>& out) {
    for (const auto& attr : o.attributes) {
        if (o.rm_type != bmm::kNoType && attr.slot != bmm::kNoSlot &&
            attr.differential_path.empty()) {
            const bmm::PropDef& prop = schema.Prop(o.rm_type, attr.slot);
            bool primitive_target = prop.type == bmm::kNoType || prop.open_generic ||
                                    schema.Class(prop.type).is_primitive();
            if (!primitive_target) {
                for (const auto& c : attr.children) {
                    if (c->kind != aom::CObjectKind::kPrimitiveObject || !c->primitive()) continue;
                    Finding f;
                    f.issue.code = "VCORMT";
                    f.issue.archetype_path = c->path;
                    f.issue.pos = SourcePos{std::string(file), c->line, c->col};
                    f.issue.message = std::string("a ") + aom::PrimitiveKindName(*c->primitive()) +
                                      " constrains a primitive value, but " + o.rm_type_name + "." +
                                      attr.rm_attribute_name + " is a " +
                                      std::string(schema.Name(prop.type));
                    out.push_back(std::move(f));
                }
            }
        }
        for (const auto& c : attr.children) Walk(*c, schema, file, out);
    }
}

}  // namespace

void CheckPrimitiveConformance(const aom::Archetype& a, std::string_view file,
                               std::vector<Finding>& out) {
    if (!a.definition) return;
    std::string_view id = a.archetype_id;
    if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
    std::string low;
    for (char ch : id.substr(0, id.find('.')))
        low += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (low.rfind("openehr-ehr-", 0) != 0 && low.rfind("openehr-demographic-", 0) != 0) return;
    Walk(*a.definition, bmm::Schema::Rm(), file, out);
}

void CheckPrimitiveConformance(const aom::Archetype& a, std::string_view file,
                               std::vector<Finding>& out, const bmm::Schema& rm) {
    if (a.definition) Walk(*a.definition, rm, file, out);
}

}  // namespace kjerne::archetypes::validity
