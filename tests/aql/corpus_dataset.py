"""The dataset `corpus-compositions` as the AQL case generators read it: every readable canonical
JSON composition of the corpus MANIFEST (format canonical_json, no note, not in
tests/codec/corpus_rejections.tsv), in MANIFEST order; EHR n holds the n-th. One reader, so the
generators and the C++ runner (tests/aql/aql_cases_test.cpp) agree on what the dataset is.
"""
import csv
import json
import os

here = os.path.dirname(os.path.abspath(__file__))


def table(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    return [l.split('\t') for l in lines[1:]]


def load(corpus):
    """(manifest rows, parsed JSON documents) of the dataset, in the same order."""
    rejected = {r[0] for r in table(os.path.join(here, '..', 'codec', 'corpus_rejections.tsv'))}
    with open(os.path.join(corpus, 'compositions', 'MANIFEST.tsv'), encoding='utf-8') as f:
        rows = [r for r in csv.DictReader(f, delimiter='\t')
                if r['format'] == 'canonical_json' and not r['note'] and r['composition_file'] not in rejected]
    docs = [json.load(open(os.path.join(corpus, 'compositions', r['composition_file']), encoding='utf-8'))
            for r in rows]
    return rows, docs


def descendants(node):
    """Strict descendants (objects) of a JSON object, in document order (pre-order)."""
    for v in node.values():
        yield from objects(v)


def objects(x):
    """x itself if it is an object, then its descendants; a list's items in order."""
    if isinstance(x, dict):
        yield x
        yield from descendants(x)
    elif isinstance(x, list):
        for v in x:
            yield from objects(v)
