#!/usr/bin/env python3
"""Writes tests/aql/cases/corpus_generated.test: AQL cases whose expected rows are computed here,
independently of Kjerne, straight from the corpus JSON (json module, a plain tree walk).

Dataset `corpus-compositions` (see tests/aql/aql_cases_test.cpp): every readable canonical JSON
composition of the MANIFEST, EHR n = 00000000-0000-4000-8000-<n:012>. Run from the repo root:
    python3 tests/aql/gen_corpus_cases.py ../shared/corpus > tests/aql/cases/corpus_generated.test
"""
import collections
import json
import sys

import corpus_dataset

corpus = sys.argv[1]
rows, docs = corpus_dataset.load(corpus)


def ehr_id(n):
    return '00000000-0000-4000-8000-%012d' % n


def q(s):
    return json.dumps(s, ensure_ascii=False)


cases = corpus_dataset.CaseFile('gen_corpus_cases.py')
case = cases.case


# 1. Header fields of every composition, addressed through its EHR.
for n, d in enumerate(docs, 1):
    lang = d['language']['code_string']
    terr = d['territory']['code_string']
    cat = d['category']['defining_code']['code_string']
    case(f"SELECT c/name/value, c/language/code_string, c/territory/code_string, c/category/defining_code/code_string "
         f"FROM EHR e[ehr_id/value='{ehr_id(n)}'] CONTAINS COMPOSITION c",
         [' | '.join([q(d['name']['value']), q(lang), q(terr), q(cat)])])

# 2. How many of each archetyped entry, cluster and section there are.
kinds = ['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY', 'SECTION', 'CLUSTER']
counts = collections.Counter()
for d in docs:
    for o in corpus_dataset.descendants(d):
        if o.get('_type') in kinds and 'archetype_node_id' in o and o['archetype_node_id'].startswith('openEHR-'):
            counts[(o['_type'], o['archetype_node_id'])] += 1
for (kind, aid), count in sorted(counts.items()):
    case(f"SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c CONTAINS {kind} x[{aid}]", [str(count)])

# 3. Compositions per template, through WHERE on a path.
per_template = collections.Counter(d.get('archetype_details', {}).get('template_id', {}).get('value') for d in docs)
for tid, count in sorted((t, c) for t, c in per_template.items() if t):
    case(f"SELECT COUNT(*) FROM COMPOSITION c WHERE c/archetype_details/template_id/value = {q(tid)}", [str(count)])

sys.stdout.write(cases.text())
