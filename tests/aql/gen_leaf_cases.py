#!/usr/bin/env python3
"""Writes tests/aql/cases/leaf_index.test: the query shapes the store's leaf value index answers
(numeric WHERE pushdown, index-only aggregates, ORDER BY a numeric leaf by alias or as a path +
LIMIT), with expected rows computed here from the corpus JSON alone: paths are resolved step by
step on the JSON tree (attribute, then the node id predicate), as AQL defines them, not through
any index.

Dataset `corpus-compositions` (see gen_corpus_cases.py): every readable canonical JSON
composition of the MANIFEST, EHR n = 00000000-0000-4000-8000-<n:012>. Run from the repo root:
    python3 tests/aql/gen_leaf_cases.py ../shared/corpus > tests/aql/cases/leaf_index.test
"""
import collections
import sys

import corpus_dataset
from corpus_dataset import ARCHETYPE_ID, ehr_id, leaf_paths, number, text

corpus = sys.argv[1]
rows, docs = corpus_dataset.load(corpus)


def resolve(node, steps):
    """Values of an AQL path: each step an (attribute, node id or None); lists give every item."""
    current = [node]
    for attr, node_id in steps:
        nxt = []
        for n in current:
            if not isinstance(n, dict) or attr not in n:
                continue
            v = n[attr]
            for item in (v if isinstance(v, list) else [v]):
                if node_id is None or (isinstance(item, dict) and item.get('archetype_node_id') == node_id):
                    nxt.append(item)
        current = nxt
    return [v for v in current if isinstance(v, (int, float)) and not isinstance(v, bool)]


# The bindings of EHR e CONTAINS COMPOSITION c CONTAINS <type> x[archetype], in order.
bindings = collections.defaultdict(list)   # (type, archetype) -> [(ehr n, node)]
paths = collections.defaultdict(collections.Counter)
for n, d in enumerate(docs, 1):
    for x in corpus_dataset.descendants(d):
        a = x.get('archetype_node_id', '')
        if ARCHETYPE_ID.match(a) and '_type' in x:
            bindings[(x['_type'], a)].append((n, x))
            paths[(x['_type'], a)].update(leaf_paths(x))

cases = corpus_dataset.CaseFile('gen_leaf_cases.py')
case = cases.case


with_values = []  # (frm, p, steps, bindings) of the archetypes whose leaf has values (section 5)
for (typ, arch), counter in sorted(paths.items()):
    if not counter:
        continue
    steps = list(max(sorted(counter), key=lambda p: counter[p]))  # the most frequent path
    p = text(steps)
    bs = bindings[(typ, arch)]
    values = [v for _, x in bs for v in resolve(x, steps)]
    frm = f"FROM EHR e CONTAINS COMPOSITION c CONTAINS {typ} x[{arch}]"
    if values:
        with_values.append((frm, p, steps, bs))
    # 1. Aggregates over the population (index-only in the planner).
    nums = [float(v) if isinstance(v, float) else v for v in values]
    if nums:
        total = 0.0
        for v in nums:
            total += v
        all_int = all(isinstance(v, int) for v in nums)
        s = str(sum(nums)) if all_int else number(total)
        avg = number(total / len(nums))
        lo = min(range(len(nums)), key=lambda i: (nums[i], i))
        hi = min(range(len(nums)), key=lambda i: (-nums[i], i))
        expected = [str(len(bs)), str(len(nums)), s, avg, number(values[lo]), number(values[hi])]
    else:
        expected = [str(len(bs)), '0', 'null', 'null', 'null', 'null']
    case(f"SELECT COUNT(*), COUNT(x{p}), SUM(x{p}), AVG(x{p}), MIN(x{p}), MAX(x{p}) {frm}", [' | '.join(expected)])
    if not nums:
        continue
    # 2. A numeric WHERE (pushed into the leaf index): the bindings with a value above the
    #    median, one row per value of the binding (the column reaches the values' lists).
    bound = sorted(nums)[len(nums) // 2]
    bound_text = number(bound)
    rows = []
    for n, x in bs:
        vs = resolve(x, steps)
        if any(v > bound for v in vs):
            rows.extend(f'"{ehr_id(n)}" | {number(v)}' for v in vs)
    case(f"SELECT e/ehr_id/value, x{p} {frm} WHERE x{p} > {bound_text}", sorted(rows), rowsort=True)
    # 2b. The same WHERE under aggregates (answered from the indexes): the passing bindings
    #     count, and every value of theirs is averaged, in binding order.
    passing_values = [v for _, x in bs if any(w > bound for w in resolve(x, steps)) for v in resolve(x, steps)]
    passing_count = sum(1 for _, x in bs if any(w > bound for w in resolve(x, steps)))
    acc = 0.0
    for v in passing_values:
        acc += v
    case(f"SELECT COUNT(*), AVG(x{p}) {frm} WHERE x{p} > {bound_text}",
         [f"{passing_count} | {number(acc / len(passing_values)) if passing_values else 'null'}"])
    # 3. ORDER BY the leaf, LIMIT: rows in binding order, stable sort, nulls last.
    keyed = []
    for n, x in bs:
        vs = resolve(x, steps)
        for v in vs or [None]:
            keyed.append((v, f'"{ehr_id(n)}" | {"null" if v is None else number(v)}'))
    present = [k for k in keyed if k[0] is not None]
    absent = [k for k in keyed if k[0] is None]
    desc = sorted(present, key=lambda k: -k[0]) + absent
    case(f"SELECT e/ehr_id/value, x{p} AS v {frm} ORDER BY v DESC LIMIT 5", [r for _, r in desc[:5]])
    asc = sorted(present, key=lambda k: k[0]) + absent
    # A path key that is no alias (and has node predicates, so it is not the column's path
    # either) sorts each binding's rows by the binding's first value.
    passing = [(resolve(x, steps)[0], f'"{ehr_id(n)}" | {number(v)}') for n, x in bs
               if any(w >= bound for w in resolve(x, steps)) for v in resolve(x, steps)]
    case(f"SELECT e/ehr_id/value, x{p} {frm} WHERE x{p} >= {bound_text} ORDER BY x{p} LIMIT 3",
         [r for _, r in sorted(passing, key=lambda k: k[0])[:3]])

# 4. COUNT(*) over CONTAINS with AND / OR / NOT CONTAINS (counted from the containment index
#    by the planner): the bindings of each composition, as AQL's containment defines them.
def per_composition(arch):
    return [sum(1 for x in corpus_dataset.descendants(d) if x.get('_type') == 'OBSERVATION' and x.get('archetype_node_id') == arch)
            for d in docs]


common = collections.Counter()
for d in docs:
    for x in corpus_dataset.descendants(d):
        if x.get('_type') == 'OBSERVATION' and ARCHETYPE_ID.match(x.get('archetype_node_id', '')):
            common[x['archetype_node_id']] += 1
top = [a for a, _ in common.most_common(4)]
for a, b in [(top[0], top[1]), (top[1], top[2]), (top[0], top[3])]:
    ca, cb = per_composition(a), per_composition(b)
    base = "SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c"
    case(f"{base} CONTAINS (OBSERVATION o[{a}] OR OBSERVATION p[{b}])", [str(sum(ca) + sum(cb))])
    case(f"{base} CONTAINS (OBSERVATION o[{a}] AND OBSERVATION p[{b}])", [str(sum(x * y for x, y in zip(ca, cb)))])
    case(f"{base} CONTAINS (OBSERVATION o[{a}] AND NOT CONTAINS OBSERVATION p[{b}])",
         [str(sum(x for x, y in zip(ca, cb) if y == 0))])
    case(f"{base} NOT CONTAINS OBSERVATION o[{a}]", [str(sum(1 for x in ca if x == 0))])

# 5. ORDER BY the leaf written as a path, LIMIT (a top-k in the planner): the path names no
#    column (it has node predicates), so each binding's rows sort by the binding's first value
#    there, null when it has none; stable sort in binding order, nulls last. Appended here so
#    the cases above stay as they were.
def first_value(x, steps):
    vs = resolve(x, steps)
    return vs[0] if vs else None


def by_first_value_desc(keyed):
    present = [k for k in keyed if k[0] is not None]
    return sorted(present, key=lambda k: -k[0]) + [k for k in keyed if k[0] is None]


for frm, p, steps, bs in with_values:
    # One row per binding: the key column is not selected at all.
    keyed = [(first_value(x, steps), f'"{ehr_id(n)}"') for n, x in bs]
    case(f"SELECT e/ehr_id/value {frm} ORDER BY x{p} DESC LIMIT 4 OFFSET 1",
         [r for _, r in by_first_value_desc(keyed)[1:5]])
    # One row per value of the leaf (a null row for a binding without one), all of a
    # binding's rows keyed by its first value.
    keyed = [(first_value(x, steps), f'"{ehr_id(n)}" | {"null" if v is None else number(v)}')
             for n, x in bs for v in resolve(x, steps) or [None]]
    case(f"SELECT e/ehr_id/value, x{p} {frm} ORDER BY x{p} DESC LIMIT 6",
         [r for _, r in by_first_value_desc(keyed)[:6]])

print(cases.text())
