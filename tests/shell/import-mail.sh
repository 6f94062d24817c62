#!/bin/sh
# poa import of mail archives: an mbox with ">From " lines and a broken
# message in between, a Maildir (new/ and cur/) with a binary file among the
# messages, a folder of .eml files; importing twice adds nothing; a summary
# as text and as JSON with the documented keys.
# usage: import-mail.sh BUILD_DIR   (run from the repository root)
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
exec python3 - "$POA" <<'PY'
import json, os, shutil, subprocess, sys, tempfile

poa = sys.argv[1]
tmp = tempfile.mkdtemp()
N = 'tests/corpus/notices/'

def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)

def run(*args, want=0):
    env = dict(os.environ, POA_DB=os.path.join(tmp, 'poa.db'), TZ='UTC')
    p = subprocess.run([poa, *args, '--today', '2026-11-28'], env=env, capture_output=True, text=True)
    if p.returncode != want:
        fail('poa %s: exit %d, want %d\n%s%s' % (' '.join(args), p.returncode, want, p.stdout, p.stderr))
    return p.stdout, p.stderr

def eml(name):
    return open(N + name, 'rb').read()

# An mbox: a notice whose body has a line starting "From " (escaped as
# ">From " in the mbox), a broken message (binary, truncated MIME), an
# order confirmation, another notice.
notice = eml('001-trademark-detail-page.eml').replace(b'Sincerely,', b'From the Amazon team:\nSincerely,')
escaped = notice.replace(b'\nFrom the Amazon', b'\n>From the Amazon')
broken = (b'From: x@example.com\nSubject: broken\nMIME-Version: 1.0\n'
          b'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\n\x00\x01\x02\xff\xfe' * 3)
order = b'From: Amazon <auto-confirm@amazon.com>\nSubject: Your order has shipped\n\nYour package is on its way.\n'
box = os.path.join(tmp, 'inbox.mbox')
with open(box, 'wb') as f:
    for m in (escaped, broken, order, eml('004-patent-utility-removal.eml')):
        f.write(b'From MAILER-DAEMON Tue Nov 24 09:14:05 2026\n' + m + b'\n')

out, _ = run('import', '--json', box)
s = json.loads(out)
for key in ('messages', 'notices', 'by_family', 'cases_created', 'cases_joined', 'unreadable'):
    if key not in s:
        fail('summary lacks %s: %s' % (key, out))
if s['messages'] != 4 or s['notices'] != 2 or s['cases_created'] != 2 or s['by_family'] != {'trademark': 1, 'patent': 1}:
    fail('mbox summary: %s' % out)
if s['other_messages'] + s['unreadable'] != 2:
    fail('mbox: the broken message and the order must be counted: %s' % out)
if s['unreadable'] and s['unreadable_messages'][0]['message'] != 2:
    fail('unreadable message position: %s' % out)

# The ">From " line is unescaped in the stored notice.
out, _ = run('search', 'From the Amazon team')
if '   1' not in out:
    fail('the >From line was not unescaped: ' + out)

# The same archive again: nothing new.
out, _ = run('import', '--json', box)
s = json.loads(out)
if s['cases_created'] or s['cases_joined'] or s['already_stored'] != 2:
    fail('second import: %s' % out)

# A Maildir: new/ and cur/, a binary file among the messages.
md = os.path.join(tmp, 'Maildir')
for sub in ('new', 'cur', 'tmp'):
    os.makedirs(os.path.join(md, sub))
shutil.copy(N + '009-review-manipulation.eml', os.path.join(md, 'new', '1700000000.1.host'))
shutil.copy(N + '014-related-account.eml', os.path.join(md, 'cur', '1700000001.2.host:2,S'))
open(os.path.join(md, 'cur', '1700000002.3.host:2,'), 'wb').write(b'\x7fELF\x02\x01\x01' + bytes(range(256)) * 8)
out, _ = run('import', '--json', md)
s = json.loads(out)
if s['messages'] != 3 or s['cases_created'] != 2 or s['unreadable'] != 1:
    fail('Maildir summary: %s' % out)

# A folder of .eml files, one of them a duplicate of a stored notice.
folder = os.path.join(tmp, 'saved')
os.makedirs(folder)
shutil.copy(N + '009-review-manipulation.eml', folder)
shutil.copy(N + '016-invoice-verification.eml', folder)
open(os.path.join(folder, 'README.md'), 'w').write('Saved notices. From: Amazon, Complaint ID: 1234567890\n')
open(os.path.join(folder, 'backup.json'), 'w').write('{"poa_export": 1, "cases": []}')
out, _ = run('import', folder)
if 'cases: 1 created, 0 joined, 1 notices already stored' not in out:
    fail('folder: ' + out)

# Missing path: exit 3; an unknown store: exit 9.
run('import', os.path.join(tmp, 'nope'), want=3)
run('import', '--store', 'Nobody', N + '002-copyright-listing.eml', want=9)
run('import', '--store', 'Nobody', N + '009-review-manipulation.eml', want=9)  # stored already: still refused
PY
