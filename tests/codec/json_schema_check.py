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
    failures = []
    for row in rows:
        path = os.path.join(corpus, 'compositions', row['composition_file'])
        run = subprocess.run([kjerne, 'convert', path, '--to', 'json'], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{row['composition_file']}: convert failed: {run.stderr.strip()}")
            continue
        errors = sorted(validator.iter_errors(json.loads(run.stdout)), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            where = '/' + '/'.join(str(p) for p in e.absolute_path)
            failures.append(f"{row['composition_file']}: {len(errors)} schema errors; first at {where}: {e.message[:200]}")
    for line in failures:
        print('FAIL', line)
    print(f'{len(rows) - len(failures)}/{len(rows)} XML compositions converted to JSON validate against the ITS-JSON schema')
    return 0 if rows and not failures else 1


if __name__ == '__main__':
    sys.exit(main())
