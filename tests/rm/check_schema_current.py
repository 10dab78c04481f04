#!/usr/bin/env python3
"""Regenerates the RM schema table from the corpus BMM/XSD files and compares it with the
committed engine/bmm/rm_schema_110.inc. Usage: check_schema_current.py REPO_ROOT CORPUS_DIR
(KJERNE_CORPUS_DIR, when set, overrides CORPUS_DIR)."""
import os
import sys


def main():
    repo = sys.argv[1]
    corpus = os.environ.get('KJERNE_CORPUS_DIR') or sys.argv[2]
    if not os.path.isdir(os.path.join(corpus, 'bmm')):
        print(f'corpus not found at {corpus}: set KJERNE_CORPUS_DIR or place shared/corpus beside the checkout')
        return 1
    sys.path.insert(0, os.path.join(repo, 'engine', 'bmm', 'gen'))
    import rm_schema_gen
    fresh = rm_schema_gen.generate(corpus)
    with open(os.path.join(repo, 'engine', 'bmm', 'rm_schema_110.inc'), encoding='utf-8') as f:
        committed = f.read()
    if fresh != committed:
        print('engine/bmm/rm_schema_110.inc is stale: run engine/bmm/gen/rm_schema_gen.py ../shared/corpus '
              'engine/bmm/rm_schema_110.inc')
        return 1
    print(f'rm_schema_110.inc matches the BMM ({committed.count(chr(10) + "C ")} classes)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
