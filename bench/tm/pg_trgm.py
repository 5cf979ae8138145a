#!/usr/bin/python3
"""The queries bench_tm answered, through PostgreSQL pg_trgm over the same units:
the approach of Weblate (a GiST trigram index, `source % text` at a similarity
threshold, 0.5 by default as in Weblate #18698) and Tolgee.

    bench/tm/pg_trgm.py DIR [--threshold 0.5] [--index gist|gin] [--timeout 60] [--queries N]

DIR holds units.tsv and queries.tsv from `TM_DUMP=DIR bench_tm ...` (bench/tm/run.sh
with PG_TRGM=1 does both).  Each query runs as its own statement in one psql session:
    SELECT id, similarity(source, q) FROM tm WHERE source % q ORDER BY 2 DESC, id LIMIT 5
timed by psql's \\timing (the round trip on a Unix socket adds about 0.05 ms).  Printed
next to the index's latency for the same query from the same run (the ratio), and how
many of the index's matches (word-level score >= 70, exact) pg_trgm's top 5 holds.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pg  # noqa: E402


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(-(-q * len(xs) // 1)) - 1))]


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def copy_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_queries(path):
    qs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, text, ms, ans = line.rstrip("\n").split("\t")
            ids = [int(a.split(":")[0]) for a in ans.split(",") if a]
            qs.append((int(n), copy_unescape(text), float(ms), ids))
    return qs


class Psql:
    def __init__(self, url):
        self.cmd = [os.path.join(pg.BINDIR, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", url]

    def run(self, sql, stdin=None):
        p = subprocess.run(self.cmd + ["-At", "-c", sql], stdin=stdin, capture_output=True,
                           text=True)
        if p.returncode:
            raise SystemExit(f"psql: {p.stderr.strip()}\n  in: {sql[:200]}")
        return p.stdout.strip()

    def timed(self, sql, stdin=None):
        t0 = time.time()
        out = self.run(sql, stdin)
        return time.time() - t0, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--index", choices=("gist", "gin"), default="gist")
    ap.add_argument("--timeout", type=int, default=60, help="seconds a query may take")
    ap.add_argument("--queries", type=int, default=0, help="only the first N (both kinds alternate)")
    a = ap.parse_args()
    queries = read_queries(os.path.join(a.dir, "queries.tsv"))
    if a.queries:
        queries = queries[:a.queries]
    cluster = pg.PgCluster().start()
    try:
        url = cluster.createdb()
        db = Psql(url)
        db.run("CREATE EXTENSION pg_trgm; CREATE TABLE tm (id BIGINT PRIMARY KEY, source TEXT NOT NULL)")
        with open(os.path.join(a.dir, "units.tsv"), "rb") as f:
            t_copy, _ = db.timed("COPY tm (id, source) FROM STDIN", stdin=f)
        t_index, _ = db.timed(f"SET maintenance_work_mem = '1GB'; CREATE INDEX tm_trgm ON tm "
                              f"USING {a.index} (source {a.index}_trgm_ops); ANALYZE tm")
        units = int(db.run("SELECT count(*) FROM tm"))
        size = int(db.run("SELECT pg_relation_size('tm_trgm')"))
        print(f"pg_trgm            {units} units: COPY {t_copy:.1f} s, {a.index.upper()} index "
              f"{t_index:.1f} s ({size / units:.0f} bytes/unit, {size / 1e6:.0f} MB); "
              f"{pg.NOTE}")
        # one session, one statement a query, each timed by psql
        script = [f"SET pg_trgm.similarity_threshold = {a.threshold};",
                  f"SET statement_timeout = '{a.timeout}s';", "\\timing on"]
        for n, text, _, _ in queries:
            q = sql_text(text)
            script.append(f"\\echo Q {n}")
            script.append(f"SELECT id FROM tm WHERE source % {q} "
                          f"ORDER BY similarity(source, {q}) DESC, id LIMIT 5;")
        p = subprocess.run(db.cmd[:-1] + ["-At", url], input="\n".join(script) + "\n",
                           capture_output=True, text=True)
        got, lat, cur = {}, {}, None
        for line in (p.stdout + "\n").splitlines():
            if line.startswith("Q "):
                cur = int(line[2:])
                got[cur] = []
            elif line.startswith("Time: ") and cur is not None:
                lat[cur] = float(line.split()[1])
            elif line.strip().isdigit() and cur is not None:
                got[cur].append(int(line))
        timed_out = p.stderr.count("statement timeout")
    finally:
        cluster.stop()
    done = [q for q in queries if q[0] in lat]
    if not done:
        raise SystemExit(f"pg_trgm: no query finished\n{p.stderr[-2000:]}")
    pl = [lat[q[0]] for q in done]
    il = [q[2] for q in done]
    want = sum(len(q[3]) for q in done)
    kept = sum(len(set(q[3]) & set(got[q[0]])) for q in done)
    missed = sum(1 for q in done if q[3] and not got[q[0]])
    print(f"pg_trgm search     {len(done)} of {len(queries)} queries (top 5, similarity >= "
          f"{a.threshold}; {timed_out} over {a.timeout} s): median {statistics.median(pl):.2f} ms, "
          f"p99 {pct(pl, 0.99):.2f} ms, mean {statistics.mean(pl):.2f} ms, max {max(pl):.1f} ms")
    print(f"tm index, same     median {statistics.median(il):.3f} ms, p99 {pct(il, 0.99):.3f} ms, "
          f"mean {statistics.mean(il):.3f} ms: index median {statistics.median(pl) / statistics.median(il):.0f}x "
          f"faster, p99 {pct(pl, 0.99) / pct(il, 0.99):.0f}x, mean {statistics.mean(pl) / statistics.mean(il):.0f}x")
    print(f"agreement          pg_trgm's top 5 holds {kept} of the index's {want} matches "
          f"(score >= 70); {missed} queries with a match got none from pg_trgm")


if __name__ == "__main__":
    main()
