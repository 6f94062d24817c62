#!/usr/bin/env python3
"""Benchmark of `poa serve` (issue 8).

Usage: bench/serve.py BUILD_DIR [--cases N] [--seconds S]   (bench/run calls it)

Fills a throwaway case store with 1,000 cases (N; trademark notices, each with
its own complaint IDs and date, filed with `poa import` from a generated
mbox), starts `poa serve` on 127.0.0.1 (a free port), trades the access token
for the session cookie, then, with wrk (Debian package) on loopback only:

  1. the case list (/, the first page of 100 rows) and a case page
     (/cases/ID, the middle one): 1 wrk thread (the other core serves), 25 connections, S
     seconds (default 10) each;
     requests/s, p99 latency, errors (socket errors and non-2xx answers);
  2. a burst of 200 concurrent connections on the case list for S/2 seconds,
     then one plain request: the server must still answer.

Targets: at least 5,000 requests/s and p99 under 20 ms, no errors; the burst
does not stop the server. Prints the figures and one summary line (last).
Exit status 0 when the measurements ran (whatever the figures), 2 when poa or
wrk is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'web'))
from serverlib import Server  # noqa: E402

TARGET_RPS = 5000
TARGET_P99_MS = 20.0
CONNS = 25


def make_mbox(path, n, first=0):
    """n trademark notices, each its own complaint (its IDs) and date;
    first numbers them on from an earlier mbox's."""
    with open(os.path.join(ROOT, 'examples', 'notices', 'trademark-removal.eml'), encoding='utf-8') as f:
        template = f.read()
    with open(path, 'w', encoding='utf-8') as out:
        for i in range(first, first + n):
            month, day = 1 + i % 12, 1 + i % 28
            msg = template
            msg = re.sub(r'^Date: .*$', 'Date: Tue, %02d %s 2026 09:14:05 -0800' % (
                day, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]),
                msg, count=1, flags=re.M)
            msg = re.sub(r'^Message-ID: .*$', 'Message-ID: <bench-%d@amazon.com>' % i, msg, count=1, flags=re.M)
            msg = msg.replace('1478820193', str(2000000000 + 2 * i)).replace('1478820194', str(2000000001 + 2 * i))
            out.write('From notice-dispute@amazon.com Tue Nov 24 09:14:05 2026\n')
            out.write(re.sub(r'^From ', '>From ', msg, flags=re.M).rstrip('\n') + '\n\n')


def parse_wrk(text):
    """(requests/s, p99 ms, errors) of wrk --latency output."""
    rps = re.search(r'Requests/sec:\s*([\d.]+)', text)
    p99 = re.search(r'^\s*99%\s+([\d.]+)(us|ms|s)\b', text, re.M)
    ms = None
    if p99:
        v = float(p99.group(1))
        ms = v / 1000 if p99.group(2) == 'us' else v * 1000 if p99.group(2) == 's' else v
    errors = 0
    m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
    if m:
        errors += int(m.group(1))
    return (float(rps.group(1)) if rps else None), ms, errors


def wrk(srv, path, conns, seconds):
    argv = ['wrk', '-t1', '-c%d' % conns, '-d%ds' % seconds, '--latency', '--timeout', '5s',
            '-H', 'Cookie: ' + srv.cookie, '-H', 'Host: %s:%d' % (srv.host, srv.port), srv.base + path]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    return p.stdout + p.stderr


def main(argv):
    args = argv[1:]
    if not args:
        print(__doc__)
        return 2
    build = os.path.abspath(args[0])
    n = int(args[args.index('--cases') + 1]) if '--cases' in args else 1000
    seconds = int(args[args.index('--seconds') + 1]) if '--seconds' in args else 10
    poa = os.path.join(build, 'poa')
    if not os.access(poa, os.X_OK):
        print('serve: %s not found (build first: make)' % poa, file=sys.stderr)
        return 2
    if not shutil.which('wrk'):
        print('serve: wrk is missing: run scripts/install-deps.sh')
        print('serve: not measured (wrk missing)')
        return 2
    tmp = tempfile.mkdtemp(prefix='poa-bench-serve-')
    srv = None
    try:
        mbox = os.path.join(tmp, 'notices.mbox')
        make_mbox(mbox, n)
        env = dict(os.environ, POA_DB=os.path.join(tmp, 'poa.db'), TZ='UTC')
        t0 = time.time()
        p = subprocess.run([poa, 'import', mbox, '--today', '2026-11-28'], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            print('serve: poa import failed: %s' % p.stderr)
            return 1
        print('store: %d cases filed by poa import in %.1f s' % (n, time.time() - t0))
        srv = Server(poa, db_dir=tmp).login()
        st, cases = srv.json('GET', '/api/cases')
        print('store: the API lists %d cases' % len(cases))
        mid = cases[len(cases) // 2]['id']
        results = []
        for name, path in (('case list', '/'), ('case page', '/cases/%d' % mid)):
            st, _, _ = srv.request('GET', path)
            out = wrk(srv, path, CONNS, seconds)
            rps, p99, errors = parse_wrk(out)
            met = rps is not None and p99 is not None and rps >= TARGET_RPS and p99 < TARGET_P99_MS and not errors
            print('== %s (%s): 1 thread, %d connections, %d s' % (name, path, CONNS, seconds))
            print(out.strip())
            print('%s: %s requests/s, p99 %s ms, %d errors -> %s' % (
                name, '%.0f' % rps if rps else '?', '%.2f' % p99 if p99 is not None else '?', errors,
                'target met' if met else 'target NOT met'))
            results.append((name, rps, p99, errors, met))
        print('== burst: 200 concurrent connections on the case list, %d s' % max(seconds // 2, 2))
        out = wrk(srv, '/', 200, max(seconds // 2, 2))
        brps, bp99, berr = parse_wrk(out)
        print(out.strip())
        st, _, _ = srv.request('GET', '/')
        alive = st == 200 and srv.proc.poll() is None
        print('after the burst the server answers: %s (HTTP %d)' % ('yes' if alive else 'NO', st))
        parts = ['%s %s req/s p99 %s ms %d errors (%s)' % (name, '%.0f' % r if r else '?',
                                                            '%.2f' % p if p is not None else '?', e,
                                                            'met' if m else 'NOT met')
                 for name, r, p, e, m in results]
        parts.append('burst 200 conns %s req/s p99 %s ms %d errors, %s' % (
            '%.0f' % brps if brps else '?', '%.2f' % bp99 if bp99 is not None else '?', berr,
            'server answers after' if alive else 'SERVER STOPPED ANSWERING'))
        print('serve: %d cases; %s (targets >= %d req/s, p99 < %g ms)' % (n, '; '.join(parts), TARGET_RPS,
                                                                          TARGET_P99_MS))
        return 0
    finally:
        if srv:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
