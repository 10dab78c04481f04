// templates/webtemplate/web_template_inputs.cpp — see web_template_inputs.hpp.
#include "templates/webtemplate/web_template_inputs.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <variant>

#include "templates/validation/openehr_terminology.hpp"

namespace kjerne::templates::webtemplate {

namespace aom = archetypes::aom;

std::string JavaDouble(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e7) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return buf;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, res.ptr);
    if (auto e = s.find('e'); e != std::string::npos) {
        std::string mant = s.substr(0, e), exp = s.substr(e + 1);
        if (mant.find('.') == std::string::npos) mant += ".0";
        if (!exp.empty() && exp[0] == '+') exp.erase(0, 1);
        s = mant + "E" + exp;
    }
    return s;
}

namespace {

WtInput Input(std::string suffix, std::string type) {
    WtInput i;
    i.suffix = std::move(suffix);
    i.type = std::move(type);
    return i;
}

std::string Quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

WtInterval IntInterval(const aom::Interval<long long>& r) {
    WtInterval out;
    if (r.lower) {
        long long lo = r.lower_included ? *r.lower : *r.lower + 1;
        out.min_op = ">=";
        out.min = std::to_string(lo);
    }
    if (r.upper) {
        long long hi = r.upper_included ? *r.upper : *r.upper - 1;
        out.max_op = "<=";
        out.max = std::to_string(hi);
    }
    return out;
}

WtInterval SmallIntInterval(const aom::Interval<int>& r) {
    aom::Interval<long long> w;
    if (r.lower) w.lower = *r.lower;
    if (r.upper) w.upper = *r.upper;
    w.lower_included = r.lower_included;
    w.upper_included = r.upper_included;
    return IntInterval(w);
}

WtInterval RealInterval(const aom::Interval<double>& r) {
    WtInterval out;
    if (r.lower) {
        out.min_op = r.lower_included ? ">=" : ">";
        out.min = JavaDouble(*r.lower);
    }
    if (r.upper) {
        out.max_op = r.upper_included ? "<=" : "<";
        out.max = JavaDouble(*r.upper);
    }
    return out;
}

WtInterval StringInterval(const aom::Interval<std::string>& r) {
    WtInterval out;
    if (r.lower) {
        out.min_op = r.lower_included ? ">=" : ">";
        out.min = Quoted(*r.lower);
    }
    if (r.upper) {
        out.max_op = r.upper_included ? "<=" : "<";
        out.max = Quoted(*r.upper);
    }
    return out;
}

// "P1Y2M3DT4H5M6S" -> {Y:1, M:2, D:3, H:4, MT:5, S:6}; minutes after 'T' are "MT".
std::map<std::string, long long> DurationFields(std::string_view iso) {
    std::map<std::string, long long> out;
    bool time_part = false;
    std::string digits;
    for (char c : iso) {
        if (c == 'T') {
            time_part = true;
        } else if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c != 'P' && c != '.' && c != '-') {
            std::string key(1, c);
            if (time_part && c == 'M') key = "MT";
            out[key] = digits.empty() ? 0 : std::stoll(digits);
            digits.clear();
        }
    }
    return out;
}

std::string Unquote(const std::string& s) {
    return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s;
}

void AddDurationInputs(WtNode& node, const TemplateInputs& constrained) {
    std::string pattern;
    WtInterval range;
    std::optional<std::string> assumed;
    if (auto it = constrained.find("value"); it != constrained.end()) {
        pattern = it->second.validation.pattern;
        range = it->second.validation.range;
        assumed = it->second.default_value;
    }
    auto lo = DurationFields(Unquote(range.min)), hi = DurationFields(Unquote(range.max));
    auto defaults =
        assumed ? DurationFields(Unquote(*assumed)) : std::map<std::string, long long>{};
    const bool blank = pattern.empty();
    std::string date_part = pattern.substr(0, pattern.find('T'));
    std::string time_part =
        pattern.find('T') == std::string::npos ? "" : pattern.substr(pattern.find('T') + 1);
    struct Field {
        const char* symbol;
        const char* key;
        const char* suffix;
        const std::string* scope;
    };
    const Field fields[] = {{"Y", "Y", "year", &pattern},  {"M", "M", "month", &date_part},
                            {"D", "D", "day", &pattern},   {"W", "W", "week", &pattern},
                            {"H", "H", "hour", &pattern},  {"M", "MT", "minute", &time_part},
                            {"S", "S", "second", &pattern}};
    for (const Field& f : fields) {
        if (!blank && f.scope->find(f.symbol) == std::string::npos) continue;
        WtInput in = Input(f.suffix, "INTEGER");
        in.validation.range.min_op = ">=";
        in.validation.range.min = "0";
        // Per-field bounds are inclusive: an open duration bound (>PT0S) does not make a
        // single field's zero invalid.
        if (auto it = lo.find(f.key); it != lo.end())
            in.validation.range.min = std::to_string(it->second);
        if (auto it = hi.find(f.key); it != hi.end()) {
            in.validation.range.max_op = "<=";
            in.validation.range.max = std::to_string(it->second);
        }
        if (!defaults.empty()) {
            auto it = defaults.find(f.key);
            in.default_value = std::to_string(it == defaults.end() ? 0 : it->second);
        }
        node.inputs.push_back(std::move(in));
    }
}

const WtInput* Constrained(const TemplateInputs& c, std::string_view key) {
    auto it = c.find(key);
    return it == c.end() ? nullptr : &it->second;
}

WtInput ConstrainedOr(const TemplateInputs& c, std::string_view key, std::string suffix,
                      std::string type) {
    if (const WtInput* i = Constrained(c, key)) return *i;
    return Input(std::move(suffix), std::move(type));
}

// DV_PROPORTION.type codes (openEHR PROPORTION_KIND) and the names EHRbase writes.
const char* ProportionTypeName(long long kind) {
    switch (kind) {
        case 0:
            return "ratio";
        case 1:
            return "unitary";
        case 2:
            return "percent";
        case 3:
            return "fraction";
        case 4:
            return "integer_fraction";
        default:
            return nullptr;
    }
}

}  // namespace

void ApplyTemplateDefaults(WtNode& node, const std::map<std::string, std::string>& fields) {
    auto field = [&](const char* f) -> const std::string* {
        auto it = fields.find(f);
        return it == fields.end() ? nullptr : &it->second;
    };
    // JSON literal: numbers and booleans as they are, everything else quoted.
    auto literal = [](const WtInput& in, const std::string& v) {
        const bool numeric = (in.type == "INTEGER" || in.type == "DECIMAL") && !v.empty() &&
                             v.find_first_not_of("0123456789.-+eE") == std::string::npos;
        if (numeric || (in.type == "BOOLEAN" && (v == "true" || v == "false"))) return v;
        return Quoted(v);
    };
    const std::string& t = node.rm_type;
    if (t == "DV_DURATION") {
        const std::string* v = field("value");
        if (!v) return;
        auto parts = DurationFields(*v);
        static const std::map<std::string, std::string> kKey = {
            {"year", "Y"}, {"month", "M"},   {"day", "D"},   {"week", "W"},
            {"hour", "H"}, {"minute", "MT"}, {"second", "S"}};
        for (WtInput& in : node.inputs) {
            auto k = kKey.find(in.suffix);
            if (k == kKey.end()) continue;
            auto it = parts.find(k->second);
            in.default_value = std::to_string(it == parts.end() ? 0 : it->second);
        }
        return;
    }
    for (WtInput& in : node.inputs) {
        const char* key = nullptr;
        if (t == "DV_QUANTITY") {
            key = in.suffix == "magnitude" ? "magnitude" : in.suffix == "unit" ? "units" : nullptr;
        } else if (t == "DV_COUNT") {
            key = "magnitude";
        } else if (t == "DV_ORDINAL") {
            key = "defining_code";
        } else if (t == "DV_PROPORTION") {
            key = in.suffix == "numerator" ? "numerator"
                                           : nullptr;  // the denominator follows the type
        } else if (t == "DV_CODED_TEXT") {
            key = in.suffix == "code" ? "defining_code" : in.suffix == "value" ? "value" : nullptr;
        } else {
            key = in.suffix.empty() ? "value" : nullptr;
        }
        if (!key) continue;
        if (const std::string* v = field(key)) in.default_value = literal(in, *v);
    }
}

WtInput InputFromPrimitive(const aom::CPrimitive& p) {
    WtInput in;
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, aom::CString>) {
                in.type = "TEXT";
                if (c.pattern) in.validation.pattern = *c.pattern;
                for (const std::string& v : c.list) {
                    WtInputValue iv;
                    iv.value = iv.label = v;
                    in.list.push_back(std::move(iv));
                }
                if (!c.list.empty()) in.list_open = c.list_open;
                if (c.assumed_value) in.default_value = Quoted(*c.assumed_value);
            } else if constexpr (std::is_same_v<T, aom::CInteger>) {
                in.type = "INTEGER";
                if (c.range) in.validation.range = IntInterval(*c.range);
                for (long long v : c.list) {
                    WtInputValue iv;
                    iv.value = std::to_string(v);
                    in.list.push_back(std::move(iv));
                }
                if (c.assumed_value) in.default_value = std::to_string(*c.assumed_value);
            } else if constexpr (std::is_same_v<T, aom::CReal>) {
                in.type = "DECIMAL";
                if (c.range) in.validation.range = RealInterval(*c.range);
                if (c.assumed_value) in.default_value = JavaDouble(*c.assumed_value);
            } else if constexpr (std::is_same_v<T, aom::CBoolean>) {
                in.type = "BOOLEAN";
                if (c.true_valid != c.false_valid) {
                    WtInputValue iv;
                    iv.value = iv.label = c.true_valid ? "true" : "false";
                    in.list.push_back(std::move(iv));
                }
                if (c.assumed_value) in.default_value = *c.assumed_value ? "true" : "false";
            } else {
                if constexpr (std::is_same_v<T, aom::CDate>) in.type = "DATE";
                if constexpr (std::is_same_v<T, aom::CTime>) in.type = "TIME";
                if constexpr (std::is_same_v<T, aom::CDateTime>) in.type = "DATETIME";
                if constexpr (std::is_same_v<T, aom::CDuration>) {
                    in.type = "DURATION";
                    if (c.range) in.validation.range = StringInterval(*c.range);
                }
                if (c.pattern) in.validation.pattern = *c.pattern;
                if (c.assumed_value) in.default_value = Quoted(*c.assumed_value);
            }
        },
        p);
    return in;
}

void AddInputsForType(WtNode& node, const TemplateInputs& c) {
    const std::string& t = node.rm_type;
    auto& in = node.inputs;
    if (t == "DV_DATE") {
        in.push_back(ConstrainedOr(c, "value", "", "DATE"));
    } else if (t == "DV_DATE_TIME") {
        in.push_back(ConstrainedOr(c, "value", "", "DATETIME"));
    } else if (t == "DV_TIME") {
        in.push_back(ConstrainedOr(c, "value", "", "TIME"));
    } else if (t == "DV_ORDINAL") {
        in.push_back(ConstrainedOr(c, "value", "", "CODED_TEXT"));
    } else if (t == "PARTY_PROXY") {
        for (const char* s : {"id", "id_scheme", "id_namespace", "name"})
            in.push_back(Input(s, "TEXT"));
    } else if (t == "DV_PARSABLE") {
        in.push_back(Input("value", "TEXT"));
        in.push_back(Input("formalism", "TEXT"));
    } else if (t == "DV_TEXT" || t == "DV_EHR_URI" || t == "DV_URI" || t == "DV_MULTIMEDIA" ||
               t == "UID_BASED_ID" || t == "STRING") {
        in.push_back(ConstrainedOr(c, "value", "", "TEXT"));
    } else if (t == "DV_COUNT") {
        in.push_back(ConstrainedOr(c, "magnitude", "", "INTEGER"));
    } else if (t == "DV_QUANTITY") {
        in.push_back(ConstrainedOr(c, "magnitude", "magnitude", "DECIMAL"));
        in.push_back(Input("unit", "TEXT"));
    } else if (t == "DV_BOOLEAN") {
        in.push_back(ConstrainedOr(c, "value", "", "BOOLEAN"));
    } else if (t == "DV_STATE" || t == "DV_CODED_TEXT") {
        in.push_back(Input("code", "TEXT"));
        in.push_back(Input("value", "TEXT"));
    } else if (t == "DV_PROPORTION") {
        WtInput num = ConstrainedOr(c, "numerator", "numerator", "DECIMAL");
        num.suffix = "numerator";
        WtInput den = ConstrainedOr(c, "denominator", "denominator", "DECIMAL");
        den.suffix = "denominator";
        std::vector<std::string> kinds;
        if (const WtInput* type = Constrained(c, "type"))
            for (const WtInputValue& v : type->list)
                if (const char* n = ProportionTypeName(std::stoll(v.value))) kinds.emplace_back(n);
        if (kinds.empty()) {
            kinds = {"integer_fraction", "unitary", "percent", "ratio", "fraction"};
        } else if (kinds.size() == 1 && (kinds[0] == "percent" || kinds[0] == "unitary")) {
            // The denominator is fixed by the kind: 100 for a percentage, 1 for a unitary value.
            std::string v = kinds[0] == "percent" ? "100.0" : "1.0";
            den.validation.range = WtInterval{">=", v, "<=", v};
        }
        node.proportion_types = std::move(kinds);
        in.push_back(std::move(num));
        in.push_back(std::move(den));
    } else if (t == "DV_IDENTIFIER") {
        for (const char* s : {"id", "type", "issuer", "assigner"}) in.push_back(Input(s, "TEXT"));
    } else if (t == "DV_DURATION") {
        AddDurationInputs(node, c);
    }
}

void AddQuantityInputs(WtNode& node, const aom::CDvQuantity& q) {
    WtInput magnitude = Input("magnitude", "DECIMAL");
    WtInput unit = Input("unit", "CODED_TEXT");
    for (const aom::CQuantityItem& item : q.list) {
        WtInputValue v;
        v.value = v.label = item.units;
        if (item.magnitude) v.validation.range = RealInterval(*item.magnitude);
        if (item.precision) v.validation.precision = SmallIntInterval(*item.precision);
        unit.list.push_back(std::move(v));
    }
    if (unit.list.size() == 1) magnitude.validation = unit.list[0].validation;
    if (q.assumed_magnitude) magnitude.default_value = JavaDouble(*q.assumed_magnitude);
    if (q.assumed_units) unit.default_value = Quoted(*q.assumed_units);
    node.inputs.push_back(std::move(magnitude));
    node.inputs.push_back(std::move(unit));
}

void AddOrdinalInputs(WtNode& node, const aom::CDvOrdinal& o, const TermLookup& terms) {
    WtInput code = Input("", "CODED_TEXT");
    if (o.assumed_symbol) {
        code.default_value = Quoted(o.assumed_symbol->code_string);
        if (o.assumed_symbol->terminology_id != "local")
            code.terminology = o.assumed_symbol->terminology_id;
    }
    for (const aom::OrdinalItem& item : o.list) {
        WtInputValue v;
        v.value = item.symbol.code_string;
        v.ordinal = o.is_scale ? JavaDouble(item.value)
                               : std::to_string(static_cast<long long>(item.value));
        v.localized_labels = terms.Texts(v.value);
        v.localized_descriptions = terms.Descriptions(v.value, /*keep_empty=*/true);
        v.label = terms.Text(v.value);
        if (v.localized_descriptions.empty() ||
            v.localized_descriptions.front().first != terms.default_language)
            v.localized_descriptions.insert(v.localized_descriptions.begin(),
                                            {terms.default_language, ""});
        code.list.push_back(std::move(v));
    }
    node.inputs.push_back(std::move(code));
}

void AddCodePhraseInputs(WtNode& node, const aom::CCodePhrase& c, const TermLookup& terms) {
    WtInput code = Input("code", "");
    if (c.assumed_value) code.default_value = "\"" + *c.assumed_value + "\"";
    if (!c.reference_set_uri.empty()) {
        std::string uri = c.reference_set_uri;
        if (uri.rfind("terminology:", 0) == 0) uri = uri.substr(12);
        code.terminology = uri;
    } else {
        code.terminology = c.terminology_id;
    }
    // The archetype's own codes: EHRbase's current web templates name no terminology for them.
    const bool local = code.terminology.empty() || code.terminology == "local";
    if (code.terminology == "openehr") {
        for (const std::string& cs : c.code_list) {
            const validation::OpenEhrConcept* concept_ = validation::FindOpenEhrConcept(cs);
            if (!concept_) continue;
            WtInputValue v;
            v.value = cs;
            v.label = std::string(concept_->rubric);
            // Only the English rubrics are compiled in; other languages get "" as EHRbase writes.
            if (terms.languages)
                for (const std::string& lang : *terms.languages)
                    v.localized_labels.emplace_back(lang, lang == "en" ? v.label : "");
            code.list.push_back(std::move(v));
        }
    } else {
        for (const std::string& cs : c.code_list) {
            std::string key = cs;
            if (!local) {
                // External codes resolve only when the archetype defines them (as "TERM::code" or
                // bare).
                std::string qualified = code.terminology + "::" + cs;
                key = terms.Has(qualified) ? qualified : cs;
            }
            if (!terms.Has(key)) continue;
            WtInputValue v;
            v.value = cs;
            v.localized_labels = terms.Texts(key);
            if (!local) {
                // External codes: labelled when the archetype defines them as "TERM::code"; a
                // bare code's text is only a localized label (as the corpus web templates have it).
                if (key != cs) v.label = terms.Text(key);
                code.list.push_back(std::move(v));
                continue;
            }
            v.label = terms.Text(key);
            v.localized_descriptions = terms.Descriptions(key, /*keep_empty=*/false);
            bool has_default = false;
            for (auto& [lang, d] : v.localized_descriptions)
                has_default |= lang == terms.default_language;
            if (!has_default)
                v.localized_descriptions.insert(v.localized_descriptions.begin(),
                                                {terms.default_language, ""});
            code.list.push_back(std::move(v));
        }
    }
    if (local) code.terminology.clear();
    if (code.list.empty()) {
        code.type = "TEXT";
        WtInput value = Input("value", "TEXT");
        value.terminology = code.terminology;
        node.inputs.push_back(std::move(code));
        node.inputs.push_back(std::move(value));
    } else {
        code.type = "CODED_TEXT";
        node.inputs.push_back(std::move(code));
    }
}

}  // namespace kjerne::templates::webtemplate
