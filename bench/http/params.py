#!/usr/bin/env python3
"""
Parameter parser cost: an unauthenticated 10 MB urlencoded body of N distinct
long bracket names (the shape that once took 8-10 s of CPU before its 401)
against the reference of the same number of bytes in ONE parameter, in the
same run, interleaved, median of ROUNDS.  A linear parser keeps the ratio
small and flat as N grows.

    bench/http/params.py [--bin build-release/tolk] [--db sqlite|postgresql://...]
                         [--rounds 5] [--names 1000,10000]

Prints one row per N: median seconds for the names body, for the reference, and
their ratio.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body):
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    t0 = time.perf_counter()
    try:
        urllib.request.urlopen(req, timeout=300).read()
    except urllib.error.HTTPError as e:     # the 401 is the expected answer
        e.read()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(REPO, "build-release", "tolk"))
    ap.add_argument("--db", default="sqlite")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--names", default="1000,10000")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        subprocess.run(["make", "-C", REPO, "release"], check=True)
    tmp = tempfile.mkdtemp(prefix="tolk-bench-params-")
    port = free_port()
    cmd = [a.bin, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", tmp, "--access-log", "0"]
    if a.db != "sqlite":
        cmd += ["--db", a.db]
    srv = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/supported-languages", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        url = base + "/api/project/nope/info?json"
        print(f"{'names':>7} {'MB':>5} {'names s':>9} {'one-value s':>12} {'ratio':>7}")
        for n in (int(x) for x in a.names.split(",")):
            per = 10_000_000 // n
            names = "&".join(f"a[{'x' * (per - 12)}{i:06d}]=v" for i in range(n)).encode()
            one = b"a=" + b"v" * (len(names) - 2)
            t_names, t_one = [], []
            for _ in range(a.rounds):
                t_names.append(post(url, names))
                t_one.append(post(url, one))
            mn, mo = statistics.median(t_names), statistics.median(t_one)
            print(f"{n:>7} {len(names) / 1e6:>5.1f} {mn:>9.3f} {mo:>12.3f} {mn / mo:>7.2f}")
    finally:
        srv.terminate()
        srv.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
