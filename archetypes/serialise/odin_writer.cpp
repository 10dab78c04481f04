// archetypes/serialise/odin_writer.cpp — see odin_writer.hpp.
#include "archetypes/serialise/odin_writer.hpp"

#include "archetypes/serialise/text_out.hpp"

namespace kjerne::archetypes::serialise {

using aom::OdinAtomKind;
using aom::OdinValue;

namespace {

void WriteAtom(std::string& out, const aom::OdinAtom& a) {
    switch (a.kind) {
        case OdinAtomKind::kString: AppendQuoted(out, a.text); return;
        case OdinAtomKind::kCharacter: out += '\''; out += a.text; out += '\''; return;
        case OdinAtomKind::kInterval: out += '|'; out += a.text; out += '|'; return;
        case OdinAtomKind::kTermCode: out += '['; out += a.text; out += ']'; return;
        default: out += a.text; return;  // numbers, booleans, dates, durations, URIs: their source text
    }
}

void WriteMember(std::string& out, const OdinValue& child, int depth) {
    Indent(out, depth);
    if (child.keyed) {
        out += '[';
        AppendQuoted(out, child.key);
        out += "] = ";
    } else {
        out += child.key;
        out += " = ";
    }
    WriteOdinValue(out, child, depth);
    out += '\n';
}

}  // namespace

void WriteOdinAttrList(std::string& out, const OdinValue& object, int depth) {
    for (const auto& child : object.children) WriteMember(out, child, depth);
}

void WriteOdinValue(std::string& out, const OdinValue& v, int depth) {
    if (!v.type_name.empty()) out += "(" + v.type_name + ") ";
    out += '<';
    if (v.is_object) {
        if (!v.children.empty()) {
            out += '\n';
            for (const auto& child : v.children) WriteMember(out, child, depth + 1);
            Indent(out, depth);
        }
        out += '>';
        return;
    }
    for (size_t i = 0; i < v.atoms.size(); ++i) {
        if (i > 0) out += ", ";
        WriteAtom(out, v.atoms[i]);
    }
    if (v.is_list && v.atoms.size() == 1) out += ", ...";  // a one-item list stays a list
    out += '>';
}

}  // namespace kjerne::archetypes::serialise
