#!/bin/sh
# poa fetch against a real IMAP server: a throwaway Dovecot (imaps only, a
# certificate from a throwaway CA) on a free port of 127.0.0.1. The notices
# of the corpus and some other mail are filed as poa import files them; a
# second fetch reads nothing, a third only the new mail; a renumbered
# mailbox (new UIDVALIDITY) is read again without a duplicate case; --since;
# the password from the environment or a netrc file, never the command line;
# exit 64 without one, 11 for a wrong one, 12 for an untrusted certificate,
# 10 when nothing listens and when the server dies mid-fetch (the store
# sound, every case whole, and the next fetch completes without duplicates);
# 9 for an unknown mailbox or store; a fetch started while the server is
# down succeeds once it is back (retries); --watch picks up new mail and
# stops cleanly on SIGTERM; the password is never printed nor stored.
# Needs dovecot-imapd and openssl; runs as root (Dovecot runs the mail user
# as nobody).
# usage: fetch-imap.sh BUILD_DIR   (run from the repository root)
set -eu
case "$1" in /*) POA="$1/poa" ;; *) POA="$PWD/$1/poa" ;; esac
exec python3 - "$POA" <<'PY'
import glob, imaplib, json, os, pwd, shutil, signal, socket, sqlite3, ssl, subprocess, sys, tempfile, time

poa = sys.argv[1]
tmp = tempfile.mkdtemp()
os.chmod(tmp, 0o711)          # the mail user (nobody) must reach its home below
USER, PASSWORD = 'seller', 'Wq7-fetch-s3cret'
TODAY = '2026-11-28'
mailuser = pwd.getpwnam('nobody')
conf = os.path.join(tmp, 'dovecot.conf')
log = os.path.join(tmp, 'dovecot.log')
ca = os.path.join(tmp, 'ca.pem')
maildir = os.path.join(tmp, 'home', USER, 'Maildir')
roothome = os.path.join(tmp, 'roothome')   # HOME for poa: no ~/.netrc unless the test writes one
os.makedirs(roothome)
db = os.path.join(tmp, 'poa.db')
procs = []                    # every process started, killed in the end
bins = {}                     # dovecot, doveadm, openssl: their paths
server = None


def fail(msg):
    # the Dovecot log first: tests/run.py shows the end of the output
    try:
        tail = open(log, errors='replace').read().splitlines()[-8:]
        if tail:
            print('dovecot log (last lines):\n  ' + '\n  '.join(tail))
    except OSError:
        pass
    print('FAIL:', msg)
    sys.exit(1)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


PORT = free_port()


def url(box='INBOX', port=None):
    return 'imaps://%s@127.0.0.1:%d/%s' % (USER, port or PORT, box)


# ---- the server -------------------------------------------------------------

def openssl(*args):
    p = subprocess.run([bins['openssl'], *args], cwd=tmp, capture_output=True, text=True)
    if p.returncode:
        fail('openssl %s: %s' % (' '.join(args), p.stderr))


def make_certificates():
    ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    openssl('req', '-x509', *ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=poa test CA')
    openssl('req', *ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost')
    with open(os.path.join(tmp, 'server.ext'), 'w') as f:
        f.write('subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\n'
                'extendedKeyUsage = serverAuth\n')
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
            '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext')


def make_config():
    with open(os.path.join(tmp, 'passwd'), 'w') as f:
        f.write('%s:{PLAIN}%s::::::\n' % (USER, PASSWORD))
    os.chmod(os.path.join(tmp, 'passwd'), 0o644)
    with open(conf, 'w') as f:
        f.write('''\
base_dir = {t}/run
state_dir = {t}/state
log_path = {t}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = required
ssl_cert = <{t}/server.pem
ssl_key = <{t}/server.key
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
auth_failure_delay = 0
# no growing delay for logins after a failed one (the wrong-password test)
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {t}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={t}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
'''.format(t=tmp, uid=mailuser.pw_uid, gid=mailuser.pw_gid, port=PORT))


def mail_dirs(box):
    top = maildir if box == 'INBOX' else os.path.join(maildir, '.' + box)
    for sub in ('', 'new', 'cur', 'tmp'):
        os.makedirs(os.path.join(top, sub), exist_ok=True)
    for d in (os.path.join(tmp, 'home'), os.path.join(tmp, 'home', USER), maildir, top,
              *(os.path.join(top, s) for s in ('new', 'cur', 'tmp'))):
        os.chown(d, mailuser.pw_uid, mailuser.pw_gid)
    return top


def start_server():
    global server
    server = subprocess.Popen([bins['dovecot'], '-F', '-c', conf], start_new_session=True, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    procs.append(server)
    deadline = time.time() + 15
    while time.time() < deadline:
        if server.poll() is not None:
            fail('dovecot exited with %d: %s' % (server.returncode, server.stderr.read().decode(errors='replace')))
        try:
            socket.create_connection(('127.0.0.1', PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    fail('dovecot does not accept connections on port %d' % PORT)


def kill_server():
    """SIGKILL to Dovecot and all its processes (they share its process group)."""
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait()
    deadline = time.time() + 10    # the children die with it; the port must be closed
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', PORT), timeout=1).close()
            time.sleep(0.05)
        except OSError:
            return
    fail('port %d still answers after Dovecot was killed' % PORT)


seq = [0]


def deliver(box, data, mtime=None):
    """Delivers one message as an MDA does: written in tmp/, renamed into new/."""
    top = mail_dirs(box)
    seq[0] += 1
    name = '%d.M%dP%d.poatest' % (1790000000 + seq[0], seq[0], os.getpid())
    path = os.path.join(top, 'tmp', name)
    with open(path, 'wb') as f:
        f.write(data)
    os.chown(path, mailuser.pw_uid, mailuser.pw_gid)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    os.rename(path, os.path.join(top, 'new', name))


def imap_status(box='INBOX'):
    ctx = ssl.create_default_context(cafile=ca)
    m = imaplib.IMAP4_SSL('127.0.0.1', PORT, ssl_context=ctx)
    try:
        m.login(USER, PASSWORD)
        typ, data = m.status(box, '(UIDVALIDITY UIDNEXT MESSAGES)')
        if typ != 'OK':
            fail('IMAP STATUS %s: %s %s' % (box, typ, data))
        words = data[0].decode().split('(', 1)[1].rstrip(')').split()
        return {k: int(v) for k, v in zip(words[::2], words[1::2])}
    finally:
        m.logout()


# ---- poa ---------------------------------------------------------------------

def env_for(store, password=True, **extra):
    env = dict(os.environ, POA_DB=store, TZ='UTC', HOME=roothome, POA_FETCH_RETRIES='2',
               POA_FETCH_RETRY_DELAY_MS='50')
    for k in ('POA_IMAP_PASSWORD', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'NETRC'):
        env.pop(k, None)
    if password:
        env['POA_IMAP_PASSWORD'] = PASSWORD if password is True else password
    env.update(extra)
    return env


def check_secret(what, *texts):
    for t in texts:
        if PASSWORD in t:
            fail('%s: the password appears in the output:\n%s' % (what, t))


def fetch(*args, want=0, password=True, cacert=True, timeout=60, **extra):
    argv = [poa, 'fetch', *args, '--today', TODAY]
    if cacert:
        argv[2:2] = ['--cacert', ca]
    try:
        # A new session: no terminal to prompt on; stdin is not a terminal either.
        p = subprocess.run(argv, env=env_for(db, password, **extra), capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, start_new_session=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail('poa %s: still running after %d s' % (' '.join(argv[1:]), timeout))
    check_secret(' '.join(argv[1:]), p.stdout, p.stderr)
    if p.returncode != want:
        how = ('POA_IMAP_PASSWORD set' if password else 'POA_IMAP_PASSWORD unset, %s ~/.netrc'
               % ('a' if os.path.exists(os.path.join(roothome, '.netrc')) else 'no'))
        fail('poa %s (%s): exit %d, want %d\n%s%s' % (' '.join(argv[1:]), how, p.returncode, want, p.stdout,
                                                        p.stderr))
    return p.stdout, p.stderr


KEYS = ('messages', 'notices', 'by_family', 'cases_created', 'cases_joined', 'already_stored', 'other_messages',
        'unreadable', 'unreadable_messages', 'mailbox', 'uidvalidity', 'last_uid', 'rescanned')


def fetch_json(*args, **kw):
    out, err = fetch('--json', *args, **kw)
    try:
        s = json.loads(out)
    except ValueError:
        fail('poa fetch --json %s: not JSON:\n%s%s' % (' '.join(args), out, err))
    missing = [k for k in KEYS if k not in s]
    if missing:
        fail('poa fetch --json: the summary lacks %s: %s' % (', '.join(missing), out))
    return s


def counts(store=None):
    c = sqlite3.connect('file:%s?mode=ro' % (store or db), uri=True, timeout=10)
    try:
        cases = c.execute('SELECT count(*) FROM cases').fetchone()[0]
        notices = c.execute('SELECT count(*) FROM notices').fetchone()[0]
    finally:
        c.close()
    return cases, notices


def store_sound(store, what, complaints=False):
    """The store passes its integrity check and no case lacks a notice (nor,
    when every notice names a complaint, a complaint) or an event."""
    c = sqlite3.connect(store, timeout=10)
    try:
        if c.execute('PRAGMA integrity_check').fetchone()[0] != 'ok':
            fail('%s: integrity check failed' % what)
        half = c.execute('SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM notices WHERE case_id = c.id)'
                         ' OR NOT EXISTS (SELECT 1 FROM events WHERE case_id = c.id)' +
                         (' OR NOT EXISTS (SELECT 1 FROM complaints WHERE case_id = c.id)' if complaints else '')
                         ).fetchone()[0]
        if half:
            fail('%s: %d cases stored in part (without a notice, %san event)'
                 % (what, half, 'a complaint or ' if complaints else ''))
    finally:
        c.close()


def check_db_secret(store):
    for path in (store, store + '-wal', store + '-journal'):
        if os.path.exists(path) and PASSWORD.encode() in open(path, 'rb').read():
            fail('the password is stored in %s' % path)


# Distinct notices made from one of the corpus: complaint ID, ASIN and
# Message-ID vary.
PATENT = open('tests/corpus/notices/004-patent-utility-removal.eml', 'rb').read()


def made_notice(i, date=None):
    body = PATENT.replace(b'6603187245', b'77%08d' % i).replace(b'6603187246', b'78%08d' % i)
    body = body.replace(b'Message-ID: <', b'Message-ID: <fetch%d-' % i)
    if date is not None:
        lines = body.split(b'\n')
        lines = [b'Date: ' + date.encode() if l.startswith(b'Date:') else l for l in lines]
        body = b'\n'.join(lines)
    if body.count(b'77%08d' % i) == 0 or b'<fetch%d-' % i not in body:
        fail('cannot make a distinct notice from 004-patent-utility-removal.eml')
    return body


ORDER = (b'From: Amazon.com <auto-confirm@amazon.com>\nTo: bluewick.goods@example.net\n'
         b'Subject: Your Amazon.com order #112-4431870-2231459\nDate: Tue, 24 Nov 2026 09:14:05 +0000\n'
         b'Message-ID: <order-112-4431870@amazon.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n'
         b'Hello,\n\nThank you for shopping with us. Your order of 2 items will arrive Friday.\n')
NEWSLETTER = (b'From: Seller Weekly <news@example.com>\nTo: bluewick.goods@example.net\n'
              b'Subject: Ten tips for Q4 listings\nDate: Wed, 25 Nov 2026 07:00:00 +0000\n'
              b'Message-ID: <weekly-2026-48@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n'
              b'This week: better titles, cleaner images, and a holiday checklist.\nUnsubscribe: https://example.com/u\n')


def wait_for(what, cond, timeout, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        if proc is not None and proc.poll() is not None:
            fail('%s: poa exited with %d before that\n%s' % (what, proc.returncode, proc.communicate()))
        time.sleep(0.05)
    fail('%s: not after %d s' % (what, timeout))


def stop(signum, frame):
    fail('stopped by signal %d' % signum)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGHUP, stop)
try:
    if os.geteuid() != 0:
        fail('run as root: Dovecot must switch to the mail user')
    for tool in ('dovecot', 'doveadm', 'openssl'):
        bins[tool] = shutil.which(tool, path=os.environ.get('PATH', '') + ':/usr/sbin:/sbin')
        if not bins[tool]:
            fail('%s is not installed (dovecot-imapd, openssl: scripts/install-deps.sh)' % tool)
    make_certificates()
    make_config()
    mail_dirs('INBOX')
    start_server()

    # ---- usage and the password ------------------------------------------------
    out, err = fetch(want=64)
    fetch('--password', PASSWORD, url(), want=64)
    fetch('--since', '28.11.2026', url(), want=64)
    out, err = fetch(url(), want=64, password=False)
    if 'POA_IMAP_PASSWORD' not in err:
        fail('without a password the message must name POA_IMAP_PASSWORD: ' + err)
    if os.path.exists(db) and counts()[0]:
        fail('a refused fetch filed cases')

    # ---- failures with their own exit status -----------------------------------
    deliver('INBOX', open('tests/corpus/notices/001-trademark-detail-page.eml', 'rb').read())
    corpus = sorted(glob.glob('tests/corpus/notices/*.eml'))
    # (the first notice now waits in the mailbox: none of these may file it)
    fetch(url(), want=11, password='wrong-' + PASSWORD[::-1])
    out, err = fetch(url(), want=12, cacert=False)
    if '--cacert' not in err and 'certificate' not in err:
        fail('untrusted certificate: the message should say so: ' + err)
    t0 = time.time()
    fetch(url(port=free_port()), want=10)
    if time.time() - t0 > 10:
        fail('connection refused with 2 retries of 50 ms took %.1f s' % (time.time() - t0))
    fetch(url('NoSuchFolder'), want=9)
    fetch('--store', 'Nobody', url(), want=9)
    if os.path.exists(db) and counts()[0]:
        fail('a failed fetch filed cases: %d' % counts()[0])

    # ---- the corpus and other mail, as poa import files them -------------------
    inbox = [open(p, 'rb').read() for p in corpus[1:]] + [ORDER, NEWSLETTER]
    for m in inbox:
        deliver('INBOX', m)
    inbox.insert(0, open(corpus[0], 'rb').read())
    ref = os.path.join(tmp, 'ref')
    os.makedirs(ref)
    for i, m in enumerate(inbox):
        open(os.path.join(ref, '%03d.eml' % i), 'wb').write(m)
    p = subprocess.run([poa, 'import', '--json', ref, '--today', TODAY], env=env_for(os.path.join(tmp, 'ref.db')),
                       capture_output=True, text=True)
    if p.returncode:
        fail('poa import (the reference): exit %d\n%s' % (p.returncode, p.stderr))
    want = json.loads(p.stdout)
    if want['notices'] < 20 or want['other_messages'] < 2 or len(want['by_family']) < 8:
        fail('the reference import found too little: ' + p.stdout)

    st = imap_status()
    s = fetch_json(url())
    for k in ('messages', 'notices', 'by_family', 'cases_created', 'cases_joined', 'already_stored',
              'other_messages', 'unreadable'):
        if s[k] != want[k]:
            fail('first fetch: %s is %r, poa import of the same mail gives %r\nfetch: %s\nimport: %s'
                 % (k, s[k], want[k], json.dumps(s), json.dumps(want)))
    if s['messages'] != len(inbox):
        fail('first fetch read %d messages, %d were delivered' % (s['messages'], len(inbox)))
    if s['uidvalidity'] != st['UIDVALIDITY'] or s['last_uid'] != st['UIDNEXT'] - 1 or s['rescanned'] is not False:
        fail('first fetch: uidvalidity %r, last_uid %r, rescanned %r; the server says %r'
             % (s['uidvalidity'], s['last_uid'], s['rescanned'], st))
    if 'INBOX' not in s['mailbox']:
        fail('mailbox: %r' % s['mailbox'])
    cases, notices = counts()
    ref_cases, ref_notices = counts(os.path.join(tmp, 'ref.db'))
    if (cases, notices) != (ref_cases, ref_notices):
        fail('after the first fetch %d cases and %d notices; poa import stores %d and %d'
             % (cases, notices, ref_cases, ref_notices))

    # Nothing new: nothing read.
    s = fetch_json(url())
    if s['messages'] or s['notices'] or s['cases_created'] or s['last_uid'] != st['UIDNEXT'] - 1 or s['rescanned']:
        fail('second fetch, nothing new: ' + json.dumps(s))

    # Two more: exactly two read.
    deliver('INBOX', made_notice(1))
    deliver('INBOX', made_notice(2))
    s = fetch_json(url())
    if s['messages'] != 2 or s['notices'] != 2 or s['cases_created'] != 2 or s['last_uid'] != st['UIDNEXT'] + 1:
        fail('third fetch, 2 new notices: ' + json.dumps(s))
    if counts()[0] != cases + 2:
        fail('third fetch: %d cases, want %d' % (counts()[0], cases + 2))
    total_messages, total_notices, cases = len(inbox) + 2, want['notices'] + 2, cases + 2

    # The server renumbers the mailbox: read again, nothing duplicated.
    old_validity = s['uidvalidity']
    p = subprocess.run([bins['doveadm'], '-c', conf, 'mailbox', 'update', '--uid-validity', str(old_validity + 1000),
                        '-u', USER, 'INBOX'], capture_output=True, text=True)
    if p.returncode:
        fail('doveadm mailbox update: %s%s' % (p.stdout, p.stderr))
    s = fetch_json(url())
    if (s['rescanned'] is not True or s['uidvalidity'] != old_validity + 1000 or s['messages'] != total_messages
            or s['notices'] != total_notices or s['cases_created'] or s['cases_joined']
            or s['already_stored'] != s['notices']):
        fail('fetch after a new UIDVALIDITY: ' + json.dumps(s))
    if counts()[0] != cases:
        fail('after the rescan %d cases, want %d' % (counts()[0], cases))
    s = fetch_json(url())
    if s['messages'] or s['rescanned']:
        fail('the fetch after the rescan: ' + json.dumps(s))

    # --since: only mail received since the date (old mail has an old
    # delivery time and an old Date header).
    now = time.time()
    old = now - 400 * 86400
    for i in (101, 102, 103):
        deliver('Archive', made_notice(i, time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(old))), mtime=old)
    for i in (104, 105):
        deliver('Archive', made_notice(i, time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(now))))
    since = time.strftime('%Y-%m-%d', time.gmtime(now - 30 * 86400))
    s = fetch_json('--since', since, url('Archive'))
    if s['messages'] != 2 or s['cases_created'] != 2:
        fail('--since %s: 2 of 5 messages are newer: %s' % (since, json.dumps(s)))
    cases += 2
    if counts()[0] != cases:
        fail('after --since: %d cases, want %d' % (counts()[0], cases))
    check_db_secret(db)

    # ---- the password from a netrc file ----------------------------------------
    # ~/.netrc (POA_IMAP_PASSWORD unset), then --netrc-file: each reads the
    # one new notice.
    with open(os.path.join(roothome, '.netrc'), 'w') as f:
        f.write('machine 127.0.0.1 login %s password %s\n' % (USER, PASSWORD))
    deliver('INBOX', made_notice(11))
    s = fetch_json(url(), password=False)
    if s['messages'] != 1 or s['cases_created'] != 1:
        fail('the password from ~/.netrc: ' + json.dumps(s))
    os.remove(os.path.join(roothome, '.netrc'))
    netrc = os.path.join(tmp, 'netrc')
    with open(netrc, 'w') as f:
        f.write('machine 127.0.0.1\n  login %s\n  password %s\n' % (USER, PASSWORD))
    deliver('INBOX', made_notice(12))
    s = fetch_json('--netrc-file', netrc, url(), password=False)
    if s['messages'] != 1 or s['cases_created'] != 1:
        fail('the password from --netrc-file: ' + json.dumps(s))
    cases += 2

    # ---- --watch: new mail is filed while it polls; SIGTERM ends it with 0 ----
    w = subprocess.Popen([poa, 'fetch', '--cacert', ca, '--watch', '1', url(), '--today', TODAY], env=env_for(db),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    procs.append(w)
    deliver('INBOX', made_notice(201))
    wait_for('--watch: the first new notice filed', lambda: counts()[0] == cases + 1, 15, w)
    # That pass searched before this one arrives: only a later poll finds it.
    deliver('INBOX', made_notice(202))
    wait_for('--watch: a notice delivered while it polls is filed', lambda: counts()[0] == cases + 2, 15, w)
    cases += 2
    w.send_signal(signal.SIGTERM)
    try:
        wout, werr = w.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        fail('--watch: still running 10 s after SIGTERM')
    check_secret('fetch --watch', wout.decode(errors='replace'), werr.decode(errors='replace'))
    if w.returncode != 0:
        fail('--watch: exit %d after SIGTERM, want 0\n%s%s' % (w.returncode, wout.decode(errors='replace'),
                                                                werr.decode(errors='replace')))
    if counts()[0] != cases:
        fail('--watch: %d cases, want %d' % (counts()[0], cases))
    store_sound(db, 'after --watch')

    # ---- the server killed mid-fetch -------------------------------------------
    bulk_db = os.path.join(tmp, 'bulk.db')
    N = 300
    for i in range(1000, 1000 + N):
        deliver('Bulk', made_notice(i))
    imap_status('Bulk')    # Dovecot takes the new files in now, not during the fetch
    # (--db chooses the store over POA_DB, which names the first store)
    argv = [poa, 'fetch', '--cacert', ca, '--db', bulk_db, url('Bulk'), '--today', TODAY]
    f = subprocess.Popen(argv, env=env_for(db), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    procs.append(f)

    def some_filed():
        try:
            return os.path.exists(bulk_db) and counts(bulk_db)[0] >= 5
        except sqlite3.Error:
            return False
    wait_for('the fetch of %d messages files its first cases' % N, some_filed, 30, f)
    kill_server()
    try:
        fout, ferr = f.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        fail('fetch: still running 30 s after the server was killed')
    fout, ferr = fout.decode(errors='replace'), ferr.decode(errors='replace')
    check_secret('fetch (server killed)', fout, ferr)
    if f.returncode != 10 or not ferr.strip():
        fail('server killed mid-fetch: exit %d, want 10 with a message\n%s%s' % (f.returncode, fout, ferr))
    store_sound(bulk_db, 'server killed mid-fetch', complaints=True)
    got = counts(bulk_db)[0]
    if got >= N:
        fail('the server was killed after the fetch had filed all %d notices; the test tests nothing' % N)
    # Dovecot killed in a mailbox sync leaves its dotlock (dovecot-uidlist.lock);
    # it would wait minutes for it to go stale. Clear it as an admin would.
    for top, _, files in os.walk(maildir):
        for name in files:
            if name.endswith('.lock'):
                os.remove(os.path.join(top, name))
    # The next fetch starts while the server is still down: its retries
    # (6, from 100 ms doubling: 6.3 s in all) outlast the restart.
    argv = [poa, 'fetch', '--cacert', ca, '--db', bulk_db, '--json', url('Bulk'), '--today', TODAY]
    f = subprocess.Popen(argv, env=env_for(db, POA_FETCH_RETRIES='6', POA_FETCH_RETRY_DELAY_MS='100'),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    procs.append(f)
    time.sleep(0.2)    # a gap on purpose: the first attempts find nothing listening
    start_server()
    try:
        fout, ferr = f.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        fail('fetch after the restart: still running after 30 s')
    fout, ferr = fout.decode(errors='replace'), ferr.decode(errors='replace')
    check_secret('fetch (after the restart)', fout, ferr)
    if f.returncode != 0:
        fail('a fetch started while the server was down, retrying until it is back: exit %d, want 0\n%s%s'
             % (f.returncode, fout, ferr))
    s = json.loads(fout)
    cases_now, notices_now = counts(bulk_db)
    if cases_now != N or notices_now != N:
        fail('after the kill (%d cases filed) and a new fetch: %d cases, %d notices, want %d each; %s'
             % (got, cases_now, notices_now, N, json.dumps(s)))
    if s['cases_created'] != N - got:
        fail('the fetch after the kill created %d cases, %d were missing: %s' % (s['cases_created'], N - got,
                                                                                   json.dumps(s)))
    store_sound(bulk_db, 'after the kill and a new fetch', complaints=True)
    check_db_secret(bulk_db)
    if counts()[0] != cases:
        fail('fetch --db %s filed cases in $POA_DB too: %d, want %d' % (bulk_db, counts()[0], cases))
finally:
    for p in reversed(procs):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    shutil.rmtree(tmp, ignore_errors=True)
PY
