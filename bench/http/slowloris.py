#!/usr/bin/env python3
"""
Slowloris benchmark: what a normal client gets while slow clients hold connections.

    bench/http/slowloris.py                       build build-http-rel/ (Release) and measure
    TOLK_BIN=path/to/tolk bench/http/slowloris.py

A normal client (wrk, from 127.0.0.1) fetches GET /api/supported-languages?json, first
alone, then while SLOW connections from ADDRS loopback addresses (127.0.0.10, .11, ...)
send a request head a byte every INTERVAL seconds and never finish it; the ones the server
drops are opened again at once.  ROUNDS interleaved rounds; medians.  Then MEMORY: the
server's RSS and threads with HOLD connections open and idle (every one a thread).

Knobs (environment): ROUNDS=3 DURATION=10 (seconds per wrk run: spans a header deadline) THREADS=2 CONNECTIONS=8
SLOW=300 ADDRS=10 INTERVAL=1 HOLD=1000 BUILD_DIR=build-http-rel SERVE_ARGS="" (extra
`tolk serve` flags, e.g. "--header-timeout 5").  Prints figures only.
"""
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("ROUNDS", 3))
DURATION = int(os.environ.get("DURATION", 10))
THREADS = int(os.environ.get("THREADS", 2))
CONNECTIONS = int(os.environ.get("CONNECTIONS", 8))
SLOW = int(os.environ.get("SLOW", 300))
ADDRS = int(os.environ.get("ADDRS", 10))
INTERVAL = float(os.environ.get("INTERVAL", 1))
HOLD = int(os.environ.get("HOLD", 1000))
BUILD_DIR = os.environ.get("BUILD_DIR", "build-http-rel")
SERVE_ARGS = shlex.split(os.environ.get("SERVE_ARGS", ""))
PATH = "/api/supported-languages?json"


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def die(msg):
    say(f"slowloris: {msg}")
    sys.exit(1)


def tolk_bin():
    if os.environ.get("TOLK_BIN"):
        return os.environ["TOLK_BIN"]
    say(f"slowloris: building {BUILD_DIR} (Release)")
    subprocess.run(["cmake", "-S", ".", "-B", BUILD_DIR, "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Release", "-DTOLK_TESTS=OFF"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", BUILD_DIR, "tolk"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    return str(REPO / BUILD_DIR / "tolk")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slow:
    """n connections from `addrs` source addresses, each sending a request head one byte
    per `interval` seconds, never ending it; dropped ones are opened again at once.
    per_addr spreads them evenly (under a per-IP limit)."""

    HEAD = b"GET /api/supported-languages?json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "

    def __init__(self, port, n, addrs, interval, first_addr=10):
        self.port, self.n, self.interval = port, n, interval
        self.srcs = [f"127.0.{(first_addr + i % addrs) // 250}.{(first_addr + i % addrs) % 250 + 1}"
                     for i in range(n)]
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

    def alive(self, s):
        try:
            if s.recv(1) == b"":
                return False
        except BlockingIOError:
            try:
                s.send(b"x")
                return True
            except OSError:
                return False
        except OSError:
            return False
        return False

    def run(self):
        while not self.stop.is_set():
            t0 = time.time()
            for i in range(self.n):
                if self.stop.is_set():
                    break
                s = self.socks[i]
                if s is not None:
                    if self.alive(s):
                        continue
                    s.close()
                    self.reopened += 1
                self.socks[i] = self.open(i)
            self.stop.wait(max(0.0, self.interval - (time.time() - t0)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)
        for s in self.socks:
            if s is not None:
                s.close()


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]


def run_wrk(url):
    """(req/s, p50 ms, p99 ms, socket errors + non-2xx)"""
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s",
                          "--timeout", "10s", "--latency", url],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errs = sum(int(n) for e in re.findall(r"Socket errors: (.*)", out)
               for n in re.findall(r"\d+", e))
    errs += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    if not (rps and p50 and p99):
        return 0.0, float("nan"), float("nan"), errs or -1
    return float(rps.group(1)), ms(p50.group(1)), ms(p99.group(1)), errs


def proc_status(pid):
    st = {}
    for line in open(f"/proc/{pid}/status"):
        k, v = line.split(":", 1)
        st[k] = (v.split() or [""])[0]
    return int(st["VmRSS"]) // 1024, int(st["VmSize"]) // 1024, int(st["Threads"])


def main():
    if not shutil.which("wrk"):
        die("wrk not found (apt-get install wrk)")
    binp = tolk_bin()
    work = tempfile.mkdtemp(prefix="tolk-slowloris.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(work, "server.log"), "wb")
    srv = subprocess.Popen([binp, "serve", "--listen", f"127.0.0.1:{port}", "--db",
                            f"sqlite:{work}/bench.db", "--access-log", "0", "--log-level", "warn",
                            *SERVE_ARGS], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + PATH, timeout=1).read()
                break
            except OSError:
                if srv.poll() is not None:
                    die(f"server exited: {open(log.name).read()}")
                time.sleep(0.1)
        rows = {"alone": [], "slow": []}
        held = []
        say(f"slowloris: {ROUNDS} rounds x (alone, with {SLOW} slow connections), "
            f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s")
        for r in range(ROUNDS):
            rows["alone"].append(run_wrk(base + PATH))
            with Slow(port, SLOW, ADDRS, INTERVAL) as slow:
                time.sleep(2 * INTERVAL + 1)    # all opened and trickling
                rows["slow"].append(run_wrk(base + PATH))
                held.append((slow.held(), slow.reopened))
            time.sleep(1)
        # memory: HOLD idle connections, each a thread (32 addresses, under the per-IP cap)
        with Slow(port, HOLD, max(32, HOLD // 31 + 1), 1000.0, first_addr=40) as hold:
            time.sleep(3)
            n_held = hold.held()
            rss, vsz, threads = proc_status(srv.pid)
        time.sleep(3)
        rss0, vsz0, threads0 = proc_status(srv.pid)
        if srv.poll() is not None:
            die("server died during the runs")
    finally:
        srv.terminate()
        srv.wait(30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)

    def med(name, i):
        return statistics.median(x[i] for x in rows[name])

    git = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                         stdout=subprocess.PIPE, text=True).stdout.strip() or "?"
    print()
    print(f"tolk slowloris benchmark: {binp} (git {git}), {os.cpu_count()} CPUs, "
          f"GET {PATH}, wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s, "
          f"{ROUNDS} interleaved rounds, medians")
    print(f"slow clients: {SLOW} connections from {ADDRS} addresses, a head byte every "
          f"{INTERVAL:g} s, reopened when dropped; serve flags: {' '.join(SERVE_ARGS) or '(defaults)'}")
    print()
    print(f"{'normal client':<28} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}   runs (req/s)")
    for name, label in (("alone", "alone"), ("slow", f"with {SLOW} slow connections")):
        runs = " ".join(f"{x[0]:.0f}" for x in rows[name])
        errs = sum(x[3] for x in rows[name])
        lat = (f"{med(name, 1):>8.2f} {med(name, 2):>8.2f}" if med(name, 0) else
               f"{'-':>8} {'-':>8}")
        print(f"{label:<28} {med(name, 0):>10.0f} {lat} {errs:>7}   {runs}")
    a, w = med("alone", 0), med("slow", 0)
    print()
    p99 = f"{med('slow', 2) / med('alone', 2):.2f}" if w else "-"
    print(f"req/s with / alone = {w / a if a else 0:.2f}; p99 with / alone = {p99}")
    print("slow connections held at the end of each run (reopened so far): " +
          ", ".join(f"{h} ({o})" for h, o in held))
    print(f"memory: {n_held} idle connections held: RSS {rss} MB, VmSize {vsz} MB, "
          f"{threads} threads (after they close: RSS {rss0} MB, {threads0} threads)")


if __name__ == "__main__":
    main()
