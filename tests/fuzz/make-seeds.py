#!/usr/bin/env python3
"""Builds the seed corpora of tests/fuzz/corpus/TARGET/ from the project's tests.

usage: tests/fuzz/make-seeds.py BUILD_DIR

Seeds are copies of test inputs (files over 64 KB left out: libFuzzer's
-max_len follows the largest seed), named after where they came from, so
rerunning this after the tests change only adds and updates files. The
import target's seeds are exports made with BUILD_DIR/poa from the notice
corpus. Review the diff before committing it.
"""
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')
MAX = 64 * 1024


def g(*patterns):
    out = []
    for p in patterns:
        out += sorted(glob.glob(os.path.join(ROOT, p)))
    return [f for f in out if os.path.isfile(f) and os.path.getsize(f) <= MAX]


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def put_files(target, files):
    seen = set()
    for f in files:
        data = open(f, 'rb').read()
        h = hashlib.sha1(data).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        put(target, os.path.relpath(f, ROOT).replace('/', '_'), data)


def nested_mime(depth):
    """A message whose multipart parts nest depth levels deep."""
    head = b'From: Amazon <seller-performance@amazon.com>\nSubject: nested\nMIME-Version: 1.0\n'
    out = [head]
    for i in range(depth):
        out.append(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
    out.append(b'Content-Type: text/plain\n\nASIN: B0CK7TQ2WD complaint ID 1478820193\n')
    for i in reversed(range(depth)):
        out.append(b'--b%d--\n' % i)
    return b''.join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    poa = os.path.abspath(os.path.join(sys.argv[1], 'poa'))
    bad = g('tests/bad/*')
    notices = g('tests/corpus/notices/*.eml', 'tests/corpus/notices/*.mbox', 'tests/corpus/notices/*.txt',
                'tests/corpus/notices/*.html', 'examples/notices/*')
    put_files('mime', g('tests/corpus/notices/*.eml', 'tests/corpus/notices/*.mbox', 'examples/notices/*.eml')
              + bad)
    put('mime', 'gen-nested-20.eml', nested_mime(20))
    put('mime', 'gen-mbox-from-escape.mbox',
        b'From MAILER-DAEMON Tue Nov 24 09:14:05 2026\nFrom: a@example.com\nSubject: one\n\n>From the team\n\n'
        b'From MAILER-DAEMON Tue Nov 24 09:14:06 2026\nFrom: b@example.com\nSubject: =?UTF-8?B?5L2g5aW9?=\n'
        b'Content-Type: text/plain; charset=GB18030\nContent-Transfer-Encoding: quoted-printable\n\n=C4=E3=BA=C3\n')
    put_files('html', g('tests/corpus/notices/*.html') + bad)
    put_files('notice', notices + bad)
    put_files('answers', g('tests/corpus/cases/*/answers.yaml', 'tests/corpus/cases/bad/*.yaml',
                           'examples/answers/*.yaml'))
    try:
        import yaml
        n = 0
        for tpl in g('kb/templates/*.yaml'):
            doc = yaml.safe_load(open(tpl, encoding='utf-8'))
            for part in doc.get('parts', []):
                for lang in ('en', 'zh'):
                    if isinstance(part.get(lang), str):
                        put('template', 'kb_templates_%s_%s_%s.txt' % (doc['id'], part['id'], lang),
                            part[lang].encode('utf-8'))
                        n += 1
    except ImportError:
        print('make-seeds: no PyYAML: the template seeds are the whole template files')
        put_files('template', g('kb/templates/*.yaml'))
    put_files('template', g('kb/templates/*.txt'))
    put_files('lint', g('tests/corpus/letters/*.txt', 'tests/corpus/cases/*/expected/*.txt'))

    # Exports: the notice corpus filed into a store with answers, a letter
    # and evidence, exported whole and one small store.
    tmp = tempfile.mkdtemp()
    try:
        env = dict(os.environ, POA_DB=os.path.join(tmp, 'poa.db'), TZ='UTC', LC_ALL='C.UTF-8')

        def run(*args):
            subprocess.run([poa, *args], env=env, capture_output=True, cwd=ROOT)

        run('store', 'add', 'Harbourline Goods', '--marketplace', 'amazon.com')
        run('case', 'new', '--store', 'Harbourline Goods', '--today', '2026-11-28',
            'examples/notices/trademark-removal.eml')
        run('case', 'answer', '1', '--answers', 'examples/answers/trademark-removal.yaml', '--today', '2026-11-28')
        run('draft', '1', '--today', '2026-11-28')
        run('case', 'attach', '1', 'tests/bad/binary.png', '--kind', 'photo', '--today', '2026-11-28')
        run('case', 'status', '1', 'waiting', '--today', '2026-11-28')
        small = subprocess.run([poa, 'export'], env=env, capture_output=True, cwd=ROOT).stdout
        put('import', 'gen-export-one-case.json', small)
        for f in g('tests/corpus/notices/00*.eml', 'tests/corpus/notices/01*.eml'):
            run('case', 'new', '--today', '2026-11-28', os.path.relpath(f, ROOT))
        full = subprocess.run([poa, 'export'], env=env, capture_output=True, cwd=ROOT).stdout
        if len(full) <= MAX:
            put('import', 'gen-export-many-cases.json', full)
        put('import', 'gen-export-cut.json', small[:len(small) // 2])
        put('import', 'gen-export-newer.json', b'{"poa_export": 99, "cases": []}')
        put('import', 'gen-export-empty.json', b'{"poa_export": 1, "cases": []}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for t in sorted(os.listdir(CORPUS)):
        print('%-10s %4d seeds' % (t, len(os.listdir(os.path.join(CORPUS, t)))))


if __name__ == '__main__':
    main()
