#!/usr/bin/env python3
"""Every canonical XML composition of the corpus, converted to JSON by `kjerne convert`,
must validate against the official ITS-JSON schema (RM 1.1.0 bundle).

Why Python: python3-jsonschema (Debian) is a complete, well-kept Draft-07 validator; writing
one in C++ for a test would be hand-writing what a library does well.

Usage: json_schema_check.py KJERNE_BIN CORPUS_DIR   (exit 0 when all validate)
"""
import csv
import json
import os
import subprocess
import sys

import jsonschema


def read_table(path):
    """Rows of a tests/codec TSV table: comments and the header line skipped."""
    rows = []
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    for line in lines[1:]:
        rows.append(line.split('\t'))
    return rows


def main():
    kjerne = sys.argv[1]
    corpus = os.environ.get('KJERNE_CORPUS_DIR') or sys.argv[2]
    manifest = os.path.join(corpus, 'compositions', 'MANIFEST.tsv')
    if not os.path.exists(manifest):
        print(f'corpus not found at {corpus}: set KJERNE_CORPUS_DIR or place shared/corpus beside the checkout')
        return 1
    with open(os.path.join(corpus, 'json-schema', 'openehr_rm_1.1.0_all.json'), encoding='utf-8') as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    with open(manifest, encoding='utf-8') as f:
        rows = [r for r in csv.DictReader(f, delimiter='\t')
                if r['format'] == 'canonical_xml' and not r['note']]
    here = os.path.dirname(os.path.abspath(__file__))
    rejected = {r[0] for r in read_table(os.path.join(here, 'corpus_rejections.tsv'))}
    known = {r[0]: r[1] for r in read_table(os.path.join(here, 'json_schema_known_issues.tsv'))}
    rows = [r for r in rows if r['composition_file'] not in rejected]
    failures = []
    expected = 0
    for row in rows:
        path = os.path.join(corpus, 'compositions', row['composition_file'])
        run = subprocess.run([kjerne, 'convert', path, '--to', 'json'], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{row['composition_file']}: convert failed: {run.stderr.strip()}")
            continue
        errors = sorted(validator.iter_errors(json.loads(run.stdout)), key=lambda e: list(e.absolute_path))
        if row['composition_file'] in known:
            want = known[row['composition_file']]
            if errors and want in errors[0].message:
                expected += 1
            else:
                got = errors[0].message[:200] if errors else 'valid'
                failures.append(f"{row['composition_file']}: listed as failing with \"{want}\", got: {got}")
            continue
        if errors:
            e = errors[0]
            where = '/' + '/'.join(str(p) for p in e.absolute_path)
            failures.append(f"{row['composition_file']}: {len(errors)} schema errors; first at {where}: {e.message[:200]}")
    for line in failures:
        print('FAIL', line)
    print(f'{len(rows) - len(failures) - expected}/{len(rows)} XML compositions converted to JSON validate against the '
          f'ITS-JSON schema; {expected} fail as listed in json_schema_known_issues.tsv; {len(rejected)} rejected on read')
    return 0 if rows and not failures else 1


if __name__ == '__main__':
    sys.exit(main())
