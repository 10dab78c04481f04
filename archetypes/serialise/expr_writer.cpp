// archetypes/serialise/expr_writer.cpp — see expr_writer.hpp.
#include "archetypes/serialise/expr_writer.hpp"

#include "archetypes/serialise/text_out.hpp"

namespace kjerne::archetypes::serialise {

using aom::Expr;
using aom::ExprKind;

namespace {

bool IsLeaf(const Expr& e) {
    return e.kind == ExprKind::kLiteral || e.kind == ExprKind::kPath || e.kind == ExprKind::kVariable ||
           e.kind == ExprKind::kCall || e.kind == ExprKind::kConstraint;
}

void WriteOperand(std::string& out, const Expr& e) {
    if (IsLeaf(e)) {
        WriteExpr(out, e);
        return;
    }
    out += '(';
    WriteExpr(out, e);
    out += ')';
}

}  // namespace

void WriteExpr(std::string& out, const Expr& e) {
    switch (e.kind) {
        case ExprKind::kBinary:
            if (e.operands.size() != 2) return;
            WriteOperand(out, e.operands[0]);
            out += ' ';
            out += e.text;
            out += ' ';
            WriteOperand(out, e.operands[1]);
            return;
        case ExprKind::kUnary:
            if (e.operands.empty()) return;
            out += e.text;  // not, -, exists
            if (e.text != "-") out += ' ';
            WriteOperand(out, e.operands[0]);
            return;
        case ExprKind::kLiteral:
            if (e.op == "string") AppendQuoted(out, e.text);
            else out += e.text;
            return;
        case ExprKind::kPath:
            out += e.text;
            return;
        case ExprKind::kVariable:
            out += '$';
            out += e.text;
            if (!e.operands.empty()) out += e.operands[0].text;
            return;
        case ExprKind::kCall:
            out += e.text;
            out += '(';
            for (size_t i = 0; i < e.operands.size(); ++i) {
                if (i > 0) out += ", ";
                WriteExpr(out, e.operands[i]);
            }
            out += ')';
            return;
        case ExprKind::kForAll:
            if (e.operands.size() != 2) return;
            out += e.op;
            out += " $";
            out += e.text;
            out += " in ";
            WriteOperand(out, e.operands[0]);
            out += " | ";
            WriteOperand(out, e.operands[1]);
            return;
        case ExprKind::kConstraint:
            out += '{';
            out += e.text;
            out += '}';
            return;
        case ExprKind::kDeclaration:
            out += '$';
            out += e.text;
            if (!e.type_name.empty()) out += ":" + e.type_name;
            out += " ::= ";
            if (!e.operands.empty()) WriteExpr(out, e.operands[0]);
            return;
    }
}

void WriteStatement(std::string& out, const Expr& e) {
    if (!e.tag.empty()) {
        out += e.tag;
        out += ": ";
    }
    WriteExpr(out, e);
}

}  // namespace kjerne::archetypes::serialise
