#!/usr/bin/env bash
# tests/archetypes/lint_cli_test.sh KJERNE — `kjerne lint` on a clean and a broken archetype:
# finding line format, exact summary line, exit codes, --format json.
set -u
K="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$dir/openEHR-EHR-CLUSTER.good.v1.adls" <<'ADL'
archetype (adl_version=2.0.5)
	openEHR-EHR-CLUSTER.good.v1.0.0
language
	original_language = <[ISO_639-1::en]>
definition
	CLUSTER[id1] matches {
		items matches {
			ELEMENT[id2] occurrences matches {0..1}
		}
	}
terminology
	term_definitions = <
		["en"] = <
			["id1"] = <text = <"Good"> description = <"d">>
			["id2"] = <text = <"Element"> description = <"d">>
		>
	>
ADL
mkdir -p "$dir/sub"
printf 'archetype (adl_version=1.4)\n\topenEHR-EHR-CLUSTER.bad.v1\ndefinition\n\tCLUSTER[at0000] matches {\n\t\titems matches {\n' > "$dir/sub/openEHR-EHR-CLUSTER.bad.v1.adl"

out=$("$K" lint "$dir/openEHR-EHR-CLUSTER.good.v1.adls"); rc=$?
[[ $rc == 0 ]] || fail "clean file: exit $rc"
[[ "$out" == "1 files, 0 unparsable, 0 errors, 0 warnings" ]] || fail "clean file: '$out'"

out=$("$K" lint "$dir"); rc=$?
[[ $rc == 1 ]] || fail "folder with a broken file: exit $rc"
grep -qE '^.*/sub/openEHR-EHR-CLUSTER\.bad\.v1\.adl:6:1: error ADL_SYNTAX: expected ' <<<"$out" || fail "finding line: '$out'"
[[ "$(tail -1 <<<"$out")" == "2 files, 1 unparsable, 1 errors, 0 warnings" ]] || fail "summary: '$out'"

out=$("$K" lint --format json "$dir"); rc=$?
[[ $rc == 1 ]] || fail "json: exit $rc"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["files"]==2 and d["unparsable"]==1 and d["findings"][0]["code"]=="ADL_SYNTAX" and d["findings"][0]["line"]==6' "$out" || fail "json: '$out'"

"$K" lint "$dir/missing.adl" >/dev/null 2>&1; rc=$?
[[ $rc == 2 ]] || fail "missing path: exit $rc"

# A specialised archetype is checked against its parent among the files given (VSONCO at the
# child's line:col), and reports a parent that is not there (VASID).
mkdir -p "$dir/spec"
cp "$dir/openEHR-EHR-CLUSTER.good.v1.adls" "$dir/spec/"
cat > "$dir/spec/openEHR-EHR-CLUSTER.good-child.v1.adls" <<'ADL'
archetype (adl_version=2.0.5)
	openEHR-EHR-CLUSTER.good-child.v1.0.0
specialise
	openEHR-EHR-CLUSTER.good.v1
language
	original_language = <[ISO_639-1::en]>
definition
	CLUSTER[id1.1] matches {
		/items matches {
			ELEMENT[id2.1] occurrences matches {0..3}
		}
	}
terminology
	term_definitions = <
		["en"] = <
			["id1.1"] = <text = <"Child"> description = <"d">>
			["id2.1"] = <text = <"Element"> description = <"d">>
		>
	>
ADL
out=$("$K" lint "$dir/spec"); rc=$?
[[ $rc == 1 ]] || fail "specialisation: exit $rc"
grep -qE 'good-child\.v1\.adls:10:4: error VSONCO: occurrences 0\.\.3 of id2\.1 ' <<<"$out" || fail "VSONCO line: '$out'"
[[ "$(tail -1 <<<"$out")" == "2 files, 0 unparsable, 1 errors, 0 warnings" ]] || fail "specialisation summary: '$out'"
out=$("$K" lint "$dir/spec/openEHR-EHR-CLUSTER.good-child.v1.adls"); rc=$?
[[ $rc == 1 ]] && grep -q "error VASID: parent archetype openEHR-EHR-CLUSTER.good.v1" <<<"$out" || fail "missing parent: '$out'"
echo "ok"
