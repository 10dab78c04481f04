// archetypes/adl/adl14_domain_types.cpp — see adl14_domain_types.hpp. Objects are built
// exactly as archetypes/adl parses the ADL 2 text the writer makes of them, so the round trip
// compares like with like: attributes the parser creates for a tuple get their RM slot but not
// is_multiple; primitive objects carry no RM type id.
#include "archetypes/adl/adl14_domain_types.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kjerne::archetypes::adl {

using aom::CObject;
using aom::CObjectKind;

namespace {

std::unique_ptr<CObject> Primitive(aom::CPrimitive p, const char* rm_type_name) {
    auto o = std::make_unique<CObject>();
    o->kind = CObjectKind::kPrimitiveObject;
    o->rm_type_name = rm_type_name;
    o->detail = std::move(p);
    return o;
}

std::unique_ptr<CObject> LocalOrExternalCode(const aom::CodeRef& code) {
    auto o = std::make_unique<CObject>();
    o->kind = CObjectKind::kCodePhrase;
    o->rm_type_name = "TERMINOLOGY_CODE";
    o->rm_type = bmm::Schema::Rm().Find("CODE_PHRASE");
    aom::CCodePhrase cp;
    cp.terminology_id = code.terminology_id.empty() ? "local" : code.terminology_id;
    cp.code_list.push_back(code.code_string);
    o->detail = std::move(cp);
    return o;
}

aom::CAttribute& AddAttribute(CObject& o, const char* name, bool from_tuple) {
    aom::CAttribute a;
    a.rm_attribute_name = name;
    if (o.rm_type != bmm::kNoType) {
        const auto& schema = bmm::Schema::Rm();
        a.slot = schema.FindSlot(o.rm_type, name);
        if (!from_tuple && a.slot != bmm::kNoSlot) a.is_multiple = schema.Prop(o.rm_type, a.slot).is_multiple();
    }
    o.attributes.push_back(std::move(a));
    return o.attributes.back();
}

}  // namespace

// `1|[local::at2], 2|[local::at3]` → DV_ORDINAL matches {[value, symbol] matches {[{1}, {[at2]}], …}}
bool OrdinalAsTuple(CObject& o) {
    const auto* ord = o.ordinal();
    if (!ord || ord->is_scale || ord->list.empty()) return false;
    aom::CDvOrdinal items = *ord;
    o.kind = CObjectKind::kComplexObject;
    o.detail = std::monostate{};
    aom::CAttributeTuple tuple;
    tuple.members = {"value", "symbol"};
    AddAttribute(o, "value", true);
    AddAttribute(o, "symbol", true);
    for (const auto& item : items.list) {
        std::unique_ptr<CObject> value;
        if (item.value == static_cast<double>(static_cast<long long>(item.value))) {
            aom::CInteger i;
            i.list.push_back(static_cast<long long>(item.value));
            value = Primitive(i, "INTEGER");
        } else {
            aom::CReal r;
            r.list.push_back(item.value);
            value = Primitive(r, "REAL");
        }
        auto symbol = LocalOrExternalCode(item.symbol);
        tuple.tuples.push_back({value.get(), symbol.get()});
        o.attributes[0].children.push_back(std::move(value));
        o.attributes[1].children.push_back(std::move(symbol));
    }
    o.tuples.push_back(std::move(tuple));
    return true;
}

// C_DV_QUANTITY <property, list> → DV_QUANTITY matches {property matches {[openehr::125]}
// magnitude/precision/units …} for one unit, a [magnitude, precision, units] tuple for several.
// Left as it is when the units differ in which fields they constrain (a tuple needs every
// member in every row) or a magnitude is unbounded both ways (|*..*| would read back as an
// Integer interval).
bool QuantityAsAdl2(CObject& o) {
    const auto* q = o.quantity();
    if (!q) return false;
    const aom::CDvQuantity quantity = *q;
    bool has_mag = !quantity.list.empty() && quantity.list[0].magnitude.has_value();
    bool has_prec = !quantity.list.empty() && quantity.list[0].precision.has_value();
    bool has_units = !quantity.list.empty() && !quantity.list[0].units.empty();
    for (const auto& item : quantity.list) {
        if (item.magnitude.has_value() != has_mag || item.precision.has_value() != has_prec ||
            item.units.empty() == has_units)
            return false;
        if (item.magnitude && !item.magnitude->lower && !item.magnitude->upper) return false;
    }
    o.kind = CObjectKind::kComplexObject;
    o.detail = std::monostate{};
    if (quantity.property) AddAttribute(o, "property", false).children.push_back(LocalOrExternalCode(*quantity.property));
    auto magnitude = [](const aom::CQuantityItem& item) {
        aom::CReal r;
        r.range = item.magnitude;
        return Primitive(r, "REAL");
    };
    auto precision = [](const aom::CQuantityItem& item) {
        aom::CInteger i;
        aom::Interval<long long> iv;
        if (item.precision->lower) iv.lower = *item.precision->lower;
        if (item.precision->upper) iv.upper = *item.precision->upper;
        i.range = iv;
        return Primitive(i, "INTEGER");
    };
    auto units = [](const aom::CQuantityItem& item) {
        aom::CString str;
        str.list.push_back(item.units);
        return Primitive(str, "STRING");
    };
    if (quantity.list.size() == 1) {
        const auto& item = quantity.list[0];
        if (has_mag) AddAttribute(o, "magnitude", false).children.push_back(magnitude(item));
        if (has_prec) AddAttribute(o, "precision", false).children.push_back(precision(item));
        if (has_units) AddAttribute(o, "units", false).children.push_back(units(item));
        return true;
    }
    if (quantity.list.empty()) return true;
    aom::CAttributeTuple tuple;
    size_t first = o.attributes.size();
    if (has_mag) { tuple.members.push_back("magnitude"); AddAttribute(o, "magnitude", true); }
    if (has_prec) { tuple.members.push_back("precision"); AddAttribute(o, "precision", true); }
    if (has_units) { tuple.members.push_back("units"); AddAttribute(o, "units", true); }
    for (const auto& item : quantity.list) {
        std::vector<const CObject*> row;
        size_t k = first;
        auto add = [&](std::unique_ptr<CObject> c) {
            row.push_back(c.get());
            o.attributes[k++].children.push_back(std::move(c));
        };
        if (has_mag) add(magnitude(item));
        if (has_prec) add(precision(item));
        if (has_units) add(units(item));
        tuple.tuples.push_back(std::move(row));
    }
    o.tuples.push_back(std::move(tuple));
    return true;
}

}  // namespace kjerne::archetypes::adl
