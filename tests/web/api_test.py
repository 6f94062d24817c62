#!/usr/bin/env python3
"""API and security tests of `poa serve` (issue 8), Python standard library only.

usage: tests/web/api_test.py BUILD_DIR

Every endpoint of docs/openapi.yaml, and the defences: no or a wrong token
(403), a wrong Host header (403), a POST without its CSRF token (403), bad
JSON (400), oversized bodies (413), wrong methods (405), path traversal
attempts (404, never a file). Prints PASS/FAIL lines and ends with
"N passed, N failed" (tests/run.py reads it).
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from serverlib import ROOT, Server, multipart  # noqa: E402

PASSED = FAILED = 0


def check(name, cond, why=''):
    global PASSED, FAILED
    if cond:
        PASSED += 1
        print('PASS', name)
    else:
        FAILED += 1
        print('FAIL %s: %s' % (name, why))


def raw(srv, data, read=65536):
    """Sends bytes as they are (no client normalising the path) and returns
    the status line and the response."""
    s = socket.create_connection((srv.host, srv.port), timeout=30)
    try:
        s.sendall(data)
        out = b''
        while len(out) < read:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b'\r\n\r\n' in out:
                head, _, body = out.partition(b'\r\n\r\n')
                cl = [l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')]
                if cl and len(body) >= int(cl[0].split(b':')[1]):
                    break
        return out
    finally:
        s.close()


def status_of(resp):
    try:
        return int(resp.split(b' ', 2)[1])
    except (IndexError, ValueError):
        return 0


def read(path, mode='rb'):
    with open(os.path.join(ROOT, path), mode) as f:
        return f.read()


def test_listen(poa):
    for addr in ('0.0.0.0:0', '192.168.1.5:8080', '[::]:0', 'example.com:80', '127.0.0.1:99999', 'nonsense'):
        p = subprocess.run([poa, 'serve', '--listen', addr], capture_output=True, text=True, timeout=30)
        check('listen refuses %s' % addr, p.returncode == 64 and 'listen' in p.stderr,
              'exit %d: %s' % (p.returncode, p.stderr))


def test_auth(srv):
    st, h, body = srv.request('GET', '/', cookie=False)
    check('no cookie: 403 page', st == 403 and b'poa serve printed' in body, st)
    st, h, body = srv.request('GET', '/api/cases', cookie=False)
    check('no cookie: 403 JSON', st == 403 and json.loads(body)['status'] == 403, st)
    st, h, body = srv.request('GET', '/assets/app.css', cookie=False)
    check('no cookie: assets 403 too', st == 403, st)
    st, h, _ = srv.request('GET', '/?token=' + '0' * 64, cookie=False)
    check('wrong token: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/?token=' + srv.token[:-1], cookie=False)
    check('truncated token: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/', cookie=False, headers={'Cookie': 'poa_session=' + 'a' * 64})
    check('forged cookie: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/cases/new?token=%s&lang=zh' % srv.token, cookie=False)
    cookie = h.get('set-cookie', '')
    check('token trade: 303 to the same URL without the token',
          st == 303 and h.get('location') == '/cases/new?lang=zh', (st, h.get('location')))
    session = [c for c in cookie.split('\n') if c.startswith('poa_session=')]
    check('session cookie HttpOnly, SameSite=Strict',
          session and 'HttpOnly' in session[0] and 'SameSite=Strict' in session[0], cookie)
    srv.login()
    st, h, body = srv.request('GET', '/')
    check('with the cookie: 200', st == 200 and b'<h1>' in body, st)
    st, h, _ = srv.request('GET', '/', host='evil.example.com')
    check('wrong Host: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/', host='evil.example.com:%d' % srv.port)
    check('rebinding Host with our port: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/', host='127.0.0.1:%d' % (srv.port + 1))
    check('Host with another port: 403', st == 403, st)
    st, h, _ = srv.request('GET', '/', host='localhost:%d' % srv.port)
    check('Host localhost:PORT: 200', st == 200, st)
    resp = raw(srv, b'GET / HTTP/1.0\r\nCookie: ' + srv.cookie.encode() + b'\r\n\r\n')
    check('no Host header: 403', status_of(resp) == 403, resp[:80])
    st, h, _ = srv.request('GET', '/')
    csp = h.get('content-security-policy', '')
    check('CSP: default-src self, no inline, frame-ancestors none',
          "default-src 'self'" in csp and 'unsafe-inline' not in csp and "frame-ancestors 'none'" in csp, csp)
    check('nosniff, no referrer', h.get('x-content-type-options') == 'nosniff' and
          h.get('referrer-policy') == 'no-referrer', h)


def test_csrf(srv):
    st, body = srv.json('POST', '/api/lint', {'text': 'Hello'}, csrf=False)
    check('POST without CSRF: 403', st == 403, st)
    st, body = srv.json('POST', '/api/lint', {'text': 'Hello'}, csrf=False, headers={'X-CSRF-Token': 'f' * 64})
    check('POST with a wrong CSRF: 403', st == 403, st)
    st, body = srv.json('POST', '/api/lint', {'text': 'Hello', 'csrf': srv.csrf}, csrf=False)
    check('CSRF in the JSON body: 200', st == 200, (st, body))
    st, body = srv.json('POST', '/api/lint', {'text': 'Hello'}, headers={'Origin': 'http://evil.example.com'})
    check('POST from another origin: 403', st == 403, st)
    st, _, _ = srv.request('POST', '/cases', 'notice=x', csrf=False,
                           headers={'Content-Type': 'application/x-www-form-urlencoded'})
    check('form POST without csrf field: 403', st == 403, st)
    st, _, _ = srv.request('POST', '/cases', 'notice=&csrf=' + srv.csrf, csrf=False,
                           headers={'Content-Type': 'application/x-www-form-urlencoded'})
    check('form POST with csrf field: accepted (422: nothing given)', st == 422, st)


def test_bad_requests(srv):
    st, body = srv.json('POST', '/api/lint', b'{"text": ', headers={'Content-Type': 'application/json'})
    check('bad JSON: 400', st == 400 and 'JSON' in body.get('error', ''), (st, body))
    st, body = srv.json('POST', '/api/lint', b'[1, 2]', headers={'Content-Type': 'application/json'})
    check('JSON not an object: 400', st == 400, st)
    st, body = srv.json('POST', '/api/lint', b'text', headers={'Content-Type': 'text/plain'})
    check('unknown body type: 415', st == 415, st)
    st, body = srv.json('POST', '/api/lint', {'nothing': 1})
    check('missing text: 422', st == 422, st)
    st, body = srv.json('POST', '/api/lint', b'{"text": "\xff\xfe"}', headers={'Content-Type': 'application/json'})
    check('JSON with invalid UTF-8: 400', st == 400, st)
    # Oversized: refused from Content-Length before the body is read...
    head = ('POST /api/lint HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n'
            'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n')
    resp = raw(srv, (head % (srv.host, srv.port, srv.cookie, srv.csrf, 64 << 20)).encode())
    check('body of 64 MiB (Content-Length): 413 at once', status_of(resp) == 413, resp[:100])
    resp = raw(srv, (head.replace('application/json', 'multipart/form-data; boundary=x') %
                     (srv.host, srv.port, srv.cookie, srv.csrf, 100 << 20)).encode())
    check('upload of 100 MiB (Content-Length): 413 at once', status_of(resp) == 413, resp[:100])
    # ... and when it arrives in chunks without one.
    chunk = b'x' * 65536
    body = b''.join(b'%x\r\n%s\r\n' % (len(chunk), chunk) for _ in range(20)) + b'0\r\n\r\n'
    resp = raw(srv, (head.replace('Content-Length: %d', 'Transfer-Encoding: chunked%s') %
                     (srv.host, srv.port, srv.cookie, srv.csrf, '')).encode() + body)
    check('chunked body over 1 MiB: 413', status_of(resp) == 413, resp[:100])
    resp = raw(srv, b'GET / HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\nX-Long: %s\r\n\r\n' %
               (srv.host.encode(), srv.port, srv.cookie.encode(), b'a' * (70 << 10)))
    check('headers over 64 KiB: 431', status_of(resp) == 431, resp[:100])
    st, h, page = srv.request('POST', '/cases', b'notice=' + b'a' * (1 << 20) + b'&csrf=' + srv.csrf.encode(),
                              headers={'Content-Type': 'application/x-www-form-urlencoded'})
    check('oversized form: a clear 413 page', st == 413 and b'Too large' in page and b'MiB' in page, (st, page[:200]))
    data, ctype = multipart({'csrf': srv.csrf, 'kind': 'photo'}, [('file', 'big.png', b'\x89PNG' + b'0' * (26 << 20))])
    st, h, page = srv.request('POST', '/cases/1/evidence', data, csrf=False, headers={'Content-Type': ctype})
    check('upload over 25 MiB: a clear 413 page', st == 413 and b'25 MiB' in page, (st, page[:200]))
    st, h, _ = srv.request('GET', '/')
    check('server still answers after 413s', st == 200, st)


def test_methods(srv):
    for method, path, allow in (('DELETE', '/api/cases', 'GET, POST'), ('PUT', '/api/cases/1', 'GET'),
                                ('GET', '/api/lint', 'POST'), ('POST', '/cases/new', 'GET'),
                                ('PATCH', '/', 'GET'), ('POST', '/assets/app.css', 'GET')):
        st, h, _ = srv.request(method, path, b'{}' if method != 'GET' else None,
                               headers={'Content-Type': 'application/json'})
        check('%s %s: 405' % (method, path), st == 405 and allow in h.get('allow', ''), (st, h.get('allow')))
    st, h, _ = srv.request('GET', '/no/such/page')
    check('unknown path: 404', st == 404, st)
    st, h, _ = srv.request('HEAD', '/')
    check('HEAD /: 200', st == 200, st)


def test_traversal(srv):
    attempts = [b'/assets/../../../../etc/passwd', b'/assets/..%2f..%2f..%2fetc%2fpasswd',
                b'/assets/%2e%2e/%2e%2e/meson.build', b'/assets/.%2e/src/web/server.c', b'/../../etc/passwd',
                b'/assets/..', b'/assets/.htaccess', b'/assets//etc/passwd', b'/assets/app.css/../../../etc/passwd',
                b'/assets/app.css%00.png', b'/assets/%5c..%5c..%5cetc%5cpasswd', b'//etc/passwd',
                b'/cases/../../etc/passwd', b'/api/cases/1/letters/..%2f..%2fetc']
    for path in attempts:
        resp = raw(srv, b'GET ' + path + b' HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\nConnection: close\r\n\r\n' %
                   (srv.host.encode(), srv.port, srv.cookie.encode()))
        st = status_of(resp)
        check('traversal %s: refused' % path.decode(), st in (400, 404) and b'root:' not in resp and
              b'project(' not in resp and b'#include' not in resp, resp[:120])
    st, h, body = srv.request('GET', '/assets/app.css')
    check('asset served from memory', st == 200 and h['content-type'].startswith('text/css') and b'body' in body, st)
    st, h, body = srv.request('GET', '/assets/app.js')
    check('script served as JavaScript', st == 200 and 'javascript' in h['content-type'], h.get('content-type'))


def test_endpoints(srv):
    data, ctype = multipart({'store': ''}, [('files', 'trademark-removal.eml',
                                              read('examples/notices/trademark-removal.eml'))])
    st, body = srv.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('POST /api/cases (upload): 201', st == 201 and body['cases'][0]['case_id'] == 1, (st, body))
    st, body = srv.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('the same notice again: duplicate', st == 201 and body['cases'][0]['duplicate'], body)
    st, body = srv.json('POST', '/api/cases', {'text': read('examples/notices/apex-invitation.txt').decode()})
    check('POST /api/cases (pasted): 201', st == 201 and body['cases'][0]['family'] == 'apex', (st, body))
    st, body = srv.json('POST', '/api/cases', {'text': 'Hi Bob, lunch on Friday? Regards, Alice'})
    check('not a notice: 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/cases', {'text': ''})
    check('nothing given: 422', st == 422, (st, body))
    data, ctype = multipart({'store': 'Nobody'}, [('files', 'inauthentic.eml',
                                                 read('examples/notices/inauthentic-account.eml'))])
    st, body = srv.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('an unknown store: 404 naming poa store add', st == 404 and 'store' in body.get('error', ''), (st, body))
    data, ctype = multipart({}, [('files', 'photo.eml', read('tests/bad/binary.png'))])
    st, body = srv.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('bad upload (binary): 422 with a message', st == 422 and body.get('error'), (st, body))
    data, ctype = multipart({}, [('files', 'empty.eml', b'')])
    st, body = srv.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('bad upload (empty): 422', st == 422, (st, body))
    st, body = srv.request('POST', '/api/cases', b'--x\r\nContent-Disposition: form-data; name="files"',
                           headers={'Content-Type': 'multipart/form-data; boundary=x'})[0], None
    check('malformed multipart: 400', st == 400, st)

    st, body = srv.json('GET', '/api/cases')
    check('GET /api/cases', st == 200 and len(body) == 2 and body[0]['id'] in (1, 2), body)
    st, body = srv.json('GET', '/api/cases?open=1')
    check('GET /api/cases?open=1', st == 200 and len(body) == 2, body)
    st, body = srv.json('GET', '/api/cases/1')
    check('GET /api/cases/1', st == 200 and body['family'] == 'trademark' and body['timeline'], body)
    for bad in ('/api/cases/999', '/api/cases/0', '/api/cases/abc', '/api/cases/-1'):
        st, body = srv.json('GET', bad)
        check('GET %s: 404' % bad, st == 404 and body.get('status') == 404, (st, body))
    st, body = srv.json('GET', '/api/cases/1/notice')
    ok = st == 200 and body['text'] and body['evidence']['asins']
    if ok:
        raw_text = body['text'].encode()
        sp = body['evidence']['asins'][0]
        ok = raw_text[sp['start']:sp['end']].decode() == body['asins'][0]['asin']
    check('GET /api/cases/1/notice: spans point at the ASIN', ok, body if not ok else '')
    st, body = srv.json('GET', '/api/cases/1/questions')
    check('GET /api/cases/1/questions', st == 200 and any(q['id'] == 'sold_product' and q['open'] for q in body),
          body)
    st, body = srv.json('GET', '/api/cases/1/plan')
    check('GET /api/cases/1/plan (no answers)', st == 200 and body['routes'], (st, body))

    st, body = srv.json('POST', '/api/cases/1/draft', {})
    check('draft with facts missing: 422 with the questions', st == 422 and body.get('missing'), (st, body))
    st, body = srv.json('POST', '/api/cases/1/answers', {'answers': {'sold_product': 'perhaps', 'changes_date':
                                                                      '2099-01-01'}})
    check('answers refused: 422 with a message per field',
          st == 422 and set(body.get('fields', {})) == {'sold_product', 'changes_date'}, (st, body))
    st, body = srv.json('POST', '/api/cases/1/answers', {'answers': {'no_such_question': 'x'}})
    check('unknown question: 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/cases/1/answers', {'nothing': 1})
    check('answers without "answers": 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/cases/999/answers', {'answers': {'sold_product': 'yes'}})
    check('answers of a missing case: 404', st == 404, (st, body))
    with open(os.path.join(HERE, 'answers-trademark.json'), encoding='utf-8') as f:
        answers = json.load(f)
    st, body = srv.json('POST', '/api/cases/1/answers', {'answers': answers})
    check('answers saved', st == 200 and body['saved'], (st, body))
    st, plan = srv.json('GET', '/api/cases/1/plan')
    check('plan after the answers: a route fits', st == 200 and plan['best_route'], plan.get('best_route'))

    st, body = srv.json('POST', '/api/cases/1/draft', {'route': 'edit_and_appeal'})
    check('POST /api/cases/1/draft', st == 200 and body['letters'][0]['letter'] == 'poa', (st, body))
    st, body = srv.json('POST', '/api/cases/1/draft', {'route': 'no_such_route'})
    check('draft of an unknown route: 422', st == 422, (st, body))
    st, letter = srv.json('GET', '/api/cases/1/letters/poa')
    check('GET /api/cases/1/letters/poa: text and its parts',
          st == 200 and letter['version'] == 1 and len(letter['parts']) >= 3, (st, letter))
    if st == 200:
        text = letter['text'].encode()
        p = letter['parts'][0]
        check('a part is a span of the text', p['heading'] == 'Root cause' and
              text[p['start']:p['end']].decode().startswith('Notice:'), p)
    st, body = srv.json('GET', '/api/cases/1/letters/nope')
    check("a letter the case lacks: 404 pointing to the case's page, not to a command",
          st == 404 and "the case's page" in body.get('error', '') and 'poa case' not in body.get('error', ''),
          (st, body))

    st, body = srv.json('POST', '/api/lint', {'text': 'Dear xxx,\nWe will fix it.\n', 'kind': 'poa'})
    check('POST /api/lint: blockers found', st == 200 and body['summary']['blockers'] > 0, (st, body))
    st, body = srv.json('POST', '/api/lint', {'text': letter['text'], 'case_id': 1, 'letter': 'poa'})
    check('POST /api/lint against the case: the draft is clean of blockers',
          st == 200 and body['summary']['blockers'] == 0, body)
    st, body = srv.json('POST', '/api/lint', {'text': 'x', 'case_id': 999})
    check('lint against a missing case: 404', st == 404, (st, body))
    st, body = srv.json('POST', '/api/lint', {'text': 'x', 'case_id': 'one'})
    check('lint with a bad case_id: 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/lint', {'text': 'Dear xxx', 'kind': 'sonnet'})
    check('lint with an unknown kind: 422', st == 422, (st, body))

    bad = letter['text'].replace('Root cause', 'Root cause\nDear xxx, (Your Store)', 1)
    st, body = srv.json('POST', '/api/cases/1/letters/poa', {'text': bad})
    check('save a version with blockers', st == 200 and body['version'] == 2 and body['lint_worst'] == 2, body)
    st, h, page = srv.request('GET', '/cases/1/letters/poa')
    check("the letter page links each finding to its rule's page, in a tab of its own",
          st == 200 and b'<a class="rule" target="_blank" rel="noopener" href="/rules/R26-placeholder"><code>'
          b'R26-placeholder</code></a>' in page, (st, page[-500:]))
    st, body = srv.json('POST', '/api/cases/1/letters/poa/sent', {'to': 'Account Health'})
    check('mark sent with blockers: 409', st == 409 and body.get('blocked'), (st, body))
    st, body = srv.json('POST', '/api/cases/1/letters/poa', {'text': letter['text']})
    check('save the clean version', st == 200 and body['version'] == 3 and body['lint_worst'] < 2, body)
    st, body = srv.json('POST', '/api/cases/1/letters/poa', {'text': ''})
    check('save an empty letter: 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/cases/1/letters/poa/sent', {})
    check('mark sent without "to": 422', st == 422, (st, body))
    st, body = srv.json('POST', '/api/cases/1/letters/poa/sent', {'to': 'Account Health'})
    check('mark sent', st == 200 and body['version'] == 3 and not body['repeat'], (st, body))
    st, body = srv.json('POST', '/api/cases/1/letters/poa/sent', {'to': 'Account Health'})
    check('mark sent again: repeat', st == 200 and body['repeat'], (st, body))
    st, body = srv.json('POST', '/api/cases/1/letters/nope/sent', {'to': 'x'})
    check('mark sent a missing letter: 404', st == 404, (st, body))

    png = b'\x89PNG\r\n\x1a\n0000IHDR'
    data, ctype = multipart({'kind': 'photo'}, [('file', 'listing.png', png)])
    st, body = srv.json('POST', '/api/cases/1/evidence', data, headers={'Content-Type': ctype})
    check('POST evidence: 201', st == 201 and body['type'] == 'png', (st, body))
    st, body = srv.json('POST', '/api/cases/1/evidence', data, headers={'Content-Type': ctype})
    check('the same evidence: duplicate', st == 200 and body['duplicate'], (st, body))
    data, ctype = multipart({'kind': 'invoice'}, [('file', 'invoice.pdf', b'%PDF-1.4\n1 0 obj\n')])
    st, body = srv.json('POST', '/api/cases/1/evidence', data, headers={'Content-Type': ctype})
    check('evidence of a type Amazon refuses: 422', st == 422 and 'accepts' in body.get('error', ''), (st, body))
    data, ctype = multipart({'kind': 'selfie'}, [('file', 'a.png', png + b'1')])
    st, body = srv.json('POST', '/api/cases/1/evidence', data, headers={'Content-Type': ctype})
    check('evidence of an unknown kind: 422', st == 422, (st, body))
    data, ctype = multipart({'kind': 'photo'}, [])
    st, body = srv.json('POST', '/api/cases/1/evidence', data, headers={'Content-Type': ctype})
    check('evidence without a file: 422', st == 422, (st, body))

    report = (b'item-name\tseller-sku\tasin1\nCamping Mug, Fits Brightwell Lids\tSKU-1\tB0CK7TQ2WD\n'
              b'Plain Kettle\tSKU-2\tB0CK7V1MZA\n')
    data, ctype = multipart({}, [('report', 'listings.txt', report)])
    st, body = srv.json('POST', '/api/cases/1/audit', data, headers={'Content-Type': ctype})
    check('POST audit: the hits', st == 200 and body['summary']['rows'] == 2 and body['hits'] and
          body['hits'][0]['asin'] == 'B0CK7TQ2WD', (st, body))
    data, ctype = multipart({}, [])
    st, body = srv.json('POST', '/api/cases/1/audit', data, headers={'Content-Type': ctype})
    check('audit without a report: 422', st == 422, (st, body))
    data, ctype = multipart({}, [('report', 'notes.txt', b'just a line of text\n')])
    st, body = srv.json('POST', '/api/cases/1/audit', data, headers={'Content-Type': ctype})
    check('audit of a file that is no report: 422 naming the upload',
          st == 422 and body['error'].startswith('notes.txt:'), (st, body))

    st, body = srv.json('POST', '/api/cases/1/status', {'status': 'waiting'})
    check('POST status', st == 200 and body['status'] == 'waiting', (st, body))
    st, body = srv.json('POST', '/api/cases/1/status', {'status': 'pending'})
    check('POST status: unknown state 422', st == 422, (st, body))
    st, body = srv.json('GET', '/api/cases/1')
    whats = [e['what'] for e in body['timeline']]
    check('the timeline records it all', st == 200 and body['status'] == 'waiting' and
          len(body['evidence']) == 1 and any('sent' in w for w in whats), whats)


def test_pages(srv):
    st, h, page = srv.request('GET', '/?lang=zh')
    check('?lang=zh: Chinese page and a lang cookie', st == 200 and '案件'.encode() in page and
          'poa_lang=zh' in h.get('set-cookie', ''), (st, h.get('set-cookie')))
    st, h, page = srv.request('GET', '/', headers={'Cookie': srv.cookie + '; poa_lang=zh'})
    check('lang cookie: Chinese', '案件'.encode() in page and b'lang="zh-CN"' in page, page[:300])
    for path in ('/', '/?sort=status&desc=1', '/cases/new', '/cases/1', '/cases/1/letters/poa', '/cases/2'):
        st, h, page = srv.request('GET', path)
        check('page %s: 200, no inline script or style' % path,
              st == 200 and b'<script>' not in page and b' style=' not in page and b'onclick' not in page, st)
    st, h, page = srv.request('GET', '/cases/1')
    check('case page marks the fields in the notice', b'<mark class="f f-asins"' in page and
          b'B0CK7TQ2WD</mark>' in page, '')
    # A lint rule's page, from the finding's rule id (docs/rules/, built in).
    st, h, page = srv.request('GET', '/rules/R14-unbacked-claim')
    check('GET /rules/R14-unbacked-claim: the rule\'s page, rendered',
          st == 200 and b'<h1>R14-unbacked-claim: ' in page and b'<table class="rule-facts">' in page and
          b'<h2>How to fix</h2>' in page and b'<pre><code>' in page and b'<code>block</code>' in page, (st, page[:300]))
    check('... its quotes escaped, its web links links, its source paths text',
          b'&quot;genuine&quot;' in page and b'href="https://sellercentral.amazon.nl/' in page and
          b'<code>kb/lint/R14-unbacked-claim.yaml</code>' in page and b'href="../../kb' not in page, '')
    st, h, page = srv.request('GET', '/rules/R07-blame-dispute')
    check("a rule's page links the rules it names to their pages", st == 200 and b'href="/rules/R07-blame"' in page, st)
    for bad in ('/rules/R99-nothing', '/rules/R14-unbacked-claim.md', '/rules/..%2F..%2Fetc%2Fpasswd', '/rules/'):
        st, h, page = srv.request('GET', bad)
        check('GET %s: 404' % bad, st == 404 and b'root:' not in page, st)
    st, h, page = srv.request('GET', '/rules/R99-nothing?lang=zh')
    check('an unknown rule, said in Chinese', st == 404 and '没有这条规则'.encode() in page, st)
    srv.request('GET', '/rules/R99-nothing?lang=en')  # the pages in English again
    st, h, page = srv.request('GET', '/cases/42')
    check('a missing case page: 404 naming the Cases page, not the store or a command',
          st == 404 and b'the Cases page' in page and srv.env['POA_DB'].encode() not in page and
          b'poa case' not in page, (st, page[:300]))
    body = 'q.sold_product=perhaps&csrf=' + srv.csrf
    st, h, page = srv.request('POST', '/cases/2/answers', body,
                              headers={'Content-Type': 'application/x-www-form-urlencoded'})
    check('answers form: the error beside the field', st == 422 and b'id="error-sold_product"' in page, st)
    form = {'Content-Type': 'application/x-www-form-urlencoded'}
    st, h, _ = srv.request('POST', '/cases/2/status', 'status=closed&csrf=' + srv.csrf, headers=form)
    check('status form: 303 back to the case', st == 303 and h.get('location', '').startswith('/cases/2'), st)
    st, h, page = srv.request('POST', '/cases/2/status', 'status=pending&csrf=' + srv.csrf, headers=form)
    check('status form: a bad state refused', st == 422, st)
    st, h, page = srv.request('POST', '/cases/1/letters/poa/sent', 'to=&csrf=' + srv.csrf, headers=form)
    check('sent form without an address: 422 on the letter page', st == 422 and b'id="error"' in page, st)
    data, ctype = multipart({'csrf': srv.csrf}, [('report', 'listings.txt', b'item-name\tseller-sku\nBrightwell mug\tS1\n')])
    st, h, page = srv.request('POST', '/cases/1/audit', data, csrf=False, headers={'Content-Type': ctype})
    check('audit form: the hits on the case page', st == 200 and b'id="audit-hits"' in page, (st, page[-300:]))
    data, ctype = multipart({'csrf': srv.csrf, 'kind': 'photo', 'date': '31/12/2026'},
                            [('file', 'shelf.png', b'\x89PNG\r\n\x1a\n0000IHDR-shelf')])
    st, h, page = srv.request('POST', '/cases/1/evidence', data, csrf=False, headers={'Content-Type': ctype})
    check('evidence form with a bad date: 422, said on the case page',
          st == 422 and b'id="error"' in page and b'YYYY-MM-DD' in page and b'id="evidence"' in page, (st, page[:300]))


def test_two_tabs(srv):
    """Without --team, the one seller's two tabs: the second change made on
    the version both tabs read is refused, not saved over the first."""
    form = {'Content-Type': 'application/x-www-form-urlencoded'}
    st, h, page = srv.request('GET', '/cases/2')
    m = re.search(rb'id="status-form">.*?name="version" value="(\d+)"', page, re.S)
    check('two tabs: the case page forms carry the version', st == 200 and m, st)
    v = m.group(1).decode() if m else '1'
    st, h, _ = srv.request('POST', '/cases/2/status', 'status=waiting&version=%s&csrf=%s' % (v, srv.csrf),
                           headers=form)
    check('two tabs: the first tab\'s change: 303', st == 303, st)
    st, h, page = srv.request('POST', '/cases/2/status', 'status=resolved&version=%s&csrf=%s' % (v, srv.csrf),
                              headers=form)
    check('two tabs: the second tab on the same version: 409 page with the banner',
          st == 409 and b'id="conflict"' in page and b'another tab' in page, st)
    st, case = srv.json('GET', '/api/cases/2')
    check('two tabs: the first change stands', case.get('status') == 'waiting', case.get('status'))
    st, body = srv.json('POST', '/api/cases/2/status', {'status': 'open', 'version': int(v)})
    check('two tabs: the API on an old version: 409 with the current case',
          st == 409 and body.get('case', {}).get('status') == 'waiting' and body.get('version', 0) > int(v),
          (st, body))
    st, body = srv.json('POST', '/api/cases/2/status', {'status': 'open'}, headers={'If-Match': str(case['version'])})
    check('two tabs: If-Match with the current version: 200', st == 200, (st, body))


def test_sources():
    """docs/openapi.yaml describes every /api/ route of src/web/routes.c (and no
    other), and src/web/strings.c has every page string in both languages."""
    routes = read('src/web/routes.c').decode()
    api = set()
    for method, pattern in __import__('re').findall(r'\{"(GET|POST|PATCH|DELETE)", "(/api/[^"]*)"', routes):
        api.add((method.lower(), pattern))
    doc = read('docs/openapi.yaml').decode()
    documented, path = set(), None
    for line in doc.splitlines():
        m = __import__('re').match(r'^  (/api/\S*):$', line)
        if m:
            path = m.group(1)
        m = __import__('re').match(r'^    (get|post|put|delete|patch):', line)
        if m and path:
            pattern = __import__('re').sub(r'\{[^}]+\}', '*', path)
            documented.add((m.group(1), pattern))
    check('openapi.yaml describes every API route', api == documented,
          'undocumented %s; not served %s' % (sorted(api - documented), sorted(documented - api)))
    header = read('src/web/web.h').decode()
    enum = header[header.index('typedef enum web_str'):header.index('} web_str;')]
    names = [n for n in __import__('re').findall(r'\bS_[A-Z0-9_]+', enum) if n != 'S_COUNT']
    table = read('src/web/strings.c').decode()
    missing = []
    for n in names:
        m = __import__('re').search(r'\[' + n + r'\] = \{\s*"((?:[^"\\]|\\.)+)",\s*"((?:[^"\\]|\\.)+)"\}', table)
        if not m:
            missing.append(n)
    check('strings.c: every page string in English and Chinese', not missing, missing)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    poa = os.path.join(os.path.abspath(sys.argv[1]), 'poa')
    test_sources()
    test_listen(poa)
    srv = Server(poa)
    try:
        test_auth(srv)
        test_csrf(srv)
        test_bad_requests(srv)
        test_methods(srv)
        test_traversal(srv)
        test_endpoints(srv)
        test_pages(srv)
        test_two_tabs(srv)
        srv.proc.send_signal(signal.SIGTERM)
        rc = srv.proc.wait(timeout=20)
        err = srv.proc.stderr.read()
        check('SIGTERM: exit 0, nothing on stderr but the banner', rc == 0 and 'ERROR' not in err and
              'runtime error' not in err, (rc, err[-2000:]))
    finally:
        srv.stop()
    print('%d passed, %d failed' % (PASSED, FAILED))
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
