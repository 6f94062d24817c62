"""Starting `poa serve` for a test: a throwaway store (POA_DB in a temp dir),
port 0 (the server picks a free one and prints its URL), --today fixed.
Used by tests/web/api_test.py, tests/web/browser.mjs's driver in
tests/run.py, and bench/serve.py."""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TODAY = '2026-11-28'


class Server:
    def __init__(self, poa, db_dir=None, args=(), env=None):
        self.tmp = db_dir or tempfile.mkdtemp(prefix='poa-serve-')
        self.own_tmp = db_dir is None
        e = dict(os.environ if env is None else env)
        # POA_TEST_STORE_A: an empty store to use instead (a PostgreSQL database
        # for the web/api[pg] run of tests/run.py).
        e['POA_DB'] = e.get('POA_TEST_STORE_A') or os.path.join(self.tmp, 'poa.db')
        e.setdefault('TZ', 'UTC')
        self.env = e
        self.proc = subprocess.Popen([poa, 'serve', '--listen', '127.0.0.1:0', '--today', TODAY] + list(args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r'(http://[^/\s]+)/\?token=([0-9a-f]+)', line)
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ''
            self.stop()
            raise RuntimeError('poa serve printed no URL: %r %s' % (line, err))
        self.url, self.base, self.token = line.split()[-1], m.group(1), m.group(2)
        self.host, self.port = urllib.parse.urlsplit(self.base).hostname, urllib.parse.urlsplit(self.base).port
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, cookie=True, csrf=True, host=None):
        """(status, headers dict lower-case, body bytes)."""
        h = {'Host': host or '%s:%d' % (self.host, self.port)}
        if cookie and self.cookie:
            h['Cookie'] = self.cookie
        if csrf and method in ('POST', 'PATCH', 'DELETE') and self.csrf:
            h['X-CSRF-Token'] = self.csrf
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h['Content-Type'] = 'application/json'
        elif isinstance(body, str):
            body = body.encode()
        h.update(headers or {})
        c = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            h = {}
            for k, v in r.getheaders():
                k = k.lower()
                h[k] = h[k] + '\n' + v if k in h and k == 'set-cookie' else v
            return r.status, h, data
        finally:
            c.close()

    def login(self):
        """Trades the token for the session cookie; reads the CSRF token."""
        st, h, _ = self.request('GET', '/?token=' + self.token, cookie=False)
        if st != 303:
            raise RuntimeError('token trade: %d' % st)
        self.cookie = [c for c in h['set-cookie'].split('\n') if c.startswith('poa_session=')][0].split(';')[0]
        st, _, page = self.request('GET', '/')
        self.csrf = re.search(rb'name="csrf-token" content="([0-9a-f]+)"', page).group(1).decode()
        return self

    def json(self, method, path, body=None, **kw):
        st, h, data = self.request(method, path, body, **kw)
        try:
            return st, json.loads(data)
        except ValueError:
            return st, {'_raw': data.decode(errors='replace')}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.own_tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


class TeamServer(Server):
    """`poa serve --team` on a store the caller has set up (users, stores):
    no token; each Client signs in on its own."""

    def __init__(self, poa, db_dir, args=(), env=None):
        self.tmp = db_dir
        self.own_tmp = False
        self.env = team_env(db_dir, env)
        self.proc = subprocess.Popen([poa, 'serve', '--team', '--listen', '127.0.0.1:0', '--today', TODAY] +
                                     list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
                                     text=True)
        line = self.proc.stdout.readline()
        m = re.search(r'open (http://[^/\s]+)/', line)
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ''
            self.stop()
            raise RuntimeError('poa serve --team printed no URL: %r %s' % (line, err))
        self.base = self.url = m.group(1)
        u = urllib.parse.urlsplit(self.base)
        self.host, self.port = u.hostname, u.port
        self.token = None
        self.cookie = None
        self.csrf = None

    def client(self, host=None):
        return Client(self, host)


def team_env(db_dir, env=None):
    """The environment of a team server and of the poa commands that set up
    its store (the same POA_DB)."""
    e = dict(os.environ if env is None else env)
    e['POA_DB'] = e.get('POA_TEST_STORE_A') or os.path.join(db_dir, 'poa.db')
    e.setdefault('TZ', 'UTC')
    return e


class Client:
    """One browser's cookies against a TeamServer: request/json as Server's."""
    request = Server.request
    json = Server.json

    def __init__(self, srv, host=None):
        self.srv = srv
        self.host, self.port = srv.host, srv.port
        self.host_header = host
        self.cookie = None
        self.csrf = None
        self.user = None

    def login(self, name, password, client_ip=None):
        """POST /api/login; returns (status, body). Keeps the cookie."""
        h = {'X-Forwarded-For': client_ip} if client_ip else {}
        st, hd, data = self.request('POST', '/api/login', {'name': name, 'password': password}, headers=h)
        try:
            body = json.loads(data)
        except ValueError:
            body = {}
        if st == 200:
            self.cookie = [c for c in hd['set-cookie'].split('\n') if c.startswith('poa_session=')][0].split(';')[0]
            self.csrf = body['csrf']
            self.user = name
        return st, body, hd


def multipart(fields, files):
    """(body, content type) of a multipart/form-data request; files are
    (field, filename, bytes)."""
    boundary = 'poatest%d' % int(time.time() * 1e6)
    out = []
    for k, v in fields.items():
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode())
    for k, name, data in files:
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                    'Content-Type: application/octet-stream\r\n\r\n' % (boundary, k, name)).encode() + data + b'\r\n')
    out.append(('--%s--\r\n' % boundary).encode())
    return b''.join(out), 'multipart/form-data; boundary=' + boundary
