#!/usr/bin/env bash
# tests/templates/validate_cli_test.sh KJERNE CORPUS — `kjerne validate --template` under the
# OPT 1.4 schema policy (--opt-schema): warn (the default) prints the template's schema findings
# as warnings on stderr and validates; strict rejects an OPT that has findings (exit 2, the
# findings listed under "template rejected"); off skips the check. The OPTs and their findings
# are in tests/templates/opt_xsd_findings.tsv. `kjerne serve --opt-schema` takes the same names.
source "$(dirname "$0")/../support/cli_prelude.sh" "$@"

OPT="$CORPUS/validation-sets/integration-tests/valid_templates/all_types/Test_dv_ordinal_with_constraints.v0.opt"
CLEAN="$CORPUS/templates/opt14/minimal_evaluation.opt"
"$K" example "$OPT" > "$dir/ex.json" 2> /dev/null || fail "example: exit $?"
"$K" example "$CLEAN" > "$dir/clean.json" 2> /dev/null || fail "example (clean OPT): exit $?"

for flag in "" "--opt-schema warn"; do
    # shellcheck disable=SC2086
    "$K" validate --template "$OPT" $flag "$dir/ex.json" > "$dir/out" 2> "$dir/err" \
        || fail "warn ($flag): exit $?: $(cat "$dir/out" "$dir/err")"
    grep -q "^warning: .*Test_dv_ordinal_with_constraints.v0.opt:416:38: .*OPT_XSD: " "$dir/err" \
        || fail "warn ($flag): no OPT_XSD warning at 416:38 on stderr: $(cat "$dir/err")"
    [ -s "$dir/out" ] && fail "warn ($flag): a valid composition printed findings: $(cat "$dir/out")"
done

"$K" validate --template "$OPT" --opt-schema strict "$dir/ex.json" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -eq 2 ] || fail "strict: expected exit 2, got $rc: $(cat "$dir/out")"
[ "$(head -n 1 "$dir/out")" = "$OPT: template rejected" ] || fail "strict: first line: $(head -n 1 "$dir/out")"
[ "$(wc -l < "$dir/out")" -eq 2 ] || fail "strict: expected the one finding: $(cat "$dir/out")"
grep -q "^  .*Test_dv_ordinal_with_constraints.v0.opt:416:38: .*OPT_XSD: ." "$dir/out" \
    || fail "strict: the finding lacks file:line:col, code or message: $(cat "$dir/out")"
grep -q "warning:" "$dir/err" && fail "strict: a rejected template printed warnings: $(cat "$dir/err")"

"$K" validate --template "$OPT" --opt-schema off "$dir/ex.json" > "$dir/out" 2> "$dir/err" \
    || fail "off: exit $?: $(cat "$dir/out" "$dir/err")"
grep -q "OPT_XSD" "$dir/err" && fail "off: the schema was checked: $(cat "$dir/err")"

"$K" validate --template "$CLEAN" --opt-schema strict "$dir/clean.json" > "$dir/out" 2> "$dir/err" \
    || fail "strict on an OPT without findings: exit $?: $(cat "$dir/out" "$dir/err")"
[ -s "$dir/err" ] && fail "strict on an OPT without findings printed: $(cat "$dir/err")"

"$K" validate --template "$OPT" --opt-schema lenient "$dir/ex.json" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -ne 0 ] || fail "an unknown policy was accepted"
grep -q -- "--opt-schema" "$dir/err" || fail "an unknown policy: stderr does not name the option: $(cat "$dir/err")"
# `kjerne serve` spells the policy the same way and refuses another name before it starts.
timeout 10 "$K" serve --opt-schema lenient --auth none --port 0 --db "$dir/k.db" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "serve accepted an unknown policy (exit $rc)"
grep -q -- "--opt-schema" "$dir/err" || fail "serve: stderr does not name the option: $(cat "$dir/err")"
echo "kjerne validate/serve --opt-schema: 7 checks passed"
