#!/bin/sh
# The case store under stress: a damaged file, a store from a newer poa, an
# unwritable place, a full disk, two writers at once, and a process killed
# while filing hundreds of notices. Each gets a clear error or nothing at all
# happens: no case is ever half-stored.
# usage: store-robust.sh BUILD_DIR   (run from the repository root)
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
exec python3 - "$POA" <<'PY'
import os, random, signal, sqlite3, subprocess, sys, tempfile, time

poa = sys.argv[1]
tmp = tempfile.mkdtemp()
notice = open('tests/corpus/notices/004-patent-utility-removal.eml', 'rb').read()

def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)

def run(db, *args, want=0, stdin=None):
    env = dict(os.environ, POA_DB=db, TZ='UTC')
    p = subprocess.run([poa, *args, '--today', '2026-11-28'], env=env, capture_output=True, input=stdin)
    if p.returncode != want:
        fail('poa %s: exit %d, want %d\n%s%s' % (' '.join(args), p.returncode, want,
                                                    p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')))
    return p.stdout.decode(), p.stderr.decode()

# A mailbox of n notices, each its own complaint (complaint ID and ASIN vary).
def mailbox(path, n, first=0):
    with open(path, 'wb') as f:
        for i in range(first, first + n):
            body = notice.replace(b'6603187245', b'77%08d' % i).replace(b'6603187246', b'78%08d' % i)
            body = body.replace(b'Message-ID: <', b'Message-ID: <n%d-' % i)
            f.write(b'From MAILER-DAEMON Tue Nov 24 09:14:05 2026\n' + body + b'\n')

# 1. A damaged file is refused and left as it was.
bad = os.path.join(tmp, 'bad.db')
open(bad, 'wb').write(b'this is not a database, ' * 200)
before = open(bad, 'rb').read()
out, err = run(bad, 'case', 'list', want=8)
if 'damaged' not in err:
    fail('damaged store: ' + err)
if open(bad, 'rb').read() != before:
    fail('damaged store was written to')

# 2. A store from a newer poa is refused, its version untouched.
newer = os.path.join(tmp, 'newer.db')
c = sqlite3.connect(newer); c.execute('PRAGMA user_version = 999'); c.commit(); c.close()
out, err = run(newer, 'case', 'list', want=8)
if 'newer poa' not in err:
    fail('newer store: ' + err)
c = sqlite3.connect(newer)
if c.execute('PRAGMA user_version').fetchone()[0] != 999:
    fail('newer store was migrated')
c.close()

# 3. A place that cannot hold a store: exit 3 with the path.
out, err = run('/dev/null/poa.db', 'case', 'list', want=3)
if '/dev/null' not in err:
    fail('unwritable place: ' + err)

# 4. A full disk (a file size limit): the filing fails whole.
full = os.path.join(tmp, 'full.db')
run(full, 'case', 'new', 'tests/corpus/notices/001-trademark-detail-page.eml')
big = os.path.join(tmp, 'big.mbox')
mailbox(big, 400)
env = dict(os.environ, POA_DB=full, TZ='UTC')
size = os.path.getsize(full)
p = subprocess.run(['sh', '-c', 'trap "" XFSZ; ulimit -f %d; exec "$0" "$@"' % ((size + 200000) // 512 + 1),
                    poa, 'case', 'new', big], env=env, capture_output=True)
if p.returncode == 0:
    fail('full disk: filing 400 notices succeeded under a file size limit')
if b'disk full' not in p.stderr and b'cannot write' not in p.stderr:
    fail('full disk: message: ' + p.stderr.decode(errors='replace'))
c = sqlite3.connect(full)
if c.execute('PRAGMA integrity_check').fetchone()[0] != 'ok':
    fail('full disk: store damaged')
c.close()

# 5. Two writers at once: both succeed, nothing lost.
two = os.path.join(tmp, 'two.db')
run(two, 'case', 'list')
a, b = os.path.join(tmp, 'a.mbox'), os.path.join(tmp, 'b.mbox')
mailbox(a, 60, 0)
mailbox(b, 60, 1000)
env = dict(os.environ, POA_DB=two, TZ='UTC')
ps = [subprocess.Popen([poa, 'case', 'new', m, '--today', '2026-11-28'], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE) for m in (a, b)]
for p in ps:
    if p.wait() != 0:
        fail('concurrent writer failed: ' + p.stderr.read().decode())
c = sqlite3.connect(two)
if c.execute('SELECT count(*) FROM cases').fetchone()[0] != 120:
    fail('concurrent writers: cases lost')
c.close()

# 6. Killed at random points while filing 600 notices: after each kill the
#    store is sound and every case whole; filing again stores each once.
crash = os.path.join(tmp, 'crash.db')
box = os.path.join(tmp, 'crash.mbox')
mailbox(box, 600)
env = dict(os.environ, POA_DB=crash, TZ='UTC')
random.seed(7)
for round in range(6):
    p = subprocess.Popen([poa, 'case', 'new', box, '--today', '2026-11-28'], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.05 if round == 0 else random.uniform(0.02, 0.3))
    p.send_signal(signal.SIGKILL)
    p.wait()
    c = sqlite3.connect(crash)
    if c.execute('PRAGMA integrity_check').fetchone()[0] != 'ok':
        fail('killed: integrity check failed')
    if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases'").fetchone():
        c.close()
        continue  # killed before the schema was created: an empty store, as it should be
    half = c.execute('SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM notices WHERE case_id = c.id)'
                     ' OR NOT EXISTS (SELECT 1 FROM complaints WHERE case_id = c.id)'
                     ' OR NOT EXISTS (SELECT 1 FROM events WHERE case_id = c.id)').fetchone()[0]
    if half:
        fail('killed: %d cases stored in part' % half)
    if round == 0 and c.execute('SELECT count(*) FROM cases').fetchone()[0] >= 600:
        fail('killed: the first kill came after the filing ended; the test tests nothing')
    c.close()
run(crash, 'case', 'new', box)
c = sqlite3.connect(crash)
n = c.execute('SELECT count(*) FROM cases').fetchone()[0]
notices = c.execute('SELECT count(*) FROM notices').fetchone()[0]
if n != 600 or notices != 600:
    fail('after the kills and a re-run: %d cases, %d notices, want 600 each' % (n, notices))
PY
