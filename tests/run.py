#!/usr/bin/env python3
"""poa's test driver: unit tests (cmocka), the notice corpus, golden CLI tests.

usage: tests/run.py BUILD_DIR [--update] [--only SUBSTRING]

The store's tests also run against PostgreSQL, as NAME[pg]: the unit tests
of the store, the golden CLI tests with a STORE= seed and shell/store-flow.sh.
They start a throwaway PostgreSQL 15 cluster (tests/pgcluster.py) on
127.0.0.1 and stop it at the end; without PostgreSQL installed they fail.

Prints one line per failure and ends with "N passed, N failed".
--update rewrites the golden CLI outputs from the current binary (review the
diff before committing it).
"""
import functools
import glob
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
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


class Postgres:
    """The throwaway cluster, started when the first [pg] test needs it."""

    def __init__(self):
        self.cluster = None
        self.error = None

    def get(self):
        """The cluster, or None with self.error saying why there is none."""
        if self.cluster is None and self.error is None:
            sys.path.insert(0, os.path.join(ROOT, 'tests'))
            import pgcluster
            try:
                self.cluster = pgcluster.Cluster.start()
            except pgcluster.Missing as e:
                self.error = str(e)
        return self.cluster

    def stop(self):
        if self.cluster:
            self.cluster.stop()


PG = Postgres()
# Unit test programs that run again against PostgreSQL (POA_TEST_PG).
PG_UNIT = {'test-store', 'test-store-users'}
# Unit test programs that run again in huge pages and in small ones
# (POA_HUGE_PAGES; by itself poa picks one for the machine: src/lib/pages.c).
PAGES_UNIT = {'test-audit', 'test-audit-report'}
# Shell tests that run again with two fresh PostgreSQL stores
# (POA_TEST_STORE_A and POA_TEST_STORE_B).
PG_SHELL = {'store-flow.sh', 'store-concurrent.sh'}


def test_env():
    env = dict(os.environ)
    env.update({'TZ': 'UTC', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8', 'NO_COLOR': '1'})
    env.pop('LANGUAGE', None)
    return env


def variant_env(name, tally, *stores):
    """The environment of test name; for a [pg] variant, each variable of
    stores names a new PostgreSQL database. None (the failure counted) when
    the cluster cannot be had."""
    env = test_env()
    if name.endswith('[pg]'):
        if not PG.get():
            tally.fail(name, PG.error)
            return None
        for var in stores:
            env[var] = PG.cluster.new_database()
    return env


def run_unit(build, tally, only):
    for exe in sorted(glob.glob(os.path.join(build, 'tests', 'test-*'))):
        if not os.access(exe, os.X_OK) or exe.endswith('.p'):
            continue
        base = os.path.basename(exe)
        variants = (['unit/%s[pg]' % base] if base in PG_UNIT else []) + \
            (['unit/%s[huge]' % base, 'unit/%s[small]' % base] if base in PAGES_UNIT else [])
        for name in ['unit/' + base] + variants:
            if not only or only in name:
                run_unit_one(exe, name, tally)


def run_unit_one(exe, name, tally):
        env = variant_env(name, tally)
        if env is None:
            return
        if name.endswith('[pg]'):
            env['POA_TEST_PG'] = PG.cluster.url
        if name.endswith('[huge]') or name.endswith('[small]'):
            env['POA_HUGE_PAGES'] = '1' if name.endswith('[huge]') else '0'
        p = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
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
    words set the environment, STORE=FILE.json fills the command's own
    throwaway case store from that export); NAME.out is the expected stdout
    followed by a line "[exit N]" and the stderr lines."""
    cli_dir = os.path.join(ROOT, 'tests', 'cli')
    for cmd_path in sorted(glob.glob(os.path.join(cli_dir, '*.cmd'))):
        stem = cmd_path[:-4]
        name = 'cli/' + os.path.basename(stem)
        with open(cmd_path, encoding='utf-8') as f:
            text = f.read()
        # A command on a store runs again on a PostgreSQL store: the same output.
        pg = re.match(r'^\s*STORE=', '\n'.join(l for l in text.splitlines() if not l.startswith('#')))
        for variant in [name] + ([name + '[pg]'] if pg else []):
            if not only or only in variant:
                run_golden_one(build, tally, variant, stem, text, update and variant == name)


def run_golden_one(build, tally, name, stem, text, update):
        poa = os.path.abspath(os.path.join(build, 'poa'))
        cli_dir = os.path.join(ROOT, 'tests', 'cli')
        args = shlex.split(text, comments=True)
        # Every command gets a case store of its own; STORE=FILE.json fills it
        # from a poa export first (tests/cli/*.json).
        env = variant_env(name, tally, 'POA_DB')
        if env is None:
            return
        store_dir = tempfile.mkdtemp(prefix='poa-golden-')
        if not name.endswith('[pg]'):
            env['POA_DB'] = os.path.join(store_dir, 'poa.db')
        seed = None
        while args and re.match(r'^[A-Z_]+=', args[0]):
            k, v = args.pop(0).split('=', 1)
            if k == 'STORE':
                seed = v
            else:
                env[k] = v
        if seed:
            subprocess.run([poa, 'import', seed], cwd=cli_dir, env=env, capture_output=True, check=True)
        # @STORE@ is the command's store (a file, or a PostgreSQL URL in the
        # [pg] run) and @TMP@ a folder of its own, in the arguments and, put
        # back, in the output (poa migrate names both stores).
        places = [(store_dir, '@TMP@'), (env['POA_DB'], '@STORE@')]
        args = [functools.reduce(lambda a, p: a.replace(p[1], p[0]), places, arg) for arg in args]
        stdin_path = stem + '.stdin'
        stdin = open(stdin_path, 'rb') if os.path.exists(stdin_path) else subprocess.DEVNULL
        p = subprocess.run([poa] + args, cwd=cli_dir, stdin=stdin, capture_output=True, env=env, timeout=120)
        if stdin is not subprocess.DEVNULL:
            stdin.close()
        shutil.rmtree(store_dir, ignore_errors=True)
        got = p.stdout.decode('utf-8', errors='replace') + '[exit %d]\n' % p.returncode + \
            p.stderr.decode('utf-8', errors='replace')
        for path, mark in sorted(places, key=lambda p: -len(p[0])):
            got = got.replace(path, mark)
        out_path = stem + '.out'
        if update:
            with open(out_path, 'w', encoding='utf-8') as f:
                f.write(got)
            tally.ok()
            return
        if not os.path.exists(out_path):
            tally.fail(name, 'no %s (run tests/run.py BUILD --update and review it)' % os.path.basename(out_path))
            return
        with open(out_path, encoding='utf-8') as f:
            want = f.read()
        if got == want:
            tally.ok()
        else:
            import difflib
            diff = ''.join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), 'expected', 'got', n=2))
            tally.fail(name, '\n' + diff[:4000])


def run_cases(build, tally, only, update):
    """tests/corpus/cases/: plan and draft, end to end (issue 3).

    One folder per (family, route) pair that kb/routes.yaml allows, named
    FAMILY--ROUTE (a suffix after a further '-' is allowed), holding:
      notice.path     the notice's path relative to the folder (a notice of
                      tests/corpus/notices/ or examples/notices/), or
      notice.EXT      a notice written for the case (.eml, .txt, .html);
      answers.yaml    the seller's facts;
      expected-route  ROUTE: `poa plan --json` must rank it best and `poa draft`
                      drafts it; `--route ROUTE`: it must be among the routes
                      that fit, and is drafted with --route; `none`: no route
                      answers the notice (plan and draft exit 7);
      expected/ID.txt each letter as `poa draft -o DIR` writes it (--update
                      rewrites them: review the diff);
      lint-known      optional: `LETTER_ID RULE_ID` lines, lint blockers that
                      fire on a letter that is right (false positives reported
                      to the owners of kb/lint/). They must still fire, and
                      `poa draft` then exits 2; any other blocker fails.
    Each case also checks the family and route of its folder name, and every
    (family, route) pair of kb/routes.yaml must have a case.

    Properties checked over every drafted letter:
      - every ASIN (masked ones excepted: a letter cannot answer them by
        name) and every complaint ID of the notice (`poa read --json`) is named
        in each letter that must name them. All seven templates must: poa and
        dispute answer every ASIN under review (lint R02), never_sold and
        patent_reasons are disputes of the same complaints, retraction and
        rights_owner_request identify the complaints to retract (R29, R30),
        counter_notice identifies the material removed and where (R31).
        The ASINs the seller adds (affected_asins) are named in poa and dispute;
      - no placeholder (xxx, [name], <ASIN>, (Your Store), 【】, (null)), no
        [[MISSING, no {{ or }}, no CJK or full-width character;
      - every date (YYYY-MM-DD, "March 3, 2026", "3 March 2026", DD/MM/YYYY...)
        is a date of the notice text, of the answers file, or the --today date
        (compared as dates, whatever form each side writes);
      - every number of 3 or more digits, every ASIN and every e-mail address
        occurs in the notice text (decoded) or the answers file. The only
        constants a template may state itself are Amazon's addresses
        (kb/addresses.yaml) and the statute a counter-notice cites
        (17 U.S.C. 512);
      - the name after "Dear" occurs in the notice or the answers;
      - two cases never produce the same letter (letters vary with the facts);
      - `poa lint --notice NOTICE --kind KIND` finds nothing: no blocker, no
        warning, no advice (exit 0), but for lint-known.

    tests/corpus/cases/bad/NAME.yaml: answers files that must be refused.
    NAME.expect holds `exit: N`, one or more `stderr: TEXT` lines (each must
    appear in the error) and optionally `notice: PATH` (relative to bad/;
    default examples/notices/trademark-removal.eml). Both `poa plan` and
    `poa draft` run in bad/ with `--answers NAME.yaml`; the error must name
    the file."""
    import difflib
    import email as email_pkg
    import html as html_pkg
    import shutil
    import tempfile
    from email import policy as email_policy

    poa = os.path.abspath(os.path.join(build, 'poa'))
    cases_dir = os.path.join(ROOT, 'tests', 'corpus', 'cases')
    if not os.path.isdir(cases_dir):
        return
    must_name = {'poa', 'dispute', 'never_sold', 'patent_reasons', 'retraction', 'rights_owner_request',
                 'counter_notice'}
    names_added_asins = {'poa', 'dispute'}
    months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
              'november', 'december']
    month_re = '(?:%s)' % '|'.join([m for m in months] + [m[:3] + r'\.?' for m in months] + ['sept'])
    date_res = [
        (re.compile(r'\b(\d{4})-(\d{1,2})-(\d{1,2})\b'), 'ymd'),
        (re.compile(r'\b(\d{4})/(\d{1,2})/(\d{1,2})\b'), 'ymd'),
        (re.compile(r'\b(\d{4})年(\d{1,2})月(\d{1,2})日'), 'ymd'),
        (re.compile(r'\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b'), 'dmy_or_mdy'),
        (re.compile(r'\b(' + month_re + r')\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b', re.I), 'mdy_name'),
        (re.compile(r'\b(\d{1,2})(?:st|nd|rd|th)?\s+(' + month_re + r'),?\s+(\d{4})\b', re.I), 'dmy_name'),
    ]
    asin_re = re.compile(r'\bB[0-9A-Z]{9}\b')
    email_re = re.compile(r'[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+')
    number_re = re.compile(r'(?<![\w.,])\d[\d,.]*\d(?![\w])|(?<![\w.,])\d(?![\w.,])')
    cjk_re = re.compile('[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af'
                        '\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]')
    placeholder_res = [
        re.compile(r'\bx{3,}\b', re.I), re.compile(r'\b[A-Z0-9]*X{4,}\b'),
        re.compile(r'\[[^\]\n]{0,40}\b(?:name|your|store|date|asin|company|address|phone|e-?mail|insert|'
                   r'brand|seller|number|id)\b[^\]\n]{0,40}\]', re.I),
        re.compile(r'<[^<>@\n]{1,40}>'), re.compile('[【】]'),
        re.compile(r'\((?:your|insert|enter|add)\b[^)\n]*\)', re.I), re.compile(r'\(null\)|\bNone\b|\bnull\b'),
        re.compile(r'\b(?:TODO|TBD|FIXME|lorem ipsum)\b', re.I), re.compile(r'\bDear\s*,'),
    ]
    kb_dir = os.path.join(ROOT, 'kb')
    with open(os.path.join(kb_dir, 'addresses.yaml'), encoding='utf-8') as f:
        constant_emails = set(e.lower() for e in email_re.findall(f.read()))
    constant_numbers = {'512'}

    def read(path, mode='r'):
        with open(path, mode, **({} if 'b' in mode else {'encoding': 'utf-8'})) as f:
            return f.read()

    def yaml_ids(text):
        """The `- id:` entries of a kb list file with their `families:`."""
        out, cur = {}, None
        for line in text.splitlines():
            m = re.match(r"^- id: '([^']+)'", line)
            if m:
                cur = m.group(1)
                out[cur] = []
            m = re.match(r'^  families: \[(.*)\]', line)
            if m and cur:
                out[cur] = re.findall(r"'([^']+)'", m.group(1))
        return out

    def notice_text(path):
        """The notice as text: decoded MIME parts (HTML without tags) and the raw file."""
        raw = read(path, 'rb')
        parts = [raw.decode('utf-8', errors='replace')]
        if path.endswith(('.eml', '.mbox')):
            m = email_pkg.message_from_bytes(raw, policy=email_policy.default)
            parts += [str(v) for v in m.values()]
            for part in m.walk():
                if part.get_content_maintype() != 'text':
                    continue
                try:
                    body = part.get_content()
                except Exception:
                    body = (part.get_payload(decode=True) or b'').decode('utf-8', errors='replace')
                parts.append(body)
        text = '\n'.join(parts)
        return text + '\n' + html_pkg.unescape(re.sub(r'<[^>]+>', ' ', text))

    def dates_in(text):
        found = set()
        for rx, form in date_res:
            for m in rx.finditer(text):
                g = m.groups()
                try:
                    if form == 'ymd':
                        cands = [(int(g[0]), int(g[1]), int(g[2]))]
                    elif form == 'dmy_or_mdy':
                        cands = [(int(g[2]), int(g[1]), int(g[0])), (int(g[2]), int(g[0]), int(g[1]))]
                    else:
                        mon, day = (g[0], g[1]) if form == 'mdy_name' else (g[1], g[0])
                        mon = mon.lower().rstrip('.')
                        mi = [i for i, full in enumerate(months) if full.startswith(mon[:3])][0] + 1
                        cands = [(int(g[2]), mi, int(day))]
                except (ValueError, IndexError):
                    continue
                found.add((m.group(0), tuple(c for c in cands if 1 <= c[1] <= 12 and 1 <= c[2] <= 31)))
        return found

    def numbers_in(text):
        """Numbers of 3 or more digits, dates, ASINs and e-mail addresses left out."""
        for rx, _ in date_res:
            text = rx.sub(' ', text)
        text = email_re.sub(' ', asin_re.sub(' ', text))
        return [n.rstrip('.,') for n in number_re.findall(text) if len(re.sub(r'\D', '', n)) >= 3]

    def check_letter(letter_id, text, facts, sources, answers_asins):
        problems = []
        if letter_id in must_name:
            for a in facts['asins']:
                if not a.get('masked') and a['asin'] not in text:
                    problems.append('does not name ASIN %s of the notice' % a['asin'])
            for c in facts['complaint_ids']:
                if c not in text:
                    problems.append('does not name complaint ID %s of the notice' % c)
        if letter_id in names_added_asins:
            for a in answers_asins:
                if a not in text:
                    problems.append('does not name ASIN %s of affected_asins' % a)
        for bad in ('[[MISSING', '{{', '}}'):
            if bad in text:
                problems.append('contains %r' % bad)
        for rx in placeholder_res:
            for m in rx.finditer(text):
                problems.append('placeholder %r' % m.group(0))
        for m in cjk_re.finditer(text):
            problems.append('CJK or full-width character %r' % m.group(0))
            break
        src_dates = set()
        for _, cands in dates_in(sources['all']):
            src_dates.update(cands)
        for literal, cands in dates_in(text):
            if literal not in sources['all'] and not (set(cands) & src_dates):
                problems.append('date %r is in neither the notice, the answers nor --today' % literal)
        src_numbers = set(re.sub(r'\D', '', n) for n in numbers_in(sources['all']))
        for n in numbers_in(text):
            if n in constant_numbers or re.search(r'(?<!\d)' + re.escape(n) + r'(?!\d)', sources['all']):
                continue
            if re.sub(r'\D', '', n) not in src_numbers:
                problems.append('number %r is in neither the notice nor the answers' % n)
        for a in set(asin_re.findall(text)):
            if a not in sources['all'] and a not in facts['asin_set']:
                problems.append('ASIN %s is in neither the notice nor the answers' % a)
        for e in set(email_re.findall(text)):
            if e.lower() not in sources['all_lower'] and e.lower() not in constant_emails:
                problems.append('e-mail %s is in neither the notice, the answers nor kb/addresses.yaml' % e)
        for m in re.finditer(r'\bDear ([^,\n]+),', text):
            if m.group(1) not in sources['all']:
                problems.append('greets %r, a name in neither the notice nor the answers' % m.group(1))
        return problems

    def lint(notice, kind, path, known):
        p = subprocess.run([poa, 'lint', '--notice', notice, '--kind', kind, '--format', 'json', path],
                           capture_output=True, env=test_env(), timeout=60)
        if p.returncode not in (0, 1, 2):
            return ['poa lint exit %d: %s' % (p.returncode, p.stderr.decode(errors='replace')[:300])]
        try:
            diags = json.loads(p.stdout)['diagnostics']
        except (ValueError, KeyError):
            return ['poa lint exit %d, no JSON' % p.returncode]
        blockers = [d for d in diags if d['level'] == 'block']
        # poa's own letter draws nothing from poa's own checks: a warning
        # there is one the seller would see on a letter poa wrote.
        problems = ['lint %s %s at %d:%d: %s' % (d['level'], d['rule'], d['line'], d['col'], d['message'])
                    for d in diags if d['rule'] not in known]
        problems += ['known lint blocker %s no longer fires: remove it from lint-known' % r
                     for r in sorted(known) if r not in set(d['rule'] for d in blockers)]
        return problems

    routes = yaml_ids(read(os.path.join(kb_dir, 'routes.yaml')))
    families = list(yaml_ids(read(os.path.join(kb_dir, 'families.yaml'))))
    kinds = {}
    for tpl in glob.glob(os.path.join(kb_dir, 'templates', '*.yaml')):
        m = re.search(r"^kind: '([^']+)'", read(tpl), re.M)
        kinds[os.path.basename(tpl)[:-5]] = m.group(1) if m else 'poa'

    seen_pairs, seen_letters = set(), {}
    case_names = sorted(d for d in os.listdir(cases_dir)
                        if d != 'bad' and os.path.isdir(os.path.join(cases_dir, d)))
    for case in case_names:
        name = 'cases/' + case
        folder = os.path.join(cases_dir, case)
        family, _, route_part = case.partition('--')
        if only and only not in name:
            seen_pairs.add((family, route_part))
            continue
        problems = []
        if os.path.exists(os.path.join(folder, 'notice.path')):
            notice = os.path.normpath(os.path.join(folder, read(os.path.join(folder, 'notice.path')).strip()))
        else:
            found = [p for p in glob.glob(os.path.join(folder, 'notice.*')) if not p.endswith('.path')]
            notice = found[0] if len(found) == 1 else None
        if not notice or not os.path.exists(notice):
            tally.fail(name, 'no notice (notice.path or one notice.EXT)')
            continue
        answers = os.path.join(folder, 'answers.yaml')
        known = {}
        if os.path.exists(os.path.join(folder, 'lint-known')):
            for line in read(os.path.join(folder, 'lint-known')).splitlines():
                if line.strip() and not line.startswith('#'):
                    lid, rule = line.split()[:2]
                    known.setdefault(lid, set()).add(rule)
        want = read(os.path.join(folder, 'expected-route')).split()
        forced = len(want) == 2 and want[0] == '--route'
        route = want[-1] if want else ''
        common = ['--today', TODAY, '--answers', answers]
        if route == 'none':
            seen_pairs.add((family, 'none'))
        else:
            seen_pairs.add((family, route))
            if not route_part.startswith(route):
                problems.append('folder name says route %s, expected-route says %s' % (route_part, route))

        p = subprocess.run([poa, 'plan', '--json'] + common + [notice], capture_output=True, env=test_env(),
                           timeout=60)
        try:
            plan = json.loads(p.stdout)
        except ValueError:
            tally.fail(name, 'poa plan exit %d, no JSON: %s' % (p.returncode, p.stderr.decode(errors='replace')[:500]))
            continue
        if plan.get('family') != family:
            problems.append('the notice is %s, the folder name says %s' % (plan.get('family'), family))
        fits = [r['id'] for r in plan.get('routes', []) if r['status'] == 'fits']
        plan_letters = {r['id']: r['letters'] for r in plan.get('routes', [])}
        if route == 'none':
            if plan.get('best_route') is not None or p.returncode != 7:
                problems.append('expected no route (exit 7), plan exit %d, best %s' % (p.returncode,
                                                                                    plan.get('best_route')))
        elif forced:
            if route not in fits:
                problems.append('route %s does not fit (fits: %s)' % (route, ', '.join(fits) or 'none'))
        elif plan.get('best_route') != route or p.returncode != 0:
            problems.append('best route %s (exit %d), expected %s' % (plan.get('best_route'), p.returncode, route))

        r = subprocess.run([poa, 'read', '--json', '--today', TODAY, notice], capture_output=True,
                           env=test_env(), timeout=60)
        facts = json.loads(r.stdout)[0]
        facts_text = json.dumps(facts, ensure_ascii=False)
        facts['asin_set'] = set(a['asin'] for a in facts['asins'])
        answers_text = read(answers)
        sources = {'all': '\n'.join([notice_text(notice), answers_text, TODAY, facts_text])}
        sources['all_lower'] = sources['all'].lower()
        answers_asins = []
        m = re.search(r'^affected_asins:(.*(?:\n[ \t]+-.*)*)', answers_text, re.M)
        if m:
            answers_asins = re.findall(r'\b[A-Z0-9]{10}\b', m.group(1))

        tmp = tempfile.mkdtemp(prefix='poa-case-')
        try:
            args = [poa, 'draft', '-o', tmp] + common + (['--route', route] if forced else []) + [notice]
            d = subprocess.run(args, capture_output=True, env=test_env(), timeout=60)
            want_rc = 7 if route == 'none' else 2 if known else 0
            if d.returncode != want_rc:
                problems.append('poa draft exit %d, expected %d: %s' % (d.returncode, want_rc,
                                                                       d.stderr.decode(errors='replace')[:1500]))
            got = {f[:-4]: read(os.path.join(tmp, f)) for f in sorted(os.listdir(tmp)) if f.endswith('.txt')}
            exp_dir = os.path.join(folder, 'expected')
            if route != 'none' and sorted(got) != sorted(plan_letters.get(route, [])):
                problems.append('letters drafted %s, the route needs %s' % (sorted(got), plan_letters.get(route)))
            if update:
                if os.path.isdir(exp_dir):
                    shutil.rmtree(exp_dir)
                if got:
                    os.makedirs(exp_dir)
                for lid, text in got.items():
                    with open(os.path.join(exp_dir, lid + '.txt'), 'w', encoding='utf-8') as f:
                        f.write(text)
            else:
                expected = {f[:-4]: read(os.path.join(exp_dir, f))
                            for f in (sorted(os.listdir(exp_dir)) if os.path.isdir(exp_dir) else [])
                            if f.endswith('.txt')}
                if sorted(expected) != sorted(got):
                    problems.append('letters %s, expected %s' % (sorted(got), sorted(expected)))
                for lid in sorted(set(expected) & set(got)):
                    if expected[lid] != got[lid]:
                        diff = ''.join(difflib.unified_diff(expected[lid].splitlines(True),
                                                            got[lid].splitlines(True),
                                                            'expected/%s.txt' % lid, 'got', n=1))
                        problems.append('letter %s differs from the golden:\n%s' % (lid, diff[:3000]))
            for lid, text in sorted(got.items()):
                problems += ['%s: %s' % (lid, why) for why in check_letter(lid, text, facts, sources, answers_asins)]
                problems += ['%s: %s' % (lid, why) for why in lint(notice, kinds.get(lid, 'poa'),
                                                                    os.path.join(tmp, lid + '.txt'),
                                                                    known.get(lid, set()))]
                if text in seen_letters.get(lid, {}):
                    problems.append('%s: the same letter as case %s' % (lid, seen_letters[lid][text]))
                seen_letters.setdefault(lid, {})[text] = case
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if problems:
            tally.fail(name, '\n    ' + '\n    '.join(problems))
        else:
            tally.ok()

    if not only or only in 'cases/coverage':
        missing = ['%s--%s' % (f, r) for r, fams in routes.items() for f in fams if (f, r) not in seen_pairs]
        missing += ['%s--none' % f for f in families
                    if not any(f in fams for fams in routes.values()) and (f, 'none') not in seen_pairs]
        if missing:
            tally.fail('cases/coverage', 'no case for: ' + ', '.join(sorted(missing)))
        else:
            tally.ok()

    bad_dir = os.path.join(cases_dir, 'bad')
    for yml in sorted(glob.glob(os.path.join(bad_dir, '*.yaml'))):
        stem = os.path.basename(yml)[:-5]
        name = 'cases/bad/' + stem
        if only and only not in name:
            continue
        exp_path = os.path.join(bad_dir, stem + '.expect')
        if not os.path.exists(exp_path):
            tally.fail(name, 'no %s.expect' % stem)
            continue
        exp = {'exit': [], 'stderr': [], 'notice': []}
        for line in read(exp_path).splitlines():
            k, sep, v = line.partition(':')
            if sep and k.strip() in exp and not line.startswith('#'):
                exp[k.strip()].append(v.strip())
        notice = exp['notice'][0] if exp['notice'] else os.path.join(
            os.path.relpath(ROOT, bad_dir), 'examples', 'notices', 'trademark-removal.eml')
        problems = []
        for cmd in (['plan'], ['draft']):
            p = subprocess.run([poa] + cmd + ['--today', TODAY, '--answers', stem + '.yaml', notice], cwd=bad_dir,
                               capture_output=True, env=test_env(), timeout=60)
            err = p.stderr.decode('utf-8', errors='replace')
            if exp['exit'] and p.returncode != int(exp['exit'][0]):
                problems.append('poa %s: exit %d, expected %s' % (cmd[0], p.returncode, exp['exit'][0]))
            if stem + '.yaml' not in err:
                problems.append('poa %s: the error does not name the file: %s' % (cmd[0], err.strip()))
            for s in exp['stderr']:
                if s not in err:
                    problems.append('poa %s: %r not in the error: %s' % (cmd[0], s, err.strip()))
        if not exp['stderr']:
            problems.append('%s.expect has no stderr: line' % stem)
        if problems:
            tally.fail(name, '\n    ' + '\n    '.join(problems))
        else:
            tally.ok()


def run_web(build, tally, only):
    """tests/web/ (issue 8): poa serve. api_test.py (Python, standard library)
    tests every API endpoint and the defences (again on a PostgreSQL store as
    web/api[pg]); team_test.py tests poa serve --team (issue 9: sign-in, the
    role matrix of every route, sessions, conflicts; again as web/team[pg]);
    browser.mjs drives Debian's
    Chromium with playwright-core (installed here into tests/web/node_modules
    by npm) through the whole flow in English and Chinese, saving a
    screenshot of each page in tests/web/out/. Nothing is skipped: without
    Chromium, node or playwright-core the test fails and says to run
    scripts/install-deps.sh."""
    web = os.path.join(ROOT, 'tests', 'web')
    env = test_env()
    api = [sys.executable, os.path.join(web, 'api_test.py'), build]
    team = [sys.executable, os.path.join(web, 'team_test.py'), build]
    for name, argv in (('web/api', api), ('web/api[pg]', api), ('web/team', team), ('web/team[pg]', team),
                       ('web/browser', ['node', os.path.join(web, 'browser.mjs'), build])):
        if only and only not in name:
            continue
        env = variant_env(name, tally, 'POA_TEST_STORE_A')
        if env is None:
            continue
        if name == 'web/browser':
            chromium = env.get('POA_CHROMIUM', '/usr/bin/chromium')
            if not os.access(chromium, os.X_OK):
                tally.fail(name, '%s is missing: run scripts/install-deps.sh (it installs Debian\'s chromium)' % chromium)
                continue
            if not shutil.which('node') or not shutil.which('npm'):
                tally.fail(name, 'node and npm are missing: run scripts/install-deps.sh')
                continue
            if not os.path.isdir(os.path.join(web, 'node_modules', 'playwright-core')):
                p = subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--prefix', web], cwd=web,
                                   capture_output=True, text=True, timeout=600)
                if p.returncode != 0:
                    tally.fail(name, 'npm install playwright-core failed (run scripts/install-deps.sh for node '
                               'and npm):\n' + (p.stdout + p.stderr)[-2000:])
                    continue
        p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=1200)
        out = p.stdout + p.stderr
        m = re.search(r'^(\d+) passed, (\d+) failed$', p.stdout, re.M)
        if not m:
            tally.fail(name, 'exit %d, no summary:\n%s' % (p.returncode, out[-3000:]))
            continue
        tally.passed += int(m.group(1))
        fails = [line for line in p.stdout.splitlines() if line.startswith('FAIL ')]
        for line in fails:
            tally.fail(name, line[5:])
        if p.returncode != 0 and not fails:
            tally.fail(name, 'exit %d:\n%s' % (p.returncode, out[-3000:]))


def run_fuzz_replay(build, tally, only):
    """tests/fuzz/ (issue 10): each input of tests/fuzz/regressions/NAME/ (inputs
    that once crashed, leaked, hung or tripped a sanitizer) and of
    tests/fuzz/corpus/NAME/ (the seeds) runs once through target NAME: through
    the libFuzzer program BUILD/tests/fuzz/fuzz-NAME when the build has it
    (CC=clang, -Dfuzz=true: `make fuzz`), else through BUILD/tests/fuzz/replay-NAME,
    built in every build, so that `make check` replays them under ASan+UBSan.
    With FUZZ_SECONDS set and fuzz-NAME built, each target then fuzzes for that
    many seconds (its corpus grows in BUILD/fuzz-corpus/NAME/; tests/fuzz/NAME.dict,
    when there is one, is its libFuzzer dictionary); a finding is
    left in BUILD/fuzz-artifacts/NAME/: keep it in tests/fuzz/regressions/NAME/."""
    fuzz_dir = os.path.join(ROOT, 'tests', 'fuzz')
    bin_dir = os.path.join(build, 'tests', 'fuzz')
    targets = sorted(os.path.basename(p)[len('fuzz-'):-2] for p in glob.glob(os.path.join(fuzz_dir, 'fuzz-*.c')))
    # The seeds are the project's own test inputs, copied (not kept in git)
    # by make-seeds.py the first time a target needs them (a target added
    # since the last copy too).
    if any(not os.path.isdir(os.path.join(fuzz_dir, 'corpus', t)) for t in targets):
        subprocess.run([sys.executable, os.path.join(fuzz_dir, 'make-seeds.py'), build], capture_output=True)
    seconds = int(os.environ.get('FUZZ_SECONDS') or 0)
    env = test_env()
    env.setdefault('ASAN_OPTIONS', 'detect_leaks=1')
    env.setdefault('UBSAN_OPTIONS', 'halt_on_error=1:print_stacktrace=1')

    def files(sub, t):
        d = os.path.join(fuzz_dir, sub, t)
        return sorted(os.path.join(d, f) for f in os.listdir(d) if not f.startswith('.')) if os.path.isdir(d) else []

    for t in targets:
        name = 'fuzz/' + t
        if only and only not in name:
            continue
        fuzzer = os.path.join(bin_dir, 'fuzz-' + t)
        replay = os.path.join(bin_dir, 'replay-' + t)
        inputs = files('regressions', t) + files('corpus', t)
        if os.access(fuzzer, os.X_OK):
            cmd = [fuzzer, '-timeout=30', '-rss_limit_mb=2560']
        elif os.access(replay, os.X_OK):
            cmd = [replay]
        else:
            tally.fail(name, 'neither fuzz-%s nor replay-%s in %s (re-run meson)' % (t, t, bin_dir))
            continue
        if not inputs:
            tally.fail(name, 'no seeds in tests/fuzz/corpus/%s' % t)
            continue
        p = subprocess.run(cmd + inputs, cwd=ROOT, capture_output=True, env=env, timeout=900)
        if p.returncode == 0:
            tally.ok()
        else:
            out = (p.stdout + p.stderr).decode('utf-8', errors='replace')
            ran = re.findall(r'(?:replay: |Running: )(\S+)', out)
            tally.fail(name, 'exit %d replaying %d inputs (last: %s)\n%s' % (
                p.returncode, len(inputs), ran[-1] if ran else '?', out[-4000:]))
        if not seconds or not os.access(fuzzer, os.X_OK):
            continue
        name = 'fuzz/run/' + t
        corpus = os.path.join(build, 'fuzz-corpus', t)
        artifacts = os.path.join(build, 'fuzz-artifacts', t)
        os.makedirs(corpus, exist_ok=True)
        os.makedirs(artifacts, exist_ok=True)
        dictionary = os.path.join(fuzz_dir, t + '.dict')
        argv = [fuzzer, '-max_total_time=%d' % seconds, '-timeout=10', '-rss_limit_mb=2560', '-print_final_stats=1',
                '-artifact_prefix=' + artifacts + '/'] + (['-dict=' + dictionary] if os.path.exists(dictionary) else []) + \
            [corpus, os.path.join(fuzz_dir, 'corpus', t)]
        for attempt in (1, 2):
            p = subprocess.run(argv, cwd=ROOT, capture_output=True, env=env, timeout=seconds + 600)
            out = (p.stdout + p.stderr).decode('utf-8', errors='replace')
            found = re.findall(r'Test unit written to (\S+)', out)
            if p.returncode == 0 or attempt == 2 or not lsan_broke(fuzzer, out, found, env):
                break
        if p.returncode == 0:
            tally.ok()
        else:
            tally.fail(name, 'exit %d after fuzzing; the input: %s (keep it in tests/fuzz/regressions/%s/)\n%s' % (
                p.returncode, ', '.join(found) or '?', t, out[-4000:]))


def lsan_broke(fuzzer, out, found, env):
    """Whether a fuzzing run failed for LeakSanitizer's own sake, not poa's:
    its tracer (the thread that stops the others to look for leaks at exit)
    died ("Tracer caught signal 11", seen once in ten 10-second runs of
    fuzz-http on the VM of 2026-11-29), no sanitizer reported an error, and
    the input it wrote passes when run again. Then the fuzzing runs again."""
    if 'LeakSanitizer has encountered a fatal error' not in out or re.search(r'ERROR: (\w+Sanitizer|libFuzzer)|runtime error', out):
        return False
    for f in found:
        if subprocess.run([fuzzer, f], cwd=ROOT, capture_output=True, env=env, timeout=300).returncode != 0:
            return False
        os.unlink(f)
    return True


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    build = os.path.abspath(args[0])
    update = '--update' in args
    only = args[args.index('--only') + 1] if '--only' in args else None
    tally = Tally()
    # A CI time-out's SIGTERM still stops the PostgreSQL cluster (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run_all(build, tally, only, update)
    finally:
        PG.stop()
    print('%d passed, %d failed' % (tally.passed, tally.failed))
    sys.exit(1 if tally.failed else 0)


def run_shell(build, tally, only):
    extra = os.path.join(ROOT, 'tests', 'shell')
    for script in sorted(glob.glob(os.path.join(extra, '*.sh'))):
        base = os.path.basename(script)
        for name in ['shell/' + base] + (['shell/%s[pg]' % base] if base in PG_SHELL else []):
            if only and only not in name:
                continue
            env = variant_env(name, tally, 'POA_TEST_STORE_A', 'POA_TEST_STORE_B')
            if env is None:
                continue
            p = subprocess.run(['sh', script, build], cwd=ROOT, capture_output=True, text=True, env=env,
                               timeout=600)
            if p.returncode == 0:
                tally.ok()
            else:
                tally.fail(name, (p.stdout + p.stderr)[-3000:])


def run_all(build, tally, only, update):
    run_unit(build, tally, only)
    run_corpus(build, tally, only)
    run_letters(build, tally, only)
    run_golden(build, tally, only, update)
    run_cases(build, tally, only, update)
    run_fuzz_replay(build, tally, only)
    run_web(build, tally, only)
    run_shell(build, tally, only)


if __name__ == '__main__':
    main()
