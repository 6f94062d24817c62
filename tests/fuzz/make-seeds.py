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


def report_seeds():
    """Reports the tests do not have: a flat file with quoted fields holding
    delimiters, quotes and line breaks, a CRLF CSV with a BOM, the same
    listings in Shift_JIS, GB18030, Windows-1252 and UTF-16, and a small
    All Listings report made by the benchmark's generator."""
    head = 'TemplateType=fptcustom\tVersion=2026.0714\n' \
           'Product Type\tSeller SKU\tProduct Name\tSearch Terms\n' \
           'feed_product_type\titem_sku\titem_name\tgeneric_keywords\n'
    put('report', 'gen-flat-file-quoted.txt', (
        head + 'MUG\tMUG-1\t"Brightwell ""style"" mug\twith lid"\t"dr. martens, ray-ban"\n'
        'MUG\tMUG-2\t"unclosed Levi\'s\n').encode())
    put('report', 'gen-bom-crlf.csv', (
        '\ufeffseller-sku,item-name,asin1\r\n"SKU,1","Fits a Brightwell lid\r\nnew line",B0CK7TQ2WD\r\n'
        'SKU-2,THE NORTH FACE tent,B0CK7V1MZA\r\n').encode())
    rows = 'seller-sku\titem-name\titem-description\tasin1\nS-1\tブライトウェル 抗菌 マグ\t' \
           '抗菌加工 non-toxic\tB0CK7TQ2WD\nS-2\tÑandú Levi’s jeans\tM&M’s ﬁt\tB0CK7V1MZA\n'
    for name, enc in (('shift_jis', 'shift_jis'), ('gb18030', 'gb18030'), ('cp1252', 'cp1252'),
                      ('utf16', 'utf-16')):
        put('report', 'gen-listings-%s.txt' % name, rows.encode(enc, errors='replace'))
    gen = os.path.join(ROOT, 'bench', 'audit', 'gen.py')
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run([sys.executable, gen, tmp, '--rows', '60', '--terms', '8', '--seed', '1'],
                       capture_output=True, check=True)
        for f in sorted(os.listdir(tmp)):
            if f.startswith('listings-'):
                put('report', 'gen-bench-' + f, open(os.path.join(tmp, f), 'rb').read())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# Every route of src/web/routes.c, with the method it answers and a body for
# the POSTs: (method, path, content type, body).
HTTP_ROUTES = [
    ('GET', '/', None, None),
    ('GET', '/cases?sort=deadline&desc=1&page=2', None, None),
    ('GET', '/cases/new', None, None),
    ('POST', '/cases', 'application/x-www-form-urlencoded',
     'notice=ASIN%3A+B0CK7TQ2WD+Complaint+ID%3A+1478820193+trademark&store=Harbourline+Goods&csrf=@CSRF@'),
    ('GET', '/cases/1?msg=answers', None, None),
    ('POST', '/cases/1/answers', 'application/x-www-form-urlencoded',
     'q.sold_product=yes&q.genuine=perhaps&q.changes_date=2026-13-40&q.changes_made=one%0Atwo&csrf=@CSRF@'),
    ('POST', '/cases/1/draft', 'application/x-www-form-urlencoded', 'route=&csrf=@CSRF@'),
    ('POST', '/cases/1/evidence', 'multipart/form-data; boundary=XyZ',
     '--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n@CSRF@\r\n'
     '--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n'
     '--XyZ\r\nContent-Disposition: form-data; name="date"\r\n\r\n2026-08-19\r\n'
     '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="../invoice.pdf"\r\n'
     'Content-Type: application/pdf\r\n\r\n%PDF-1.4 invoice HC-2026-0412\r\n--XyZ--\r\n'),
    ('POST', '/cases/1/status', 'application/x-www-form-urlencoded', 'status=waiting&csrf=@CSRF@'),
    ('POST', '/cases/1/audit', 'multipart/form-data; boundary=b',
     '--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n@CSRF@\r\n'
     '--b\r\nContent-Disposition: form-data; name="report"; filename="listings.txt"\r\n\r\n'
     'seller-sku\titem-name\nS1\tFits Brightwell Lids mug\n\r\n--b--\r\n'),
    ('GET', '/cases/1/letters/poa', None, None),
    ('POST', '/cases/1/letters/poa', 'application/x-www-form-urlencoded',
     'text=Dear+Amazon%2C%0A%0AWe+fixed+it.&csrf=@CSRF@'),
    ('POST', '/cases/1/letters/poa/sent', 'application/x-www-form-urlencoded',
     'to=notice-dispute%40amazon.com&csrf=@CSRF@'),
    ('GET', '/assets/app.css', None, None),
    ('GET', '/api/cases?open=1&store=Harbourline+Goods', None, None),
    ('POST', '/api/cases', 'application/json', '{"text": "ASIN: B0CK7TQ2WD complaint ID 1478820193", '
     '"store": "Harbourline Goods"}'),
    ('GET', '/api/cases/1', None, None),
    ('GET', '/api/cases/1/notice', None, None),
    ('GET', '/api/cases/1/plan', None, None),
    ('GET', '/api/cases/1/questions', None, None),
    ('POST', '/api/cases/1/answers', 'application/json',
     '{"answers": {"sold_product": "yes", "changes_made": ["a", "b"], "invoice_quantity": 12, "x": null}}'),
    ('POST', '/api/cases/1/draft', 'application/json', '{"route": "poa"}'),
    ('GET', '/api/cases/1/letters/poa', None, None),
    ('POST', '/api/cases/1/letters/poa', 'application/json', '{"text": "Dear Amazon,\\n\\nWe fixed it."}'),
    ('POST', '/api/cases/1/letters/poa/sent', 'application/json', '{"to": "Account Health"}'),
    ('POST', '/api/cases/1/evidence', 'multipart/form-data; boundary=q',
     '--q\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphoto\r\n'
     '--q\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\n\r\n\x89PNG\r\n--q--\r\n'),
    ('POST', '/api/cases/1/status', 'application/json', '{"status": "closed"}'),
    ('POST', '/api/cases/1/audit', 'multipart/form-data; boundary=q',
     '--q\r\nContent-Disposition: form-data; name="report"; filename="r.csv"\r\n\r\n'
     'item-name,seller-sku\r\n"Brightwell, ""lid""",S1\r\n\r\n--q--\r\n'),
    ('POST', '/api/lint', 'application/json', '{"text": "We are very sorry. We guarantee this never happens.", '
     '"case_id": 1, "kind": "poa"}'),
]

HOST = 'Host: 127.0.0.1:8080\r\n'
# The placeholders fuzz-http.c replaces by the secrets of its login: each
# padded with '@' to the 64 bytes of the secret.
SID, CSRF, TOKEN = ('@SID@'.ljust(64, '@'), '@CSRF@'.ljust(64, '@'), '@TOKEN@'.ljust(64, '@'))
AUTH = 'Cookie: poa_session=%s; poa_lang=zh\r\n' % SID


def http_request(method, path, ctype, body, auth=True, csrf_header=False, extra=''):
    body = (body or '').replace('@CSRF@', CSRF).encode('utf-8', errors='surrogateescape')
    h = '%s %s HTTP/1.1\r\n%s' % (method, path, HOST)
    if auth:
        h += AUTH
    if csrf_header:
        h += 'X-CSRF-Token: %s\r\n' % CSRF
    if ctype:
        h += 'Content-Type: %s\r\nContent-Length: %d\r\n' % (ctype, len(body))
    return (h + extra + '\r\n').encode() + body


def http_seeds():
    """A request for every route (the placeholders @SID@, @CSRF@ and @TOKEN@
    are replaced by fuzz-http.c), authenticated and not; the POSTs also with
    the CSRF token in a header, the GETs also in Chinese; and the requests
    the server must refuse."""
    for i, (method, path, ctype, body) in enumerate(HTTP_ROUTES):
        slug = '%02d-%s-%s' % (i, method.lower(), path.strip('/').split('?')[0].replace('/', '-') or 'root')
        put('http', 'gen-%s.http' % slug, http_request(method, path, ctype, body))
        put('http', 'gen-%s-no-cookie.http' % slug, http_request(method, path, ctype, body, auth=False))
        if method == 'POST':
            put('http', 'gen-%s-csrf-header.http' % slug,
                http_request(method, path, ctype, (body or '').replace('csrf=@CSRF@', ''), csrf_header=True))
        else:
            put('http', 'gen-%s-head.http' % slug, http_request('HEAD', path, None, None))
    refused = {
        'token-trade': b'GET /cases/new?token=%s&lang=zh&x=%%C3%%A9 HTTP/1.1\r\n' % TOKEN.encode() + HOST.encode() + b'\r\n',
        'bad-token': b'GET /?token=0123 HTTP/1.1\r\n' + HOST.encode() + b'\r\n',
        'bad-host': b'GET / HTTP/1.1\r\nHost: evil.example.com\r\n' + AUTH.encode() + b'\r\n',
        'no-host-http10': b'GET / HTTP/1.0\r\n\r\n',
        'bad-method': http_request('DELETE', '/cases/1', None, None),
        'no-such-page': http_request('GET', '/cases/1/letters/poa/../../etc', None, None),
        'traversal': http_request('GET', '/assets/..%2F..%2Fpoa.db', None, None),
        'nul-in-path': http_request('GET', '/assets/app.css%00.png', None, None),
        'cross-site-post': http_request('POST', '/api/lint', 'application/json', '{"text": "x"}', csrf_header=True,
                                        extra='Origin: http://evil.example.com\r\nSec-Fetch-Site: cross-site\r\n'),
        'no-csrf': http_request('POST', '/cases/1/status', 'application/x-www-form-urlencoded', 'status=closed'),
        'too-large': http_request('POST', '/api/lint', None, None, csrf_header=True,
                                  extra='Content-Type: application/json\r\nContent-Length: 99999999999\r\n'),
        'too-large-cut': http_request('POST', '/api/lint', None, None, csrf_header=True,
                                          extra='Content-Type: application/json\r\nContent-Length: 1048577\r\n')
        + b'{' * 4096,
        'bad-json': http_request('POST', '/api/lint', 'application/json', '{"text": ', csrf_header=True),
        'json-not-object': http_request('POST', '/api/cases/1/answers', 'application/json', '[1, {"a": []}]',
                                        csrf_header=True),
        'bad-multipart': http_request('POST', '/api/cases', 'multipart/form-data; boundary="', '--\r\n\r\n',
                                      csrf_header=True),
        'text-plain': http_request('POST', '/api/lint', 'text/plain', 'hello', csrf_header=True),
        'chunked': (b'POST /api/lint HTTP/1.1\r\n' + HOST.encode() + AUTH.encode() +
                    b'X-CSRF-Token: ' + CSRF.encode() + b'\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
                    b'b\r\n{"text": "h\r\n3\r\ni"}\r\n0\r\n\r\n'),
        'pipelined': (http_request('GET', '/cases/1', None, None) + http_request('GET', '/cases/1', None, None) +
                      http_request('POST', '/cases/1/status', 'application/x-www-form-urlencoded',
                                   'status=closed&csrf=@CSRF@') + http_request('GET', '/api/cases/1', None, None)),
        'case-ids': b''.join(http_request('GET', p, None, None) for p in (
            '/cases/0', '/cases/-1', '/cases/99999999999999999999', '/cases/1x', '/api/cases/2/plan',
            '/cases/1/letters/nosuch', '/api/cases/1/letters/..')),
        'long-header': http_request('GET', '/', None, None, extra='X-Long: ' + 'a' * 20000 + '\r\n'),
        'garbage': b'\x00\xff GET / HTTP/9.9\r\n\r\n',
    }
    for name, data in refused.items():
        put('http', 'gen-refused-%s.http' % name, data)
    # The tests' notice and answers, as the browser and the API send them.
    import json
    import urllib.parse
    notice = open(os.path.join(ROOT, 'tests', 'web', 'trademark-notice.txt'), encoding='utf-8').read()
    answers = json.load(open(os.path.join(ROOT, 'tests', 'web', 'answers-trademark.json'), encoding='utf-8'))
    eml = open(os.path.join(ROOT, 'examples', 'notices', 'trademark-removal.eml'), encoding='utf-8').read()
    form = lambda fields: urllib.parse.urlencode(fields, safe='@')
    put('http', 'gen-notice-form.http', http_request(
        'POST', '/cases', 'application/x-www-form-urlencoded', form({'notice': notice, 'store': 'Harbourline Goods',
                                                                     'csrf': '@CSRF@'})))
    put('http', 'gen-notice-json.http', http_request(
        'POST', '/api/cases', 'application/json', json.dumps({'text': notice}), csrf_header=True))
    put('http', 'gen-notice-eml-upload.http', http_request(
        'POST', '/api/cases', 'multipart/form-data; boundary=E', '--E\r\nContent-Disposition: form-data; '
        'name="files"; filename="notice.eml"\r\nContent-Type: message/rfc822\r\n\r\n' + eml + '\r\n--E--\r\n',
        csrf_header=True))
    put('http', 'gen-answers-form.http', http_request(
        'POST', '/cases/1/answers', 'application/x-www-form-urlencoded',
        form([('q.' + k, v if isinstance(v, str) else '\n'.join(v)) for k, v in answers.items()] +
             [('csrf', '@CSRF@')])))
    put('http', 'gen-answers-json.http', http_request(
        'POST', '/api/cases/1/answers', 'application/json', json.dumps({'answers': answers}), csrf_header=True))
    put('http', 'gen-draft-best-route.http', http_request('POST', '/api/cases/1/draft', 'application/json', '{}',
                                                          csrf_header=True))


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
    put_files('report', [f for f in g('tests/corpus/reports/*') if not os.path.basename(f).startswith('terms-')])
    report_seeds()
    http_seeds()

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
