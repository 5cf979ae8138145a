"""Webhook SSRF guard, seen from outside: a blocked destination never sees a packet (no TCP
connect, no TLS ClientHello), for IP literals and for names resolving to blocked addresses; the
delivery fails at once (attempts 1, last_error names the address); malformed URLs are refused
before any network activity; proxy environment variables are ignored unless --webhook-proxy
names a proxy."""
import socket
import subprocess
import threading
import time

import pytest

from conftest import TOLK_BIN, free_port, make_db_url
from lone_helpers import Lone, Receiver, set_setting, start_server

PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


class Listener:
    """A raw TCP listener that records every connection and the first bytes sent on it."""

    def __init__(self, host="127.0.0.1", port=0):
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.closed:
            try:
                conn, addr = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            rec = {"peer": addr, "data": b""}
            self.conns.append(rec)
            conn.settimeout(0.5)
            try:
                rec["data"] = conn.recv(4096)
            except OSError:
                pass
            conn.close()

    def close(self):
        self.closed = True
        self.thread.join()
        self.sock.close()


def env_server(backend_env, extra, env, log_name):
    """A server whose `tolk serve` gets extra environment variables (this process's own
    environment, and so the test's HTTP client, stays without proxies)."""
    return start_server(backend_env, extra, log_name=log_name, env=env)


@pytest.fixture(scope="module")
def plain(backend_env):
    """No --webhook-allow: every private or local address is blocked."""
    s = start_server(backend_env, [], log_name="ssrf-plain")
    yield s
    assert s.stop() == 0, s.log_tail()


@pytest.fixture(scope="module")
def allowing(backend_env):
    s = start_server(backend_env, ["--webhook-allow", "127.0.0.0/8"], log_name="ssrf-allow")
    yield s
    assert s.stop() == 0, s.log_tail()


@pytest.fixture
def trap():
    lst = Listener()
    yield lst
    lst.close()


# ---------------------------------------------------------------- helpers

def queue(srv, url):
    """Queue one delivery to `url` the ordinary way (webhook_url + a translation); project id."""
    proj = srv.project()
    lone = Lone(srv, proj)
    sid = lone.string(lone.category("Website"), "hello", "Hello")
    set_setting(srv, proj, "webhook_url", url)
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour")
    return srv.project_id(proj.identifier)


def queue_row(srv, url):
    """Queue a delivery row straight in the table, for URLs the settings refuse to store."""
    pid = srv.project_id(srv.project().identifier)
    srv.sql(f"INSERT INTO webhook_delivery (project_id, url, payload, next_attempt_at, created) "
            f"VALUES ({pid}, '{url}', '[]', 0, 0)")
    return pid


def outcome(srv, pid, timeout=20):
    """(state, attempts, last_error) of the project's delivery after its first attempt."""
    deadline = time.time() + timeout
    rows = None
    while time.time() < deadline:
        rows = srv.sql(f"SELECT state, attempts, last_error FROM webhook_delivery "
                       f"WHERE project_id = {pid}")
        if rows and rows[0][1] != "0":
            assert len(rows) == 1, rows
            return rows[0][0], int(rows[0][1]), rows[0][2]
        time.sleep(0.1)
    raise AssertionError(f"no delivery attempt: {rows}")


def log_count(srv, text):
    with open(srv.log_path, "rb") as f:
        return f.read().decode("utf-8", "replace").count(text)


def assert_blocked(srv, pid, ip, why, listeners):
    state, attempts, err = outcome(srv, pid)
    time.sleep(0.5)
    for lst in listeners:
        assert lst.conns == [], f"{lst.port} was contacted: {lst.conns}"
    assert (state, attempts) == ("failed", 1), err
    assert err.startswith("blocked: ") and ip in err and why in err, err
    assert "--webhook-allow" in err, err
    # never retried
    assert srv.sql(f"SELECT state, attempts FROM webhook_delivery WHERE project_id = {pid}") == \
        [("failed", "1")]


# ---------------------------------------------------------------- blocked before connect

@pytest.mark.parametrize("scheme", ["http", "https"])
def test_ssrf_loopback_literal_sees_no_connection(plain, trap, scheme):
    before = log_count(plain, "not delivered")
    pid = queue(plain, f"{scheme}://127.0.0.1:{trap.port}/hook")
    assert_blocked(plain, pid, "127.0.0.1", "loopback", [trap])
    assert log_count(plain, "not delivered") - before == 1


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_ssrf_localhost_name_sees_no_connection(plain, trap, scheme):
    """A name resolving to loopback (every address curl would try) is refused before connect."""
    v6 = None
    try:
        v6 = Listener("::1", trap.port)
    except OSError:
        pass
    try:
        before = log_count(plain, "not delivered")
        pid = queue(plain, f"{scheme}://localhost:{trap.port}/hook")
        state, attempts, err = outcome(plain, pid)
        assert (state, attempts) == ("failed", 1), err
        assert log_count(plain, "not delivered") - before == 1
        assert err.startswith("blocked: ") and "loopback" in err, err
        assert "127.0.0.1" in err or "::1" in err, err
        time.sleep(0.5)
        assert trap.conns == [] and (v6 is None or v6.conns == [])
    finally:
        if v6:
            v6.close()


def test_ssrf_ipv6_loopback_sees_no_connection(plain):
    try:
        lst = Listener("::1")
    except OSError:
        pytest.skip("no IPv6 loopback")
    try:
        pid = queue(plain, f"https://[::1]:{lst.port}/hook")
        assert_blocked(plain, pid, "::1", "loopback", [lst])
    finally:
        lst.close()


@pytest.mark.parametrize("host", ["127.1", "0x7f000001", "2130706433", "0177.0.0.1", "0.0.0.0",
                                  "[::ffff:127.0.0.1]"])
def test_ssrf_other_spellings_of_loopback(plain, trap, host):
    pid = queue(plain, f"http://{host}:{trap.port}/hook")
    state, attempts, err = outcome(plain, pid)
    assert (state, attempts) == ("failed", 1), err
    assert err.startswith(("blocked: ", "refused: ")), err
    time.sleep(0.5)
    assert trap.conns == []


# ---------------------------------------------------------------- refused URLs

@pytest.mark.parametrize("url,why", [
    ("http://user:secret@127.0.0.1:{port}/hook", "user info"),
    ("http://user@127.0.0.1:{port}/hook", "user info"),
    ("http://:pw@127.0.0.1:{port}/hook", "user info"),
    ("http://bad_name.localhost:{port}/hook", "host"),
    ("http://-bad.localhost:{port}/hook", "host"),
    ("http://a..localhost:{port}/hook", "host"),
    ("http://%6cocalhost:{port}/hook", ""),
    ("http://[fe80::1%25lo]:{port}/hook", ""),
])
def test_ssrf_malformed_urls_refused(allowing, trap, url, why):
    """Refused before any network activity, even where the address itself is allowed."""
    pid = queue(allowing, url.format(port=trap.port))
    state, attempts, err = outcome(allowing, pid)
    assert (state, attempts) == ("failed", 1), err
    assert err.startswith("refused: ") and why in err, err
    time.sleep(0.3)
    assert trap.conns == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:{port}/x", "gopher://127.0.0.1:{port}/_x",
                                 "dict://127.0.0.1:{port}/x", "file:///etc/passwd",
                                 "telnet://127.0.0.1:{port}", "127.0.0.1:{port}/x"])
def test_ssrf_other_schemes_refused(allowing, trap, url):
    pid = queue_row(allowing, url.format(port=trap.port))
    state, attempts, err = outcome(allowing, pid)
    assert (state, attempts) == ("failed", 1), err
    assert err.startswith("refused: "), err
    time.sleep(0.3)
    assert trap.conns == []


# ---------------------------------------------------------------- allowed destinations

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_ssrf_allowed_destination_delivers(allowing, host):
    """127.0.0.0/8 allowed: delivered (for localhost, a blocked ::1 candidate is skipped)."""
    rcv = Receiver()
    try:
        pid = queue(allowing, f"http://{host}:{rcv.port}/hook")
        assert len(rcv.wait(1)) == 1
        assert outcome(allowing, pid) == ("sent", 1, "")
    finally:
        rcv.close()


def test_ssrf_connection_failure_still_retries(allowing):
    """An allowed address that refuses the connection is an ordinary failure: retried."""
    pid = queue(allowing, f"http://127.0.0.1:{free_port()}/hook")
    state, attempts, err = outcome(allowing, pid)
    assert (state, attempts) == ("pending", 1), err
    assert err.startswith("curl 7:"), err


# ---------------------------------------------------------------- proxies

def test_ssrf_proxy_environment_ignored(backend_env, trap):
    """http_proxy & co. in the server's environment never receive a webhook."""
    env = {v: f"http://127.0.0.1:{trap.port}" for v in PROXY_VARS}
    env.update(no_proxy="", NO_PROXY="")
    s = env_server(backend_env, ["--webhook-allow", "127.0.0.0/8"], env, "ssrf-envproxy")
    rcv = Receiver()
    try:
        pid = queue(s, rcv.url)
        assert len(rcv.wait(1)) == 1
        assert outcome(s, pid) == ("sent", 1, "")
        # ::1 is blocked, 127.0.0.1 allowed but closed: an ordinary failure, retried
        pid = queue(s, f"https://localhost:{free_port()}/hook")
        state, attempts, err = outcome(s, pid)
        assert (state, attempts) == ("pending", 1) and err.startswith("curl 7:"), err
        time.sleep(0.3)
        assert trap.conns == []
    finally:
        rcv.close()
        assert s.stop() == 0, s.log_tail()


def test_ssrf_configured_proxy(backend_env, trap):
    """--webhook-proxy: POSTs go through it (its own loopback address is the operator's
    choice); the environment (no_proxy included) cannot route around it; a blocked IP
    literal is still refused without asking the proxy."""
    proxy = Receiver()
    env = {v: f"http://127.0.0.1:{trap.port}" for v in PROXY_VARS}
    env.update(no_proxy="*", NO_PROXY="*")
    s = env_server(backend_env, ["--webhook-proxy", f"http://127.0.0.1:{proxy.port}"], env,
                   "ssrf-proxy")
    try:
        pid = queue(s, "http://hooks.example.invalid/hook")
        reqs = proxy.wait(1)
        assert [r["path"] for r in reqs] == ["http://hooks.example.invalid/hook"]
        assert outcome(s, pid) == ("sent", 1, "")
        pid = queue(s, "http://127.0.0.1:9/hook")
        assert_blocked(s, pid, "127.0.0.1", "loopback", [trap])
        assert len(proxy.requests) == 1
    finally:
        proxy.close()
        assert s.stop() == 0, s.log_tail()


def test_ssrf_bad_proxy_refused_at_start(backend_env):
    backend, tmpdir, pg = backend_env
    p = subprocess.run([TOLK_BIN, "serve", "--listen", "127.0.0.1:0", "--db",
                        make_db_url(backend, tmpdir, pg), "--webhook-proxy", "http://[nope"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=15)
    assert p.returncode != 0 and "webhook-proxy" in p.stdout, p.stdout
