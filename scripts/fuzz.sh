#!/usr/bin/env bash
# scripts/fuzz.sh — build the libFuzzer targets (tests/fuzz, preset `fuzz`: clang-14 with
# ASan + UBSan) and run each for a bounded time on seeds taken from the corpus.
#   KJERNE_FUZZ_SECONDS  seconds per target (default 30)
#   KJERNE_CORPUS_DIR    corpus root (default ../shared/corpus)
# New inputs go to a scratch folder, never into the read-only corpus; a crash leaves its
# input in build-fuzz/crashes/ and fails the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${KJERNE_FUZZ_SECONDS:-30}"
corpus="${KJERNE_CORPUS_DIR:-../shared/corpus}"
if [[ ! -d "$corpus/compositions" ]]; then
    echo "fuzz: corpus not found at $corpus: set KJERNE_CORPUS_DIR or place shared/corpus beside the checkout" >&2
    exit 1
fi

cmake --preset fuzz
cmake --build build-fuzz -j2

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p build-fuzz/crashes "$scratch"/{json,xml,aql,adl,seed-aql}
# AQL seeds: the "q" of every query file in EHRbase's AQL test data.
python3 - "$corpus/aql/examples/integration-tests" "$scratch/seed-aql" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
n = 0
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.json'):
            continue
        try:
            q = json.load(open(os.path.join(root, f), encoding='utf-8')).get('q')
        except Exception:
            continue
        if isinstance(q, str):
            n += 1
            open(os.path.join(dst, f'{n}.aql'), 'w', encoding='utf-8').write(q)
PY

run() {
    local target="$1" out="$2"; shift 2
    echo "== fuzz: $target for ${seconds}s"
    "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len=262144 -timeout=20 -rss_limit_mb=4096 \
        -artifact_prefix=build-fuzz/crashes/"$target"- -print_final_stats=1 "$out" "$@" 2>&1 | tail -n 12
}
run fuzz_json_reader "$scratch/json" "$corpus/compositions/canonical_json"
run fuzz_xml_reader "$scratch/xml" "$corpus/compositions/canonical_xml"
run fuzz_aql_parser "$scratch/aql" "$scratch/seed-aql"
# ADL seeds: the corpus's archetype folders as they are (libFuzzer reads them recursively).
run fuzz_adl_parser "$scratch/adl" "$corpus/archetypes/adl14" "$corpus/archetypes/adl2"
echo "fuzz: no crashes"
