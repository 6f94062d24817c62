#!/bin/sh
# Rule pages (Vale's one page per rule): every lint rule poa knows has
# docs/rules/ID.md, whose table gives the rule's own level and whose message
# is the rule's, and `poa lint --explain ID` prints it as written;
# docs/rules/README.md lists each rule once with its level; no
# page is left of a rule that is gone; README.md counts the rules right. The
# rules are read from poa itself (its SARIF output lists them all), so the
# knowledge base built into poa is what the pages are held to.
# usage: rule-pages.sh BUILD_DIR   (run from the top of the source tree)
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
exec python3 - "$POA" <<'PY'
import glob, json, os, re, subprocess, sys

p = subprocess.run([sys.argv[1], 'lint', '--format', 'sarif', 'tests/corpus/letters/001-poa-trademark-term-removed.txt'],
                   capture_output=True, env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
rules = {r['id']: r for r in json.loads(p.stdout)['runs'][0]['tool']['driver']['rules']}
levels = {'error': 'block', 'warning': 'warn', 'note': 'info'}
fails = []
if len(rules) < 30:
    fails.append('poa lint --format sarif lists only %d rules' % len(rules))
with open('docs/rules/README.md', encoding='utf-8') as f:
    index = f.read()
for rid, r in sorted(rules.items()):
    page = 'docs/rules/%s.md' % rid
    level = levels[r['defaultConfiguration']['level']]
    if r.get('helpUri') != page:
        fails.append('%s: helpUri is %s, not %s' % (rid, r.get('helpUri'), page))
    if not os.path.exists(page):
        fails.append('%s has no page %s' % (rid, page))
        continue
    with open(page, encoding='utf-8') as f:
        text = f.read()
    shown = subprocess.run([sys.argv[1], 'lint', '--explain', rid], capture_output=True)
    if shown.returncode != 0 or shown.stdout.decode('utf-8') != text:
        fails.append('poa lint --explain %s: exit %d, not the page as written (rebuild: the pages are built in)'
                     % (rid, shown.returncode))
    if not text.startswith('# %s: ' % rid):
        fails.append('%s: the title is not "# %s: ..."' % (page, rid))
    if '| Level | `%s`' % level not in text:
        fails.append('%s: the level is not %s' % (page, level))
    if 'Message: "%s"' % r['shortDescription']['text'] not in text:
        fails.append("%s: the message is not the rule's" % page)
    rows = re.findall(r'^\| \[%s\]\(%s\.md\) \| (\w+) \|' % (re.escape(rid), re.escape(rid)), index, re.M)
    if rows != [level]:
        fails.append('docs/rules/README.md: %s listed %d times, levels %s' % (rid, len(rows), rows))

# The phrase and pattern counts a page gives, from the rule's own file (a
# simple reading of its "tokens:" and "patterns:" lists; no YAML library).
def counted(rid):
    n, key = {'tokens': 0, 'patterns': 0, 'exceptions': 0}, None
    with open('kb/lint/%s.yaml' % rid, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^(\w+):', line)
            if m:
                key = m.group(1)
            elif key in n and line.startswith('  - '):
                n[key] += 1
    return n

for rid in sorted(rules):
    page = 'docs/rules/%s.md' % rid
    if not os.path.exists(page) or not os.path.exists('kb/lint/%s.yaml' % rid):
        continue
    with open(page, encoding='utf-8') as f:
        m = re.search(r'fires (?:at each occurrence|once when its) (?:of )?(\d+) phrases', f.read())
    n = counted(rid)
    if m and int(m.group(1)) != n['tokens']:
        fails.append('%s: says %s phrases; kb/lint/%s.yaml has %d' % (page, m.group(1), rid, n['tokens']))

for page in glob.glob('docs/rules/R[0-9]*.md'):
    if os.path.basename(page)[:-3] not in rules:
        fails.append('%s: poa has no rule %s' % (page, os.path.basename(page)[:-3]))
with open('README.md', encoding='utf-8') as f:
    m = re.search(r'`poa lint`: (\d+) rules', f.read())
if not m or int(m.group(1)) != len(rules):
    fails.append('README.md says %s rules; poa has %d' % (m.group(1) if m else 'no number of', len(rules)))
for f in fails:
    print('rule-pages:', f)
sys.exit(1 if fails else 0)
PY
