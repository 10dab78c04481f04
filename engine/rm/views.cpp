// engine/rm/views.cpp
#include "engine/rm/views.hpp"

#include <cstdio>
#include <cstdlib>

namespace kjerne::rm {
namespace {

// Resolves `attr` on `type` and checks every descendant has it at the same slot (the
// invariant that makes one slot serve all of them). A failure is a defect of the schema
// table, found by the first test that starts.
bmm::Slot UniformSlot(const bmm::Schema& s, bmm::TypeId type, std::string_view attr) {
    bmm::Slot slot = s.FindSlot(type, attr);
    bool ok = slot != bmm::kNoSlot;
    for (size_t t = 0; ok && t < s.size(); ++t) {
        auto id = static_cast<bmm::TypeId>(t);
        if (s.IsSubtypeOf(id, type) && s.FindSlot(id, attr) != slot) ok = false;
    }
    if (!ok) {
        std::fprintf(stderr, "kjerne: RM schema: %s.%s has no uniform slot\n", std::string(s.Name(type)).c_str(),
                     std::string(attr).c_str());
        std::abort();
    }
    return slot;
}

}  // namespace

const KnownSlots& KnownSlots::Rm() {
    static const KnownSlots k = [] {
        const bmm::Schema& s = bmm::Schema::Rm();
        KnownSlots r{};
        r.locatable = s.Find("LOCATABLE");
        r.composition = s.Find("COMPOSITION");
        r.event_context = s.Find("EVENT_CONTEXT");
        r.dv_text = s.Find("DV_TEXT");
        r.code_phrase = s.Find("CODE_PHRASE");
        r.archetyped = s.Find("ARCHETYPED");
        r.object_id = s.Find("OBJECT_ID");
        r.archetype_node_id = UniformSlot(s, r.locatable, "archetype_node_id");
        r.name = UniformSlot(s, r.locatable, "name");
        r.uid = UniformSlot(s, r.locatable, "uid");
        r.archetype_details = UniformSlot(s, r.locatable, "archetype_details");
        r.text_value = UniformSlot(s, r.dv_text, "value");
        r.defining_code = UniformSlot(s, s.Find("DV_CODED_TEXT"), "defining_code");
        r.id_value = UniformSlot(s, r.object_id, "value");
        r.terminology_id = UniformSlot(s, r.code_phrase, "terminology_id");
        r.code_string = UniformSlot(s, r.code_phrase, "code_string");
        r.archetype_id = UniformSlot(s, r.archetyped, "archetype_id");
        r.template_id = UniformSlot(s, r.archetyped, "template_id");
        r.language = UniformSlot(s, r.composition, "language");
        r.territory = UniformSlot(s, r.composition, "territory");
        r.category = UniformSlot(s, r.composition, "category");
        r.composer = UniformSlot(s, r.composition, "composer");
        r.context = UniformSlot(s, r.composition, "context");
        r.content = UniformSlot(s, r.composition, "content");
        r.start_time = UniformSlot(s, r.event_context, "start_time");
        return r;
    }();
    return k;
}

std::string_view ValueOf(const Node* node) {
    if (!node) return {};
    // OBJECT_ID.value and DV_TEXT.value share no slot in general; look the name up by type.
    const KnownSlots& k = KnownSlots::Rm();
    const bmm::Schema& s = bmm::Schema::Rm();
    bmm::Slot slot = s.IsSubtypeOf(node->type, k.object_id) ? k.id_value
                     : s.IsSubtypeOf(node->type, k.dv_text)  ? k.text_value
                                                             : s.FindSlot(node->type, "value");
    if (slot == bmm::kNoSlot) return {};
    const Value* v = node->Find(slot);
    return v ? v->str() : std::string_view();
}

bool LocatableView::valid() const {
    return node_ && bmm::Schema::Rm().IsSubtypeOf(node_->type, k_.locatable);
}

const Node* LocatableView::Child(bmm::Slot slot) const {
    if (!node_) return nullptr;
    const Value* v = node_->Find(slot);
    return v ? v->node() : nullptr;
}

std::string_view LocatableView::archetype_node_id() const {
    const Value* v = node_ ? node_->Find(k_.archetype_node_id) : nullptr;
    return v ? v->str() : std::string_view();
}
std::string_view LocatableView::name() const { return ValueOf(Child(k_.name)); }
std::string_view LocatableView::uid() const { return ValueOf(Child(k_.uid)); }

std::string_view LocatableView::archetype_id() const {
    const Node* details = Child(k_.archetype_details);
    const Value* v = details ? details->Find(k_.archetype_id) : nullptr;
    return v ? ValueOf(v->node()) : std::string_view();
}

std::string_view LocatableView::template_id() const {
    const Node* details = Child(k_.archetype_details);
    const Value* v = details ? details->Find(k_.template_id) : nullptr;
    return v ? ValueOf(v->node()) : std::string_view();
}

bool CompositionView::valid() const { return node_ && node_->type == k_.composition; }

namespace {
std::string_view CodeString(const Node* code_phrase, bmm::Slot code_string) {
    const Value* v = code_phrase ? code_phrase->Find(code_string) : nullptr;
    return v ? v->str() : std::string_view();
}
}  // namespace

std::string_view CompositionView::language() const { return CodeString(Child(k_.language), k_.code_string); }
std::string_view CompositionView::territory() const { return CodeString(Child(k_.territory), k_.code_string); }

std::string_view CompositionView::category_code() const {
    const Node* category = Child(k_.category);
    const Value* code = category ? category->Find(k_.defining_code) : nullptr;
    return CodeString(code ? code->node() : nullptr, k_.code_string);
}

std::string_view CompositionView::start_time() const {
    const Node* context = Child(k_.context);
    const Value* v = context ? context->Find(k_.start_time) : nullptr;
    return v ? ValueOf(v->node()) : std::string_view();
}

std::span<const Value> CompositionView::content() const {
    const Value* v = node_ ? node_->Find(k_.content) : nullptr;
    if (!v) return {};
    auto items = v->items();
    return {items.data(), items.size()};
}

std::optional<ObjectVersionId> ObjectVersionId::Parse(std::string_view text) {
    size_t a = text.find("::");
    if (a == std::string_view::npos || a == 0) return std::nullopt;
    size_t b = text.find("::", a + 2);
    if (b == std::string_view::npos || b == a + 2 || b + 2 >= text.size()) return std::nullopt;
    std::string_view tree = text.substr(b + 2);
    // version_tree_id: numbers separated by dots (trunk "1", branch "1.2.1")
    bool digit = false;
    for (char c : tree) {
        if (c >= '0' && c <= '9') digit = true;
        else if (c == '.' && digit) digit = false;
        else return std::nullopt;
    }
    if (!digit) return std::nullopt;
    return ObjectVersionId{std::string(text.substr(0, a)), std::string(text.substr(a + 2, b - a - 2)), std::string(tree)};
}

}  // namespace kjerne::rm
