#!/usr/bin/env python3
"""tests/aql/query_cli_test.py — the `kjerne query` command-line contract for planning.

Usage: query_cli_test.py KJERNE CORPUS_DIR   ($KJERNE_CORPUS_DIR, when set, wins)
Imports three corpus compositions (each into its own EHR) and checks: the default (planned)
run and `--reference` print the same table (also narrowed by --ehr); stderr reports how many compositions the planned
run decoded (one of three for an archetype only one composition has); `--explain` and a
leading `EXPLAIN` print the plan, with the archetype condition and counts, instead of rows.
"""
import os
import subprocess
import sys
import tempfile

kjerne, corpus = sys.argv[1], os.environ.get("KJERNE_CORPUS_DIR") or sys.argv[2]
comp = os.path.join(corpus, "compositions", "canonical_json")
valid = os.path.join(corpus, "validation-sets/integration-tests/valid_templates")
failures = []


def run(*args):
    return subprocess.run([kjerne, *args], capture_output=True, text=True)


def expect(cond, what):
    if not cond:
        failures.append(what)


if not os.path.isdir(comp):
    sys.exit(f"corpus not found at {corpus}: set KJERNE_CORPUS_DIR")

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "q.db")
    r = run("import", "--no-validate", "--db", db,
            "--template", os.path.join(valid, "minimal/minimal_observation.opt"),
            "--template", os.path.join(valid, "minimal/minimal_admin.opt"),
            "--template", os.path.join(corpus, "templates/opt14/minimal_evaluation.opt"),
            os.path.join(comp, "minimal_observation.json"), os.path.join(comp, "minimal_admin.json"),
            os.path.join(comp, "minimal_evaluation.json"))
    expect(r.returncode == 0, f"import: {r.stdout} {r.stderr}")

    queries = [
        "SELECT e/ehr_id/value, c/name/value FROM EHR e CONTAINS COMPOSITION c ORDER BY c/name/value",
        "SELECT o/name/value FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v*]",
        "SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c NOT CONTAINS EVALUATION v[openEHR-EHR-EVALUATION.minimal.v1]",
        "SELECT e/ehr_id/value FROM EHR e LIMIT 2",
    ]
    for q in queries:
        planned, reference = run("query", "--db", db, q), run("query", "--reference", "--db", db, q)
        expect(planned.returncode == 0 and reference.returncode == 0, f"{q}: {planned.stderr} {reference.stderr}")
        expect(planned.stdout == reference.stdout, f"{q}: planned {planned.stdout!r} != reference {reference.stdout!r}")
        expect("compositions decoded" in planned.stderr, f"{q}: no decode report on stderr: {planned.stderr!r}")

    ids = run("query", "--db", db, "SELECT e/ehr_id/value FROM EHR e").stdout.split("\n")[1:-1]
    expect(len(ids) == 3, f"three EHRs: {ids!r}")
    if ids:
        ehr = ids[1].strip('"')
        planned = run("query", "--db", db, "--ehr", ehr, queries[0])
        reference = run("query", "--reference", "--db", db, "--ehr", ehr, queries[0])
        expect(planned.stdout == reference.stdout and planned.stdout.count("\n") == 2,
               f"--ehr: planned {planned.stdout!r}, reference {reference.stdout!r}")

    one = run("query", "--db", db, queries[1])
    expect("planned: 1 compositions decoded" in one.stderr, f"archetype query decodes one: {one.stderr!r}")

    for args in (["--explain", queries[1]], ["EXPLAIN " + queries[1]]):
        r = run("query", "--db", db, *args)
        expect(r.returncode == 0, f"explain rc {r.returncode}: {r.stderr}")
        expect("candidates: compositions whose containment index has archetype pattern "
               "'openEHR-EHR-OBSERVATION.minimal.v*'" in r.stdout, f"explain condition: {r.stdout!r}")
        expect("counts: 1 EHRs, 1 compositions to decode (of 3 stored)" in r.stdout, f"explain counts: {r.stdout!r}")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"kjerne query CLI: {len(queries)} queries planned == reference, EXPLAIN both ways")
