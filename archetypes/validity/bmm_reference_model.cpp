// archetypes/validity/bmm_reference_model.cpp — see bmm_reference_model.hpp.
//
// The BMM is turned into the text table bmm::Schema::FromTable reads (engine/bmm/rm_schema.hpp
// documents its lines), with the compiled-in RM's classes written back into the same form for
// whatever the BMM leaves out.
#include "archetypes/validity/bmm_reference_model.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archetypes/flattening/aom_clone.hpp"

namespace kjerne::archetypes::validity {

namespace {

struct PropLine {
    std::string name, type, garg = "-";
    char container = '1';
    std::string flags;  // m, o
};

struct ClassInfo {
    std::vector<std::string> ancestors;
    bool is_abstract = false, is_generic = false;
    std::string bound = "-";
    std::vector<PropLine> own;
};

std::string FlagsOr(const std::string& f) { return f.empty() ? "-" : f; }

char ContainerChar(std::string_view kind) {
    if (kind == "List") return 'L';
    if (kind == "Set") return 'S';
    if (kind == "Array") return 'A';
    if (kind == "Hash") return 'H';
    return 'L';
}

// One P_BMM_*_PROPERTY of a class; `false` when its shape is not one of those known.
bool ReadProperty(const aom::OdinValue& p, PropLine& out) {
    out.name = std::string(p.Get("name") ? p.Get("name")->Text() : std::string_view(p.key));
    if (const auto* m = p.Get("is_mandatory"); m && m->Text() == "True") out.flags += 'm';
    const std::string& kind = p.type_name;
    if (kind == "P_BMM_SINGLE_PROPERTY_OPEN") {
        out.type = "Any";
        out.flags += 'o';
        return true;
    }
    if (kind == "P_BMM_SINGLE_PROPERTY") {
        const auto* t = p.Get("type");
        if (!t) return false;
        out.type = std::string(t->Text());
        return true;
    }
    const auto* td = p.Get("type_def");
    if (!td) return false;
    auto generic = [&](const aom::OdinValue& g) {
        out.type = std::string(g.Get("root_type") ? g.Get("root_type")->Text() : std::string_view());
        if (const auto* gp = g.Get("generic_parameters"); gp && !gp->atoms.empty())
            out.garg = gp->atoms[0].text;
    };
    if (kind == "P_BMM_GENERIC_PROPERTY") {
        generic(*td);
        return !out.type.empty();
    }
    if (kind == "P_BMM_CONTAINER_PROPERTY") {
        const auto* ct = td->Get("container_type");
        out.container = ContainerChar(ct ? ct->Text() : "List");
        if (const auto* t = td->Get("type")) {
            out.type = std::string(t->Text());
        } else if (const auto* g = td->Get("type_def")) {  // a container of a generic type
            generic(*g);
        }
        return !out.type.empty();
    }
    return false;
}

}  // namespace

Result<std::unique_ptr<bmm::Schema>> ReferenceModelFromBmm(const aom::OdinValue& doc) {
    const bmm::Schema& base = bmm::Schema::Rm();
    std::map<std::string, ClassInfo> bmm_classes;
    std::vector<std::string> order;
    for (const char* section : {"primitive_types", "class_definitions"}) {
        const auto* s = doc.Get(section);
        if (!s) continue;
        bool primitive = std::string_view(section) == "primitive_types";
        for (const auto& c : s->children) {
            std::string name(c.Get("name") ? c.Get("name")->Text() : std::string_view(c.key));
            // primitive types the compiled-in RM has keep its representation (String, Integer …)
            if (primitive && base.Find(name) != bmm::kNoType) continue;
            ClassInfo info;
            if (const auto* a = c.Get("ancestors"))
                for (const auto& atom : a->atoms) info.ancestors.push_back(atom.text);
            if (const auto* ab = c.Get("is_abstract"); ab && ab->Text() == "True") info.is_abstract = true;
            if (const auto* g = c.Get("generic_parameter_defs"); g && !g->children.empty()) {
                info.is_generic = true;
                const auto* ct = g->children[0].Get("conforms_to_type");
                info.bound = ct ? std::string(ct->Text()) : "*";
            }
            if (const auto* props = c.Get("properties"))
                for (const auto& p : props->children) {
                    PropLine line;
                    if (ReadProperty(p, line)) info.own.push_back(std::move(line));
                }
            if (!bmm_classes.count(name)) order.push_back(name);
            bmm_classes[name] = std::move(info);
        }
    }
    if (bmm_classes.empty()) return Error::InvalidArgument("BMM: no class_definitions");

    auto exists = [&](const std::string& n) { return bmm_classes.count(n) || base.Find(n) != bmm::kNoType; };
    // a base class's flattened properties, as lines
    auto base_props = [&](bmm::TypeId t) {
        std::vector<PropLine> out;
        for (const auto& p : base.Class(t).props) {
            PropLine l;
            l.name = p.name;
            l.type = p.open_generic ? "Any" : std::string(base.Name(p.type));
            if (p.generic_arg != bmm::kNoType) l.garg = std::string(base.Name(p.generic_arg));
            l.container = p.container == bmm::Container::kSingle ? '1'
                          : p.container == bmm::Container::kList ? 'L'
                          : p.container == bmm::Container::kSet  ? 'S'
                          : p.container == bmm::Container::kArray ? 'A'
                                                                   : 'H';
            if (p.mandatory) l.flags += 'm';
            if (p.open_generic) l.flags += 'o';
            if (p.xml_attribute) l.flags += 'x';
            out.push_back(std::move(l));
        }
        return out;
    };
    // a BMM class's flattened properties: ancestors' first, a redefinition keeping its place
    std::map<std::string, std::vector<PropLine>> flat;
    std::set<std::string> active;
    std::function<const std::vector<PropLine>&(const std::string&)> flatten =
        [&](const std::string& name) -> const std::vector<PropLine>& {
        if (auto it = flat.find(name); it != flat.end()) return it->second;
        std::vector<PropLine> out;
        auto add = [&](const PropLine& l) {
            for (auto& x : out)
                if (x.name == l.name) {
                    x = l;
                    return;
                }
            out.push_back(l);
        };
        if (auto it = bmm_classes.find(name); it != bmm_classes.end() && active.insert(name).second) {
            for (const auto& a : it->second.ancestors) {
                if (bmm_classes.count(a)) {
                    for (const auto& l : flatten(a)) add(l);
                } else if (bmm::TypeId t = base.Find(a); t != bmm::kNoType) {
                    for (const auto& l : base_props(t)) add(l);
                }
            }
            for (const auto& l : it->second.own) add(l);
            active.erase(name);
        }
        return flat[name] = std::move(out);
    };

    std::string table;
    auto write_props = [&](const std::vector<PropLine>& props) {
        for (const auto& l : props) {
            std::string type = exists(l.type) ? l.type : "Any";
            std::string garg = l.garg == "-" || exists(l.garg) ? l.garg : "Any";
            table += "P " + l.name + " " + type + " " + garg + " " + std::string(1, l.container) + " " +
                     FlagsOr(l.flags) + " -\n";
        }
    };
    for (size_t i = 0; i < base.size(); ++i) {
        const bmm::ClassDef& c = base.Class(static_cast<bmm::TypeId>(i));
        if (bmm_classes.count(c.name)) continue;
        std::string flags;
        if (c.is_abstract) flags += 'a';
        if (c.is_primitive()) flags += 'p';
        if (c.is_generic) flags += 'g';
        std::string parents;
        for (bmm::TypeId p : c.parents) parents += (parents.empty() ? "" : ",") + std::string(base.Name(p));
        std::string bound = !c.is_generic ? "-" : c.generic_bound == bmm::kNoType ? "*" : std::string(base.Name(c.generic_bound));
        table += "C " + c.name + " " + FlagsOr(flags) + " " + (parents.empty() ? "-" : parents) + " " + bound + "\n";
        write_props(base_props(c.id));
    }
    for (const auto& name : order) {
        const ClassInfo& info = bmm_classes[name];
        std::string flags;
        if (info.is_abstract) flags += 'a';
        if (info.is_generic) flags += 'g';
        std::string parents;
        for (const auto& a : info.ancestors)
            if (exists(a) && a != name) parents += (parents.empty() ? "" : ",") + a;
        std::string bound = info.bound == "-" || info.bound == "*" || exists(info.bound) ? info.bound : "*";
        table += "C " + name + " " + FlagsOr(flags) + " " + (parents.empty() ? "-" : parents) + " " + bound + "\n";
        write_props(flatten(name));
    }
    return bmm::Schema::FromTable(table);
}

namespace {

void Bind(aom::CObject& o, const bmm::Schema& rm) {
    o.rm_type = rm.Find(o.rm_type_name);
    for (auto& a : o.attributes) {
        a.slot = bmm::kNoSlot;
        a.is_multiple = false;
        if (o.rm_type != bmm::kNoType && (a.differential_path.empty() || a.differential_path == "/")) {
            a.slot = rm.FindSlot(o.rm_type, a.rm_attribute_name);
            if (a.slot != bmm::kNoSlot) a.is_multiple = rm.Prop(o.rm_type, a.slot).is_multiple();
        }
        for (auto& c : a.children) Bind(*c, rm);
    }
}

}  // namespace

std::unique_ptr<aom::Archetype> BindToReferenceModel(const aom::Archetype& archetype,
                                                     const bmm::Schema& rm) {
    auto copy = flattening::CloneArchetype(archetype);
    if (copy->definition) Bind(*copy->definition, rm);
    return copy;
}

}  // namespace kjerne::archetypes::validity
