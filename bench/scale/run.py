#!/usr/bin/python3
"""bench/scale: how tolk's costs grow with project size, and PostgreSQL next to SQLite.

Every figure is printed next to a reference measured in the same run, interleaved (round 1 of
both, round 2 of both, ...), as the median of --rounds (3) rounds:

  import     add-file and upload-translation of 40,000 strings (4 .po files, one request each)
             into a fresh project: PostgreSQL / SQLite
  add        addTranslation, 16 clients (wrk -t2 -c16, bench/lone/add.lua) on that project:
             PostgreSQL / SQLite requests/s
  read       status, language-status and info at 200,000 strings vs at 2,000 strings, on each
             backend (sequential calls on one keep-alive connection).  The 2,000-string project
             lives in a database of its own (the reference) and, again, in the shared database
             next to the 200,000-string one (a call should cost what its project costs, whatever
             its neighbours).  "uncached info": an addTranslation (untimed) before each info
             call bumps the project revision, the key of info's reply cache; the cached info is
             shown for context.  getTranslations of one language over the 200,000 strings in
             MB/s (curl, body discarded), next to download/all.zip of the same project (a
             stored blob: what the HTTP layer sends)
  huge       1,000,000 .po units: add-file then upload-translation (10 files of 100,000 units,
             one request each; one file of 1M realistic units would pass the 100 MB upload
             cap), on a fresh server: the time, its per-unit cost next to the 40,000-string
             import's, and the server's VmRSS after 5 s idle and VmHWM, next to its RSS at start
  isolation  PostgreSQL: one wave of 9 parallel upload-translation calls into project A (9
             languages), while one client calls info and status on project B (2,000 strings)
             back to back: B's p50/p99 during the wave next to the same client with no uploads
  nodes      PostgreSQL: two `tolk serve` on one database; a mixed workload (bench/scale/mix.lua:
             70% getTranslations of a string, 10% info, 20% addTranslation) through both nodes
             (wrk thread 1 on node 1, thread 2 on node 2) next to the same load through one node

A call that takes longer than --budget seconds is reported as "stopped" and that row ends
there for that backend (the server is restarted).  Data: gettext files with keys like
screen.section.name_123 (msgctxt), sentences of 3-12 words, a plural entry in ten.

    bench/scale/run.py [--bin PATH] [--db both|sqlite|postgres] [--quick] [--rounds 3]
                       [--only import,add,read,huge,isolation,nodes] [--budget 600]

--quick: small sizes (2,000-string import, 1,000 / 10,000 strings, 4,000 units, 2 s load runs)
for a smoke run in under two minutes; the ratios are then only indicative.
"""
import argparse
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tolkbench import (BACKEND_NAMES, LANGS, REPO, Backends, Conn, Corpus, Lone, OverBudget,  # noqa: E402
                       Server, V1, backends_arg, batches, curl_download, f2, header, log, median,
                       pct, ratio, table, timed, tolk_bin, wrk)

FULL = dict(import_n=40_000, import_files=4, load_s=5, small=2_000, big=200_000, big_files=20,
            calls=5, huge=1_000_000, huge_files=10, idle_s=5, iso_n=2_000, iso_base_s=10, seed_chunk=2_000)
QUICK = dict(import_n=2_000, import_files=2, load_s=2, small=1_000, big=10_000, big_files=4,
             calls=3, huge=4_000, huge_files=1, idle_s=1, iso_n=200, iso_base_s=2, seed_chunk=1_000)
SECTIONS = ["import", "add", "read", "huge", "isolation", "nodes"]
ADD_LUA = os.path.join(REPO, "bench", "lone", "add.lua")
MIX_LUA = os.path.join(REPO, "bench", "scale", "mix.lua")
PG, SQ = "postgres", "sqlite"


class Run:
    def __init__(self, args):
        self.a = args
        self.z = QUICK if args.quick else FULL
        self.tolk = tolk_bin(args.bin)
        self.backends = backends_arg(args.db)
        self.bk = Backends(self.backends, self.tolk)
        self.servers = {}      # backend -> the long-lived server of import/add/read
        self.import_project = {}
        self.summary = []      # the table: (measured, figure, reference, ratio, goal)
        self.per_unit_40k = {}

    def server(self, b):
        if b not in self.servers:
            self.servers[b] = Server(self.tolk, self.bk.url(b)).start()
        return self.servers[b]

    def guarded(self, b, server, fn, *args, **kw):
        """Seconds fn took, or None past the budget (then the server is restarted)."""
        try:
            return timed(fn, *args, **kw)
        except OverBudget as e:
            log(f"{BACKEND_NAMES[b]}: {e}; restarting the server")
            server.restart()
            return None

    def fill(self, server, n, n_files, langs=("fr", "de", "uk"), translate="fr"):
        """A project of n strings in n_files files, `translate` fully translated (uploaded in
        pieces of seed_chunk units: set-up, not measured)."""
        corpus = Corpus(n, seed=n)
        p = server.project(list(langs))
        v = V1(server, p)
        files = corpus.po_files(n_files)
        v.add_dirs(files)
        for part in batches(files):
            v.add_file(part)
        if translate:
            for piece in corpus.po_chunks(n_files, translate, self.z["seed_chunk"]):
                v.upload(translate, piece)
            waited = server.wait_idle()
            log(f"fill: {n:,} strings; the translation memory took {waited:.1f} s more to settle")
        return p

    # ------------------------------------------------------------ import and add

    def section_import(self):
        n, nf, budget = self.z["import_n"], self.z["import_files"], self.a.budget
        corpus = Corpus(n)
        src, tr = corpus.po_files(nf), corpus.po_files(nf, "fr")
        t = {(b, op): [] for b in self.backends for op in ("add", "upload")}
        live = list(self.backends)
        log(f"import: {self.a.rounds} rounds of add-file + upload-translation, {n:,} strings")
        for r in range(self.a.rounds):
            v = {}
            for b in list(live):
                s = self.server(b)
                self.import_project[b] = s.project(["fr", "de", "uk"])
                v[b] = V1(s, self.import_project[b], budget)
                v[b].add_dirs(src)
                t[b, "add"].append(self.guarded(b, s, v[b].add_file, src))
            for b in list(live):
                t[b, "upload"].append(self.guarded(b, self.server(b), v[b].upload, "fr", tr)
                                      if t[b, "add"][-1] is not None else None)
                if t[b, "upload"][-1] is None:     # over budget: no more rounds of it
                    live.remove(b)
                    del self.import_project[b]
                else:   # its memory units (jobs) are made before the next timed call
                    self.server(b).wait_idle()
        t = {k: [x if x is not None else float("inf") for x in xs] for k, xs in t.items()}
        rows = []
        for op, name in (("add", "add-file"), ("upload", "upload-translation (fr)")):
            m = {b: median(t[b, op]) for b in self.backends}
            row = [f"{name}, {n:,} strings, {nf} files"]
            for b in self.backends:
                row += [secs(m[b]), " ".join(secs(x) for x in t[b, op])]
            if len(self.backends) == 2:
                row.append(ratio(m[PG], m[SQ]))
                self.summary.append((f"{name.split(' ')[0]} of {n:,} strings, PostgreSQL / SQLite",
                                     f"{secs(m[PG])} s", f"{secs(m[SQ])} s", ratio(m[PG], m[SQ]), "<= 2x"))
            rows.append(row)
        for b in self.backends:
            self.per_unit_40k[b] = (median(t[b, "add"]) + median(t[b, "upload"])) / n
        table(["measured"] + cols(self.backends, ["s", "rounds"]) + pg_sq(self.backends), rows)
        print()

    def section_add(self):
        rows, res = [], {b: [] for b in self.backends}
        ids = {}
        for b in self.backends:
            s = self.server(b)
            if b not in self.import_project:
                self.import_project[b] = self.fill(s, self.z["import_n"], self.z["import_files"])
            lone = Lone(s, self.import_project[b])
            got = lone.call("getTranslations", translation_language=lone.lang("fr"))
            ids[b] = (write_ids([g["string_id"] for g in got], self.bk.work), lone.lang("fr"), len(got))
        log(f"add: {self.a.rounds} rounds of wrk -t2 -c16 -d{self.z['load_s']}s addTranslation")
        for r in range(self.a.rounds):
            for b in self.backends:
                s, p = self.server(b), self.import_project[b]
                res[b].append(wrk(s.base + Lone(s, p).path("addTranslation"), self.z["load_s"],
                                  script=ADD_LUA, env={"IDS_FILE": ids[b][0], "LANG_ID": str(ids[b][1])}))
        for b in self.backends:
            rows.append([f"addTranslation, 16 clients, {ids[b][2]:,} strings", BACKEND_NAMES[b],
                         f2(median(x["rps"] for x in res[b])), f2(median(x["p99"] for x in res[b])),
                         " ".join(f2(x["rps"]) for x in res[b]), sum(x["errors"] for x in res[b])])
        table(["measured", "backend", "req/s", "p99 ms", "rounds req/s", "errors"], rows)
        if len(self.backends) == 2:
            rq = {b: median(x["rps"] for x in res[b]) for b in self.backends}
            print(f"\naddTranslation PostgreSQL / SQLite: {ratio(rq[PG], rq[SQ])}")
            self.summary.append(("addTranslation, 16 clients, PostgreSQL / SQLite",
                                 f"{f2(rq[PG])} req/s", f"{f2(rq[SQ])} req/s", ratio(rq[PG], rq[SQ]),
                                 ">= 0.7x"))
        print()

    # ------------------------------------------------------------ reads at two sizes

    def section_read(self):
        z = self.z
        # "small": a project alone in its own database; "next": the same size in the shared
        # database, next to "big" (and the import projects): is a call's cost its project's?
        sizes = ("small", "next", "big")
        at = {}     # (backend, size) -> (server, project, id of one of its strings)
        alone = {}
        try:
            for b in self.backends:
                log(f"read: {BACKEND_NAMES[b]}: projects of {z['small']:,} (alone, and next to the big one) "
                    f"and {z['big']:,} strings, fr translated")
                alone[b] = Server(self.tolk, self.bk.url(b)).start()
                for size, s, n, nf in (("small", alone[b], z["small"], 1), ("next", self.server(b), z["small"], 1),
                                       ("big", self.server(b), z["big"], z["big_files"])):
                    p = self.fill(s, n, nf)
                    at[b, size] = (s, p, first_id(Lone(s, p)))
                s, p, _ = at[b, "big"]
                V1(s, p).post("export")
            self.read_calls(sizes, at)
            self.read_bytes(at)
        finally:
            for s in alone.values():
                s.stop(10)

    def read_calls(self, sizes, at):
        z = self.z
        ops = ["status", "language-status", "info (uncached)", "info (cached)"]
        lat = {(b, size, op): [] for b in self.backends for size in sizes for op in ops}
        log(f"read: {self.a.rounds} rounds of {z['calls']} calls of each")
        for r in range(self.a.rounds):
            for b in self.backends:
                for size in sizes:
                    s, p, sid = at[b, size]
                    v, lone, conn = V1(s, p), Lone(s, p), Conn(s.base)
                    for op in ops:
                        for i in range(z["calls"]):
                            if op == "info (uncached)":     # bumps the revision: info's cache key
                                lone.call("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
                                          translation_value=f"rev {r} {i} {time.time()}")
                            path = v.path("language-status", language="fr") if op == "language-status" \
                                else v.path(op.split(" ")[0])
                            sec, status, body = conn.timed("GET", path)
                            assert status == 200, body[:300]
                            lat[b, size, op].append(sec * 1000)
                    conn.close()
        rows = []
        for b in self.backends:
            for op in ops:
                small, near, big = (median(lat[b, size, op]) for size in sizes)
                rows.append([op, BACKEND_NAMES[b], f2(small), f2(near), f2(big), ratio(big, small), ratio(big, near)])
                if op != "info (cached)":
                    self.summary.append((f"{op.replace(' (uncached)', ', uncached')} at {z['big']:,} / at "
                                         f"{z['small']:,} strings, {BACKEND_NAMES[b]}",
                                         f"{f2(big)} ms", f"{f2(small)} ms (in the shared DB: {f2(near)} ms)",
                                         ratio(big, small), "<= 2x"))
        n_small, n_big = f"{z['small']:,}", f"{z['big']:,}"
        table(["call (median ms)", "backend", f"{n_small} strings, own DB", f"{n_small}, DB shared with {n_big}",
               f"{n_big} strings", "ratio", "ratio to shared"], rows)
        print(f"\n(median of {self.a.rounds} x {z['calls']} sequential calls on one connection; ratio: "
              f"{n_big} / {n_small} in its own database; info (cached) repeats an unchanged project's info)\n")

    def read_bytes(self, at):
        z = self.z
        # "changed": the first call after a translation changed (the reply is made from the rows);
        # "unchanged": the same call again (the reply kept as a file, src/core/filecache.h)
        kinds = ("changed", "unchanged", "zip")
        mbs = {(b, what): [] for b in self.backends for what in kinds}
        size_of = {}
        for r in range(self.a.rounds):
            for b in self.backends:
                s, p, sid = at[b, "big"]
                lone = Lone(s, p)
                fr = lone.lang("fr")
                lone.call("addTranslation", string_id=sid, translation_language=fr,
                          translation_value=f"read_bytes {r} {time.time()}")
                json_path = lone.path("getTranslations", translation_language=fr)
                for what, path in (("changed", json_path), ("unchanged", json_path),
                                   ("zip", V1(s, p).path("download/all.zip", json=False))):
                    sec, n = curl_download(s.base + path)
                    mbs[b, what].append(n / sec / 1e6)
                    size_of[b, what] = n
        rows = []
        for b in self.backends:
            ch, un, zp = (median(mbs[b, k]) for k in kinds)
            rows.append([BACKEND_NAMES[b], f"{size_of[b, 'changed'] / 1e6:.1f} MB", f2(ch), f2(un),
                         f"{size_of[b, 'zip'] / 1e6:.1f} MB", f2(zp), ratio(un, zp)])
            mb = f"{size_of[b, 'changed'] / 1e6:.0f} MB JSON"
            self.summary.append((f"getTranslations, one language, {z['big']:,} strings ({mb}), "
                                 f"unchanged project, {BACKEND_NAMES[b]}",
                                 f"{f2(un)} MB/s", f"all.zip {f2(zp)} MB/s", ratio(un, zp), ">= 400 MB/s"))
            self.summary.append((f"getTranslations, same, first call after a change, {BACKEND_NAMES[b]}",
                                 f"{f2(ch)} MB/s", f"all.zip {f2(zp)} MB/s", ratio(ch, zp), ">= 400 MB/s"))
        print(f"getTranslations of one language over {z['big']:,} strings (curl, body discarded): the first "
              "call after a translation changed, the same call again, and download/all.zip of the same "
              "project (a stored blob)")
        table(["backend", "getTranslations JSON", "after a change MB/s", "unchanged MB/s", "download/all.zip",
               "MB/s", "unchanged / zip"], rows)
        print()

    # ------------------------------------------------------------ 1M units, memory

    def section_huge(self):
        n, nf = self.z["huge"], self.z["huge_files"]
        log(f"huge: generating {n:,} units")
        corpus = Corpus(n, seed=7)
        src, tr = corpus.po_files(nf), corpus.po_files(nf, "fr")
        mb = sum(map(len, src.values())) / 1e6, sum(map(len, tr.values())) / 1e6
        res = {b: [] for b in self.backends}
        stopped = set()
        for r in range(self.a.rounds):
            for b in self.backends:
                if b in stopped:
                    continue
                log(f"huge: round {r + 1}, {BACKEND_NAMES[b]}")
                url = self.bk.url(b)
                s = Server(self.tolk, url).start()
                time.sleep(self.z["idle_s"])
                rss0 = s.rss_mb()
                p = s.project(["fr", "de", "uk"])
                v = V1(s, p, self.a.budget)
                v.add_dirs(src)
                t_add = self.guarded(b, s, v.add_file, src)
                t_up = self.guarded(b, s, v.upload, "fr", tr) if t_add is not None else None
                if t_up is None:
                    stopped.add(b)
                    res[b].append(dict(add=t_add, up=None, rss0=rss0, rss=None, hwm=None))
                else:
                    time.sleep(self.z["idle_s"])
                    res[b].append(dict(add=t_add, up=t_up, rss0=rss0, rss=s.rss_mb(), hwm=s.hwm_mb()))
                s.stop()
                self.bk.drop(url)
        rows = []
        for b in self.backends:
            xs = res[b]     # a backend's rounds; only its last may have stopped (None)
            add, up, rss0, rss, hwm = (median([x[k] for x in xs]) if all(x[k] is not None for x in xs)
                                       else None for k in ("add", "up", "rss0", "rss", "hwm"))
            total = add + up if up is not None else None
            unit, ref = (total / n if total else None), self.per_unit_40k.get(b)
            rows.append([BACKEND_NAMES[b], secs(add), secs(up), secs(total),
                         " ".join(secs(x["add"] + x["up"] if x["up"] is not None else None) for x in xs),
                         f"{unit * 1e6:.1f} us" if unit else "-", ratio(unit, ref) if unit and ref else "-",
                         f2(rss0), f2(rss), f2(hwm)])
            self.summary.append((f"{n:,}-unit .po: add-file + upload-translation, {BACKEND_NAMES[b]}",
                                 f"{secs(total)} s" if total else f"stopped: a call took > {self.a.budget} s",
                                 f"per unit: {ratio(unit, ref)} the {self.z['import_n']:,}-string import's"
                                 if unit and ref else "", "", "< 15 s"))
            if rss is not None:
                self.summary.append((f"server RSS after that import ({self.z['idle_s']} s idle), {BACKEND_NAMES[b]}",
                                     f"{f2(rss)} MB (peak {f2(hwm)})", f"at start {f2(rss0)} MB", "", "< 60 MB"))
        print(f"{n:,} units in {nf} .po files (source {mb[0]:.0f} MB, fr {mb[1]:.0f} MB), one add-file and "
              f"one upload-translation request, fresh server and database each round")
        table(["backend", "add-file s", "upload s", "total s", "rounds", "per unit",
               f"per unit / {self.z['import_n']:,} import", "RSS at start MB", "RSS after, idle MB", "VmHWM MB"], rows)
        print()

    # ------------------------------------------------------------ PostgreSQL only

    def section_isolation(self):
        z = self.z
        s = Server(self.tolk, self.bk.url(PG)).start()
        try:
            langs = LANGS[:9]
            corpus = Corpus(z["iso_n"], seed=9)
            a = s.project(langs)
            va = V1(s, a)
            va.add_dirs(corpus.po_files(1))
            va.add_file(corpus.po_files(1))
            b = self.fill(s, z["small"], 1)
            vb = V1(s, b)
            waves = {(r, l): corpus.po_files(1, l, variant=r) for r in range(self.a.rounds) for l in langs}
            lat = {(phase, op): [] for phase in ("idle", "wave") for op in ("info", "status")}
            wave_s, failed = [], []
            log(f"isolation: {self.a.rounds} rounds: B alone {z['iso_base_s']} s, then B during 9 uploads")
            for r in range(self.a.rounds):
                conn = Conn(s.base)

                def sample(phase, until):
                    while not until():
                        for op in ("info", "status"):
                            sec, st, body = conn.timed("GET", vb.path(op))
                            assert st == 200, body[:200]
                            lat[phase, op].append(sec * 1000)

                end = time.time() + z["iso_base_s"]
                sample("idle", lambda: time.time() > end)
                def upload(lang):
                    try:
                        V1(s, a, self.a.budget).upload(lang, waves[r, lang])
                    except Exception as e:  # noqa: BLE001 (counted and shown, not fatal)
                        failed.append(f"{lang}: {e}"[:200])

                threads = [threading.Thread(target=upload, args=(l,)) for l in langs]
                t0 = time.perf_counter()
                for t in threads:
                    t.start()
                sample("wave", lambda: not any(t.is_alive() for t in threads))
                wave_s.append(time.perf_counter() - t0)
                conn.close()
            rows = []
            for op in ("info", "status"):
                i, w = lat["idle", op], lat["wave", op]
                rows.append([f"{op} on B ({z['small']:,} strings)", f2(pct(i, 50)), f2(pct(i, 99)), len(i),
                             f2(pct(w, 50)), f2(pct(w, 99)), len(w), ratio(pct(w, 99), pct(i, 99))])
                self.summary.append((f"PostgreSQL: 9 parallel uploads into A, {op} on B p99",
                                     f"{f2(pct(w, 99))} ms", f"no uploads {f2(pct(i, 99))} ms",
                                     ratio(pct(w, 99), pct(i, 99)), "< 50 ms"))
            print(f"PostgreSQL isolation: 9 parallel upload-translation calls into A ({z['iso_n']:,} strings "
                  f"each, 9 languages; wave took {' '.join(secs(x) for x in wave_s)}), one client on B")
            table(["call", "no uploads p50 ms", "p99 ms", "calls", "during uploads p50 ms", "p99 ms", "calls",
                   "p99 ratio"], rows)
            if failed:
                print(f"{len(failed)} of {9 * self.a.rounds} uploads failed, e.g. {failed[0]}")
            print()
        finally:
            s.stop(10)

    def section_nodes(self):
        url = self.bk.url(PG)
        n1, n2 = Server(self.tolk, url).start(), Server(self.tolk, url).start()
        try:
            p = self.fill(n1, self.z["small"], 1)
            lone = Lone(n1, p)
            got = lone.call("getTranslations", translation_language=lone.lang("fr"))
            ids = write_ids([g["string_id"] for g in got], self.bk.work)
            env = {"IDS_FILE": ids, "LANG_ID": str(lone.lang("fr")), "TOKEN": p.token, "KEY": p.key,
                   "IDENT": p.identifier}
            res = {"one": [], "two": []}
            log(f"nodes: {self.a.rounds} rounds of wrk -t2 -c16 -d{self.z['load_s']}s, one node then two")
            for r in range(self.a.rounds):
                for mode, ports in (("one", f"{n1.port}"), ("two", f"{n1.port},{n2.port}")):
                    res[mode].append(wrk(n1.base + "/", self.z["load_s"], script=MIX_LUA,
                                         env={**env, "PORTS": ports}))
            rows = []
            for mode in ("one", "two"):
                x = res[mode]
                rows.append([f"through {mode} node{'s' if mode == 'two' else ''}", f2(median(y["rps"] for y in x)),
                             f2(median(y["p50"] for y in x)), f2(median(y["p99"] for y in x)),
                             " ".join(f2(y["rps"]) for y in x), sum(y["errors"] for y in x)])
            one, two = (median(y["rps"] for y in res[m]) for m in ("one", "two"))
            p99 = [median(y["p99"] for y in res[m]) for m in ("one", "two")]
            print(f"PostgreSQL, two `tolk serve` on one database, {self.z['small']:,} strings; mixed workload "
                  "(bench/scale/mix.lua), wrk -t2 -c16")
            table(["load", "req/s", "p50 ms", "p99 ms", "rounds req/s", "errors"], rows)
            print(f"\ntwo nodes / one node: {ratio(two, one)} req/s, p99 {ratio(p99[1], p99[0])}\n")
            self.summary.append(("PostgreSQL: mixed load through two nodes / one node",
                                 f"{f2(two)} req/s, p99 {f2(p99[1])} ms", f"{f2(one)} req/s, p99 {f2(p99[0])} ms",
                                 ratio(two, one), ""))
        finally:
            n1.stop(10)
            n2.stop(10)


# ------------------------------------------------------------ small helpers

def secs(x):
    if x is None or x == float("inf"):
        return "stopped"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def cols(backends, names):
    return [f"{BACKEND_NAMES[b]} {n}" for b in backends for n in names]


def pg_sq(backends):
    return ["PostgreSQL / SQLite"] if len(backends) == 2 else []


def write_ids(ids, work):
    fd, path = tempfile.mkstemp(prefix="ids-", dir=work)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(str(i) for i in ids) + "\n")
    return path


def first_id(lone):
    """The id of one string of the project (the first category's first string)."""
    cats = lone.call("getCategories")
    leaf = max(cats.values(), key=lambda c: int(c["id"]))
    return lone.call("getTranslations", translation_language=lone.lang("fr"), category_id=leaf["id"])[0]["string_id"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", help="tolk binary (default $TOLK_BIN, else build-release/tolk, built)")
    ap.add_argument("--db", default="both", help="sqlite, postgres or both (default)")
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run in under 2 minutes")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    ap.add_argument("--budget", type=int, default=600, help="seconds one call may take before its row stops")
    a = ap.parse_args()
    run = Run(a)
    only = a.only.split(",")
    for s in only:
        if s not in SECTIONS:
            ap.error(f"--only: unknown section {s!r}")
    header(f"bench/scale: {run.tolk}{' (--quick sizes)' if a.quick else ''}, medians of {a.rounds} "
           "interleaved rounds", run.bk)
    t0 = time.time()
    try:
        for name in SECTIONS:
            if name in only and (PG in run.backends or name not in ("isolation", "nodes")):
                t = time.time()
                getattr(run, "section_" + name)()
                log(f"{name}: {time.time() - t:.0f} s")
    finally:
        for s in run.servers.values():
            s.stop(10)
        run.bk.close()
    print(f"Summary (the Scale issue's table; {time.time() - t0:.0f} s in all)\n")
    table(["measured", "figure", "reference (same run)", "ratio", "goal"], run.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
