#!/usr/bin/env bash
# tests/templates/adl2_cli_test.sh KJERNE CORPUS — the template commands on an ADL 2 template with
# --archetypes: `example` writes a composition that `validate` accepts (exit 0), a wrong code in
# it is rejected (exit 1, the finding named), `webtemplate` prints the web template, and a
# missing archetype folder rejects the template (exit 2 for validate).
source "$(dirname "$0")/../support/cli_prelude.sh" "$@"

LIB="$CORPUS/archetypes/adl2/ckm_2013_12_09"
T="$LIB/composition/openEHR-EHR-COMPOSITION.t_encounter_opt_test.v1.0.0.adls"
for mode in --minimal --full "--random 7"; do
    # shellcheck disable=SC2086
    "$K" example "$T" --archetypes "$LIB" $mode > "$dir/ex.json" 2> "$dir/err" || fail "example $mode: exit $?: $(cat "$dir/err")"
    "$K" validate --template "$T" --archetypes "$LIB" "$dir/ex.json" > "$dir/out" || fail "example $mode does not validate: $(cat "$dir/out")"
done
"$K" example "$T" --archetypes "$LIB" --full > "$dir/ex.json" || fail "example --full"
sed 's/"value": "openehr"/"value": "local"/' "$dir/ex.json" > "$dir/bad.json"
"$K" validate --template "$T" --archetypes "$LIB" "$dir/bad.json" > "$dir/out"
[ $? -eq 1 ] || fail "a wrong terminology was accepted"
grep -q "/category/defining_code" "$dir/out" || fail "finding not at /category/defining_code: $(cat "$dir/out")"
"$K" webtemplate "$T" --archetypes "$LIB" > "$dir/wt.json" || fail "webtemplate exit $?"
python3 - "$dir/wt.json" <<'PY' || fail "unexpected web template"
import json, sys
w = json.load(open(sys.argv[1]))
assert w["templateId"] == "openEHR-EHR-COMPOSITION.t_encounter_opt_test.v1.0.0", w["templateId"]
assert w["tree"]["rmType"] == "COMPOSITION"
PY
"$K" validate --template "$T" --archetypes "$dir/none" "$dir/ex.json" > "$dir/out"
[ $? -eq 2 ] || fail "a missing archetype folder did not reject the template"
echo "ok"
