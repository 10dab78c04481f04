#!/usr/bin/env bash
# tests/templates/webtemplate_cli_test.sh KJERNE CORPUS — `kjerne webtemplate`: the web template
# of a corpus OPT on stdout (exit 0), --unfiltered keeps the structural nodes, and an unreadable
# or broken template is exit 1 with the reason on stderr.
source "$(dirname "$0")/../support/cli_prelude.sh" "$@"

"$K" webtemplate "$CORPUS/templates/opt14/ehrbase_multi_occurrence.de.opt" > "$dir/wt.json" 2> "$dir/err" || fail "exit $? on a good OPT: $(cat "$dir/err")"
python3 - "$dir/wt.json" <<'PY' || fail "unexpected web template"
import json, sys
w = json.load(open(sys.argv[1]))
assert w["templateId"] == "ehrbase_multi_occurrence.de.v1", w["templateId"]
assert w["tree"]["rmType"] == "COMPOSITION" and w["tree"]["aqlPath"] == ""
ids = [c["id"] for c in w["tree"]["children"]]
assert ids == ["context", "body_temperature", "category", "language", "territory", "composer"], ids
PY

"$K" webtemplate --unfiltered "$CORPUS/templates/opt14/ehrbase_multi_occurrence.de.opt" > "$dir/full.json" || fail "--unfiltered exit $?"
grep -q '"rmType": "ITEM_TREE"' "$dir/full.json" || fail "--unfiltered lost the ITEM_TREE nodes"
grep -q '"rmType": "ITEM_TREE"' "$dir/wt.json" && fail "the filtered web template shows ITEM_TREE nodes"

"$K" webtemplate "$dir/missing.opt" > /dev/null 2> "$dir/err"
[ $? -eq 1 ] || fail "missing file: expected exit 1"
grep -q "missing.opt" "$dir/err" || fail "missing file: stderr does not name it: $(cat "$dir/err")"

printf '<template xmlns="http://schemas.openehr.org/v1"><concept>x</concept></template>' > "$dir/broken.opt"
"$K" webtemplate "$dir/broken.opt" > /dev/null 2> "$dir/err"
[ $? -eq 1 ] || fail "broken OPT: expected exit 1"
grep -q "OPT_STRUCTURE" "$dir/err" || fail "broken OPT: no OPT_STRUCTURE on stderr: $(cat "$dir/err")"
echo "kjerne webtemplate: 4 checks passed"
