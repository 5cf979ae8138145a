"""
HTTP hardening, black-box: slow clients cannot lock others out (request read deadlines),
a second server cannot share a busy port, and ambiguous message framing (request
smuggling) is refused with 400 and a closed connection.

These tests start their own servers (extra flags: short deadlines keep them quick).
"""
import os
import re
import select
import socket
import subprocess
import threading
import time

import pytest
import requests

from conftest import TOLK_BIN, Server, make_db_url

LANGS = "/api/supported-languages?json"


@pytest.fixture
def start_server(backend_env):
    """Factory: start_server(*flags, port=None) -> a started Server; all stopped (and
    checked to exit 0) at the end of the test."""
    backend, tmpdir, pg = backend_env
    started = []

    def factory(*flags, port=None):
        s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg, port=port,
                   extra=["--access-log", "0", *flags], log_name="hardening")
        started.append(s)
        return s.start()

    yield factory
    for s in started:
        rc = s.stop()
        assert rc == 0, f"exit status {rc}:\n{s.log_tail()}"


def trickle_until_closed(sock, limit):
    """Send a byte every 0.25 s until the server closes `sock` (True) or `limit` s pass."""
    t0 = time.time()
    while time.time() - t0 < limit:
        try:
            sock.sendall(b"x")
        except OSError:
            return True
        if closed_by_peer(sock, 0.25):
            return True
    return False


def threads_and_fds(pid):
    return len(os.listdir(f"/proc/{pid}/task")), len(os.listdir(f"/proc/{pid}/fd"))


def closed_by_peer(sock, wait):
    """True once the server closed `sock` (EOF or reset) within `wait` seconds."""
    r, _, _ = select.select([sock], [], [], wait)
    if not r:
        return False
    try:
        return sock.recv(4096) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True


# ---------------------------------------------------------------- slow clients

class SlowHolder:
    """Holds `n` slowloris connections spread over `addrs` source addresses: each sends
    a request line and then one header byte every `interval` seconds, never finishing
    its headers.  Connections the server drops are opened again at once."""

    HEAD = b"GET /api/supported-languages?json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "

    def __init__(self, port, n=300, addrs=10, interval=1.0):
        self.port, self.n, self.interval = port, n, interval
        self.srcs = [f"127.0.0.{10 + i % addrs}" for i in range(n)]
        self.socks = [None] * n
        self.reopened = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open(self, i):
        s = socket.socket()
        s.bind((self.srcs[i], 0))
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", self.port))
            s.sendall(self.HEAD)
        except OSError:
            s.close()
            return None
        s.setblocking(False)
        return s

    def held(self):
        return sum(s is not None for s in self.socks)

    def run(self):
        while not self.stop.is_set():
            t0 = time.time()
            for i in range(self.n):
                if self.stop.is_set():
                    break
                s = self.socks[i]
                if s is not None:
                    try:
                        if s.recv(1) == b"":
                            raise ConnectionResetError
                    except BlockingIOError:
                        try:
                            s.send(b"x")
                            continue
                        except OSError:
                            pass
                    except OSError:
                        pass
                    s.close()
                    self.reopened += 1
                self.socks[i] = self.open(i)
            self.stop.wait(max(0.0, self.interval - (time.time() - t0)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        for s in self.socks:
            if s is not None:
                s.close()


def test_slowloris_does_not_lock_out_other_clients(start_server):
    """300 connections from 10 addresses (each under the per-IP limit) trickle their
    headers a byte a second.  Before: 256 of them filled every connection slot and a
    normal client waited for a minute.  Now other clients are served at once, and each
    slow connection is dropped at the header deadline (3 s here)."""
    s = start_server("--header-timeout", "3")
    base_threads, base_fds = threads_and_fds(s.proc.pid)
    with SlowHolder(s.port, n=300, addrs=10, interval=1.0) as h:
        t_end = time.time() + 8
        worst, served = 0.0, 0
        while time.time() < t_end:
            t0 = time.time()
            r = requests.get(s.base + LANGS, timeout=5)
            worst = max(worst, time.time() - t0)
            assert r.status_code == 200
            served += 1
            time.sleep(0.2)
        held, reopened = h.held(), h.reopened
    assert held >= 250, f"only {held} slow connections held: the test did not load the server"
    assert reopened >= 250, f"slow connections were not dropped at the deadline ({reopened})"
    assert worst < 2.0, f"a normal request took {worst:.2f} s with 300 slow connections held"
    assert served >= 20
    # every dropped connection's thread and socket are gone again
    deadline = time.time() + 10
    while time.time() < deadline:
        threads, fds = threads_and_fds(s.proc.pid)
        if threads <= base_threads + 2 and fds <= base_fds + 2:
            break
        time.sleep(0.2)
    assert threads <= base_threads + 2, f"{threads} threads left, {base_threads} before"
    assert fds <= base_fds + 2, f"{fds} descriptors left, {base_fds} before"


def slow_send(sock, data, pause):
    for i in range(len(data)):
        sock.sendall(data[i:i + 1])
        time.sleep(pause)


def test_slow_headers_closed_at_deadline(start_server):
    s = start_server("--header-timeout", "2")
    c = socket.create_connection(("127.0.0.1", s.port))
    t0 = time.time()
    c.sendall(b"GET " + LANGS.encode() + b" HTTP/1.1\r\nHost: x\r\n")
    closed = trickle_until_closed(c, 6)     # an endless header, never idle
    took = time.time() - t0
    c.close()
    assert closed, "a connection still sending its headers after 6 s was not closed"
    assert 1.5 <= took <= 3.5, f"closed after {took:.2f} s, header deadline 2 s"


def test_headers_within_deadline_are_served(start_server):
    """Slow but in time (1.2 s of a 3 s deadline): served normally."""
    s = start_server("--header-timeout", "3")
    c = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    req = f"GET {LANGS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    slow_send(c, req, 1.2 / len(req))
    data = recv_all(c, 5)
    c.close()
    assert data.startswith(b"HTTP/1.1 200 "), data[:200]


def test_idle_keepalive_closed_at_header_deadline(start_server):
    """On a kept-alive connection the header deadline runs from the end of the previous
    request: an idle connection is closed then, not after the 60 s inactivity timeout."""
    s = start_server("--header-timeout", "2")
    c = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    c.sendall(f"GET {LANGS} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert read_responses(c, 1, 5)[0][0] == 200
    t0 = time.time()
    assert closed_by_peer(c, 5), "idle kept-alive connection still open after 5 s"
    took = time.time() - t0
    c.close()
    assert 1.5 <= took <= 3.5, f"closed after {took:.2f} s, header deadline 2 s"


def test_slow_body_closed_at_deadline(start_server, request):
    """Body deadline: 2 s plus 1 s per 1,000,000 bytes received; a body trickled a byte
    every 0.25 s is cut at about 2 s."""
    s = start_server("--body-timeout", "2", "--body-min-rate", "1000000")
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"POST /api/supported-languages HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 100000\r\n\r\njson=")
    t0 = time.time()
    closed = trickle_until_closed(c, 6)
    took = time.time() - t0
    c.close()
    assert closed, "a body trickling in after 6 s was not cut"
    assert 1.5 <= took <= 3.5, f"closed after {took:.2f} s, body deadline 2 s"


def test_body_at_min_rate_is_served(start_server):
    """A body arriving steadily above the minimum rate outlives the base deadline."""
    s = start_server("--body-timeout", "1", "--body-min-rate", "2000")
    body = b"json=&pad=" + b"x" * 6000      # 3 s of credit at 2000 B/s, sent over ~2 s
    c = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    c.sendall(b"POST /api/supported-languages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              + f"Content-Length: {len(body)}\r\n\r\n".encode())
    for i in range(0, len(body), 500):
        c.sendall(body[i:i + 500])
        time.sleep(0.17)
    data = recv_all(c, 5)
    c.close()
    assert data.startswith(b"HTTP/1.1 200 "), data[:200]


# ---------------------------------------------------------------- port in use

def test_second_server_on_busy_port_refuses_to_start(start_server, backend_env):
    first = start_server()
    backend, tmpdir, pg = backend_env
    p = subprocess.Popen([TOLK_BIN, "serve", "--listen", f"127.0.0.1:{first.port}",
                          "--db", make_db_url(backend, tmpdir, pg)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = p.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        pytest.fail("a second tolk serve on a busy port kept running")
    assert p.returncode != 0
    assert (f"tolk: cannot listen on 127.0.0.1:{first.port}: address already in use "
            "(is another tolk running?)") in err, err
    # the first one still serves every request (none went to the second database)
    proj = first.project()
    for _ in range(20):
        r = requests.get(f"{first.base}/api/project/{proj.identifier}/info",
                         params={"key": proj.key, "json": ""}, timeout=5)
        assert r.status_code == 200, r.text


def test_restart_on_same_port_with_time_wait(start_server):
    """SO_REUSEADDR stays: a server that closed connections itself (TIME_WAIT on its
    port) can be restarted on that port at once."""
    first = start_server()
    port = first.port
    for _ in range(5):
        r = requests.get(first.base + LANGS, headers={"Connection": "close"}, timeout=5)
        assert r.status_code == 200
    assert first.stop() == 0
    second = start_server(port=port)
    assert requests.get(second.base + LANGS, timeout=5).status_code == 200


# ---------------------------------------------------------------- request smuggling

SMUGGLED = b"GET /api/supported-languages?json HTTP/1.1\r\nHost: x\r\n\r\n"
STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


def recv_all(sock, wait):
    """Everything the server sends until it closes the connection (or `wait` s pass)."""
    data = b""
    deadline = time.time() + wait
    while time.time() < deadline:
        r, _, _ = select.select([sock], [], [], deadline - time.time())
        if not r:
            break
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            return data
        data += chunk
    raise AssertionError(f"connection still open after {wait} s; received {data[:300]!r}")


def read_responses(sock, n, wait):
    """n responses (status, headers dict, body) read off a kept-alive connection."""
    f = sock.makefile("rb")
    sock.settimeout(wait)
    out = []
    for _ in range(n):
        status = int(f.readline().split()[1])
        headers = {}
        while (line := f.readline()) not in (b"\r\n", b""):
            k, v = line.decode().split(":", 1)
            headers[k.strip().lower()] = v.strip()
        body = f.read(int(headers.get("content-length", 0)))
        out.append((status, headers, body))
    return out


def framing_request(head):
    return b"POST /api/supported-languages?json HTTP/1.1\r\nHost: x\r\n" + head


SMUGGLING = {
    "two_content_lengths": b"Content-Length: 0\r\nContent-Length: 47\r\n\r\n",
    "two_equal_content_lengths": b"Content-Length: 0\r\nContent-Length: 0\r\n\r\n",
    "content_length_and_chunked": b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  b"0\r\n\r\n",
    "chunked_and_content_length": b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                                  b"0\r\n\r\n",
    "transfer_encoding_gzip_chunked": b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "transfer_encoding_identity": b"Transfer-Encoding: identity\r\n\r\n",
    "two_transfer_encodings": b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
                              b"\r\n0\r\n\r\n",
    "space_before_colon": b"Content-Length : 47\r\n\r\n",
    "content_length_with_text": b"Content-Length: 0\r\nTransfer-Encoding: chunked\r\n"
                                b"Content-Length: abc\r\n\r\n0\r\n\r\n",
    # libmicrohttpd refuses these itself, before tolk sees the request; 0.9.75 writes the
    # head of its 400 twice (the client reads one 400 whose body holds the copy)
    "content_length_list": b"Content-Length: 0, 0\r\n\r\n",
    "content_length_plus": b"Content-Length: +0\r\n\r\n",
    "content_length_hex": b"Content-Length: 0x0\r\n\r\n",
}
REFUSED_BY_MHD = {"content_length_list", "content_length_plus", "content_length_hex"}


def split_response(data):
    """(status, headers, body, rest): the first response by its own framing."""
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {}
    for line in lines[1:]:
        k, v = line.decode().split(":", 1)
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", 0))
    return int(lines[0].split()[1]), headers, rest[:n], rest[n:]


@pytest.mark.parametrize("case", sorted(SMUGGLING))
def test_ambiguous_framing_refused_and_closed(start_server, case):
    """A request with ambiguous framing followed, in the same write, by a second request
    (what a front end that framed it differently would see as body): one 400 with
    Connection: close, then the connection is closed; the second is never answered."""
    s = start_server()
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(framing_request(SMUGGLING[case]) + SMUGGLED)
    data = recv_all(c, 5)
    c.close()
    status, headers, body, rest = split_response(data)
    assert status == 400, f"{case}: got {data[:600]!r}"
    assert headers.get("connection", "").lower() == "close", headers
    assert set(STATUS_LINE.findall(data)) == {b"400"}, f"{case}: got {data[:600]!r}"
    if case not in REFUSED_BY_MHD:
        assert rest == b"", f"{case}: more than one response: {data[:600]!r}"
        assert body.startswith(b"Bad Request: "), body
    # the server is fine afterwards
    assert requests.get(s.base + LANGS, timeout=5).status_code == 200


def test_transfer_encoding_in_http10_refused(start_server):
    s = start_server()
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"POST /api/supported-languages?json HTTP/1.0\r\nHost: x\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED)
    data = recv_all(c, 5)
    c.close()
    status, headers, _, rest = split_response(data)
    assert (status, rest) == (400, b""), data[:600]


def test_pipelined_keepalive_requests_still_work(start_server):
    """Well-framed requests in one write: a Content-Length body, a chunked body and a
    plain GET are all answered, in order, on one kept-alive connection."""
    s = start_server()
    body = b"json=&x=1"
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"POST /api/supported-languages HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
              + b"POST /api/supported-languages HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n"
              + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
              + SMUGGLED)
    got = read_responses(c, 3, 5)
    assert [g[0] for g in got] == [200, 200, 200]
    assert all(g[1].get("connection", "").lower() != "close" for g in got)
    assert got[0][2].startswith(b"[") or got[0][2].startswith(b"{"), got[0][2][:100]
    # still open: a fourth request on the same connection
    c.sendall(SMUGGLED)
    assert read_responses(c, 1, 5)[0][0] == 200
    c.close()


def test_chunked_upload_from_a_client_still_works(start_server):
    s = start_server()
    r = requests.post(s.base + "/api/supported-languages", timeout=5,
                      headers={"Content-Type": "application/x-www-form-urlencoded"},
                      data=iter([b"json=", b"&x=1"]))
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
