#!/usr/bin/python3
"""Translation memory through the server: a memory of --units units filled with upload-tm,
the server's start-up load of it, tm-search over HTTP, and a TM pre-translation of
--strings strings into --languages languages (the issue's 50,000 x 10), on each backend.

    bench/tm/server.py [--bin PATH] [--db both|sqlite|postgres] [--units 1000000]
                       [--strings 50000] [--languages 10] [--queries 200]

The memory: --units / languages translation units (TMX <tu>), each an English segment
with a target in every language.  The first --strings of them are the file's strings:
60% exactly (pre-translation applies them, score 100), 15% with a number changed
(auto-substituted), 25% have none; the rest of the memory is other text.
tm-search: half the queries near-duplicates of memory segments (1-2 words changed),
half fresh sentences; top 5 at 70, over one keep-alive connection (the time a client
sees).  The pre-translation runs as a job: timed from the call to pre-translate-status
saying finished.  Each figure is the median of --rounds rounds (fresh databases).
"""
import argparse
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
from xml.sax.saxutils import escape

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tolkbench as tb  # noqa: E402

LANGS = ["fr", "de", "uk", "it", "pl", "nl", "sv-SE", "ja", "ko", "cs", "da", "fi", "tr",
         "pt-PT", "ro", "hu", "el", "he", "vi", "id"]
WORDS = ("account file project settings save change open close delete upload download "
         "language string translation select folder user name password email message "
         "error warning update install version server client branch review approve text "
         "image video audio button page window screen menu option value number list "
         "item search filter sort export import share print copy paste undo redo help").split()


def sentence(rng, lo=3, hi=14):
    w = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return (" ".join(w)).capitalize() + rng.choice(("", ".", "?", ":"))


def near(rng, text):
    w = text.split()
    for _ in range(rng.randint(1, 2)):
        w[rng.randrange(len(w))] = rng.choice(WORDS)
    return " ".join(w)


class Data:
    """The file's strings and the memory's segments, the same for every backend."""

    def __init__(self, units, strings, langs, seed=7):
        rng = random.Random(seed)
        self.langs = langs
        n_tu = max(strings, units // len(langs))
        self.strings, self.tus = [], []
        for i in range(n_tu):
            base = f"{sentence(rng)} {i}"
            if i < strings:
                kind = i % 20
                self.strings.append(base)
                if kind < 12:
                    self.tus.append(base)                      # the very text
                elif kind < 15:
                    self.tus.append(base.rsplit(" ", 1)[0] + f" {i + 100000}")  # a number differs
                else:
                    self.tus.append(f"{sentence(rng)} other {i}")   # nothing for this string
            else:
                self.tus.append(base)
        self.expect = sum(1 for i in range(strings) if i % 20 < 15) * len(langs)
        self.queries = [near(rng, self.tus[rng.randrange(n_tu)]) if q % 2 == 0 else sentence(rng)
                        for q in range(200)]

    def tmx(self, lo, hi):
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
               'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="bench" '
               'creationtool="bench" creationtoolversion="1"/><body>']
        for t in self.tus[lo:hi]:
            s = escape(t)
            out.append(f'<tu><tuv xml:lang="en"><seg>{s}</seg></tuv>')
            out.extend(f'<tuv xml:lang="{l}"><seg>[{l}] {s}</seg></tuv>' for l in self.langs)
            out.append("</tu>")
        out.append("</body></tmx>\n")
        return "".join(out).encode()

    def po_files(self, n_files=5):
        per = -(-len(self.strings) // n_files)
        files = {}
        for f in range(n_files):
            lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
            for i in range(f * per, min(len(self.strings), (f + 1) * per)):
                lines += [f'msgctxt "k{i}"', f'msgid "{self.strings[i]}"', 'msgstr ""', ""]
            files[f"tm/part_{f}.po"] = "\n".join(lines).encode()
        return files


def post(server, project, action, data=(), files=None, timeout=3600):
    q = urllib.parse.urlencode({"key": project.key, "json": ""})
    r = requests.post(f"{server.base}/api/project/{project.identifier}/{action}?{q}", data=list(data),
                      files=files, timeout=timeout)
    d = r.json()
    if r.status_code != 200 or (isinstance(d, dict) and d.get("success") is False):
        raise RuntimeError(f"{action}: HTTP {r.status_code} {r.text[:500]}")
    return d


def wait_found(server, project, text, lang, timeout=900):
    t0 = time.time()
    while not post(server, project, "tm-search", [("language", lang), ("text", text)])["matches"]:
        if time.time() - t0 > timeout:
            raise RuntimeError("the memory never showed the units")
        time.sleep(0.2)
    return time.time() - t0


def load_line(server):
    server.log.seek(0)
    server.log.flush()
    m = re.findall(rb"translation memory: (\d+) units in (\d+) language pairs loaded in ([\d.]+) s "
                   rb"\(([\d.]+) MB\)", server.log.read())
    return m[-1] if m else None


def say(b, what):
    print(f"  [{time.strftime('%H:%M:%S')}] {b}: {what}", file=sys.stderr, flush=True)


def one_round(tolk, backends, b, data, args):
    out = {}
    url = backends.url(b)
    s = tb.Server(tolk, url, ["--log-level", "info"]).start()
    try:
        p = s.project(data.langs)
        t0 = time.time()
        step = 5000
        for lo in range(0, len(data.tus), step):
            post(s, p, "upload-tm", files={"file": ("tm.tmx", data.tmx(lo, lo + step))})
        out["upload-tm"] = time.time() - t0
        say(b, "upload-tm done")
        out["indexed"] = wait_found(s, p, data.tus[-1], data.langs[-1])
        say(b, "memory indexed")
        files = data.po_files()
        tb.V1(s, p).add_dirs(files)
        tb.V1(s, p).add_file(files)
        s.wait_idle()
        say(b, "strings added")
        # tm-search over one keep-alive connection
        conn = tb.Conn(s.base)
        lat, hits = [], 0
        for q in data.queries[:args.queries]:
            body = {"language": data.langs[0], "text": q}
            path = f"/api/project/{p.identifier}/tm-search?key={p.key}&json="
            sec, status, body_out = conn.timed("POST", path, body)
            if status != 200:
                raise RuntimeError(f"tm-search: HTTP {status} {body_out[:200]}")
            hits += b'"score"' in body_out
            lat.append(sec * 1e3)
        conn.close()
        out["search median"] = statistics.median(lat)
        out["search p99"] = tb.pct(lat, 99)
        out["search hits"] = hits
        say(b, "searched")
        # pre-translation: the call, then the job until it says finished
        pairs = [("languages[]", l) for l in data.langs] + [("files[]", f) for f in files]
        t0 = time.time()
        post(s, p, "pre-translate", pairs)
        out["pre-translate call"] = time.time() - t0
        while (state := post(s, p, "pre-translate-status")["status"]) == "in-progress":
            time.sleep(0.2)     # "none": a small run, made by the call itself
        if state == "failed":
            raise RuntimeError("the pre-translation job failed")
        out["pre-translate"] = time.time() - t0
        st = post(s, p, "status")
        out["translated"] = sum(int(l.get("phrases_translated", l.get("translated", 0))) for l in st)
        say(b, "pre-translated")
        # the start-up load of the whole memory
        s.stop()
        t0 = time.time()
        s.start()
        wait_found(s, p, data.tus[-1], data.langs[-1])
        out["restart indexed"] = time.time() - t0
        line, until = load_line(s), time.time() + 30
        while (not line or int(line[0]) == 0) and time.time() < until:
            time.sleep(0.1)     # the line comes just after the index answers
            line = load_line(s)
        out["load s"] = float(line[2]) if line else float("nan")
        out["load units"] = int(line[0]) if line else 0
        out["load MB"] = float(line[3]) if line else float("nan")
        out["rss MB"] = s.rss_mb()
    finally:
        s.stop()
        backends.drop(url)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")
    ap.add_argument("--db", default="both")
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--strings", type=int, default=50_000)
    ap.add_argument("--languages", type=int, default=10)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    tolk = tb.tolk_bin(args.bin)
    names = tb.backends_arg(args.db)
    data = Data(args.units, args.strings, LANGS[:args.languages])
    print(f"bench/tm/server: {tb.version(tolk)}; memory of {len(data.tus) * len(data.langs):,} units "
          f"({len(data.tus):,} segments x {len(data.langs)} languages), {len(data.strings):,} strings "
          f"to pre-translate into {len(data.langs)} languages ({data.expect:,} expected from the memory)")
    res = {b: [] for b in names}
    with tb.Backends(names, tolk) as backends:
        for note in backends.notes():
            print("  " + note)
        for r in range(args.rounds):
            for b in names:
                res[b].append(one_round(tolk, backends, b, data, args))
    rows = []
    for key, fmt in (("upload-tm", "{:.1f} s"), ("indexed", "{:.1f} s"),
                     ("search median", "{:.2f} ms"), ("search p99", "{:.2f} ms"),
                     ("search hits", "{:.0f}"), ("pre-translate call", "{:.2f} s"),
                     ("pre-translate", "{:.1f} s"), ("translated", "{:,.0f}"),
                     ("load units", "{:,.0f}"), ("load s", "{:.2f} s"), ("load MB", "{:.0f} MB"),
                     ("restart indexed", "{:.1f} s"), ("rss MB", "{:.0f} MB")):
        rows.append([key] + [fmt.format(statistics.median(x[key] for x in res[b])) for b in names])
    label = {"upload-tm": "upload-tm of the whole memory (TMX, 5,000 segments a call)",
             "indexed": "  then until tm-search finds the last unit",
             "search median": f"tm-search, {args.queries} queries, median",
             "search p99": "tm-search p99", "search hits": "  queries with a match",
             "pre-translate call": "pre-translate: the call answers in",
             "pre-translate": "pre-translate: until pre-translate-status says finished",
             "translated": f"  translations made (expected {data.expect:,})",
             "load units": "restart: units loaded", "load s": "restart: load from the database",
             "load MB": "restart: index memory", "restart indexed": "restart: from the start until tm-search finds the last unit",
             "rss MB": "restart: server RSS"}
    tb.table(["measured"] + [tb.BACKEND_NAMES[b] for b in names],
             [[label[r[0]]] + r[1:] for r in rows])
    pre = {b: statistics.median(x["pre-translate"] for x in res[b]) for b in names}
    for b in names:
        print(f"{tb.BACKEND_NAMES[b]}: pre-translation {args.strings * len(data.langs) / pre[b]:,.0f} "
              f"strings x languages a second")


if __name__ == "__main__":
    main()
