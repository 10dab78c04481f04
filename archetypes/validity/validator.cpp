// archetypes/validity/validator.cpp
//
// The checks, one small pass each over the constraint tree:
//   VARDT  root RM type equals the RM class named in the archetype id
//   VCORM  object RM type exists in the RM (openEHR EHR/DEMOGRAPHIC archetypes only: the
//          compiled-in BMM is openEHR RM 1.1.0; other publishers' RMs are not loaded)
//   VCARM  attribute exists on the object's RM type
//   VCORMT object RM type conforms to the attribute's static RM type
//   VCAEX  explicit existence lies within the RM property's existence (1..1 if mandatory)
//   VATID  node ids (id-codes / ADL 1.4 at-code node ids) defined in term_definitions
//   VATDF  value at-codes (local code phrases, ordinal symbols) defined in term_definitions
//   VACDF  ac-codes defined (ADL 1.4 constraint_definitions, ADL 2 term_definitions)
//   VUNP   use_node target path names an object of this archetype
//   VOKU   keys of every ODIN keyed list unique (terminology, description, ...)
// Codes are checked only at the archetype's own specialisation depth (a code with fewer
// dots than the root node id is the parent's, whose terminology is not at hand here).
#include "archetypes/validity/validator.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "engine/bmm/rm_schema.hpp"

namespace kjerne::archetypes::validity {

namespace {

using aom::CAttribute;
using aom::CObject;
using aom::CObjectKind;

int CodeDepth(std::string_view code) { return static_cast<int>(std::count(code.begin(), code.end(), '.')); }

bool IsLocalTerminology(std::string_view t) { return t.empty() || t == "local"; }

class Checker {
public:
    Checker(const aom::Archetype& a, std::string_view file) : a_(a), file_(file), schema_(bmm::Schema::Rm()) {
        locatable_ = schema_.Find("LOCATABLE");
        // RM id segment: [ns::]publisher-package-CLASS.concept.version
        std::string_view id = a_.archetype_id;
        if (size_t ns = id.find("::"); ns != std::string_view::npos) id = id.substr(ns + 2);
        size_t d1 = id.find('-'), d2 = d1 == std::string_view::npos ? d1 : id.find('-', d1 + 1);
        size_t dot = d2 == std::string_view::npos ? d2 : id.find('.', d2 + 1);
        if (d1 != std::string_view::npos && d2 != std::string_view::npos && dot != std::string_view::npos) {
            publisher_ = std::string(id.substr(0, d1));
            package_ = std::string(id.substr(d1 + 1, d2 - d1 - 1));
            id_class_ = std::string(id.substr(d2 + 1, dot - d2 - 1));
        }
        std::string pub = publisher_;
        for (char& c : pub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        rm_known_ = pub == "openehr" && (package_ == "EHR" || package_ == "DEMOGRAPHIC");
        if (a_.definition) depth_ = CodeDepth(a_.definition->node_id);
        if (a_.is_specialised()) depth_ = std::max(depth_, 1);
    }

    std::vector<Finding> Run() {
        if (!a_.definition) return std::move(out_);
        if (a_.artefact_type != "template_overlay" && !id_class_.empty() &&
            a_.definition->rm_type_name != id_class_)
            Add("VARDT", *a_.definition,
                "root type " + a_.definition->rm_type_name + " does not match the RM type " + id_class_ +
                    " of the archetype id");
        Walk(*a_.definition);
        for (const auto* odin : {&a_.terminology_odin, &a_.description, &a_.language, &a_.annotations})
            if (odin->has_value()) CheckKeys(**odin);
        return std::move(out_);
    }

private:
    void Add(const char* code, uint32_t line, uint32_t col, const std::string& path, std::string message) {
        Finding f;
        f.severity = code[0] == 'W' ? Severity::kWarning : Severity::kError;
        f.issue.code = code;
        f.issue.archetype_path = path;
        f.issue.pos = SourcePos{std::string(file_), line, col};
        f.issue.message = std::move(message);
        out_.push_back(std::move(f));
    }
    void Add(const char* code, const CObject& o, std::string message) { Add(code, o.line, o.col, o.path, std::move(message)); }

    bool TermDefined(const std::string& code) const { return a_.terminology.FindTerm(code) != nullptr; }
    bool OwnCode(std::string_view code) const { return CodeDepth(code) == depth_; }

    void CheckNodeId(const CObject& o) {
        const std::string& id = o.node_id;
        if (id.empty()) return;
        if (a_.is_adl2 && CodeDepth(id) > depth_) {
            Add("VTSD", o, "node id " + id + " is specialised deeper than the archetype (depth " + std::to_string(depth_) + ")");
            return;
        }
        if (!OwnCode(id)) return;
        if (a_.is_adl2) {
            // ADL 2 (AOM 2 VATID): the root and the children of multiply-valued attributes
            // need a term; other id-codes (e.g. DV_QUANTITY[id5] under a single attribute) need not.
            if (id.rfind("id", 0) != 0) return;
            bool multiple = o.parent && (o.parent->is_multiple || o.parent->cardinality.has_value());
            if (o.parent && !multiple) return;
        }
        if (!TermDefined(id)) Add("VATID", o, "node id " + id + " is not defined in the terminology's term_definitions");
    }

    void CheckValueCode(const CObject& o, const std::string& code) {
        if (code.empty() || !OwnCode(code)) return;
        if (code.rfind("ac", 0) == 0) {
            if (!TermDefined(code) && !a_.terminology.FindConstraint(code))
                Add("VACDF", o, "value set code " + code + " is not defined in the terminology");
        } else if (code.rfind("at", 0) == 0) {
            if (!TermDefined(code)) Add("VATDF", o, "value code " + code + " is not defined in the terminology's term_definitions");
        }
    }

    void CheckCodes(const CObject& o) {
        if (o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeSlot ||
            o.kind == CObjectKind::kArchetypeRoot)
            CheckNodeId(o);
        if (const auto* cp = o.code_phrase()) {
            if (IsLocalTerminology(cp->terminology_id)) {
                for (const auto& c : cp->code_list) CheckValueCode(o, c);
                if (cp->assumed_value) CheckValueCode(o, *cp->assumed_value);
            }
        } else if (const auto* cr = o.constraint_ref()) {
            if (OwnCode(cr->reference) && !a_.terminology.FindConstraint(cr->reference) && !TermDefined(cr->reference))
                Add("VACDF", o, "constraint code " + cr->reference + " is not defined in constraint_definitions");
        } else if (const auto* ord = o.ordinal()) {
            for (const auto& item : ord->list)
                if (IsLocalTerminology(item.symbol.terminology_id)) CheckValueCode(o, item.symbol.code_string);
        }
    }

    void CheckRm(const CObject& o) {
        if (!rm_known_) return;
        bool structural = o.kind == CObjectKind::kComplexObject || o.kind == CObjectKind::kArchetypeRoot ||
                          o.kind == CObjectKind::kArchetypeSlot || o.kind == CObjectKind::kInternalRef;
        if (!structural) return;
        if (o.rm_type == bmm::kNoType) {
            Add("VCORM", o, "RM type " + o.rm_type_name + " does not exist in the reference model");
            return;
        }
        // conformance to the attribute holding it
        if (o.parent && o.parent->slot != bmm::kNoSlot && o.parent->parent &&
            o.parent->parent->rm_type != bmm::kNoType) {
            const bmm::PropDef& prop = schema_.Prop(o.parent->parent->rm_type, o.parent->slot);
            if (prop.type != bmm::kNoType && !schema_.Class(prop.type).is_primitive() &&
                !schema_.IsSubtypeOf(o.rm_type, prop.type))
                Add("VCORMT", o,
                    "RM type " + o.rm_type_name + " does not conform to " + std::string(schema_.Name(prop.type)) +
                        ", the type of " + std::string(schema_.Name(o.parent->parent->rm_type)) + "." +
                        o.parent->rm_attribute_name);
        }
    }

    void CheckAttribute(const CObject& owner, const CAttribute& attr) {
        if (!rm_known_ || owner.rm_type == bmm::kNoType || !attr.differential_path.empty()) return;
        std::string path = (owner.path == "/" ? "" : owner.path) + "/" + attr.rm_attribute_name;
        if (attr.slot == bmm::kNoSlot) {
            Add("VCARM", attr.line, attr.col, path,
                "attribute " + attr.rm_attribute_name + " does not exist on RM type " + owner.rm_type_name);
            return;
        }
        const bmm::PropDef& prop = schema_.Prop(owner.rm_type, attr.slot);
        if (attr.existence) {
            int rm_lower = prop.mandatory ? 1 : 0;
            const auto& ex = *attr.existence;
            bool lower_ok = ex.lower && *ex.lower >= rm_lower;
            bool upper_ok = ex.upper && *ex.upper <= 1;
            if (!lower_ok || !upper_ok)
                Add("VCAEX", attr.line, attr.col, path,
                    "existence " + ex.ToString() + " of " + attr.rm_attribute_name + " is not within the RM's " +
                        (prop.mandatory ? "1..1" : "0..1"));
        }
    }

    const CObject* Resolve(std::string_view path) const {
        const CObject* cur = a_.definition.get();
        size_t i = 0;
        if (path.empty() || path[0] != '/') return nullptr;
        if (path == "/") return cur;
        while (i < path.size() && cur) {
            if (path[i] != '/') return nullptr;
            ++i;
            size_t end = i;
            int br = 0;
            while (end < path.size() && (br > 0 || path[end] != '/')) {
                if (path[end] == '[') ++br;
                else if (path[end] == ']') --br;
                ++end;
            }
            std::string_view seg = path.substr(i, end - i);
            i = end;
            std::string_view name = seg, pred;
            if (size_t b = seg.find('['); b != std::string_view::npos) {
                name = seg.substr(0, b);
                pred = seg.substr(b + 1, seg.size() - b - 2);
                if (size_t comma = pred.find(','); comma != std::string_view::npos) pred = pred.substr(0, comma);
            }
            const CAttribute* attr = cur->FindAttribute(name);
            if (!attr) return nullptr;
            const CObject* next = nullptr;
            for (const auto& c : attr->children) {
                if (pred.empty() ? attr->children.size() == 1 : (c->node_id == pred || c->archetype_id == pred)) {
                    next = c.get();
                    break;
                }
            }
            cur = next;
        }
        return cur;
    }

    void Walk(const CObject& o) {
        CheckCodes(o);
        CheckRm(o);
        if (const auto* ref = o.internal_ref()) {
            if (!a_.is_specialised() && a_.artefact_type == "archetype" && !Resolve(ref->target_path))
                Add("VUNP", o, "use_node path " + ref->target_path + " does not name an object of this archetype");
        }
        for (const auto& attr : o.attributes) {
            CheckAttribute(o, attr);
            for (const auto& child : attr.children) Walk(*child);
        }
    }

    void CheckKeys(const aom::OdinValue& v) {
        std::set<std::string_view> seen;
        for (const auto& c : v.children) {
            if (c.keyed && !seen.insert(c.key).second)
                Add("VOKU", c.line, c.col, "", "key \"" + c.key + "\" occurs more than once in the same ODIN list");
            if (c.is_object) CheckKeys(c);
        }
    }

    const aom::Archetype& a_;
    std::string_view file_;
    const bmm::Schema& schema_;
    bmm::TypeId locatable_ = bmm::kNoType;
    std::string publisher_, package_, id_class_;
    bool rm_known_ = false;
    int depth_ = 0;
    std::vector<Finding> out_;
};

}  // namespace

std::vector<Finding> Validate(const aom::Archetype& archetype, std::string_view file) {
    return Checker(archetype, file).Run();
}

}  // namespace kjerne::archetypes::validity
