#!/usr/bin/python3
"""A throwaway PostgreSQL 15 cluster in a temp dir, on a free port (the approach of
tests/api/conftest.py's PgCluster).  initdb refuses root, so as root the cluster runs as
`postgres` (runuser).  Durability is traded for speed, like SQLite's WAL +
synchronous=NORMAL and further: synchronous_commit=off always, and fsync=off and
full_page_writes=off unless TOLK_BENCH_PG_FSYNC=1.  NOTE says which, for the output.
The cluster's locale is C unless TOLK_BENCH_PG_LOCALE names another (C.UTF-8, en_US.UTF-8):
text indexes compare with the database's collation.

As a module:  cl = PgCluster(); cl.start(); url = cl.createdb(); ...; cl.stop()
From a shell: DIR=$(mktemp -d); URL=$(bench/lib/pg.py start "$DIR"); ...;
              bench/lib/pg.py stop "$DIR"      (prints the database URL, NOTE on stderr)
"""
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile

BINDIR = os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin")
FSYNC = os.environ.get("TOLK_BENCH_PG_FSYNC") == "1"
LOCALE = os.environ.get("TOLK_BENCH_PG_LOCALE", "C")
NOTE = ("PostgreSQL 15 throwaway cluster, synchronous_commit=off" +
        ("" if FSYNC else ", fsync=off, full_page_writes=off (no durability)") +
        ("" if LOCALE == "C" else f", locale {LOCALE}"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self, root=None, port=None):
        self.dir = root or tempfile.mkdtemp(prefix="tolk-bench-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = port or free_port()
        self.user = "postgres" if os.getuid() == 0 else None
        self.started = False
        self._dbs = itertools.count(1)

    def _pg(self, tool, *args, check=True):
        cmd = [os.path.join(BINDIR, tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--"] + cmd
        p = subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True)
        if check and p.returncode:
            raise RuntimeError(f"{' '.join(cmd)} -> {p.returncode}\n{p.stdout}{p.stderr}")
        return p

    def start(self):
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.dir, 0o700)
        self._pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 f"--locale={LOCALE}", "-N")
        opts = (f"-k {self.dir} -c listen_addresses=127.0.0.1 -p {self.port} "
                f"-c synchronous_commit=off")
        if not FSYNC:
            opts += " -c fsync=off -c full_page_writes=off"
        self._pg("pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.dir, "log"),
                 "-w", "-t", "60", "start")
        self.started = True
        return self

    def url(self, db):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def createdb(self, name=None):
        name = name or f"tolk{next(self._dbs)}"
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def dropdb(self, name):
        self._pg("dropdb", "--force", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def stop(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self._pg("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        sys.exit("usage: pg.py start|stop DIR   (DIR: an empty directory it may own)")
    cl = PgCluster(os.path.abspath(argv[2]))
    if argv[1] == "start":
        cl.start()
        print(cl.createdb("tolk"))
        print(NOTE, file=sys.stderr)
    else:
        cl.stop()


if __name__ == "__main__":
    main(sys.argv)
