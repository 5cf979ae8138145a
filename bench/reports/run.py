#!/usr/bin/python3
"""bench/reports: the fuzzy translation-costs report over EVENTS contribution events.

A project of 10 languages and STRINGS strings (add-file of generated gettext files), MEMBERS
members in every role, and EVENTS translation events (default 1,000,000) written straight into
the event history over a year: TM matches 101/100/97/92/85/none, every fifth one approved, every
tenth an approval only.  Then, REPEAT times each and interleaved, the fuzzy report (three
ranges, individual rates, role_based_costs=1) as CSV and as XLSX: the seconds from the export
call to the stored artifact (the job's build), the peak RSS of a server started just before it
(VmHWM), and next to them a reference on the same database in the same run: the events'
COUNT(*) scan joined to their strings, as a ratio.  Goal: under 5 s and under 100 MB.

    bench/reports/run.py [--db sqlite|postgres|both] [--bin PATH]
    env: EVENTS=1000000 STRINGS=20000 MEMBERS=50 REPEAT=3
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tolkbench import (BACKEND_NAMES, LANGS, Backends, Corpus, Server, V1, bench_args,  # noqa: E402
                       batches, f2, header, log, median, ratio, table)

EVENTS = int(os.environ.get("EVENTS", "1000000"))
STRINGS = int(os.environ.get("STRINGS", "20000"))
MEMBERS = int(os.environ.get("MEMBERS", "50"))
REPEAT = int(os.environ.get("REPEAT", "3"))
ROLES = ("translator", "proofreader", "translator", "manager", "blocked")
RATES = {"mode": "fuzzy", "role_based_costs": "1", "regular_rates[translation]": "0.10",
         "regular_rates[perfect]": "0.02", "regular_rates[matched]": "0.03",
         "regular_rates[99-95]": "0.04", "regular_rates[94-90]": "0.06",
         "regular_rates[89-80]": "0.08", "regular_rates[aproval]": "0.05",
         "individual_rates[0][languages][]": "de", "individual_rates[0][rates][translation]": "0.12"}


def sql(db, statement):
    """Rows of one statement on the server's database (SQLite file or PostgreSQL URL)."""
    if db.startswith("sqlite:"):
        con = sqlite3.connect(db[7:], timeout=60)
        try:
            rows = con.execute(statement).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
    psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    out = subprocess.run([psql, db, "-v", "ON_ERROR_STOP=1", "-Atc", statement],
                         capture_output=True, text=True, check=True).stdout
    return [tuple(line.split("|")) for line in out.strip().splitlines() if line]


def case(expr, values):
    return "CASE " + expr + " " + " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values)) + \
        " END"


def populate(srv, langs):
    """The project, its strings and members, and EVENTS events; returns the project."""
    db = srv.db
    p = srv.project(langs)
    v = V1(srv, p)
    files = Corpus(STRINGS).po_files(10)
    v.add_dirs(files)
    for part in batches(files):
        v.add_file(part)
    pid = int(sql(db, f"SELECT id FROM project WHERE identifier = '{p.identifier}'")[0][0])
    now = int(time.time())
    accounts = []
    for i in range(MEMBERS):
        login = f"{p.identifier}-m{i}"
        sql(db, f"INSERT INTO account (login, email, account_key_hash, created) VALUES "
                f"('{login}', '{login}@example.com', '', {now})")
        aid = int(sql(db, f"SELECT id FROM account WHERE login = '{login}'")[0][0])
        sql(db, f"INSERT INTO member (project_id, account_id, role, languages, joined) VALUES "
                f"({pid}, {aid}, '{ROLES[i % len(ROLES)]}', '', {now})")
        accounts.append(aid)
    lang_ids = [int(r[0]) for r in sql(db, "SELECT language_id FROM project_language WHERE "
                                           f"project_id = {pid} ORDER BY language_id")]
    lo, hi = (int(x) for x in sql(db, f"SELECT MIN(id), MAX(id) FROM string WHERE project_id = {pid}")[0])
    series = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
              f"{EVENTS}) " if db.startswith("sqlite:") else "")
    source = "n" if db.startswith("sqlite:") else f"generate_series(1, {EVENTS}) AS n(x)"
    log(f"{BACKEND_NAMES['sqlite' if db.startswith('sqlite:') else 'postgres']}: "
        f"{EVENTS:,} events")
    sql(db, series + "INSERT INTO event (project_id, account_id, kind, string_id, language_id, "
            "origin, detail, created, tm_match, approved) SELECT "
            f"{pid}, {case(f'x % {MEMBERS}', accounts)}, "
            "CASE WHEN x % 10 = 0 THEN 'translation.approved' ELSE 'translation.added' END, "
            f"{lo} + x % {hi - lo + 1}, {case(f'x % {len(lang_ids)}', lang_ids)}, 'lone', '{{}}', "
            f"{now - 365 * 86400} + x * 31, "
            f"{case('x % 7', [101, 100, 97, 92, 85, 'NULL', 'NULL'])}, "
            f"CASE WHEN x % 5 = 0 THEN 1 ELSE 0 END FROM {source}")
    if not db.startswith("sqlite:"):
        sql(db, "ANALYZE event")
    return p, pid


def reset_peak(srv):
    """VmHWM back to the current RSS (clear_refs 5), so the peak is the report's: the start
    of `tolk serve` peaks higher than any later call."""
    with open(f"/proc/{srv.proc.pid}/clear_refs", "w") as fh:
        fh.write("5")


def build(srv, p, fmt):
    """Seconds of the download that builds and stores the report (the server runs no job
    workers: the download builds it, with the code a worker runs), and the file's size."""
    v = V1(srv, p)
    h = v.post("reports/translation-costs/export", format=fmt, **RATES)["hash"]
    t = time.perf_counter()
    r = v.http.get(srv.base + v.path("reports/translation-costs/download", json=False, hash=h),
                   timeout=600)
    secs = time.perf_counter() - t
    if r.status_code != 200:
        raise RuntimeError(f"download: HTTP {r.status_code} {r.text[:300]}")
    return secs, len(r.content)


def scan(db, pid):
    """The reference: the same events counted, joined to their strings (PostgreSQL: the
    server's own timing, without psql's start)."""
    q = ("SELECT COUNT(*), SUM(COALESCE(s.words, 0)) FROM event e LEFT JOIN string s ON "
         f"s.id = e.string_id WHERE e.project_id = {pid}")
    if db.startswith("sqlite:"):
        t = time.perf_counter()
        sql(db, q)
        return time.perf_counter() - t
    psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    out = subprocess.run([psql, db, "-At", "-c", "\\timing on", "-c", q], capture_output=True,
                         text=True, check=True).stdout
    return float(re.search(r"Time: ([0-9.]+) ms", out).group(1)) / 1000


def main():
    tolk, backends = bench_args(__doc__, "both")
    langs = LANGS[:10]
    with Backends(backends, tolk) as bk:
        srv, proj = {}, {}
        try:
            for b in backends:
                srv[b] = Server(tolk, bk.url(b)).start()
                proj[b] = populate(srv[b], langs)
                srv[b].wait_idle()
                srv[b].extra = ["--workers", "0"]
            header(f"bench/reports: fuzzy translation-costs report over {EVENTS:,} events "
                   f"({MEMBERS} members, {len(langs)} languages, {STRINGS:,} strings); "
                   f"medians of {REPEAT}, interleaved", bk,
                   ["time: the download that builds and stores the file (no job workers: the "
                    "download builds it, as a worker would); peak RSS: the server's "
                    "VmHWM during the report (reset just before it); idle RSS: the server "
                    "before it", "reference: COUNT(*) of the same "
                    "events joined to their strings, same database, same run"])
            got = {(b, f): [] for b in backends for f in ("csv", "xlsx")}
            hwm, idle, size, ref = {}, {}, {}, {b: [] for b in backends}
            for _ in range(REPEAT):
                for fmt in ("csv", "xlsx"):
                    for b in backends:
                        srv[b].restart()
                        time.sleep(1)
                        idle[b, fmt] = max(idle.get((b, fmt), 0), srv[b].rss_mb())
                        reset_peak(srv[b])
                        secs, size[b, fmt] = build(srv[b], proj[b][0], fmt)
                        got[b, fmt].append(secs)
                        hwm[b, fmt] = max(hwm.get((b, fmt), 0), srv[b].hwm_mb())
                        ref[b].append(scan(srv[b].db, proj[b][1]))
            rows = []
            for b in backends:
                r = median(ref[b])
                for fmt in ("csv", "xlsx"):
                    s = median(got[b, fmt])
                    rows.append([BACKEND_NAMES[b], fmt, f2(s, " s"), f2(hwm[b, fmt], " MB"),
                                 f2(idle[b, fmt], " MB"),
                                 f"{size[b, fmt]:,} B", f2(r, " s"), ratio(s, r),
                                 "yes" if s < 5 and hwm[b, fmt] < 100 else "no"])
            table(["backend", "format", "report", "peak RSS", "idle RSS", "file", "COUNT(*) scan",
                   "report / scan", "goal (< 5 s, < 100 MB)"], rows)
        finally:
            for s in srv.values():
                s.stop()


if __name__ == "__main__":
    main()
