// archetypes/validity/domain_type_rules.cpp — see domain_type_rules.hpp.
#include "archetypes/validity/domain_type_rules.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace kjerne::archetypes::validity {

namespace {

using aom::CObject;

// The one value a C_INTEGER / C_REAL admits ({1}, {|1|}, {|1..1|}); nullopt for a list of
// several values or a real range, which are not an ordinal's value.
std::optional<double> SingleValue(const CObject& o) {
    const aom::CPrimitive* p = o.primitive();
    if (!p) return std::nullopt;
    if (const auto* i = std::get_if<aom::CInteger>(p)) {
        if (i->list.size() == 1 && !i->range) return static_cast<double>(i->list[0]);
        if (i->list.empty() && i->range && i->range->lower && i->range->upper &&
            *i->range->lower == *i->range->upper)
            return static_cast<double>(*i->range->lower);
    } else if (const auto* r = std::get_if<aom::CReal>(p)) {
        if (r->list.size() == 1 && !r->range) return r->list[0];
        if (r->list.empty() && r->range && r->range->lower && r->range->upper &&
            *r->range->lower == *r->range->upper)
            return *r->range->lower;
    }
    return std::nullopt;
}

std::string NumberText(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    std::ostringstream s;
    s << v;
    return s.str();
}

// The symbol code of a tuple's symbol member ([at3]), for the message.
std::string SymbolOf(const CObject* o) {
    if (o)
        if (const auto* cp = o->code_phrase(); cp && !cp->code_list.empty()) return cp->code_list[0];
    return "?";
}

class Checker {
public:
    Checker(std::string_view file, std::vector<Finding>& out) : file_(file), out_(out) {}

    void Walk(const CObject& o) {
        if (const auto* ord = o.ordinal()) {
            std::map<double, std::string> seen;  // value -> first symbol
            for (const auto& item : ord->list) Note(o, seen, item.value, item.symbol.code_string);
        }
        for (const auto& t : o.tuples) {
            size_t v = t.members.size(), s = t.members.size();
            for (size_t k = 0; k < t.members.size(); ++k) {
                if (t.members[k] == "value") v = k;
                if (t.members[k] == "symbol") s = k;
            }
            bool ordinal = o.rm_type_name == "DV_ORDINAL" || o.rm_type_name == "DV_SCALE";
            if (!ordinal || v == t.members.size()) continue;
            std::map<double, std::string> seen;
            for (const auto& tuple : t.tuples) {
                if (v >= tuple.size() || !tuple[v]) continue;
                std::optional<double> value = SingleValue(*tuple[v]);
                if (value) Note(o, seen, *value, SymbolOf(s < tuple.size() ? tuple[s] : nullptr));
            }
        }
        for (const auto& a : o.attributes)
            for (const auto& c : a.children) Walk(*c);
    }

private:
    void Note(const CObject& o, std::map<double, std::string>& seen, double value,
              const std::string& symbol) {
        auto [it, fresh] = seen.emplace(value, symbol);
        if (fresh) return;
        Finding f;
        f.issue.code = "VCOV";
        f.issue.archetype_path = o.path;
        f.issue.pos = SourcePos{std::string(file_), o.line, o.col};
        f.issue.message = "ordinal value " + NumberText(value) + " is given to both " +
                          it->second + " and " + symbol + " in " + o.rm_type_name;
        out_.push_back(std::move(f));
    }

    std::string_view file_;
    std::vector<Finding>& out_;
};

}  // namespace

void CheckDomainTypes(const aom::Archetype& archetype, std::string_view file,
                      std::vector<Finding>& out) {
    // ADL 2 authored only (see the header): not ADL 1.4, not converted from it
    if (!archetype.is_adl2 || !archetype.adl14_codes.empty()) return;
    if (archetype.definition) Checker(file, out).Walk(*archetype.definition);
}

}  // namespace kjerne::archetypes::validity
