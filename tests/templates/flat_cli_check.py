#!/usr/bin/env python3
"""`kjerne convert` with FLAT on corpus files: FLAT -> canonical JSON -> FLAT keeps the values,
canonical XML output works from FLAT, and the CLI's errors name the FLAT key (exit code 1).
Usage: flat_cli_check.py KJERNE CORPUS_DIR (KJERNE_CORPUS_DIR overrides CORPUS_DIR)."""
import json
import os
import subprocess
import sys
import tempfile

kjerne = sys.argv[1]
corpus = os.environ.get('KJERNE_CORPUS_DIR') or sys.argv[2]
if not os.path.isdir(corpus):
    sys.exit(f'corpus not found at {corpus}: set KJERNE_CORPUS_DIR')
opt = os.path.join(corpus, 'templates/opt14/corona_anamnese.opt')
flat_file = os.path.join(corpus, 'compositions/flat/corona.json')
failures = []


def run(*args, stdin=None):
    return subprocess.run([kjerne, 'convert', *args], capture_output=True, text=True, input=stdin)


def check(cond, what):
    if not cond:
        failures.append(what)


to_json = run(flat_file, '--from', 'flat', '--to', 'json', '--template', opt)
check(to_json.returncode == 0, f'--from flat --to json failed: {to_json.stderr}')
canonical = json.loads(to_json.stdout) if to_json.returncode == 0 else {}
check(canonical.get('archetype_details', {}).get('template_id', {}).get('value') == 'Corona_Anamnese',
      'canonical output names the template')

with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
    f.write(to_json.stdout)
to_flat = run(f.name, '--to', 'flat', '--template', opt)
os.unlink(f.name)
check(to_flat.returncode == 0, f'--to flat failed: {to_flat.stderr}')
original = json.load(open(flat_file, encoding='utf-8'))
flat = json.loads(to_flat.stdout) if to_flat.returncode == 0 else {}
for key in ('bericht/symptome/körpertemperatur/temperatur|magnitude',
            'bericht/symptome/körpertemperatur/temperatur|unit',
            'bericht/geschichte_historie:0/beliebiges_ereignis:0/geschichte:0',
            'bericht/context/setting|code'):
    check(flat.get(key) == original.get(key), f'{key}: {flat.get(key)!r} != {original.get(key)!r}')

to_xml = run(flat_file, '--from', 'flat', '--to', 'xml', '--template', opt)
check(to_xml.returncode == 0 and '<composition' in to_xml.stdout.lower(), '--from flat --to xml')

no_template = run(flat_file, '--from', 'flat', '--to', 'json')
check(no_template.returncode == 1 and '--template' in no_template.stderr, 'FLAT without --template is an error')

bad = run('-', '--from', 'flat', '--to', 'json', '--template', opt, stdin='{"bericht/no_such_node": "x"}')
check(bad.returncode == 1 and 'bericht/no_such_node' in bad.stderr and 'FLAT_UNKNOWN_PATH' in bad.stderr,
      f'an unknown FLAT key is named: {bad.stderr}')

for f in failures:
    print('FAIL:', f)
print(f'flat CLI: {len(failures)} failures')
sys.exit(1 if failures else 0)
