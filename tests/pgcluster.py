"""A throwaway PostgreSQL 15 cluster for the [pg] variants of the store tests.

Debian's server (package postgresql): initdb and pg_ctl run as the postgres
user when we are root (initdb refuses root), on a free port of 127.0.0.1, with
its data, socket and log in a temporary folder that stop() removes.

    c = Cluster.start()          # raises Missing when PostgreSQL is not installed
    url = c.url                  # postgresql://postgres@127.0.0.1:PORT (no database)
    name = c.new_database()      # postgresql://postgres@127.0.0.1:PORT/poa_N
    c.stop()
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

BIN = os.environ.get('POA_PG_BIN', '/usr/lib/postgresql/15/bin')


class Missing(Exception):
    pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, tmp, port, as_user):
        self.tmp, self.port, self.as_user = tmp, port, as_user
        self.url = 'postgresql://postgres@127.0.0.1:%d' % port
        self.serial = 0

    @classmethod
    def start(cls):
        for tool in ('initdb', 'pg_ctl', 'psql'):
            path = os.path.join(BIN, tool) if tool != 'psql' else shutil.which('psql') or os.path.join(BIN, 'psql')
            if not os.access(path, os.X_OK):
                raise Missing('%s is missing: PostgreSQL 15 is not installed; run scripts/install-deps.sh '
                              '(Debian package postgresql)' % path)
        as_user = []
        tmp = tempfile.mkdtemp(prefix='poa-pg-')
        if os.geteuid() == 0:
            pw = pwd.getpwnam('postgres')
            os.chown(tmp, pw.pw_uid, pw.pw_gid)
            as_user = ['runuser', '-u', 'postgres', '--']
        c = cls(tmp, free_port(), as_user)
        data = os.path.join(tmp, 'data')
        try:
            c._run([os.path.join(BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8',
                    '--locale=C'])
            # A throwaway cluster: no fsync, sockets in its own folder.
            opts = '-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c full_page_writes=off' % (c.port, tmp)
            c._run([os.path.join(BIN, 'pg_ctl'), '-D', data, '-o', opts, '-l', os.path.join(tmp, 'log'), '-w',
                    '-t', '60', 'start'])
        except subprocess.CalledProcessError as e:
            log = ''
            try:
                with open(os.path.join(tmp, 'log'), encoding='utf-8', errors='replace') as f:
                    log = f.read()[-2000:]
            except OSError:
                pass
            shutil.rmtree(tmp, ignore_errors=True)
            raise Missing('the test cluster did not start: %s\n%s%s' % (e, e.output or '', log))
        return c

    def _run(self, argv):
        subprocess.run(self.as_user + argv, check=True, capture_output=True, text=True, cwd=self.tmp, timeout=120)

    def sql(self, statement, database='postgres'):
        subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', str(self.port),
                        '-U', 'postgres', '-d', database, '-c', statement],
                       check=True, capture_output=True, text=True, timeout=60)

    def new_database(self):
        """The URL of a new, empty database."""
        self.serial += 1
        name = 'poa_%d_%d' % (os.getpid(), self.serial)
        self.sql('CREATE DATABASE %s' % name)
        return '%s/%s' % (self.url, name)

    def stop(self):
        try:
            self._run([os.path.join(BIN, 'pg_ctl'), '-D', os.path.join(self.tmp, 'data'), '-m', 'immediate',
                       '-w', 'stop'])
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


if __name__ == '__main__':
    # A cluster for trying things by hand: prints its URL, stops on Enter.
    c = Cluster.start()
    print(c.url, flush=True)
    try:
        input()
    finally:
        c.stop()
