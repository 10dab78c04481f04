#!/usr/bin/env python3
"""Writes tests/aql/cases/index_rows.test: the queries whose rows the store's indexes give alone
(aql/plan/index_rows.hpp) — numeric leaves of one archetype beside e/ehr_id/value and
c/context/start_time/value, for the population or named EHRs (in FROM or WHERE, with a leaf
condition), sorted or not — with expected rows
computed here from the corpus JSON: each column's path is resolved step by step, and a binding's
columns are zipped on the first list their path goes through item by item (a step whose node id
names one item only picks it), as the AQL reference defines it; never through an index.
(c/uid/value is left out: a store writes its own version uid, the JSON keeps the original.)

Dataset `corpus-compositions` (see corpus_dataset.py): EHR n = 00000000-0000-4000-8000-<n:012>.
Run from the repo root:
    python3 tests/aql/gen_index_rows_cases.py ../shared/corpus > tests/aql/cases/index_rows.test
"""
import collections
import datetime
import itertools
import sys

import corpus_dataset
from corpus_dataset import ARCHETYPE_ID, ehr_id, leaf_paths, number, text

corpus = sys.argv[1]
rows, docs = corpus_dataset.load(corpus)


def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def resolve(node, steps):
    """[(list identity or None, item position, value)] of an AQL path from `node`. The first list
    the path goes through item by item keys the zipping: a list step whose node id more than one
    item has (or that has no node id) is one; a node id that one item has picks that item."""
    current = [(node, None, 0)]
    for attr, node_id in steps:
        nxt = []
        for n, lst, pos in current:
            if not isinstance(n, dict) or attr not in n:
                continue
            v = n[attr]
            if not isinstance(v, list):
                if node_id is None or (isinstance(v, dict) and v.get('archetype_node_id') == node_id):
                    nxt.append((v, lst, pos))
                continue
            matching = [i for i, item in enumerate(v)
                        if node_id is None or (isinstance(item, dict) and item.get('archetype_node_id') == node_id)]
            if lst is None and node_id is not None and len(matching) == 1:
                nxt.append((v[matching[0]], None, 0))
                continue
            for i in matching:
                nxt.append((v[i], lst if lst is not None else (id(n), attr), pos if lst is not None else i))
        current = nxt
    return [(lst, pos, v) for v, lst, pos in current if isinstance(v, (int, float, str)) and not isinstance(v, bool)]


def cell(v):
    return quote(v) if isinstance(v, str) else number(v)


def binding_rows(cols):
    """Rows of one binding: columns [(list, position, value)] (empty: null) zipped per list."""
    cols = [c if c else [(None, 0, None)] for c in cols]
    lists = []
    group = []
    for c in cols:
        l = c[0][0]
        if l is None:
            group.append(-1)
            continue
        if l not in lists:
            lists.append(l)
        group.append(lists.index(l))
    domains = [sorted({pos for c, g in zip(cols, group) if g == k for _, pos, _ in c}) for k in range(len(lists))]
    out = []
    for pick in itertools.product(*domains) if domains else [()]:
        values = []
        for c, g in zip(cols, group):
            vs = [v for _, pos, v in c if g < 0 or pos == pick[g]]
            values.append(vs or [None])
        for combo in itertools.product(*values):
            out.append(combo)
    return out


def instant(s):
    """An ISO 8601 date-time as a comparable UTC instant (a zoneless one taken as UTC)."""
    t = datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.timestamp()


START = [('context', None), ('start_time', None), ('value', None)]

bindings = collections.defaultdict(list)   # (type, archetype) -> [(ehr n, composition, node)]
paths = collections.defaultdict(collections.Counter)
for n, d in enumerate(docs, 1):
    for x in corpus_dataset.descendants(d):
        a = x.get('archetype_node_id', '')
        if ARCHETYPE_ID.match(a) and '_type' in x and x['_type'] != 'COMPOSITION':
            bindings[(x['_type'], a)].append((n, d, x))
            paths[(x['_type'], a)].update(leaf_paths(x))

cases = corpus_dataset.CaseFile('gen_index_rows_cases.py')
for (typ, arch), counter in sorted(paths.items()):
    if not counter:
        continue
    chosen = [list(p) for p, _ in counter.most_common(2)]
    bs = bindings[(typ, arch)]
    cols_text = ', '.join('x' + text(p) for p in chosen)
    frm = f"COMPOSITION c CONTAINS {typ} x[{arch}]"
    # 1. The population: every binding's zipped rows, beside its EHR id and start time.
    expected = []
    for n, d, x in bs:
        for r in binding_rows([[(None, 0, ehr_id(n))], resolve(d, START)] + [resolve(x, p) for p in chosen]):
            expected.append(' | '.join('null' if v is None else cell(v) for v in r))
    cases.case(f"SELECT e/ehr_id/value, c/context/start_time/value, {cols_text} FROM EHR e CONTAINS {frm}",
               sorted(expected), rowsort=True)
    # 2. One EHR, its rows by start time, latest first (stable: binding order within a time).
    n0 = bs[-1][0]
    keyed = []
    ok = True
    for n, d, x in bs:
        if n != n0:
            continue
        start = resolve(d, START)
        try:
            key = instant(start[0][2]) if start else None
        except ValueError:
            ok = False
        for r in binding_rows([start] + [resolve(x, p) for p in chosen]):
            keyed.append((key, ' | '.join('null' if v is None else cell(v) for v in r)))
    if ok:
        present = sorted((k for k in keyed if k[0] is not None), key=lambda k: -k[0])
        ordered = present + [k for k in keyed if k[0] is None]
        cases.case(f"SELECT c/context/start_time/value AS t, {cols_text} FROM EHR e[ehr_id/value='{ehr_id(n0)}'] "
                   f"CONTAINS {frm} ORDER BY t DESC LIMIT 10", [r for _, r in ordered[:10]])
# 3. One EHR named in WHERE, with a leaf condition on x: a binding passes when one of its values
#    satisfies it (existential); its rows as in 1. Appended so the cases above stay as they were.
for (typ, arch), counter in sorted(paths.items()):
    if not counter:
        continue
    chosen = [list(p) for p, _ in counter.most_common(2)]
    bs = bindings[(typ, arch)]
    n0 = bs[-1][0]
    mine = [(d, x) for n, d, x in bs if n == n0]
    values = sorted(v for _, x in mine for _, _, v in resolve(x, chosen[0]))
    if not values:
        continue
    bound = values[len(values) // 2]  # the median: some bindings pass, perhaps not all
    expected = []
    for d, x in mine:
        if not any(v >= bound for _, _, v in resolve(x, chosen[0])):
            continue
        for r in binding_rows([resolve(d, START)] + [resolve(x, p) for p in chosen]):
            expected.append(' | '.join('null' if v is None else cell(v) for v in r))
    cols_text = ', '.join('x' + text(p) for p in chosen)
    cases.case(f"SELECT c/context/start_time/value, {cols_text} FROM EHR e CONTAINS COMPOSITION c CONTAINS {typ} "
               f"x[{arch}] WHERE e/ehr_id/value = '{ehr_id(n0)}' AND x{text(chosen[0])} >= {number(bound)}",
               sorted(expected), rowsort=True)
print(cases.text())
