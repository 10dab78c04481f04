#!/usr/bin/env python3
"""Fails when templates/validation/openehr_terminology.inc differs from what its generator
writes from the corpus terminology file. Usage: check_terminology_current.py SOURCE_DIR CORPUS_DIR"""
import subprocess, sys
src, corpus = sys.argv[1], sys.argv[2]
fresh = subprocess.run([sys.executable, src + "/templates/validation/gen/openehr_terminology_gen.py", corpus],
                       capture_output=True, text=True, check=True).stdout
committed = open(src + "/templates/validation/openehr_terminology.inc").read()
if fresh != committed:
    print("openehr_terminology.inc is stale: rerun templates/validation/gen/openehr_terminology_gen.py")
    sys.exit(1)
print("openehr_terminology.inc is current")
