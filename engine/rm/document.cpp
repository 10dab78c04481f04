// engine/rm/document.cpp
#include "engine/rm/document.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/rm/rm_path.hpp"

namespace kjerne::rm {

Node* Document::NewNode(bmm::TypeId type, std::span<const Attr> attrs, bmm::TypeId generic_arg, uint16_t flags) {
    Node* n = arena_.AllocArray<Node>(1);
    n->type = type;
    n->generic_arg = generic_arg;
    n->flags = flags;
    n->n_attrs = static_cast<uint16_t>(attrs.size());
    n->attrs = arena_.AllocArray<Attr>(attrs.size());
    if (!attrs.empty()) std::memcpy(static_cast<void*>(n->attrs), attrs.data(), sizeof(Attr) * attrs.size());
    // Readers usually meet attributes in canonical order already; sort only if not.
    bool sorted = true;
    for (size_t i = 1; i < attrs.size(); ++i)
        if (n->attrs[i - 1].slot > n->attrs[i].slot) { sorted = false; break; }
    if (!sorted)
        std::sort(n->attrs, n->attrs + n->n_attrs, [](const Attr& a, const Attr& b) { return a.slot < b.slot; });
    return n;
}

Node* Document::AdoptNode(bmm::TypeId type, Attr* attrs, uint16_t n, bmm::TypeId generic_arg, uint16_t flags) {
    Node* node = arena_.AllocArray<Node>(1);
    node->type = type;
    node->generic_arg = generic_arg;
    node->flags = flags;
    node->n_attrs = n;
    node->attrs = attrs;
    for (uint16_t i = 1; i < n; ++i) {
        if (attrs[i - 1].slot > attrs[i].slot) {
            std::sort(attrs, attrs + n, [](const Attr& a, const Attr& b) { return a.slot < b.slot; });
            break;
        }
    }
    return node;
}

Value Document::NewList(std::span<const Value> items) {
    Value* arr = arena_.AllocArray<Value>(items.size());
    if (!items.empty()) std::memcpy(static_cast<void*>(arr), items.data(), sizeof(Value) * items.size());
    return Value::List(arr, items.size());
}

void Document::SetAttr(Node* node, bmm::Slot slot, Value value) {
    std::vector<Attr> attrs(node->attrs, node->attrs + node->n_attrs);
    auto it = std::find_if(attrs.begin(), attrs.end(), [&](const Attr& a) { return a.slot >= slot; });
    if (it != attrs.end() && it->slot == slot) {
        it->value = value;
    } else {
        attrs.insert(it, Attr{slot, value});
    }
    node->attrs = arena_.AllocArray<Attr>(attrs.size());
    std::memcpy(static_cast<void*>(node->attrs), attrs.data(), sizeof(Attr) * attrs.size());
    node->n_attrs = static_cast<uint16_t>(attrs.size());
}

namespace {

Value CloneValue(Document& dst, const Value& v);

Node* CloneNode(Document& dst, const Node& n) {
    std::vector<Attr> attrs;
    attrs.reserve(n.n_attrs);
    for (const Attr& a : n.attributes()) attrs.push_back(Attr{a.slot, CloneValue(dst, a.value)});
    return dst.NewNode(n.type, attrs, n.generic_arg, n.flags);
}

Value CloneValue(Document& dst, const Value& v) {
    switch (v.kind) {
        case ValueKind::kString: return dst.NewString(v.str());
        case ValueKind::kNode: return Value::Of(CloneNode(dst, *v.node()));
        case ValueKind::kList: {
            std::vector<Value> items;
            for (const Value& it : v.items()) items.push_back(CloneValue(dst, it));
            return dst.NewList(items);
        }
        default: return v;
    }
}

}  // namespace

Document Document::Clone() const {
    Document out(*schema_);
    if (root_) out.root_ = CloneNode(out, *root_);
    return out;
}

bool Equal(const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case ValueKind::kNull: return true;
        case ValueKind::kBool: return a.u.b == b.u.b;
        case ValueKind::kInt: return a.u.i == b.u.i;
        case ValueKind::kReal: return a.u.d == b.u.d;
        case ValueKind::kString: return a.str() == b.str();
        case ValueKind::kNode: return Equal(*a.node(), *b.node());
        case ValueKind::kList: {
            auto x = a.items(), y = b.items();
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                if (!Equal(x[i], y[i])) return false;
            return true;
        }
    }
    return false;
}

bool Equal(const Node& a, const Node& b) {
    if (a.type != b.type || a.n_attrs != b.n_attrs) return false;
    for (uint16_t i = 0; i < a.n_attrs; ++i) {
        if (a.attrs[i].slot != b.attrs[i].slot) return false;
        if (!Equal(a.attrs[i].value, b.attrs[i].value)) return false;
    }
    return true;
}

namespace {

std::string Describe(const bmm::Schema& schema, const Value& v) {
    switch (v.kind) {
        case ValueKind::kNull: return "absent";
        case ValueKind::kBool: return v.u.b ? "true" : "false";
        case ValueKind::kInt: return std::to_string(v.u.i);
        case ValueKind::kReal: return std::to_string(v.u.d);
        case ValueKind::kString: return "\"" + std::string(v.str().substr(0, 60)) + "\"";
        case ValueKind::kNode: return std::string(schema.Name(v.node()->type));
        case ValueKind::kList: return "list of " + std::to_string(v.items().size());
    }
    return "?";
}

std::optional<std::string> DiffValue(const bmm::Schema& schema, const Value& a, const Value& b, PathBuilder& path);

std::optional<std::string> DiffNode(const bmm::Schema& schema, const Node& a, const Node& b, PathBuilder& path) {
    if (a.type != b.type)
        return path.str() + ": type " + std::string(schema.Name(a.type)) + " vs " + std::string(schema.Name(b.type));
    const auto& props = schema.Class(a.type).props;
    size_t i = 0, j = 0;
    static const Value kAbsent;
    while (i < a.n_attrs || j < b.n_attrs) {
        bmm::Slot sa = i < a.n_attrs ? a.attrs[i].slot : bmm::kNoSlot;
        bmm::Slot sb = j < b.n_attrs ? b.attrs[j].slot : bmm::kNoSlot;
        bmm::Slot s = std::min(sa, sb);
        const Value& va = sa == s ? a.attrs[i].value : kAbsent;
        const Value& vb = sb == s ? b.attrs[j].value : kAbsent;
        path.Push(props[s].name);
        auto d = DiffValue(schema, va, vb, path);
        path.Pop();
        if (d) return d;
        if (sa == s) ++i;
        if (sb == s) ++j;
    }
    return std::nullopt;
}

std::optional<std::string> DiffValue(const bmm::Schema& schema, const Value& a, const Value& b, PathBuilder& path) {
    if (a.kind != b.kind || (a.kind != ValueKind::kNode && a.kind != ValueKind::kList && !Equal(a, b)))
        return path.str() + ": " + Describe(schema, a) + " vs " + Describe(schema, b);
    if (a.kind == ValueKind::kNode) return DiffNode(schema, *a.node(), *b.node(), path);
    if (a.kind == ValueKind::kList) {
        auto x = a.items(), y = b.items();
        for (size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
            path.SetIndex(k + 1);
            auto d = DiffValue(schema, x[k], y[k], path);
            path.SetIndex(0);
            if (d) return d;
        }
        if (x.size() != y.size())
            return path.str() + ": " + std::to_string(x.size()) + " items vs " + std::to_string(y.size());
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> FirstDifference(const Document& a, const Document& b) {
    if (!a.root() || !b.root()) {
        if (a.root() == b.root()) return std::nullopt;
        return std::string("/: one document is empty");
    }
    PathBuilder path;
    return DiffNode(a.schema(), *a.root(), *b.root(), path);
}

}  // namespace kjerne::rm
