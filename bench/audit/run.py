#!/usr/bin/env python3
"""Benchmark of `poa audit` (issue 5).  usage: bench/audit/run.py BUILD_DIR [--quick]

Generates (once, into $POA_BENCH_DIR or /tmp/poa-bench-audit; not committed) an All
Listings report of 1,000,000 rows (about 270 MB, 0.5 % of the rows carrying a term)
and term lists of 1,000, 50,000 and 500,000 terms (bench/audit/gen.py), then runs on
the same files, one after the other, each as a fresh process:

  grep     LC_ALL=C grep -F -i -w -c -f TERMS REPORT
  python   bench/audit/baseline.py TERMS REPORT (word n-grams looked up in a set)
  poa      BUILD_DIR/poa audit --terms TERMS --format json REPORT (every hit written)

Each command finds the files in the page cache (they are read once before it).
Wall time is the clock around the process (time.perf_counter, from its start to
its exit), CPU time and peak RSS the kernel's account of it (wait4); poa and grep
run 3 times and their median run counts, Python once.  It prints the ratios to the
targets (poa >= 10x grep, >= 100x Python, about 1 GB/s, <= 300 MB), checks that
poa's rows with hits equal grep's count, then the cost of growing the term list
(1k, 50k, 500k) and the report (10k, 100k, 1M rows).  --quick: 100,000 rows, no Python on the big file, no 500k list.
Exit status 0 when the measurements ran (whatever the numbers), 2 when poa is missing."""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

SEED = 5


def data_dir():
    d = os.environ.get('POA_BENCH_DIR') or os.path.join(tempfile.gettempdir(), 'poa-bench-audit')
    os.makedirs(d, exist_ok=True)
    return d


def ensure_data(d, rows_list, terms_list):
    import random
    biggest = max(terms_list)
    paths = {}
    for n in terms_list:
        p = os.path.join(d, 'terms-%d.txt' % n)
        if not os.path.exists(p):
            print('generating %s' % p, flush=True)
            terms = gen.make_terms(n, random.Random(SEED))
            with open(p + '.tmp', 'w', encoding='ascii') as f:
                f.write('\n'.join(terms) + '\n')
            os.replace(p + '.tmp', p)
        paths[('terms', n)] = p
    carried = None
    for rows in rows_list:
        p = os.path.join(d, 'listings-%d.txt' % rows)
        if not os.path.exists(p):
            if carried is None:
                carried = gen.make_terms(1000, random.Random(SEED))
            print('generating %s' % p, flush=True)
            gen.write_report(p + '.tmp', rows, carried, random.Random(SEED + rows))
            os.replace(p + '.tmp', p)
        paths[('rows', rows)] = p
    del biggest
    return paths


def timed(argv, env=None, stdout=subprocess.DEVNULL):
    """(wall s, cpu s, peak RSS KB, stdout text or None) of one process."""
    capture = stdout == subprocess.PIPE
    with tempfile.TemporaryFile() as text:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, env=env, stdout=text if capture else stdout, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = 0   # reaped by wait4 above
        text.seek(0)
        out = text.read().decode() if capture else None
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out


def warm(*paths):
    """Reads the files once, so that every command finds them in the page cache.
    Some machines page out what nobody touched for a minute (DAMON's pageout on the
    VM of 2026-11-29 at 60 s idle): the first command measured would read the disk
    and the ones after it would not."""
    for p in paths:
        with open(p, 'rb') as f:
            while f.read(1 << 20):
                pass


def median(runs):
    """The run of median wall time (of an odd count)."""
    return sorted(runs, key=lambda r: r[0])[len(runs) // 2]


def c_env():
    e = dict(os.environ)
    e['LC_ALL'] = 'C'
    return e


def poa_run(poa, terms, report, n=3):
    out = os.path.join(tempfile.gettempdir(), 'poa-bench-audit.json')
    runs = []
    for _ in range(n):
        with open(out, 'w') as f:
            runs.append(timed([poa, 'audit', '--terms', terms, '--format', 'json', report], stdout=f))
    wall, cpu, rss, _ = median(runs)
    with open(out, encoding='utf-8') as f:
        summary = json.load(f)['summary']
    os.unlink(out)
    return wall, cpu, rss, summary


def grep_run(terms, report, n=3):
    argv = ['grep', '-F', '-i', '-w', '-c', '-f', terms, report]
    wall, cpu, rss, text = median([timed(argv, c_env(), subprocess.PIPE) for _ in range(n)])
    return wall, cpu, rss, int(text.strip() or 0)


def python_run(terms, report):
    wall, cpu, rss, text = timed([sys.executable, os.path.join(HERE, 'baseline.py'), terms, report],
                                 stdout=subprocess.PIPE)
    rows, with_hits, hits = (int(x) for x in text.split())
    return wall, cpu, rss, with_hits


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    build = argv[1] if os.path.isabs(argv[1]) or os.path.exists(argv[1]) else os.path.join(ROOT, argv[1])
    poa = os.path.abspath(os.path.join(build, 'poa'))
    if not os.access(poa, os.X_OK):
        print('bench: %s not found (build first: make)' % poa, file=sys.stderr)
        return 2
    quick = '--quick' in argv
    big = 100000 if quick else 1000000
    rows_list = [10000, 100000] + ([] if quick else [1000000])
    terms_list = [1000, 50000] + ([] if quick else [500000])
    d = data_dir()
    paths = ensure_data(d, rows_list, terms_list)
    report, terms = paths[('rows', big)], paths[('terms', 50000)]
    size = os.path.getsize(report)
    print('== poa audit: %d rows, %.0f MB, 50,000 terms (%s)' % (big, size / 1e6, d))
    print('%-8s %9s %9s %10s %9s %15s' % ('command', 'wall s', 'cpu s', 'MB/s', 'RSS MB', 'rows with hits'))
    warm(report, terms)
    pw, pc, pr, ps = poa_run(poa, terms, report)
    warm(report, terms)
    gw, gc, gr, gcount = grep_run(terms, report)
    results = [('poa', pw, pc, pr, ps['rows_with_hits']), ('grep', gw, gc, gr, gcount)]
    if not quick:
        warm(report, terms)
        yw, yc, yr, ycount = python_run(terms, report)
        results.append(('python', yw, yc, yr, ycount))
    for name, w, c, r, n in results:
        print('%-8s %9.3f %9.3f %10.0f %9.1f %15d' % (name, w, c, size / 1e6 / w if w else 0, r / 1024, n))
    lines = []
    ratio_g = gw / pw if pw else float('inf')
    lines.append('poa %.3f s = %.2f GB/s, peak RSS %.0f MB (target <= 300: %s); %d hits in %d rows'
                 % (pw, size / 1e9 / pw, pr / 1024, 'met' if pr / 1024 <= 300 else 'NOT met', ps['hits'],
                    ps['rows_with_hits']))
    lines.append('grep/poa %.1fx (target >= 10x: %s); cpu %.1fx' % (ratio_g, 'met' if ratio_g >= 10 else 'NOT met',
                                                                  gc / pc if pc else 0))
    if not quick:
        ratio_y = yw / pw if pw else float('inf')
        lines.append('python/poa %.1fx (target >= 100x: %s); cpu %.1fx'
                     % (ratio_y, 'met' if ratio_y >= 100 else 'NOT met', yc / pc if pc else 0))
    same = ps['rows_with_hits'] == gcount
    lines.append('rows with hits: poa %d, grep %d (%s)' % (ps['rows_with_hits'], gcount, 'equal' if same else 'DIFFER'))
    for l in lines:
        print(l)
    print()
    print('== growth of the term list (%d rows)' % big)
    print('%-8s %9s %9s %9s %9s' % ('terms', 'poa s', 'poa RSS', 'grep s', 'grep RSS'))
    for n in terms_list:
        warm(report, paths[('terms', n)])
        w, c, r, s = poa_run(poa, paths[('terms', n)], report, n=1 if n > 50000 else 3)
        if n <= 50000:
            g = grep_run(paths[('terms', n)], report, n=1)
            gtxt = '%9.3f %8.0fM' % (g[0], g[2] / 1024)
        else:
            gtxt = '%9s %9s' % ('-', '-')
        print('%-8d %9.3f %8.0fM %s' % (n, w, r / 1024, gtxt))
    print()
    print('== growth of the report (50,000 terms)')
    print('%-8s %9s %9s %9s %9s %9s' % ('rows', 'MB', 'poa s', 'poa MB/s', 'grep s', 'grep/poa'))
    for rows in rows_list:
        p = paths[('rows', rows)]
        mb = os.path.getsize(p) / 1e6
        warm(p, terms)
        w, c, r, s = poa_run(poa, terms, p)
        g = grep_run(terms, p, n=1)
        print('%-8d %9.1f %9.3f %9.0f %9.3f %9.1f' % (rows, mb, w, mb / w if w else 0, g[0], g[0] / w if w else 0))
    print()
    print('== summary')
    for l in lines:
        print(l)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
