#!/usr/bin/env python3
"""tests/store/import_cli_test.py — the `kjerne import` / `kjerne check` command-line contract.

Usage: import_cli_test.py KJERNE CORPUS_DIR   ($KJERNE_CORPUS_DIR, when set, wins)
Runs the binary on corpus files in a temporary folder and checks: the last stdout line is
exactly `N imported, M rejected`; rejected files are named on stderr and nothing of them is
stored; import validates by default (--validate is accepted, --no-validate skips it) and rejects
what the template validator rejects; one --template per option
(the remaining arguments are inputs); `kjerne check` exits 0 on the result, 2 on a missing file.
"""
import os
import re
import subprocess
import sys
import tempfile

kjerne, corpus = sys.argv[1], os.environ.get("KJERNE_CORPUS_DIR") or sys.argv[2]
comp = os.path.join(corpus, "compositions", "canonical_json")
minimal_opt = os.path.join(corpus, "validation-sets/integration-tests/valid_templates/minimal/minimal_observation.opt")
ips_opt = os.path.join(corpus, "templates/opt14/ips.v0.opt")
failures = []


def run(*args):
    return subprocess.run([kjerne, *args], capture_output=True, text=True)


def expect(cond, what):
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "k.db")
    r = run("import", "--no-validate", "--db", db, "--template", minimal_opt, "--template", ips_opt,
            os.path.join(comp, "minimal_observation.json"), os.path.join(comp, "ips_canonical.json"),
            os.path.join(comp, "invalid.json"), os.path.join(comp, "minimal_evaluation.json"))
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    expect(last == "2 imported, 2 rejected", f"summary line: {last!r}")
    expect(r.returncode == 1, f"exit code with rejections: {r.returncode}")
    expect("invalid.json" in r.stderr and "RM_UNKNOWN_TYPE" in r.stderr, "unreadable file named with its error")
    expect("minimal_evaluation.json" in r.stderr and "STORE_UNKNOWN_TEMPLATE" in r.stderr,
           "composition of an unregistered template named with its error")
    c = run("check", "--db", db)
    expect(c.returncode == 0, f"check rc {c.returncode}: {c.stdout}")
    expect(re.search(r"2 EHRs, 4 versioned objects", c.stdout) is not None, f"check summary: {c.stdout!r}")

    db2 = os.path.join(tmp, "v.db")
    r = run("import", "--db", db2, "--template", ips_opt, "--template", minimal_opt,
            os.path.join(comp, "ips_invalid.json"), os.path.join(comp, "minimal_observation.json"))
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    expect(last == "1 imported, 1 rejected", f"validating summary line: {last!r}")
    expect("ips_invalid.json" in r.stderr, "the validating import names the invalid composition")
    expect(run("check", "--db", db2).returncode == 0, "check after a validating import")
    r = run("import", "--validate", "--db", os.path.join(tmp, "v2.db"), "--template", ips_opt,
            os.path.join(comp, "ips_invalid.json"))
    expect(r.stdout.strip().endswith("0 imported, 1 rejected"), f"--validate still accepted: {r.stdout!r}")

    r = run("import", "--db", os.path.join(tmp, "e.db"), os.path.join(comp, "minimal_observation.json"),
            "--ehr", "00000000-0000-4000-8000-000000000000")
    expect(r.stdout.strip().endswith("0 imported, 1 rejected"), f"unknown --ehr: {r.stdout!r}")
    expect(run("check", "--db", os.path.join(tmp, "absent.db")).returncode == 2, "check of a missing file exits 2")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
