#!/usr/bin/env python3
"""Load on the team server (issue 9): 50 connections for 60 seconds.

Usage: bench/team_load.py BUILD_DIR [--connections N] [--seconds S] [--cases N] [--sqlite]
(bench/run calls it with the defaults: 50 connections, 60 seconds, 200 cases.)

Sets up what an agency has: a PostgreSQL store (a throwaway cluster from
tests/pgcluster.py; --sqlite, or PostgreSQL missing, uses a SQLite file and
says so), 5 seller accounts with 40 cases each (filed by `poa import`), an
owner, and one operator per account. Starts `poa serve --team` on 127.0.0.1
and opens N keep-alive connections, each signed in as an operator (N/5 per
account), for S seconds. Each connection loops over its account's cases:

  - 7 in 10 requests read: the case list, a case, its plan;
  - 3 in 10 write: the case's status (open <-> waiting), sent with the
    version just read (If-Match). Several connections share every case, so
    some writes meet a newer version: 409, which is the server doing its
    job, counted apart; the connection reads the case again and moves on.

An error is anything else: a refused connection, a timeout, a 4xx other than
that 409, a 5xx. Afterwards the owner reads every case's timeline: each
write answered 200 must be there as a "status" line by its operator
(counted per operator), and no line may be there that no 200 answered.
Prints requests/s, p50/p99 latency of reads and writes, errors, conflicts,
the count check, and one summary line (last). Exit status 0 when it ran
(whatever the figures), 2 when poa is missing.
"""
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from serve import make_mbox  # noqa: E402  (bench/serve.py: generated trademark notices)
import pgcluster  # noqa: E402

ACCOUNTS = 5
PASSWORD = 'correct horse battery staple'
TODAY = '2026-11-28'


def opt(args, name, default):
    return int(args[args.index(name) + 1]) if name in args else default


def run(poa, env, *argv, stdin=None):
    p = subprocess.run([poa] + list(argv), env=env, capture_output=True, text=True, input=stdin, timeout=600)
    if p.returncode != 0:
        raise RuntimeError('poa %s: exit %d: %s' % (' '.join(argv), p.returncode, p.stderr.strip()))
    return p.stdout


def set_up_store(poa, env, tmp, ncases):
    """Accounts, cases and users; returns the operators' names by account."""
    pwfile = os.path.join(tmp, 'password')
    with open(pwfile, 'w', encoding='utf-8') as f:
        f.write(PASSWORD + '\n')
    run(poa, env, 'user', 'add', 'owner', '--role', 'owner', '--password-file', pwfile)
    per = ncases // ACCOUNTS
    operators = {}
    for a in range(ACCOUNTS):
        account = 'store-%d' % (a + 1)
        run(poa, env, 'store', 'add', account, '--marketplace', 'amazon.com')
        mbox = os.path.join(tmp, '%s.mbox' % account)
        make_mbox(mbox, per, first=a * per)
        run(poa, env, 'import', '--store', account, mbox)
        name = 'op-%d' % (a + 1)
        run(poa, env, 'user', 'add', name, '--role', 'operator', '--store', account, '--password-file', pwfile)
        operators[account] = name
    return operators


class Conn:
    """One keep-alive connection, signed in as a user."""

    def __init__(self, host, port, name):
        self.host, self.port = host, port
        self.c = http.client.HTTPConnection(host, port, timeout=30)
        self.cookie = self.csrf = None
        st, body, hdrs = self.request('POST', '/api/login', {'name': name, 'password': PASSWORD})
        if st != 200:
            raise RuntimeError('login of %s: HTTP %d %s' % (name, st, body))
        self.cookie = re.search(r'poa_session=[^;]+', hdrs.get('set-cookie', '')).group(0)
        self.csrf = body['csrf']

    def request(self, method, path, body=None, headers=None):
        h = {'Host': '%s:%d' % (self.host, self.port)}
        if self.cookie:
            h['Cookie'] = self.cookie
        if method == 'POST' and self.csrf:
            h['X-CSRF-Token'] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h['Content-Type'] = 'application/json'
        h.update(headers or {})
        self.c.request(method, path, body=data, headers=h)
        r = self.c.getresponse()
        raw = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return r.status, parsed, hdrs


class Worker(threading.Thread):
    def __init__(self, host, port, user, cases, deadline, seed):
        super().__init__(daemon=True)
        self.host, self.port, self.user, self.cases, self.deadline = host, port, user, cases, deadline
        self.rng = random.Random(seed)
        self.reads, self.writes = [], []      # latencies, seconds
        self.ok_writes = {}                   # case id -> writes answered 200
        self.conflicts = 0
        self.errors = []

    def timed(self, conn, lat, method, path, body=None, headers=None):
        t0 = time.perf_counter()
        st, data, _ = conn.request(method, path, body, headers)
        lat.append(time.perf_counter() - t0)
        return st, data

    def run(self):
        try:
            conn = Conn(self.host, self.port, self.user)
        except Exception as e:  # noqa: BLE001  (counted as an error of the run)
            self.errors.append('login: %s' % e)
            return
        while time.monotonic() < self.deadline:
            cid = self.rng.choice(self.cases)
            try:
                self.step(conn, cid)
            except Exception as e:  # noqa: BLE001
                self.errors.append('%s' % e)
                conn = Conn(self.host, self.port, self.user)

    def step(self, conn, cid):
        roll = self.rng.random()
        if roll < 0.7:
            path = ('/api/cases', '/api/cases/%d' % cid, '/api/cases/%d/plan' % cid)[int(roll / 0.7 * 3)]
            st, data = self.timed(conn, self.reads, 'GET', path)
            if st != 200:
                self.errors.append('GET %s: HTTP %d %s' % (path, st, data))
            return
        st, case = self.timed(conn, self.reads, 'GET', '/api/cases/%d' % cid)
        if st != 200:
            self.errors.append('GET case %d: HTTP %d' % (cid, st))
            return
        state = 'waiting' if case.get('status') == 'open' else 'open'
        st, data = self.timed(conn, self.writes, 'POST', '/api/cases/%d/status' % cid, {'status': state},
                              {'If-Match': '"%d"' % case['version']})
        if st == 200:
            self.ok_writes[cid] = self.ok_writes.get(cid, 0) + 1
        elif st == 409:
            self.conflicts += 1
        else:
            self.errors.append('POST status %d: HTTP %d %s' % (cid, st, data))


def start_server(poa, env):
    p = subprocess.Popen([poa, 'serve', '--team', '--listen', '127.0.0.1:0', '--today', TODAY], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r'http://([0-9.]+):(\d+)', line)
    if not m:
        p.kill()
        raise RuntimeError('poa serve --team printed no URL: %r %s' % (line, p.stderr.read()))
    return p, m.group(1), int(m.group(2))


def pct(values, q):
    if not values:
        return float('nan')
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000


def count_timeline(owner, cases):
    """(status lines per actor) over every case's timeline, as the owner reads it."""
    per_actor = {}
    for cid in cases:
        st, case, _ = owner.request('GET', '/api/cases/%d' % cid)
        if st != 200:
            raise RuntimeError('owner GET case %d: HTTP %d' % (cid, st))
        for e in case.get('timeline', []):
            if e.get('what') == 'status':
                per_actor[e.get('by')] = per_actor.get(e.get('by'), 0) + 1
    return per_actor


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith('-'):
        print(__doc__)
        return 2
    build = os.path.abspath(args[0])
    nconn, seconds = opt(args, '--connections', 50), opt(args, '--seconds', 60)
    ncases = opt(args, '--cases', 200)
    poa = os.path.join(build, 'poa')
    if not os.access(poa, os.X_OK):
        print('team-load: %s not found (build first: make)' % poa, file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix='poa-bench-team-')
    cluster = srv = None
    try:
        store = 'SQLite'
        db = os.path.join(tmp, 'poa.db')
        if '--sqlite' not in args:
            try:
                cluster = pgcluster.Cluster.start()
                db, store = cluster.new_database(), 'PostgreSQL'
            except pgcluster.Missing as e:
                print('team-load: %s; using SQLite' % e)
        env = dict(os.environ, POA_DB=db, TZ='UTC')
        operators = set_up_store(poa, env, tmp, ncases)
        srv, host, port = start_server(poa, env)
        owner = Conn(host, port, 'owner')
        st, cases, _ = owner.request('GET', '/api/cases')
        by_account = {}
        for c in cases:
            by_account.setdefault(c['store'], []).append(c['id'])
        ids = [c['id'] for c in cases]
        deadline = time.monotonic() + seconds
        workers = []
        for i in range(nconn):
            account = 'store-%d' % (i % ACCOUNTS + 1)
            workers.append(Worker(host, port, operators[account], by_account[account], deadline, i))
        t0 = time.monotonic()
        for w in workers:
            w.start()
        for w in workers:
            w.join(seconds + 120)
        elapsed = time.monotonic() - t0
        reads = [x for w in workers for x in w.reads]
        writes = [x for w in workers for x in w.writes]
        errors = [e for w in workers for e in w.errors]
        conflicts = sum(w.conflicts for w in workers)
        ok = {}
        for w in workers:
            ok[w.user] = ok.get(w.user, 0) + sum(w.ok_writes.values())
        # A fresh connection: the server closes one left idle through the run.
        found = count_timeline(Conn(host, port, 'owner'), ids)
        alive = srv.poll() is None
        mismatched = sorted(u for u in set(ok) | {k for k in found if k}
                            if ok.get(u, 0) != found.get(u, 0))
        total = len(reads) + len(writes)
        print('store: %s, %d cases in %d seller accounts; %d connections for %d s' % (
            store, len(ids), ACCOUNTS, nconn, seconds))
        print('requests: %d (%.0f/s); reads %d, p50 %.1f ms, p99 %.1f ms; writes %d, p50 %.1f ms, p99 %.1f ms' % (
            total, total / elapsed, len(reads), pct(reads, .5), pct(reads, .99), len(writes), pct(writes, .5),
            pct(writes, .99)))
        print('writes answered 200: %d; conflicts (409, expected): %d; in the timelines afterwards: %d' % (
            sum(ok.values()), conflicts, sum(v for k, v in found.items() if k)))
        for e in errors[:10]:
            print('error: %s' % e)
        verdict = 'no errors' if not errors and not mismatched and alive else 'FAILED'
        print('team-load: %s, %d connections %d s: %d requests (%.0f/s), p99 %.1f ms (reads %.1f, writes %.1f), '
              '%d errors, %d conflicts, %d writes all present: %s; %s' % (
                  store, nconn, seconds, total, total / elapsed, pct(reads + writes, .99), pct(reads, .99),
                  pct(writes, .99), len(errors), conflicts, sum(ok.values()),
                  'yes' if not mismatched else 'NO (%s)' % ', '.join(map(str, mismatched)), verdict))
        return 0
    finally:
        if srv:
            srv.terminate()
            try:
                srv.wait(10)
            except subprocess.TimeoutExpired:
                srv.kill()
        if cluster:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
