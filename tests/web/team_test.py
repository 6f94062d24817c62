#!/usr/bin/env python3
"""Tests of `poa serve --team` (issue 9), Python standard library only.

usage: tests/web/team_test.py BUILD_DIR

On one store (SQLite, or PostgreSQL as web/team[pg]): two seller accounts,
north and south, a case of each, and users: an owner, an operator and a
viewer of north, and a user kept for the brute-force test. Then:
- the role matrix: every route of src/web/routes.c (read from the file, so
  that a route added without a row here fails) for the owner, the operator
  (its own store's case, and the other store's: 404), the viewer (every
  write 403) and nobody (API 401, pages 303 to /login);
- signing in and out: the page and the API, ?next= (local paths only),
  session fixation (an invented cookie is refused; the session after
  signing in is never the cookie sent before), logout and a new password
  end sessions, an idle session expires (--session-idle), brute force (after
  5 failures 429 with Retry-After, even for the right password);
- CSRF missing or wrong: 403; Host and cookies with --public-url;
- conflicts: two users, the second change on an old version is 409 with the
  current version and case (API and pages), no update lost;
- the timeline says who ("by NAME");
- an owner's users: PATCH /api/users/NAME changes a role or the stores and
  ends the user's sessions, DELETE removes a user (the timeline keeps the
  name), POST /api/users adds one; unknown users 404, bad bodies 422, the
  last owner 409, no CSRF 403;
- the owner's Users page (GET /users and its forms): the list with roles,
  stores and sessions, adding, changing and removing (after a confirmation
  page), every refusal shown on the page with the API's status, in English
  and Chinese; the header's Users link for owners only; 404 without --team;
- start-up refusals (no owner; a non-loopback address without an https
  --public-url).
Prints PASS/FAIL lines and ends with "N passed, N failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from serverlib import ROOT, Client, Server, TeamServer, multipart, team_env  # noqa: E402

PASSED = FAILED = 0
PASSWORDS = {'olivia': 'owner-password-1', 'oscar': 'operator-password-2', 'vera': 'viewer-password-3',
             'bruno': 'brute-force-target-4', 'sam': 'south-operator-pw-5', 'uma@acme': 'changing-user-pw-7'}
FORM = {'Content-Type': 'application/x-www-form-urlencoded'}
_ip = [0]


def check(name, cond, why=''):
    global PASSED, FAILED
    if cond:
        PASSED += 1
        print('PASS', name)
    else:
        FAILED += 1
        print('FAIL %s: %s' % (name, why))


def read(path, mode='rb'):
    with open(os.path.join(ROOT, path), mode) as f:
        return f.read()


def fresh_ip():
    """A client address of its own (X-Forwarded-For, which the server takes
    from a proxy on loopback) for a sign-in meant to fail: failures are
    counted per client too, and every test talks from 127.0.0.1."""
    _ip[0] += 1
    return '10.77.%d.%d' % (_ip[0] // 250, _ip[0] % 250 + 1)


def poa_cmd(poa, env, *args, stdin=None):
    return subprocess.run([poa] + list(args), capture_output=True, text=True, env=env, timeout=60, input=stdin)


def setup_store(poa, tmp, env):
    pwdir = os.path.join(tmp, 'pw')
    os.makedirs(pwdir, exist_ok=True)
    for store in ('north', 'south'):
        p = poa_cmd(poa, env, 'store', 'add', store, '--marketplace', 'amazon.com')
        check('store add %s' % store, p.returncode == 0, p.stderr)
    users = (('olivia', 'owner', []), ('oscar', 'operator', ['north']), ('vera', 'viewer', ['north']),
             ('bruno', 'operator', ['north']), ('sam', 'operator', ['south']), ('uma@acme', 'operator', ['north']))
    for name, role, stores in users:
        f = os.path.join(pwdir, name)
        with open(f, 'w') as fh:
            fh.write(PASSWORDS[name] + '\n')
        args = ['user', 'add', name, '--role', role, '--password-file', f]
        for s in stores:
            args += ['--store', s]
        p = poa_cmd(poa, env, *args)
        check('user add %s (%s)' % (name, role), p.returncode == 0, p.stderr)
    return pwdir


def signed_in(srv, name):
    c = srv.client()
    st, body, _ = c.login(name, PASSWORDS[name])
    if st != 200:
        raise RuntimeError('sign-in of %s: %d %s' % (name, st, body))
    return c


def file_cases(owner):
    data, ctype = multipart({'store': 'north'}, [('files', 'trademark-removal.eml',
                                                  read('examples/notices/trademark-removal.eml'))])
    st, body = owner.json('POST', '/api/cases', data, headers={'Content-Type': ctype})
    check('owner files a case under north', st == 201 and body['cases'][0]['case_id'] == 1, (st, body))
    st, body = owner.json('POST', '/api/cases', {'text': read('examples/notices/apex-invitation.txt').decode(),
                                                 'store': 'south'})
    check('owner files a case under south', st == 201 and body['cases'][0]['case_id'] == 2, (st, body))
    with open(os.path.join(HERE, 'answers-trademark.json'), encoding='utf-8') as f:
        answers = json.load(f)
    st, body = owner.json('POST', '/api/cases/1/answers', {'answers': answers})
    check('answers of case 1', st == 200, (st, body))
    st, body = owner.json('POST', '/api/cases/1/draft', {'route': 'edit_and_appeal'})
    check('a letter of case 1', st == 200, (st, body))


# ---- the role matrix --------------------------------------------------------

def route_table():
    text = read('src/web/routes.c').decode()
    return re.findall(r'\{"(GET|POST|PATCH|DELETE)", "([^"]+)", (\w+), (WEB_\w+)\}', text)


def empty_upload(fields=None):
    data, ctype = multipart(fields or {}, [])
    return data, {'Content-Type': ctype}


# (method, pattern) -> (path with {id}, body, headers, what a user allowed
# gets). Bodies are refused by the handler (422) where they would change
# something: a 422 shows the request got past the permission check, and
# the cases stay as they are for the tests after.
ROWS = {
    ('GET', '/'): ('/', None, None, {200}),
    ('GET', '/cases'): ('/cases', None, None, {200}),
    ('GET', '/cases/new'): ('/cases/new', None, None, {200}),
    ('POST', '/cases'): ('/cases', 'notice=&store=north', FORM, {422}),
    ('GET', '/cases/*'): ('/cases/{id}', None, None, {200}),
    ('POST', '/cases/*/answers'): ('/cases/{id}/answers', 'q.sold_product=perhaps', FORM, {422}),
    ('POST', '/cases/*/draft'): ('/cases/{id}/draft', 'route=no_such_route', FORM, {422}),
    ('POST', '/cases/*/evidence'): ('/cases/{id}/evidence',) + empty_upload({'kind': 'photo'}) + ({422},),
    ('POST', '/cases/*/status'): ('/cases/{id}/status', 'status=pending', FORM, {422}),
    ('POST', '/cases/*/audit'): ('/cases/{id}/audit',) + empty_upload() + ({422},),
    ('GET', '/cases/*/letters/*'): ('/cases/{id}/letters/poa', None, None, {200}),
    ('POST', '/cases/*/letters/*'): ('/cases/{id}/letters/poa', 'text=', FORM, {422}),
    ('POST', '/cases/*/letters/*/sent'): ('/cases/{id}/letters/poa/sent', 'to=', FORM, {422}),
    ('GET', '/assets/*'): ('/assets/app.css', None, None, {200}),
    ('GET', '/rules/*'): ('/rules/R14-unbacked-claim', None, None, {200}),
    ('GET', '/login'): ('/login', None, None, {303}),
    ('POST', '/login'): ('/login', 'name=x&password=y', FORM, {403}),
    ('POST', '/logout'): ('/logout', '', FORM, {303}),
    ('GET', '/api/cases'): ('/api/cases', None, None, {200}),
    ('POST', '/api/cases'): ('/api/cases', {'text': '', 'store': 'north'}, None, {422}),
    ('GET', '/api/cases/*'): ('/api/cases/{id}', None, None, {200}),
    ('GET', '/api/cases/*/notice'): ('/api/cases/{id}/notice', None, None, {200}),
    ('GET', '/api/cases/*/plan'): ('/api/cases/{id}/plan', None, None, {200}),
    ('GET', '/api/cases/*/questions'): ('/api/cases/{id}/questions', None, None, {200}),
    ('POST', '/api/cases/*/answers'): ('/api/cases/{id}/answers', {'nothing': 1}, None, {422}),
    ('POST', '/api/cases/*/draft'): ('/api/cases/{id}/draft', {'route': 'no_such_route'}, None, {422}),
    ('GET', '/api/cases/*/letters/*'): ('/api/cases/{id}/letters/poa', None, None, {200}),
    ('POST', '/api/cases/*/letters/*'): ('/api/cases/{id}/letters/poa', {'text': ''}, None, {422}),
    ('POST', '/api/cases/*/letters/*/sent'): ('/api/cases/{id}/letters/poa/sent', {}, None, {422}),
    ('POST', '/api/cases/*/evidence'): ('/api/cases/{id}/evidence',) + empty_upload({'kind': 'photo'}) + ({422},),
    ('POST', '/api/cases/*/status'): ('/api/cases/{id}/status', {'status': 'pending'}, None, {422}),
    ('POST', '/api/cases/*/audit'): ('/api/cases/{id}/audit',) + empty_upload() + ({422},),
    ('POST', '/api/lint'): ('/api/lint', {'text': 'Hello'}, None, {200}),
    ('POST', '/api/login'): ('/api/login', {'name': 'nobody', 'password': 'not-the-password'}, None, {401}),
    ('POST', '/api/logout'): ('/api/logout', {}, None, {200}),
    ('GET', '/api/me'): ('/api/me', None, None, {200}),
    ('GET', '/api/users'): ('/api/users', None, None, {200}),
    ('PATCH', '/api/users/*'): ('/api/users/vera', {}, None, {422}),
    ('DELETE', '/api/users/*'): ('/api/users/nobody', None, None, {404}),
    ('POST', '/api/users'): ('/api/users', {}, None, {422}),
    ('GET', '/users'): ('/users', None, None, {200}),
    ('POST', '/users'): ('/users', 'name=&role=operator&password=x&password2=x', FORM, {422}),
    ('POST', '/users/*'): ('/users/vera', 'role=admin', FORM, {422}),
    ('GET', '/users/*/remove'): ('/users/vera/remove', None, None, {200}),
    ('POST', '/users/*/remove'): ('/users/nobody/remove', '', FORM, {404}),
    ('GET', '/users/*/password'): ('/users/vera/password', None, None, {200}),
    ('POST', '/users/*/password'): ('/users/vera/password', 'password=short&password2=short', FORM, {422}),
    ('POST', '/api/users/*/password'): ('/api/users/vera/password', {}, None, {422}),
}
# Routes that end the session they are called with: each call gets a
# session of its own.
ENDS_SESSION = {('POST', '/logout'), ('POST', '/api/logout')}


def call(srv, who, method, pattern, case_id):
    path, body, headers, _ = ROWS[(method, pattern)]
    path = path.replace('{id}', str(case_id))
    c = who
    if who is not None and (method, pattern) in ENDS_SESSION:
        c = signed_in(srv, who.user)
    if c is None:
        c = srv.client()
    h = dict(headers or {})
    if pattern in ('/api/login', '/login'):
        h['X-Forwarded-For'] = fresh_ip()
    if method == 'POST' and isinstance(body, str) and c.csrf:
        body = body + ('&' if body else '') + 'csrf=' + c.csrf
    elif method == 'POST' and isinstance(body, bytes) and c.csrf:
        h['X-CSRF-Token'] = c.csrf
    st, hd, data = c.request(method, path, body, headers=h)
    return st, hd, data


def test_matrix(srv, users):
    table = route_table()
    check('routes.c read: every route has its need', len(table) >= 30, len(table))
    missing = [(m, p) for m, p, _, _ in table if (m, p) not in ROWS]
    check('every route of routes.c has a row in the role matrix', not missing, missing)
    stale = [k for k in ROWS if k not in {(m, p) for m, p, _, _ in table}]
    check('no row for a route routes.c no longer has', not stale, stale)
    for method, pattern, fn, need in table:
        if (method, pattern) not in ROWS:
            continue
        allowed = ROWS[(method, pattern)][3]
        is_case = pattern.startswith('/cases/*') or pattern.startswith('/api/cases/*')
        api = pattern.startswith('/api/')
        name = '%s %s' % (method, pattern)
        # Nobody signed in.
        st, hd, _ = call(srv, None, method, pattern, 1)
        if need == 'WEB_PUBLIC':
            want = {'/login': {200} if method == 'GET' else {403}, '/api/login': {401}}.get(pattern, allowed)
            check('nobody: %s -> %s' % (name, sorted(want)), st in want, st)
        elif api:
            check('nobody: %s -> 401' % name, st == 401, st)
        else:
            check('nobody: %s -> 303 to /login' % name,
                  st == 303 and hd.get('location', '').startswith('/login'), (st, hd.get('location')))
        for who in ('olivia', 'oscar', 'vera'):
            c = users[who]
            role = {'olivia': 'owner', 'oscar': 'operator', 'vera': 'viewer'}[who]
            st, hd, data = call(srv, c, method, pattern, 1)
            if need == 'WEB_OWNER' and role != 'owner':
                want = {403}
            elif need == 'WEB_WRITE' and role == 'viewer':
                want = {403}
            else:
                want = allowed
            check('%s (%s): %s -> %s' % (who, role, name, sorted(want)), st in want, (st, data[:300]))
            if is_case and role != 'owner':
                # The other store's case: as if it did not exist.
                st, hd, data = call(srv, c, method, pattern, 2)
                check('%s (%s): %s of the other store -> 404' % (who, role, name), st == 404, (st, data[:200]))


# ---- signing in and out ----------------------------------------------------------

def session_cookie(hd):
    for c in hd.get('set-cookie', '').split('\n'):
        if c.startswith('poa_session='):
            return c.split(';')[0]
    return None


def page_login(srv, name, password, cookie=None, next_path=None, ip=None):
    """GET /login then POST /login as a browser does; (status, headers, body)."""
    c = srv.client()
    h = {'Cookie': cookie} if cookie else {}
    st, hd, page = c.request('GET', '/login', headers=h)
    login = [x for x in hd.get('set-cookie', '').split('\n') if x.startswith('poa_login=')]
    token = re.search(rb'name="csrf" value="([0-9a-f]+)"', page)
    if st != 200 or not login or not token:
        return st, hd, page
    cookies = login[0].split(';')[0] + ('; ' + cookie if cookie else '')
    body = 'name=%s&password=%s&csrf=%s' % (urllib.parse.quote(name), urllib.parse.quote(password),
                                            token.group(1).decode())
    if next_path is not None:
        body += '&next=' + urllib.parse.quote(next_path, safe='')
    h = dict(FORM, Cookie=cookies)
    if ip:
        h['X-Forwarded-For'] = ip
    return c.request('POST', '/login', body, headers=h)


def test_login(srv, users):
    c = srv.client()
    st, hd, page = c.request('GET', '/login?lang=zh')
    check('GET /login: a form, in Chinese when asked', st == 200 and b'id="login-form"' in page and
          '登录'.encode() in page, st)
    st, hd, page = c.request('GET', '/login?lang=en')
    check('GET /login: an account is asked of an owner, no command named', st == 200 and
          b'Ask one of its owners' in page and for_the_browser(srv, page), page[-600:])
    check('GET /login sets the login CSRF cookie (HttpOnly, SameSite=Strict)',
          'poa_login=' in hd.get('set-cookie', '') and 'HttpOnly' in hd.get('set-cookie', ''), hd.get('set-cookie'))
    st, hd, _ = c.request('GET', '/cases/1?lang=en')
    check('a page without a session: 303 to /login?next=PATH', st == 303 and
          hd.get('location', '').startswith('/login?next=%2Fcases%2F1'), hd.get('location'))
    st, hd, _ = page_login(srv, 'oscar', PASSWORDS['oscar'], next_path='/cases/1')
    check('POST /login: 303 to next, a session cookie', st == 303 and hd.get('location') == '/cases/1' and
          session_cookie(hd), (st, hd))
    ck = session_cookie(hd)
    check('session cookie HttpOnly, SameSite=Strict, no Secure over http',
          'HttpOnly' in hd['set-cookie'] and 'SameSite=Strict' in hd['set-cookie'] and 'Secure' not in hd['set-cookie'],
          hd['set-cookie'])
    c = srv.client()
    st, hd, page = c.request('GET', '/cases/1', headers={'Cookie': ck})
    check('the page says who is signed in, with a sign-out button',
          st == 200 and b'id="user-name">oscar<' in page and b'action="/logout"' in page, st)
    for evil in ('//evil.example.com/', 'https://evil.example.com/', '/\\evil.example.com'):
        st, hd, _ = page_login(srv, 'oscar', PASSWORDS['oscar'], next_path=evil)
        check('next=%s: to / instead' % evil, st == 303 and hd.get('location') == '/', hd.get('location'))
    st, hd, page = page_login(srv, 'oscar', 'wrong-password-xx', ip=fresh_ip())
    check('a wrong password on the page: 401 and the form again', st == 401 and b'id="login-form"' in page and
          b'id="error"' in page, st)
    st, hd, page = srv.client().request('POST', '/login', 'name=oscar&password=%s&csrf=%s' %
                                        (PASSWORDS['oscar'], 'a' * 64), headers=FORM)
    check('POST /login without the login cookie: 403', st == 403, st)
    st, body, _ = srv.client().login('oscar', 'wrong-password-xx', client_ip=fresh_ip())
    check('POST /api/login, wrong password: 401', st == 401 and body.get('status') == 401, (st, body))
    c = srv.client()
    st, body, hd = c.login('oscar', PASSWORDS['oscar'])
    check('POST /api/login: user, role, csrf', st == 200 and body == {'user': 'oscar', 'role': 'operator',
                                                                      'csrf': body.get('csrf')} and
          len(body['csrf']) == 64, body)
    st, me = c.json('GET', '/api/me')
    check('GET /api/me', st == 200 and me['user'] == 'oscar' and me['role'] == 'operator', (st, me))
    st, data = c.request('POST', '/api/login', b'name=oscar&password=x', headers=FORM)[0], None
    check('POST /api/login takes JSON only (415)', st == 415, st)
    st, body = users['olivia'].json('GET', '/api/users')
    names = sorted(u.get('name') for u in body) if st == 200 and isinstance(body, list) else body
    check('GET /api/users (owner): every user, no hashes', st == 200 and names == sorted(PASSWORDS) and
          'argon' not in json.dumps(body).lower(), names)


def test_fixation(srv):
    invented = 'poa_session=' + 'ab' * 32
    c = srv.client()
    st, hd, _ = c.request('GET', '/api/me', headers={'Cookie': invented})
    check('an invented session cookie: 401', st == 401, st)
    st, hd, _ = c.request('GET', '/', headers={'Cookie': invented})
    check('an invented session cookie on a page: to /login', st == 303 and
          hd.get('location', '').startswith('/login'), (st, hd.get('location')))
    st, hd, _ = page_login(srv, 'oscar', PASSWORDS['oscar'], cookie=invented)
    after = session_cookie(hd)
    check('signing in with a cookie set before: a new session id', st == 303 and after and after != invented,
          (st, after))
    # A valid session, then signing in again: another id, and the old one ends.
    a = srv.client()
    a.login('oscar', PASSWORDS['oscar'])
    old = a.cookie
    st, body, hd = a.login('oscar', PASSWORDS['oscar'])   # sends the old cookie along
    new = session_cookie(hd)
    check('signing in again: a new session id', st == 200 and new and new != old, (old, new))
    b = srv.client()
    b.cookie = old
    st, _, _ = b.request('GET', '/api/me')
    check('the session held before signing in again has ended', st == 401, st)
    st, _, _ = a.request('GET', '/api/me')
    check('the new one works', st == 200, st)
    st, hd, _ = srv.client().request('GET', '/login', headers={'Cookie': new})
    check('GET /login when signed in: on to the cases', st == 303 and hd.get('location') == '/', (st, hd))


def test_logout(srv, poa, env, pwdir):
    c = signed_in(srv, 'oscar')
    st, body = c.json('POST', '/api/logout', {})
    check('POST /api/logout: 200', st == 200 and body.get('signed_out'), (st, body))
    st, _ = c.json('GET', '/api/me')
    check('after /api/logout the cookie is refused', st == 401, st)
    c = signed_in(srv, 'oscar')
    st, hd, _ = c.request('POST', '/logout', 'csrf=' + c.csrf, headers=FORM)
    check('POST /logout: 303 to /login, the cookie deleted', st == 303 and hd.get('location', '').startswith('/login')
          and 'Max-Age=0' in hd.get('set-cookie', ''), (st, hd))
    st, hd, _ = c.request('GET', '/')
    check('after /logout: a page goes to /login again (ended)', st == 303 and 'ended=1' in hd.get('location', ''),
          hd.get('location'))
    st, hd, page = c.request('GET', hd.get('location', '/login'))
    check('the sign-in page says the session ended', st == 200 and b'id="error"' in page, st)
    c = srv.client()
    st, hd, _ = c.request('POST', '/logout', 'csrf=x', headers=FORM)
    check('POST /logout without a session: to /login', st == 303, st)
    # A new password ends every session of the user.
    d = signed_in(srv, 'sam')
    f = os.path.join(pwdir, 'sam-new')
    with open(f, 'w') as fh:
        fh.write('sam-new-password-6\n')
    p = poa_cmd(poa, env, 'user', 'passwd', 'sam', '--password-file', f)
    check('poa user passwd', p.returncode == 0, p.stderr)
    st, _ = d.json('GET', '/api/me')
    check('a new password ends the sessions of the user', st == 401, st)
    st, body, _ = srv.client().login('sam', 'sam-new-password-6')
    check('the new password signs in', st == 200, (st, body))


def test_brute_force(srv):
    ip = '10.99.0.1'
    statuses = []
    for i in range(5):
        st, body, hd = srv.client().login('bruno', 'wrong-password-%d' % i, client_ip=ip)
        statuses.append(st)
    check('5 wrong passwords: 401 each', statuses == [401] * 5, statuses)
    st, body, hd = srv.client().login('bruno', PASSWORDS['bruno'], client_ip=ip)
    check('then the right password is refused: 429 with Retry-After',
          st == 429 and int(hd.get('retry-after', '0')) > 0 and body.get('retry_after', 0) > 0, (st, body, hd))
    st, body, hd = srv.client().login('bruno', PASSWORDS['bruno'], client_ip='10.99.0.2')
    check('the name is limited from another client too', st == 429, (st, body))
    st, hd, page = page_login(srv, 'bruno', PASSWORDS['bruno'], ip=ip)
    secs = hd.get('retry-after', '')
    check('the sign-in page: 429, says how long', st == 429 and secs and
          (' %s ' % secs).encode() in page and b'id="error"' in page, (st, secs, page[-600:]))
    st, body, _ = srv.client().login('olivia', PASSWORDS['olivia'], client_ip='10.99.0.3')
    check('another user from another client is not limited', st == 200, (st, body))


def test_expiry(poa, tmp):
    srv = TeamServer(poa, tmp, args=['--session-idle', '2s'])
    try:
        c = signed_in(srv, 'vera')
        st, _ = c.json('GET', '/api/me')
        check('--session-idle 2s: used at once, 200', st == 200, st)
        time.sleep(3.5)
        st, body = c.json('GET', '/api/me')
        check('--session-idle 2s: unused 3.5 s, 401', st == 401, (st, body))
        st, hd, _ = c.request('GET', '/cases/1')
        check('--session-idle: a page goes back to sign in', st == 303 and
              hd.get('location', '').startswith('/login'), (st, hd.get('location')))
    finally:
        srv.stop()


def test_csrf(srv, users):
    c = users['oscar']
    st, _, _ = c.request('POST', '/api/lint', {'text': 'Hello'}, csrf=False)
    check('team: POST without CSRF: 403', st == 403, st)
    st, _, _ = c.request('POST', '/api/lint', {'text': 'Hello'}, csrf=False, headers={'X-CSRF-Token': 'f' * 64})
    check('team: POST with a wrong CSRF: 403', st == 403, st)
    other = users['vera']
    st, _, _ = c.request('POST', '/api/lint', {'text': 'Hello'}, csrf=False, headers={'X-CSRF-Token': other.csrf})
    check("team: another session's CSRF token: 403", st == 403, st)
    st, _, _ = c.request('POST', '/cases/1/status', 'status=open', csrf=False, headers=FORM)
    check('team: form POST without csrf field: 403', st == 403, st)
    st, _, _ = c.request('POST', '/api/lint', {'text': 'Hello'}, headers={'Origin': 'http://evil.example.com'})
    check('team: POST from another origin: 403', st == 403, st)
    st, _, _ = c.request('GET', '/', host='evil.example.com')
    check('team: wrong Host: 403', st == 403, st)


def test_roles_pages(srv, users):
    st, hd, page = users['vera'].request('GET', '/cases/1')
    check('viewer: the case page has no write forms', st == 200 and b'method="post" action="/cases/1' not in page
          and b'id="read-only"' in page, st)
    st, hd, page = users['vera'].request('GET', '/cases/1/letters/poa')
    check('viewer: the letter page has no editor form', st == 200 and b'id="letter-form"' not in page and
          b'id="sent-form"' not in page, st)
    st, hd, page = users['vera'].request('GET', '/')
    check('viewer: no "New case" link', st == 200 and b'href="/cases/new"' not in page, st)
    st, hd, page = users['oscar'].request('GET', '/cases/new')
    opts = re.findall(rb'<option value="([^"]*)"', page)
    check("operator: the new-case form offers only the operator's stores", st == 200 and opts == [b'north'], opts)
    st, body = users['oscar'].json('POST', '/api/cases', {'text': read('examples/notices/apex-invitation.txt').decode(),
                                                         'store': 'south'})
    check("operator: filing under another's store: 403", st == 403, (st, body))
    st, body = users['oscar'].json('GET', '/api/cases')
    check('operator: the list has only its stores\' cases', st == 200 and [c['id'] for c in body] == [1], body)
    st, hd, page = users['oscar'].request('GET', '/')
    check('operator: the list page too', st == 200 and b'data-id="1"' in page and b'data-id="2"' not in page, st)
    st, body = users['olivia'].json('GET', '/api/cases')
    check('owner: every case', st == 200 and sorted(c['id'] for c in body) == [1, 2], body)
    st, body = users['oscar'].json('POST', '/api/lint', {'text': 'x', 'case_id': 2})
    check("operator: lint against another store's case: 404", st == 404, (st, body))
    # An operator given no store yet is told where an owner fixes that.
    st, _ = users['olivia'].json('POST', '/api/users', {'name': 'nia', 'role': 'operator', 'stores': [],
                                                        'password': 'nia-password-01'})
    nia = srv.client()
    nia.login('nia', 'nia-password-01', client_ip=fresh_ip())
    st, hd, page = nia.request('GET', '/cases/new')
    check('operator without stores: the new-case page says an owner ticks one on the Users page',
          st == 200 and b'id="no-stores"' in page and b'on the Users page' in page and
          for_the_browser(srv, page), (st, page[-400:]))
    st, _ = users['olivia'].json('DELETE', '/api/users/nia')
    check('... and nia is removed again', st == 200, st)


def test_conflict(srv, users):
    a, b = users['oscar'], users['olivia']
    st, case = a.json('GET', '/api/cases/1')
    v = case.get('version')
    check('the case JSON carries its version', st == 200 and isinstance(v, int) and v > 0, case.get('version'))
    st, case_b = b.json('GET', '/api/cases/1')
    st, body = a.json('POST', '/api/cases/1/status', {'status': 'waiting', 'version': v})
    check('the first change on version %s: 200' % v, st == 200, (st, body))
    st, body = b.json('POST', '/api/cases/1/status', {'status': 'resolved', 'version': v})
    check('the second change on the same version: 409 with the current version and case',
          st == 409 and body.get('version', 0) > v and body.get('case', {}).get('status') == 'waiting' and
          body.get('status') == 409 and body.get('error'), (st, body))
    st, now = a.json('GET', '/api/cases/1')
    check('no update lost: the first change stands', now.get('status') == 'waiting', now.get('status'))
    st, body = b.json('POST', '/api/cases/1/status', {'status': 'open'}, headers={'If-Match': '"%d"' % v})
    check('If-Match with an old version: 409', st == 409, (st, body))
    st, body = b.json('POST', '/api/cases/1/status', {'status': 'open'}, headers={'If-Match': '"%d"' %
                                                                                   now['version']})
    check('If-Match with the current version: 200', st == 200, (st, body))
    st, body = b.json('POST', '/api/cases/1/status', {'status': 'open', 'version': 'seven'})
    check('a version that is no number: 400', st == 400, (st, body))
    st, body = b.json('POST', '/api/cases/1/status', {'status': 'open'})
    check('no version given: the change is made (last one wins, as before)', st == 200, (st, body))
    # Pages: the letter editor keeps what was typed.
    st, hd, page = a.request('GET', '/cases/1/letters/poa')
    m = re.search(rb'id="letter-form".*?name="version" value="(\d+)"', page, re.S)
    check('the letter form carries the case version', st == 200 and m, st)
    pv = m.group(1).decode() if m else '0'
    st, letter = b.json('GET', '/api/cases/1/letters/poa')
    st, body = b.json('POST', '/api/cases/1/letters/poa', {'text': letter['text'] + '\nOwner was here.\n'})
    check('meanwhile the owner saves a version', st == 200, (st, body))
    mine = letter['text'] + '\nOperator edit that must not be lost.\n'
    st, hd, page = a.request('POST', '/cases/1/letters/poa', 'text=%s&version=%s&csrf=%s' %
                             (urllib.parse.quote(mine), pv, a.csrf), csrf=False, headers=FORM)
    check('the letter form on the old version: 409, a banner, the typed text kept',
          st == 409 and b'id="conflict"' in page and b'Operator edit that must not be lost.' in page, (st, page[:300]))
    st, now = b.json('GET', '/api/cases/1/letters/poa')
    check('the owner\'s version stands', 'Owner was here.' in now['text'] and 'Operator edit' not in now['text'],
          now.get('version'))
    # The case page's forms.
    st, hd, page = a.request('GET', '/cases/1')
    m = re.search(rb'id="status-form">.*?name="version" value="(\d+)"', page, re.S)
    check('the case page forms carry the version', st == 200 and m, st)
    b.json('POST', '/api/cases/1/status', {'status': 'waiting'})
    st, hd, page = a.request('POST', '/cases/1/status', 'status=open&version=%s&csrf=%s' %
                             (m.group(1).decode() if m else '1', a.csrf), csrf=False, headers=FORM)
    check('the status form on an old version: 409 page with the banner', st == 409 and b'id="conflict"' in page,
          st)
    st, hd, page = a.request('POST', '/cases/1/status?lang=zh', 'status=open&version=%s&csrf=%s' %
                             (m.group(1).decode() if m else '1', a.csrf), csrf=False, headers=FORM)
    check('the banner in Chinese', st == 409 and '打开后已被修改'.encode() in page, st)


def test_timeline(srv, users):
    st, case = users['olivia'].json('GET', '/api/cases/1')
    bys = {e.get('by') for e in case.get('timeline', [])}
    check('the timeline records who made each change', {'oscar', 'olivia'} <= bys, bys)
    st, hd, page = users['olivia'].request('GET', '/cases/1')
    check('the case page says "by NAME"', st == 200 and b'by oscar' in page, st)


def for_the_browser(srv, text):
    """A refusal in the browser names neither the store's file nor a poa
    command (poa_db_set_front)."""
    if isinstance(text, bytes):
        text = text.decode(errors='replace')
    return srv.env['POA_DB'] not in text and not re.search(r'poa (user|case) ', text)


def test_users_api(srv, users):
    """Run last of the tests on the main server: it changes users."""
    owner, name = users['olivia'], 'uma@acme'
    path = '/api/users/' + name
    uma = signed_in(srv, name)
    st, body = uma.json('POST', '/api/cases/1/status', {'status': 'waiting'})
    check('uma@acme (operator of north) changes case 1', st == 200, (st, body))
    st, body = owner.json('PATCH', path, {'role': 'viewer', 'stores': ['south']})
    me = [u for u in body if u.get('name') == name] if isinstance(body, list) else []
    check('PATCH /api/users/NAME (a name with @): 200, the users as they now are',
          st == 200 and me and me[0]['role'] == 'viewer' and me[0]['stores'] == ['south'], (st, body))
    st, _ = uma.json('GET', '/api/me')
    check("the change ended the user's open session", st == 401, st)
    uma = signed_in(srv, name)
    st, me = uma.json('GET', '/api/me')
    st2, cases = uma.json('GET', '/api/cases')
    check('signed in again: a viewer of south only', me.get('role') == 'viewer' and
          [c['id'] for c in cases] == [2], (me, cases))
    st, body = uma.json('POST', '/api/cases/2/status', {'status': 'open'})
    check('the viewer may change nothing', st == 403, (st, body))
    st, body = owner.json('PATCH', path, {'stores': []})
    st2, cases = signed_in(srv, name).json('GET', '/api/cases')
    check('"stores": [] takes every store away', st == 200 and cases == [], (st, cases))
    for bad, why in (({}, 'nothing'), ({'role': 'admin'}, 'no role'), ({'role': 7}, 'role no string'),
                     ({'stores': 'north'}, 'stores no list'), ({'stores': ['north', 3]}, 'a store no string'),
                     ({'role': 'owner', 'stores': ['north']}, 'stores for an owner')):
        st, body = owner.json('PATCH', path, bad)
        check('PATCH, %s: 422' % why, st == 422 and body.get('error'), (st, body))
    st, body = owner.json('PATCH', path, {'stores': ['nowhere']})
    check('PATCH, an unknown store: 404', st == 404 and 'nowhere' in body.get('error', ''), (st, body))
    st, body = owner.json('PATCH', '/api/users/nobody', {'role': 'viewer'})
    check('PATCH, an unknown user: 404', st == 404, (st, body))
    st, body = owner.json('PATCH', '/api/users/olivia', {'role': 'operator'})
    check('PATCH, the last owner made an operator: 409 asking for another owner first',
          st == 409 and 'make another user an owner' in body.get('error', ''), (st, body))
    check('... naming neither the store nor a command', for_the_browser(srv, body.get('error', '')), body)
    st, body = owner.json('DELETE', '/api/users/olivia')
    check('DELETE, the last owner: 409', st == 409 and 'make another user an owner' in body.get('error', ''),
          (st, body))
    st, body = owner.json('PATCH', '/api/users/nobody', {'role': 'viewer'})
    check('PATCH, an unknown user: the Users page named, not the store',
          'the Users page' in body.get('error', '') and for_the_browser(srv, body.get('error', '')), body)
    st, _, _ = owner.request('DELETE', path, csrf=False)
    check('DELETE without the CSRF token: 403', st == 403, st)
    st, _, _ = owner.request('PATCH', path, {'role': 'owner'}, csrf=False)
    check('PATCH without the CSRF token: 403', st == 403, st)
    st, _ = owner.json('GET', '/api/me')
    check("the owner's own session lives on", st == 200, st)
    seen = user_of(owner, name)['etag']
    owner.json('PATCH', path, {'role': 'operator'})
    st, body = owner.json('DELETE', path, headers={'If-Match': '"%s"' % seen})
    check('DELETE with an old etag in If-Match: 409, the user kept',
          st == 409 and 'changed after' in body.get('error', '') and user_of(owner, name), (st, body))
    uma = signed_in(srv, name)   # after the change, which ended the sessions it found
    st, body = owner.json('DELETE', path, headers={'If-Match': 'W/"%s"' % user_of(owner, name)['etag']})
    check('DELETE /api/users/NAME with the current etag: 200, the user gone from the list',
          st == 200 and isinstance(body, list) and name not in [u['name'] for u in body], (st, body))
    st, _ = uma.json('GET', '/api/me')
    check("the removed user's session has ended", st == 401, st)
    st, body, _ = srv.client().login(name, PASSWORDS[name], client_ip=fresh_ip())
    check('the removed user cannot sign in', st == 401, (st, body))
    st, case = owner.json('GET', '/api/cases/1')
    check('the timeline still names the removed user', name in {e.get('by') for e in case.get('timeline', [])},
          case.get('timeline'))
    st, body = owner.json('DELETE', path)
    check('DELETE again (no If-Match): 404', st == 404, (st, body))


def test_users_add_api(srv, users):
    owner = users['olivia']
    body = {'name': 'pia', 'role': 'operator', 'stores': ['north', 'south'], 'password': 'pia-password-88'}
    st, _, _ = owner.request('POST', '/api/users', body, csrf=False)
    check('POST /api/users without the CSRF token: 403', st == 403, st)
    st, out = owner.json('POST', '/api/users', body)
    me = [u for u in out if u.get('name') == 'pia'] if isinstance(out, list) else []
    check('POST /api/users: 201, the users as they now are', st == 201 and me and me[0]['role'] == 'operator' and
          me[0]['stores'] == ['north', 'south'], (st, out))
    st, login, _ = srv.client().login('pia', 'pia-password-88')
    check('the user added signs in', st == 200 and login.get('role') == 'operator', (st, login))
    st, out = owner.json('POST', '/api/users', body)
    check('POST /api/users, a name taken: 422', st == 422 and 'exists' in out.get('error', ''), (st, out))
    for bad, why in (({'name': 'x1', 'role': 'viewer'}, 'no password'), ({'role': 'viewer', 'password': 'p' * 12},
                                                                          'no name'),
                     ({'name': 'x1', 'role': 'admin', 'password': 'p' * 12}, 'no such role'),
                     ({'name': 'x1', 'role': 'viewer', 'password': 'short-pw'}, 'a short password'),
                     ({'name': '', 'role': 'viewer', 'password': 'p' * 12}, 'an empty name'),
                     ({'name': 'n' * 65, 'role': 'viewer', 'password': 'p' * 12}, 'a name of 65'),
                     ({'name': 'x y', 'role': 'viewer', 'password': 'p' * 12}, 'a space in the name'),
                     ({'name': 'x1', 'role': 'viewer', 'stores': 'north', 'password': 'p' * 12}, 'stores no list'),
                     ({'name': 'x1', 'role': 'owner', 'stores': ['north'], 'password': 'p' * 12},
                      'stores for an owner'), ({}, 'an empty object')):
        st, out = owner.json('POST', '/api/users', bad)
        check('POST /api/users, %s: 422' % why, st == 422 and out.get('error') and
              for_the_browser(srv, out['error']) and '--store' not in out['error'], (st, out))
    st, out = owner.json('POST', '/api/users', {'name': 'x1', 'role': 'viewer', 'stores': ['nowhere'],
                                                'password': 'p' * 12})
    check('POST /api/users, an unknown store: 404, nobody added', st == 404 and 'nowhere' in out.get('error', '')
          and 'x1' not in [u['name'] for u in owner.json('GET', '/api/users')[1]], (st, out))
    st, out = users['oscar'].json('POST', '/api/users', body)
    check('POST /api/users by an operator: 403', st == 403, (st, out))
    st, out = owner.json('GET', '/api/users')
    live = {u['name']: u.get('sessions') for u in out} if st == 200 else {}
    check('GET /api/users counts the live sessions', live.get('olivia', 0) >= 1 and live.get('pia') == 1 and
          live.get('bruno') == 0, live)
    check('GET /api/users: an etag per user', st == 200 and all(re.fullmatch('[0-9a-f]{16}', u.get('etag', ''))
                                                               for u in out), out)
    st, out = owner.json('DELETE', '/api/users/pia')
    check('DELETE /api/users/pia', st == 200, (st, out))


def test_user_password(srv, users):
    """An owner sets a user's password: on a page of its own (typed twice) and
    through POST /api/users/NAME/password; the user's sessions end, the new
    password signs in and the old one no longer does."""
    owner = users['olivia']
    body = {'name': 'rita', 'role': 'operator', 'stores': ['north'], 'password': 'rita-password-01'}
    st, _ = owner.json('POST', '/api/users', body)
    rita = srv.client()
    st, _, _ = rita.login('rita', 'rita-password-01')
    check('rita signs in', st == 200, st)
    st, hd, page = owner.request('GET', '/users')
    check('the Users page has a Password button per user', b'action="/users/rita/password"' in page and
          b'class="password-user"' in page, page[:200])
    st, hd, page = owner.request('GET', '/users/rita/password')
    check('GET /users/rita/password: a form posting two passwords', st == 200 and b'id="password-form"' in page and
          b'name="password2"' in page and b'action="/users/rita/password"' in page, st)
    check('not yourself: no warning', b'id="password-self"' not in page, page[:200])
    st, hd, page = owner.request('GET', '/users/olivia/password')
    check('your own password page says you will sign in again', st == 200 and b'id="password-self"' in page, st)
    st, hd, page = owner.request('GET', '/users/nobody/password')
    check('the password page of an unknown user: 404 on the list', st == 404 and b'id="error"' in page, st)
    st, hd, page = users_form(owner, '/users/rita/password', [('password', 'new-rita-password-2'),
                                                              ('password2', 'new-rita-password-3')])
    check('two passwords that differ: 422, said on the page, nothing changed',
          st == 422 and b'differ' in page and b'id="password-form"' in page, st)
    st, hd, page = users_form(owner, '/users/rita/password', [('password', 'short'), ('password2', 'short')])
    check('a short password: 422, said on the page', st == 422 and b'12' in page, st)
    st, hd, page = users_form(owner, '/users/rita/password', [('password', 'new-rita-password-2'),
                                                              ('password2', 'new-rita-password-2')], csrf=False)
    check('without the CSRF token: 403', st == 403, st)
    st, me = rita.json('GET', '/api/me')
    check('no refusal ended her session', st == 200, st)
    st, hd, page = users_form(owner, '/users/rita/password', [('password', 'new-rita-password-2'),
                                                              ('password2', 'new-rita-password-2')])
    check('the password set: 303 to the list', st == 303 and hd.get('location') == '/users?msg=password', (st, hd))
    st, hd, page = owner.request('GET', '/users?msg=password')
    check('the list says so', b'id="flash"' in page, page[:200])
    st, me = rita.json('GET', '/api/me')
    check("rita's session ended", st == 401, st)
    st, _, _ = srv.client().login('rita', 'rita-password-01', client_ip=fresh_ip())
    check('the old password no longer signs in', st == 401, st)
    st, _, _ = srv.client().login('rita', 'new-rita-password-2', client_ip=fresh_ip())
    check('the new one does', st == 200, st)
    # The same through the API.
    st, out = owner.json('POST', '/api/users/rita/password', {'password': 'api-rita-password-4'})
    check('POST /api/users/rita/password: 200, the users', st == 200 and isinstance(out, list), (st, out))
    st, _, _ = srv.client().login('rita', 'api-rita-password-4', client_ip=fresh_ip())
    check('the password the API set signs in', st == 200, st)
    for bad, want, why in (({'password': 'short'}, 422, 'a short password'), ({}, 422, 'no password'),
                           ({'password': 7}, 422, 'a number')):
        st, out = owner.json('POST', '/api/users/rita/password', bad)
        check('POST /api/users/rita/password, %s: %d' % (why, want), st == want and out.get('error'), (st, out))
    st, out = owner.json('POST', '/api/users/nobody/password', {'password': 'p' * 12})
    check('an unknown user: 404', st == 404, (st, out))
    st, out = users['oscar'].json('POST', '/api/users/rita/password', {'password': 'p' * 12})
    check('an operator may not: 403', st == 403, (st, out))
    owner.json('DELETE', '/api/users/rita')


def users_form(c, path, fields, csrf=True):
    """POSTs a form of (name, value) pairs as a browser does."""
    body = urllib.parse.urlencode(list(fields) + ([('csrf', c.csrf)] if csrf else []))
    return c.request('POST', path, body, headers=FORM, csrf=False)


def user_of(owner, name):
    st, out = owner.json('GET', '/api/users')
    return ([u for u in out if u['name'] == name] or [None])[0]


def test_users_page(srv, users):
    owner, oscar, vera = users['olivia'], users['oscar'], users['vera']
    st, hd, page = owner.request('GET', '/users')
    check('GET /users: the list, a form per user, the add form', st == 200 and b'id="users"' in page and
          page.count(b'class="user-set"') == len(user_of_all(owner)) and b'id="add-user-form"' in page, st)
    row = re.search(rb'<tr data-user="oscar">.*?</tr>', page, re.S)
    row = row.group(0) if row else b''
    check("the operator's row: role chosen, its store ticked, the other not",
          b'<option value="operator" selected>' in row and b'value="north" form="uf-' in row and
          re.search(rb'value="north" form="uf-\d+" checked', row) and
          not re.search(rb'value="south" form="uf-\d+" checked', row), row[:600])
    row = re.search(rb'<tr data-user="olivia">.*?</tr>', page, re.S)
    row = row.group(0) if row else b''
    check("the owner's row: every store, (you), open sessions", b'every store (an owner)' in row and
          b'(you)' in row and b'open session' in row, row[:600])
    row = re.search(rb'<tr data-user="bruno">.*?</tr>', page, re.S)
    check('a user never signed in: not signed in', row and b'not signed in' in row.group(0), row)
    check('the owner sees the Users link', b'id="nav-users"' in page, '')
    for who in (oscar, vera):
        st, hd, p = who.request('GET', '/')
        check('%s: no Users link in the header' % who.user, st == 200 and b'href="/users"' not in p, st)
        st, hd, p = who.request('GET', '/users')
        check('%s: GET /users is 403' % who.user, st == 403, st)
    st, hd, page = owner.request('GET', '/users?lang=zh')
    check('the Users page in Chinese', st == 200 and '用户'.encode() in page and '全部店铺'.encode() in page and
          '添加用户'.encode() in page, st)
    # Adding.
    good = [('name', 'pat'), ('role', 'operator'), ('store', 'north'), ('store', 'south'),
            ('password', 'pat-password-99'), ('password2', 'pat-password-99')]
    st, hd, page = users_form(owner, '/users', good, csrf=False)
    check('POST /users without the CSRF token: 403', st == 403 and user_of(owner, 'pat') is None, st)
    st, hd, page = users_form(owner, '/users', good[:5] + [('password2', 'pat-password-98')])
    check('mismatched passwords: 422, the form again with the name kept and no password',
          st == 422 and b'id="error"' in page and b'differ' in page and b'value="pat"' in page and
          b'pat-password' not in page and user_of(owner, 'pat') is None, (st, page[-800:]))
    st, hd, page = users_form(owner, '/users?lang=zh', good[:5] + [('password2', 'x')])
    check('mismatched passwords in Chinese', st == 422 and '不一致'.encode() in page, st)
    for fields, status, words, why in (
            ([('name', 'pat'), ('role', 'operator'), ('password', 'short-pw'), ('password2', 'short-pw')], 422,
             b'at least 12', 'a short password'),
            ([('name', ''), ('role', 'operator')] + good[4:], 422, b'1 to 64', 'an empty name'),
            ([('name', 'p' * 65), ('role', 'operator')] + good[4:], 422, b'1 to 64', 'a name too long'),
            ([('name', 'pat'), ('role', 'admin')] + good[4:], 422, b'owner, operator or viewer', 'an unknown role'),
            ([('name', 'pat'), ('role', 'operator'), ('store', 'nowhere')] + good[4:], 404, b'nowhere',
             'an unknown store'),
            ([('name', 'oscar'), ('role', 'operator')] + good[4:], 422, b'Password on their row', 'a name taken')):
        st, hd, page = users_form(owner, '/users', fields)
        check('add, %s: %d and the message on the page' % (why, status), st == status and b'id="error"' in page and
              words in page and b'id="users"' in page and for_the_browser(srv, page), (st, page[:200]))
    check('nothing was added by the refused forms', user_of(owner, 'pat') is None, user_of(owner, 'pat'))
    st, hd, page = users_form(owner, '/users', good)
    check('add: 303 back to the list', st == 303 and hd.get('location') == '/users?msg=added', (st, hd))
    st, hd, page = owner.request('GET', hd.get('location', '/users'))
    check('the list says so and shows the user', b'id="flash"' in page and b'data-user="pat"' in page, st)
    u = user_of(owner, 'pat')
    check('pat is an operator of north and south', u and u['role'] == 'operator' and u['stores'] == ['north', 'south'],
          u)
    pat = signed_in_as(srv, 'pat', 'pat-password-99')
    # Changing.
    st, hd, page = users_form(owner, '/users/pat', [('role', 'viewer'), ('store', 'south')])
    u = user_of(owner, 'pat')
    check('change: 303, a viewer of south', st == 303 and hd.get('location') == '/users?msg=changed' and
          u['role'] == 'viewer' and u['stores'] == ['south'], (st, u))
    st, _ = pat.json('GET', '/api/me')
    check("the change ended pat's session", st == 401, st)
    st, hd, page = users_form(owner, '/users/pat', [('role', 'operator')])
    u = user_of(owner, 'pat')
    check('change, no store ticked: every store taken away', st == 303 and u['stores'] == [] and
          u['role'] == 'operator', (st, u))
    for path, fields, status, words, why in (
            ('/users/pat', [('role', 'admin')], 422, b'owner, operator or viewer', 'an unknown role'),
            ('/users/pat', [('role', 'operator'), ('store', 'nowhere')], 404, b'nowhere', 'an unknown store'),
            ('/users/pat', [('role', 'owner'), ('store', 'north')], 422, b'no seller accounts', 'stores for an owner'),
            ('/users/nobody', [('role', 'viewer')], 404, b'nobody', 'an unknown user'),
            ('/users/olivia', [('role', 'operator')], 409, b'last owner', 'the last owner demoted'),
            ('/users/olivia/remove', [], 409, b'last owner', 'the last owner removed')):
        st, hd, page = users_form(owner, path, fields)
        check('%s: %d, the refusal on the page' % (why, status), st == status and b'id="error"' in page and
              words in page and b'id="users"' in page and for_the_browser(srv, page), (st, page[:300]))
    u = user_of(owner, 'olivia')
    check('the last owner is still the owner', u and u['role'] == 'owner', u)
    st, hd, page = users_form(owner, '/users/olivia/remove?lang=zh', [])
    check('the last owner refusal in Chinese', st == 409 and '最后一位所有者'.encode() in page, st)
    st, hd, page = users_form(owner, '/users/pat', [('role', 'viewer')], csrf=False)
    check('change without the CSRF token: 403', st == 403 and user_of(owner, 'pat')['role'] == 'operator', st)
    # A stale form: another owner (or another tab) changed the user after the page was shown.
    st, hd, page = owner.request('GET', '/users')
    m = re.search(rb'<tr data-user="sam">.*?name="etag" value="([0-9a-f]{16})"', page, re.S)
    seen = m.group(1).decode() if m else ''
    check("each change form carries the user's etag", m and seen == user_of(owner, 'sam')['etag'], seen)
    st, out = owner.json('PATCH', '/api/users/sam', {'stores': ['north']})
    st, hd, page = users_form(owner, '/users/sam', [('etag', seen), ('role', 'viewer'), ('store', 'south')])
    u = user_of(owner, 'sam')
    check('a stale change form: 409, the refusal on the page, the other change stands',
          st == 409 and b'changed after this form was shown' in page and u['role'] == 'operator' and
          u['stores'] == ['north'], (st, u, page[:300]))
    st, out = owner.json('PATCH', '/api/users/sam', {'role': 'viewer', 'etag': seen})
    check('PATCH with an old etag: 409', st == 409 and 'changed after' in out.get('error', ''), (st, out))
    st, out = owner.json('PATCH', '/api/users/sam', {'role': 'operator', 'stores': ['south'], 'etag': u['etag']})
    check('PATCH with the current etag: 200', st == 200, (st, out))
    st, hd, page = owner.request('GET', '/users/sam/remove')
    m = re.search(rb'id="remove-form".*?name="etag" value="([0-9a-f]{16})"', page, re.S)
    owner.json('PATCH', '/api/users/sam', {'role': 'viewer'})
    st, hd, page = users_form(owner, '/users/sam/remove', [('etag', m.group(1).decode() if m else 'x')])
    check('a stale remove confirmation: 409, the user kept', m and st == 409 and user_of(owner, 'sam'), st)
    # Removing: a confirmation page first.
    st, hd, page = owner.request('GET', '/users/pat/remove')
    check('GET /users/pat/remove: a page that asks, a form that posts', st == 200 and
          b'id="remove-form"' in page and b'action="/users/pat/remove"' in page and b'method="post"' in page and
          user_of(owner, 'pat'), st)
    st, hd, page = owner.request('GET', '/users/olivia/remove')
    check('removing yourself: the page says so', st == 200 and b'id="remove-self"' in page, st)
    st, hd, page = owner.request('GET', '/users/nobody/remove')
    check('the confirmation of an unknown user: 404 on the list', st == 404 and b'id="error"' in page, st)
    st, hd, page = users_form(owner, '/users/pat/remove', [], csrf=False)
    check('remove without the CSRF token: 403', st == 403 and user_of(owner, 'pat'), st)
    st, hd, page = users_form(owner, '/users/pat/remove', [])
    check('remove: 303 back to the list, pat gone', st == 303 and hd.get('location') == '/users?msg=removed' and
          user_of(owner, 'pat') is None, (st, hd))
    # A stale form: the user was removed meanwhile (in another tab, or by another owner).
    st, hd, page = users_form(owner, '/users/pat/remove', [])
    check('a stale remove form: 404, the list as it now is', st == 404 and b'id="error"' in page and
          b'data-user="pat"' not in page, st)
    st, hd, page = users_form(owner, '/users/pat', [('role', 'viewer')])
    check('a stale change form: 404', st == 404 and b'id="error"' in page, st)
    st, hd, page = oscar.request('POST', '/users/vera', 'role=owner&csrf=' + oscar.csrf, headers=FORM, csrf=False)
    check('an operator posting the change form: 403, nothing changed', st == 403 and
          user_of(owner, 'vera')['role'] == 'viewer', st)
    st, hd, page = owner.request('GET', '/users/vera')
    check('GET /users/NAME: 405 (the change form posts)', st == 405, st)


def user_of_all(owner):
    return owner.json('GET', '/api/users')[1]


def signed_in_as(srv, name, password):
    c = srv.client()
    st, body, _ = c.login(name, password)
    if st != 200:
        raise RuntimeError('sign-in of %s: %d %s' % (name, st, body))
    return c


def test_users_not_team(poa):
    srv = Server(poa)
    try:
        srv.login()
        st, _, page = srv.request('GET', '/users')
        check('without --team: GET /users is 404', st == 404, st)
        st, _, page = srv.request('GET', '/')
        check('without --team: no Users link', st == 200 and b'href="/users"' not in page, st)
        st, _, _ = srv.request('POST', '/api/users', {'name': 'x', 'role': 'owner', 'password': 'p' * 12})
        check('without --team: POST /api/users is 404', st == 404, st)
    finally:
        srv.stop()


def test_public_url(poa, tmp):
    srv = TeamServer(poa, tmp, args=['--public-url', 'https://poa.example.com'])
    try:
        c = srv.client()
        st, hd, _ = c.request('GET', '/login', host='poa.example.com')
        check('--public-url: its Host is accepted', st == 200, st)
        st, hd, _ = c.request('GET', '/login', host='evil.example.com')
        check('--public-url: another Host: 403', st == 403, st)
        st, body, hd = c.login('vera', PASSWORDS['vera'])
        check('--public-url https: the session cookie is Secure', st == 200 and 'Secure' in hd.get('set-cookie', ''),
              hd.get('set-cookie'))
        st, _, _ = c.request('POST', '/api/lint', {'text': 'Hi'}, host='poa.example.com',
                             headers={'Origin': 'https://poa.example.com'})
        check('--public-url: its Origin is this server', st == 200, st)
    finally:
        srv.stop()


def test_startup(poa, env):
    def run(*args, e=None):
        return subprocess.run([poa, 'serve'] + list(args), capture_output=True, text=True, env=e or env, timeout=30)
    p = run('--team', '--listen', '0.0.0.0:0')
    check('--team on 0.0.0.0 without --public-url: refused, naming --public-url https',
          p.returncode == 64 and '--public-url https://' in p.stderr, p.stderr)
    p = run('--team', '--listen', '0.0.0.0:0', '--public-url', 'http://poa.example.com')
    check('--team on 0.0.0.0 with an http --public-url: refused', p.returncode == 64 and 'https' in p.stderr,
          p.stderr)
    p = run('--listen', '0.0.0.0:0')
    check('0.0.0.0 without --team: refused, naming --team', p.returncode == 64 and '--team' in p.stderr, p.stderr)
    p = run('--public-url', 'https://poa.example.com')
    check('--public-url without --team: refused', p.returncode == 64 and '--team' in p.stderr, p.stderr)
    p = run('--team', '--session-idle', '30')
    check('--session-idle without a unit: refused', p.returncode == 64 and '30m' in p.stderr, p.stderr)
    p = run('--session-max', '8h')
    check('--session-max without --team: refused', p.returncode == 64, p.stderr)
    # Run before the store has users.
    p = run('--team', '--listen', '127.0.0.1:0')
    check('--team on a store without an owner: refused, naming poa user add --role owner',
          p.returncode == 64 and 'poa user add' in p.stderr and '--role owner' in p.stderr, p.stderr)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    poa = os.path.join(os.path.abspath(sys.argv[1]), 'poa')
    tmp = tempfile.mkdtemp(prefix='poa-team-')
    env = team_env(tmp)
    srv = None
    try:
        test_startup(poa, env)
        test_users_not_team(poa)
        pwdir = setup_store(poa, tmp, env)
        srv = TeamServer(poa, tmp)
        users = {n: signed_in(srv, n) for n in ('olivia', 'oscar', 'vera')}
        file_cases(users['olivia'])
        test_matrix(srv, users)
        test_login(srv, users)
        test_fixation(srv)
        test_csrf(srv, users)
        test_roles_pages(srv, users)
        test_conflict(srv, users)
        test_timeline(srv, users)
        test_logout(srv, poa, env, pwdir)
        test_brute_force(srv)
        test_users_api(srv, users)
        test_users_add_api(srv, users)
        test_users_page(srv, users)
        test_user_password(srv, users)
        test_expiry(poa, tmp)
        test_public_url(poa, tmp)
    finally:
        if srv:
            srv.stop()
            err = srv.proc.stderr.read() if srv.proc.stderr else ''
            check('the server wrote no error', 'ERROR' not in err and 'runtime error' not in err, err[-2000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d passed, %d failed' % (PASSED, FAILED))
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
