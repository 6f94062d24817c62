#!/usr/bin/env python3
"""poa's test driver: unit tests (cmocka), the notice corpus, golden CLI tests.

usage: tests/run.py BUILD_DIR [--update] [--only SUBSTRING]

Prints one line per failure and ends with "N passed, N failed".
--update rewrites the golden CLI outputs from the current binary (review the
diff before committing it).
"""
import glob
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = '2026-11-28'


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self):
        self.passed += 1

    def fail(self, name, why):
        self.failed += 1
        print('FAIL %s: %s' % (name, why))


def test_env():
    env = dict(os.environ)
    env.update({'TZ': 'UTC', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8', 'NO_COLOR': '1'})
    env.pop('LANGUAGE', None)
    return env


def run_unit(build, tally, only):
    for exe in sorted(glob.glob(os.path.join(build, 'tests', 'test-*'))):
        if not os.access(exe, os.X_OK) or exe.endswith('.p'):
            continue
        name = 'unit/' + os.path.basename(exe)
        if only and only not in name:
            continue
        p = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, env=test_env(), timeout=300)
        out = p.stdout + p.stderr
        passed = sum(int(n) for n in re.findall(r'\[  PASSED  \] (\d+) test', out))
        failed = sum(int(n) for n in re.findall(r'\[  FAILED  \] (\d+) test', out))
        tally.passed += passed
        if failed or p.returncode != 0 or passed == 0:
            tally.fail(name, 'exit %d, %d failed\n%s' % (p.returncode, failed, out[-3000:]))
            tally.failed += max(failed - 1, 0)


def subset_mismatches(expected, actual, path=''):
    """Differences for the keys present in expected (lists compared whole)."""
    diffs = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return ['%s: expected an object, got %r' % (path, actual)]
        for k, v in expected.items():
            diffs += subset_mismatches(v, actual.get(k, '<missing>'), path + '.' + k)
    elif expected != actual:
        diffs.append('%s: expected %r, got %r' % (path, expected, actual))
    return diffs


def corpus_view(notice):
    """The corpus compares a few derived keys besides the JSON ones."""
    v = dict(notice)
    v['asins'] = [a['asin'] for a in notice.get('asins', [])]
    v['titles'] = {a['asin']: a['title'] for a in notice.get('asins', []) if a.get('title')}
    return v


def run_corpus(build, tally, only):
    poa = os.path.join(build, 'poa')
    notices = sorted(glob.glob(os.path.join(ROOT, 'tests', 'corpus', 'notices', '*.expected.json')))
    for exp_path in notices:
        stem = exp_path[:-len('.expected.json')]
        inputs = [p for p in glob.glob(stem + '.*') if not p.endswith('.expected.json')]
        name = 'corpus/' + os.path.basename(stem)
        if only and only not in name:
            continue
        if len(inputs) != 1:
            tally.fail(name, 'expected one input file beside the .expected.json, found %d' % len(inputs))
            continue
        p = subprocess.run([poa, 'read', '--json', '--today', TODAY, inputs[0]], capture_output=True,
                           env=test_env(), timeout=60)
        if p.returncode != 0:
            tally.fail(name, 'exit %d: %s' % (p.returncode, p.stderr.decode(errors='replace')[:500]))
            continue
        try:
            got = json.loads(p.stdout)
        except ValueError as e:
            tally.fail(name, 'output is not JSON: %s' % e)
            continue
        with open(exp_path, encoding='utf-8') as f:
            expected = json.load(f)['notices']
        if len(got) != len(expected):
            tally.fail(name, 'expected %d notices, got %d' % (len(expected), len(got)))
            continue
        diffs = []
        for i, (e, g) in enumerate(zip(expected, got)):
            diffs += ['#%d%s' % (i + 1, d) for d in subset_mismatches(e, corpus_view(g))]
        if diffs:
            tally.fail(name, '\n    ' + '\n    '.join(diffs))
        else:
            tally.ok()


def run_letters(build, tally, only):
    """tests/corpus/letters/NAME.txt with NAME.expected.json:
    {"kind": K, "notice": PATH-or-null, "rules": [ids that must fire]}.
    The rules that fire must be exactly those: a strong letter lists none,
    and a false positive on it is a bug."""
    poa = os.path.join(build, 'poa')
    folder = os.path.join(ROOT, 'tests', 'corpus', 'letters')
    for exp_path in sorted(glob.glob(os.path.join(folder, '*.expected.json'))):
        stem = exp_path[:-len('.expected.json')]
        name = 'letters/' + os.path.basename(stem)
        if only and only not in name:
            continue
        with open(exp_path, encoding='utf-8') as f:
            exp = json.load(f)
        args = [poa, 'lint', '--format', 'json']
        if exp.get('notice'):
            args += ['--notice', os.path.join(folder, exp['notice'])]
        p = subprocess.run(args + [stem + '.txt'], capture_output=True, env=test_env(), timeout=60)
        try:
            got = json.loads(p.stdout)
        except ValueError:
            tally.fail(name, 'exit %d, no JSON: %s' % (p.returncode, p.stderr.decode(errors='replace')[:400]))
            continue
        fired = sorted(set(d['rule'] for d in got['diagnostics']))
        want = sorted(set(exp['rules']))
        problems = []
        if got['kind'] != exp['kind']:
            problems.append('kind: expected %s, got %s' % (exp['kind'], got['kind']))
        if fired != want:
            extra = [r for r in fired if r not in want]
            missing = [r for r in want if r not in fired]
            problems.append('rules: unexpected %s, missing %s' % (extra, missing))
            for d in got['diagnostics']:
                if d['rule'] in extra:
                    problems.append('  %s at %d:%d: %s' % (d['rule'], d['line'], d['col'], d['message']))
        worst = max([{'block': 2, 'warn': 1, 'info': 0}[d['level']] for d in got['diagnostics']] or [0])
        want_rc = {2: 2, 1: 1, 0: 0}[worst]
        if p.returncode != want_rc:
            problems.append('exit %d, expected %d' % (p.returncode, want_rc))
        if problems:
            tally.fail(name, '\n    ' + '\n    '.join(problems))
        else:
            tally.ok()


def run_golden(build, tally, only, update):
    """tests/cli/NAME.cmd holds the arguments after `poa` (shell words, run in
    tests/cli/ with stdin from NAME.stdin when present; leading VAR=value
    words set the environment); NAME.out is the expected stdout followed by
    a line "[exit N]" and the stderr lines."""
    poa = os.path.abspath(os.path.join(build, 'poa'))
    cli_dir = os.path.join(ROOT, 'tests', 'cli')
    for cmd_path in sorted(glob.glob(os.path.join(cli_dir, '*.cmd'))):
        stem = cmd_path[:-4]
        name = 'cli/' + os.path.basename(stem)
        if only and only not in name:
            continue
        with open(cmd_path, encoding='utf-8') as f:
            args = shlex.split(f.read(), comments=True)
        env = test_env()
        while args and re.match(r'^[A-Z_]+=', args[0]):
            k, v = args.pop(0).split('=', 1)
            env[k] = v
        stdin_path = stem + '.stdin'
        stdin = open(stdin_path, 'rb') if os.path.exists(stdin_path) else subprocess.DEVNULL
        p = subprocess.run([poa] + args, cwd=cli_dir, stdin=stdin, capture_output=True, env=env, timeout=120)
        if stdin is not subprocess.DEVNULL:
            stdin.close()
        got = p.stdout.decode('utf-8', errors='replace') + '[exit %d]\n' % p.returncode + \
            p.stderr.decode('utf-8', errors='replace')
        out_path = stem + '.out'
        if update:
            with open(out_path, 'w', encoding='utf-8') as f:
                f.write(got)
            tally.ok()
            continue
        if not os.path.exists(out_path):
            tally.fail(name, 'no %s (run tests/run.py BUILD --update and review it)' % os.path.basename(out_path))
            continue
        with open(out_path, encoding='utf-8') as f:
            want = f.read()
        if got == want:
            tally.ok()
        else:
            import difflib
            diff = ''.join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), 'expected', 'got', n=2))
            tally.fail(name, '\n' + diff[:4000])


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    build = os.path.abspath(args[0])
    update = '--update' in args
    only = args[args.index('--only') + 1] if '--only' in args else None
    tally = Tally()
    run_unit(build, tally, only)
    run_corpus(build, tally, only)
    run_letters(build, tally, only)
    run_golden(build, tally, only, update)
    extra = os.path.join(ROOT, 'tests', 'shell')
    for script in sorted(glob.glob(os.path.join(extra, '*.sh'))):
        name = 'shell/' + os.path.basename(script)
        if only and only not in name:
            continue
        p = subprocess.run(['sh', script, build], cwd=ROOT, capture_output=True, text=True, env=test_env(),
                           timeout=600)
        if p.returncode == 0:
            tally.ok()
        else:
            tally.fail(name, (p.stdout + p.stderr)[-3000:])
    print('%d passed, %d failed' % (tally.passed, tally.failed))
    sys.exit(1 if tally.failed else 0)


if __name__ == '__main__':
    main()
