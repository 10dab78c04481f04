// templates/webtemplate/web_template_inputs.hpp
//
// The `inputs` of web template nodes: what a form asks for per data type. From the template's
// constraints (a C_PRIMITIVE_OBJECT on a data value attribute, C_DV_QUANTITY units with their
// ranges, C_DV_ORDINAL values, C_CODE_PHRASE code lists resolved to labels in every language)
// and, where the template leaves a data value open, from its RM type alone (DV_QUANTITY:
// magnitude + unit, DV_DURATION: one INTEGER per allowed field, PARTY_PROXY: id, id_scheme,
// id_namespace, name, ...). Integer ranges with open bounds are closed (`>5` -> `>=6`).
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "archetypes/aom/c_domain_types.hpp"
#include "archetypes/aom/c_primitive.hpp"
#include "templates/webtemplate/term_lookup.hpp"
#include "templates/webtemplate/web_template.hpp"

namespace kjerne::templates::webtemplate {

// Inputs constrained by the template, by the RM attribute they constrain ("value",
// "magnitude", "numerator", "type", ...).
using TemplateInputs = std::map<std::string, WtInput, std::less<>>;

WtInput InputFromPrimitive(const archetypes::aom::CPrimitive& p);

// Adds the inputs of node.rm_type, taking constrained ones from `constrained` where the
// template has them. Types without inputs (CODE_PHRASE, complex objects) add nothing.
void AddInputsForType(WtNode& node, const TemplateInputs& constrained);

void AddQuantityInputs(WtNode& node, const archetypes::aom::CDvQuantity& q);
void AddOrdinalInputs(WtNode& node, const archetypes::aom::CDvOrdinal& o, const TermLookup& terms);
// Local codes get labels and descriptions from the archetype, openEHR codes from the compiled-in
// English terminology, external codes only when the archetype defines them; with no code list
// the inputs are free `code` and `value` texts.
void AddCodePhraseInputs(WtNode& node, const archetypes::aom::CCodePhrase& c,
                         const TermLookup& terms);

// Sets the inputs' defaultValue from a template default (Template::default_values fields of
// the node's path): DV_QUANTITY magnitude/units, DV_COUNT magnitude, DV_ORDINAL code,
// DV_PROPORTION numerator, DV_CODED_TEXT code/value, DV_DURATION fields (from its ISO value),
// else `value` for the value input.
void ApplyTemplateDefaults(WtNode& node, const std::map<std::string, std::string>& fields);

// A real as Java prints a double (`0.0`, `37.5`, `1.0E7`): the corpus web templates' style.
std::string JavaDouble(double v);

}  // namespace kjerne::templates::webtemplate
