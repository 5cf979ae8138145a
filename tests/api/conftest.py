"""
Black-box fixtures for the tolk HTTP API.

Every test runs once per database backend (`sqlite`, `postgres`): the
session fixture `srv` starts `tolk serve` on a free port against a fresh
database, and stops it with SIGTERM at the end (asserting a clean exit).

  srv.account()            -> Account(login, key)               (tolk account create)
  srv.project(account,...) -> Project(identifier, key, ...)     (tolk project create)
  srv.v1(path, params, fmt="json"|"jsonp"|"xml"|None, method=, where=, ...)
                           -> V1Response (requests.Response + .data/.xml/.error())
  srv.sql(statement)       -> rows, straight on the database (for setup and checks
                              the API cannot do yet)

PostgreSQL: a private cluster is started in a temp dir when `initdb` is
installed; otherwise the postgres params are skipped, unless
TOLK_REQUIRE_PG=1 (then they fail).  The binary is $TOLK_BIN, default
<repo>/build/tolk.
"""
import contextlib
import itertools
import json as jsonlib
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
TOLK_BIN = os.environ.get("TOLK_BIN") or str(REPO / "build" / "tolk")
BACKENDS = ["sqlite", "postgres"]
# Every test talks from 127.0.0.1, and many fail authentication on purpose: the
# failed-authentication limit is off for the suite, and on in test_hardening_auth.py.
os.environ.setdefault("TOLK_AUTH_FAIL_LIMIT", "0")
STOP_TIMEOUT = 10


# ---------------------------------------------------------------- helpers

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_seq = itertools.count(1)


def unique(prefix="t"):
    """A fresh identifier, valid as a project identifier and as a login."""
    return f"{prefix}{next(_seq)}-{uuid.uuid4().hex[:8]}"


def run(cmd, check=True, user=None, **kw):
    if user:
        cmd = ["runuser", "-u", user, "--"] + list(cmd)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} -> {p.returncode}\n"
                           f"stdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def kv_lines(text):
    out = {}
    for line in text.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


# ---------------------------------------------------------------- PostgreSQL

def find_pg_bin():
    cands = ["/usr/lib/postgresql/15/bin/initdb", shutil.which("initdb")]
    for c in cands:
        if c and os.path.exists(c):
            d = Path(os.path.realpath(c)).parent
            if (d / "pg_ctl").exists():
                return d
    return None


class PgCluster:
    """A throwaway PostgreSQL cluster in a temp dir, on a free port."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="tolk-pg-")
        self.data = os.path.join(self.dir, "data")
        self.user = None
        if os.getuid() == 0:
            # initdb refuses root: run the cluster as `postgres`
            self.user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.dir, 0o700)
        self.started = False
        self._dbs = itertools.count(1)
        self._psql = {}

    def _pg(self, tool, *args, check=True):
        return run([str(self.bindir / tool), *args], check=check, user=self.user, cwd=self.dir)

    def start(self):
        self._pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C", "-N")
        opts = f"-k {self.dir} -c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off " \
               f"-c synchronous_commit=off -c full_page_writes=off"
        self._pg("pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.dir, "log"),
                 "-w", "-t", "60", "start")
        self.started = True

    def url(self, db):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def createdb(self):
        name = f"tolk{next(self._dbs)}"
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def psql(self, url, sql):
        """Run one statement through a long-lived psql per database (no Python driver
        needed); rows come back as tuples of strings (NULL as None)."""
        sess = self._psql.get(url)
        if sess is None or sess.poll() is not None:
            psql = self.bindir / "psql"
            if not psql.exists():
                psql = shutil.which("psql")
            sess = subprocess.Popen(
                [str(psql), url, "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=\\N",
                 "-v", "ON_ERROR_STOP=0"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, bufsize=1)
            self._psql[url] = sess
        marker = f"__tolk_end_{uuid.uuid4().hex}__"
        sess.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo " + marker + "\n")
        sess.stdin.flush()
        rows, errors = [], []
        while True:
            line = sess.stdout.readline()
            if not line:
                raise RuntimeError(f"psql exited while running: {sql}")
            line = line.rstrip("\n")
            if line == marker:
                break
            if line.startswith(("ERROR:", "psql:")) or errors:
                errors.append(line)
            elif line != "":
                rows.append(tuple(None if c == "\\N" else c for c in line.split("\t")))
        if errors:
            raise RuntimeError(f"psql: {sql}\n" + "\n".join(errors))
        return rows

    def stop(self):
        for sess in self._psql.values():
            sess.stdin.close()
            sess.wait(5)
        if self.started:
            self._pg("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    bindir = find_pg_bin()
    if bindir is None:
        msg = ("PostgreSQL backend not tested: initdb not found "
               "(install postgresql-15, or /usr/lib/postgresql/15/bin/initdb on PATH)")
        if os.environ.get("TOLK_REQUIRE_PG") == "1":
            pytest.fail(msg + "; TOLK_REQUIRE_PG=1 requires it", pytrace=False)
        pytest.skip(msg)
    cl = PgCluster(bindir)
    try:
        cl.start()
    except Exception:
        cl.stop()
        raise
    yield cl
    cl.stop()


# ---------------------------------------------------------------- the server

@dataclass
class Account:
    login: str
    key: str

    def auth(self):
        return {"login": self.login, "account-key": self.key}


@dataclass
class Project:
    identifier: str
    key: str
    api_token: str
    name: str
    languages: list
    owner: Account

    def auth(self):
        return {"key": self.key}


class V1Response:
    """A requests.Response with v1 decoding helpers."""

    def __init__(self, r, fmt, jsonp_cb):
        self.r = r
        self.fmt = fmt
        self.cb = jsonp_cb

    def __getattr__(self, name):
        return getattr(self.r, name)

    @property
    def ctype(self):
        return self.r.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def data(self):
        """The JSON value (also unwraps JSONP)."""
        text = self.r.text
        if self.fmt == "jsonp":
            prefix = f"{self.cb}("
            assert text.startswith(prefix) and text.endswith(");"), text[:200]
            text = text[len(prefix):-2]
        return jsonlib.loads(text)

    @property
    def xml(self):
        return ET.fromstring(self.r.content)

    def error(self):
        """(code, message) of an error reply, in whichever format it came."""
        if self.fmt in ("json", "jsonp"):
            d = self.data
            assert d.get("success") is False, d
            return d["error"]["code"], d["error"]["message"]
        root = self.xml
        assert root.tag == "error", self.r.text[:300]
        return int(root.findtext("code")), root.findtext("message")

    def details(self):
        """The `details` an error carries beside its message (None when it has none)."""
        if self.fmt in ("json", "jsonp"):
            return self.data["error"].get("details")
        return self.xml.findtext("details")


def _multipart(params):
    out = []
    for k, v in params:
        if isinstance(v, tuple):
            out.append((k, v))
        else:
            out.append((k, (None, str(v))))
    return out


def _pairs(params):
    if params is None:
        return []
    if isinstance(params, dict):
        return list(params.items())
    return list(params)


class Server:
    """`tolk serve` on db_url; extra: more flags, env: more environment variables (the
    test process's own stay as they are), port: a fixed port (default a free one)."""

    def __init__(self, backend, db_url, tmpdir, pg=None, log_name="server", extra=(), env=None,
                 port=None):
        self.backend = backend
        self.db_url = db_url
        self.tmpdir = tmpdir
        self.pg = pg
        self.extra = list(extra)
        self.env = dict(env or {})
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(tmpdir, f"{log_name}-{self.port}.log")
        self.proc = None
        self.http = requests.Session()
        self._owner = None
        self._project_cols = None

    # -- process

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [TOLK_BIN, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db_url,
             *self.extra], stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, **self.env} if self.env else None)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tolk serve exited {self.proc.returncode}:\n{self.log_tail()}")
            try:
                requests.get(self.base + "/api/supported-languages", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.05)
        self.proc.kill()
        raise RuntimeError(f"tolk serve did not answer within 20 s:\n{self.log_tail()}")

    def restart(self):
        self.proc_rc = self.proc.returncode
        self.log.close()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        return self.start()

    def log_tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ""
        # a sanitizer report: show it from its first line
        for i, line in enumerate(lines):
            if "ERROR: AddressSanitizer" in line or "ERROR: LeakSanitizer" in line \
                    or "runtime error:" in line:
                return "\n".join(lines[max(0, i - 3):i + n])
        return "\n".join(lines[-n:])

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM; returns the exit code (None if it did not stop in time, then kills)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.http.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.log.close()

    # -- CLI on the same database

    def cli(self, *args, check=True):
        return run([TOLK_BIN, *args, "--db", self.db_url], check=check)

    def account(self, login=None):
        login = login or unique("u")
        p = self.cli("account", "create", "--login", login, "--email", f"{login}@example.com")
        kv = kv_lines(p.stdout)
        assert kv["login"] == login
        return Account(login, kv["account_key"])

    @property
    def owner(self):
        if self._owner is None:
            self._owner = self.account()
        return self._owner

    def project(self, account=None, identifier=None, name=None, languages=("fr", "de", "uk"),
                source="en"):
        account = account or self.owner
        identifier = identifier or unique("p")
        name = name or f"Project {identifier}"
        p = self.cli("project", "create", "--account", account.login, "--identifier", identifier,
                     "--name", name, "--source-language", source,
                     "--languages", ",".join(languages))
        kv = kv_lines(p.stdout)
        assert kv["identifier"] == identifier
        return Project(identifier, kv["project_key"], kv["api_token"], name, list(languages),
                       account)

    # -- direct database access (setup the API cannot do yet, and checks)

    def sql(self, statement, args=()):
        if self.backend == "sqlite":
            path = self.db_url.split(":", 1)[1]
            con = sqlite3.connect(path, timeout=30)
            try:
                cur = con.execute(statement, args)
                rows = cur.fetchall()
                con.commit()
                return [tuple(str(c) if c is not None else None for c in r) for r in rows]
            finally:
                con.close()
        assert not args, "postgres sql(): inline the values"
        return self.pg.psql(self.db_url, statement)

    def recount(self):
        """After rows were written straight into the database: the kept progress
        counts follow them (tolk doctor --repair yes)."""
        self.cli("doctor", "--repair", "yes")

    def project_id(self, identifier):
        return int(self.sql(f"SELECT id FROM project WHERE identifier = '{identifier}'")[0][0])

    def account_id(self, login):
        return int(self.sql(f"SELECT id FROM account WHERE login = '{login}'")[0][0])

    def add_member(self, project, account, role):
        pid, aid = self.project_id(project.identifier), self.account_id(account.login)
        self.sql(f"INSERT INTO member (project_id, account_id, role, joined) "
                 f"VALUES ({pid}, {aid}, '{role}', 0)")

    def project_row(self, identifier):
        """Every stored column of a project (as strings), for before/after comparisons."""
        cols = self._project_cols
        if cols is None:
            cols = self._project_cols = [r[0] for r in self.sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'project'"
                " ORDER BY column_name")] if self.backend == "postgres" else \
                sorted(r[1] for r in self.sql("PRAGMA table_info(project)"))
        sel = ", ".join(f"CAST({c} AS TEXT)" if c != "logo" else "logo IS NOT NULL"
                        for c in cols)
        rows = self.sql(f"SELECT {sel} FROM project WHERE identifier = '{identifier}'")
        return dict(zip(cols, rows[0])) if rows else None

    def project_languages(self, identifier):
        return self.sql("SELECT pl.language_id, pl.position FROM project_language pl "
                        "JOIN project p ON p.id = pl.project_id "
                        f"WHERE p.identifier = '{identifier}' ORDER BY pl.position")

    def snapshot(self, project):
        """info as the API shows it, plus the stored row and languages."""
        return (self.info_data(project), self.project_row(project.identifier),
                self.project_languages(project.identifier))

    # -- HTTP

    def get(self, path, **kw):
        kw.setdefault("timeout", 30)
        return self.http.get(self.base + path, **kw)

    def v1(self, path, params=None, fmt="json", method="POST", where=None, files=None,
           headers=None, jsonp="cb", timeout=30, data=None):
        """
        One v1 call.  path: "/api/project/ID/info" or "info" with project=.
        params: dict or list of pairs.  fmt: json | jsonp | xml (explicit ?xml) | None
        (nothing: default XML).  where: query | form | multipart (default: query
        for GET, form for POST).  files: list of (name, (filename, bytes)).
        """
        pairs = _pairs(params)
        if fmt == "json":
            pairs.append(("json", ""))
        elif fmt == "jsonp":
            pairs.append(("jsonp", jsonp))
        elif fmt == "xml":
            pairs.append(("xml", ""))
        if where is None:
            where = "multipart" if files else ("query" if method == "GET" else "form")
        kw = dict(timeout=timeout, headers=headers or {})
        if where == "query":
            kw["params"] = pairs
            if files:
                kw["files"] = files
        elif where == "form":
            kw["data"] = pairs
        elif where == "multipart":
            kw["files"] = _multipart(pairs) + list(files or [])
        else:
            raise ValueError(where)
        if data is not None:
            kw["data"] = data
        r = self.http.request(method, self.base + path, **kw)
        return V1Response(r, "xml" if fmt in (None, "xml") else fmt, jsonp)

    def info(self, project, fmt="json", **kw):
        params = kw.pop("params", None)
        if params is None:
            params = project.auth()
        return self.v1(f"/api/project/{project.identifier}/info", params, fmt=fmt, **kw)

    def info_data(self, project):
        r = self.info(project)
        assert r.status_code == 200, r.text
        return r.data


def make_db_url(backend, tmpdir, pg):
    if backend == "sqlite":
        return f"sqlite:{tmpdir}/tolk-{uuid.uuid4().hex[:8]}.db"
    return pg.createdb()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def backend_env(backend, request, tmp_path_factory):
    """(backend, tmpdir, pg cluster or None), and a factory for fresh database URLs."""
    if not os.path.exists(TOLK_BIN):
        pytest.fail(f"tolk binary not found at {TOLK_BIN} (set TOLK_BIN)", pytrace=False)
    pg = request.getfixturevalue("pg_cluster") if backend == "postgres" else None
    tmpdir = str(tmp_path_factory.mktemp(f"tolk-{backend}"))
    return backend, tmpdir, pg


@pytest.fixture(scope="session")
def new_server(backend_env):
    """Factory: a started server on a fresh database (or on db_url); stopped at session end."""
    backend, tmpdir, pg = backend_env
    started = []

    def factory(db_url=None, start=True):
        s = Server(backend, db_url or make_db_url(backend, tmpdir, pg), tmpdir, pg)
        if start:
            s.start()
        started.append(s)
        return s

    yield factory
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def session_srv(backend_env):
    backend, tmpdir, pg = backend_env
    s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg).start()
    yield s
    rc = s.stop()
    assert rc == 0, f"tolk serve ({backend}) exit status {rc} after SIGTERM " \
                    f"(None = still running after {STOP_TIMEOUT} s):\n{s.log_tail()}"


@pytest.fixture
def srv(session_srv):
    """The session server; a test that kills it errors with the server log, and the
    server is restarted on the same database so later tests still run."""
    s = session_srv
    if s.proc.poll() is not None:
        s.restart()
    yield s
    if s.proc.poll() is not None:
        tail = s.log_tail(60)
        s.restart()
        pytest.fail(f"tolk serve died during this test (exit {s.proc_rc}):\n{tail}",
                    pytrace=False)


@pytest.fixture
def proj(srv):
    """A fresh project (fr, de, uk from en) owned by the session owner account."""
    return srv.project()


@pytest.fixture(scope="module")
def ro_proj(session_srv):
    """A project shared by one module's tests that only read it or make calls that must
    fail (they check it is unchanged): fewer CLI runs.  Never modify it."""
    return session_srv.project()


@pytest.fixture
def acct(srv):
    return srv.account()


# ---------------------------------------------------------------- assertions

def children(el):
    return [c.tag for c in el]


def assert_xml_doc(r):
    assert r.status_code in (200, 400, 401, 403, 404, 413, 500)
    assert r.ctype == "text/xml", r.headers.get("Content-Type")
    assert r.text.startswith('<?xml version="1.0" encoding="UTF-8"?>'), r.text[:80]


def assert_v1_error(r, code, status=None):
    """An error reply with `code`, checked in its own format."""
    got, msg = r.error()
    assert got == code, f"expected code {code}, got {got} ({msg}); HTTP {r.status_code}"
    assert isinstance(msg, str) and msg
    if r.fmt == "json":
        assert r.ctype == "application/json"
        assert isinstance(r.data["error"]["code"], int)
    elif r.fmt == "jsonp":
        assert r.ctype == "application/javascript"
    else:
        assert_xml_doc(r)
    if status is not None:
        assert r.status_code == status, f"code {code}: HTTP {r.status_code}, want {status}"
    assert "Content-Disposition" not in r.headers
    return msg


def multipart_stream(fields, file_name, file_size, chunk=1 << 20, delay=0.0, on_chunk=None):
    """(headers, body): a multipart body with `fields` and one generated file part of
    file_size bytes, streamed with a Content-Length (never held in memory).  delay:
    seconds to sleep between chunks; on_chunk(n_sent_bytes) is called after each."""
    boundary = "tolk" + uuid.uuid4().hex
    head = b""
    for k, v in fields:
        head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                 f"{v}\r\n").encode()
    head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{file_name}\"; "
             f"filename=\"big.po\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    block = (b'msgid "x"\nmsgstr "y"\n' * (chunk // 20 + 1))[:chunk]

    class Body:
        def __len__(self):
            return len(head) + file_size + len(tail)

        def __iter__(self):
            yield head
            left = file_size
            while left:
                n = min(left, chunk)
                yield block[:n]
                left -= n
                if on_chunk:
                    on_chunk(file_size - left)
                if delay and left:
                    time.sleep(delay)
            yield tail

    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, Body()
