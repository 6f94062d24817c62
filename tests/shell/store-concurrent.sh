#!/bin/sh
# Two poa processes filing into one store at once, and one killed while
# filing, on a SQLite file and (the [pg] run) on a PostgreSQL database alike:
# nothing is lost, no case is half-stored, and filing again stores each case
# once.
# usage: store-concurrent.sh BUILD_DIR   (run from the repository root)
# POA_TEST_STORE_A names an empty store to use instead of a file.
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
exec python3 - "$POA" <<'PY'
import json, os, shutil, signal, subprocess, sys, tempfile, time

poa = sys.argv[1]
tmp = tempfile.mkdtemp()
db = os.environ.get('POA_TEST_STORE_A') or os.path.join(tmp, 'poa.db')
env = dict(os.environ, POA_DB=db, TZ='UTC')
notice = open('tests/corpus/notices/004-patent-utility-removal.eml', 'rb').read()

def fail(msg):
    print('FAIL:', msg)
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1)

# A mailbox of n notices, each its own complaint (complaint ID and ASIN vary).
def mailbox(name, n, first):
    path = os.path.join(tmp, name)
    with open(path, 'wb') as f:
        for i in range(first, first + n):
            body = notice.replace(b'6603187245', b'77%08d' % i).replace(b'6603187246', b'78%08d' % i)
            body = body.replace(b'Message-ID: <', b'Message-ID: <n%d-' % i)
            f.write(b'From MAILER-DAEMON Tue Nov 24 09:14:05 2026\n' + body + b'\n')
    return path

def filing(box):
    return subprocess.Popen([poa, 'case', 'new', box, '--today', '2026-11-28'], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

# Every case whole: its notice, complaint IDs and timeline stored with it.
def whole_cases():
    p = subprocess.run([poa, 'export'], env=env, capture_output=True)
    if p.returncode != 0:
        fail('export: ' + p.stderr.decode(errors='replace'))
    cases = json.loads(p.stdout)['cases']
    half = [c['id'] for c in cases if not c['notices'] or not c['complaint_ids'] or not c['timeline']]
    if half:
        fail('cases stored in part: %s' % half[:10])
    return len(cases)

ps = [filing(mailbox('a.mbox', 40, 0)), filing(mailbox('b.mbox', 40, 1000))]
for p in ps:
    if p.wait() != 0:
        fail('concurrent writer failed: ' + p.stderr.read().decode(errors='replace'))
if whole_cases() != 80:
    fail('concurrent writers: cases lost')

# Big enough that the kill lands mid-filing even on a fast machine (300
# messages were filed within 0.4 s once poa started faster).
box = mailbox('c.mbox', 3000, 2000)
p = filing(box)
time.sleep(0.4)
p.send_signal(signal.SIGKILL)
p.wait()
n = whole_cases()
if n >= 3080:
    fail('the kill came after the filing ended; the test tests nothing')
if filing(box).wait() != 0 or whole_cases() != 3080:
    fail('filing again after the kill: %d cases, want 3080' % whole_cases())
shutil.rmtree(tmp, ignore_errors=True)
PY
