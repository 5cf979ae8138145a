#!/usr/bin/python3
"""bench/lone: localization.one requests/s next to the HTTP layer's ceiling, same run.

  getTranslations (JSON, one language, N_STRINGS strings) and addTranslation (POST, a new
  value each call, bench/lone/add.lua), wrk -t2 -c16, each as a ratio to the ceiling:
  GET /nonexistent (the dispatcher's plain 404: HTTP layer, no handler, no database).
  Rounds interleave ceiling, getTranslations, addTranslation (and the backends); medians.
  Then the delay from addTranslation to the webhook's arrival (bench/lone/latency.py).

    bench/lone/run.py [--db sqlite|postgres|both|postgresql://URL] [--bin PATH]
    env: N_STRINGS=5000 DURATION=5 (s per wrk run) RUNS=3 LATENCY_CALLS=200

The project is seeded through the API: a category, N_STRINGS createString calls with an
English source, and a French addTranslation each.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from tolkbench import (BACKEND_NAMES, Backends, Lone, Server, backends_arg, f2, header,  # noqa: E402
                       log, median, ratio, table, tolk_bin, wrk)

N = int(os.environ.get("N_STRINGS", "5000"))
DURATION = int(os.environ.get("DURATION", "5").rstrip("s"))
RUNS = int(os.environ.get("RUNS", "3"))
CALLS = int(os.environ.get("LATENCY_CALLS", "200"))


def seed(lone, n):
    """A category and n strings with a French translation each -> their ids."""
    en, fr = lone.lang("en"), lone.lang("fr")
    cat = lone.call("createCategory", name="Bench")
    ids = []
    for i in range(n):
        sid = lone.call("createString", category_id=cat, string_key=f"screen.section.name_{i}",
                        default_translation_language=en,
                        default_translation_value=f"Source text number {i} for the bench",
                        string_context="bench string")["string_id"]
        lone.call("addTranslation", string_id=sid, translation_language=fr,
                  translation_value=f"Texte source numéro {i}")
        ids.append(sid)
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", nargs="?", help="the same as --db (old usage)")
    ap.add_argument("--db", dest="db_opt", default="sqlite",
                    help="sqlite (default), postgres, both, or a postgresql:// URL to use")
    ap.add_argument("--bin", help="tolk binary (default $TOLK_BIN, else build-release/tolk)")
    a = ap.parse_args()
    db = a.db or a.db_opt
    url = db if db.startswith("postgresql://") else None
    backends = ["postgres"] if url else backends_arg(db)
    tolk = tolk_bin(a.bin)
    with Backends(backends, tolk) as bk:
        srv, lone, ids = {}, {}, {}
        try:
            for b in backends:
                srv[b] = Server(tolk, url or bk.url(b), ["--webhook-allow", "127.0.0.0/8"]).start()
                p = srv[b].project(["fr", "de"])
                lone[b] = Lone(srv[b], p)
                log(f"{BACKEND_NAMES[b]}: seeding {N:,} strings with a French translation each")
                ids[b] = seed(lone[b], N)
            header(f"bench/lone: {tolk}, wrk -t2 -c16 -d{DURATION}s, {RUNS} interleaved rounds, medians", bk,
                   [f"external database {url}"] if url else [])
            measure(backends, srv, lone, ids, bk, tolk)
        finally:
            for s in srv.values():
                s.stop()
    return 0


def measure(backends, srv, lone, ids, bk, tolk):
    res = {(b, k): [] for b in backends for k in ("ceiling", "get", "add")}
    idfile = {b: os.path.join(bk.work, f"ids-{b}") for b in backends}
    for b in backends:
        with open(idfile[b], "w") as f:
            f.write("\n".join(map(str, ids[b])) + "\n")
    gt_bytes = {}
    for r in range(RUNS):
        for b in backends:
            fr = lone[b].lang("fr")
            res[b, "ceiling"].append(wrk(srv[b].base + "/nonexistent", DURATION, non2xx_ok=True))
            get = srv[b].base + lone[b].path("getTranslations", translation_language=fr)
            res[b, "get"].append(wrk(get, DURATION))
            gt_bytes[b] = len(lone[b].http.get(get).content)
            res[b, "add"].append(wrk(srv[b].base + lone[b].path("addTranslation"), DURATION,
                                     script=os.path.join(HERE, "add.lua"),
                                     env={"IDS_FILE": idfile[b], "LANG_ID": str(fr)}))
    names = {"ceiling": "ceiling: GET /nonexistent (plain 404, no DB)",
             "get": f"getTranslations (JSON, {N:,} strings, {gt_bytes[backends[0]] / 1e6:.1f} MB)",
             "add": "addTranslation (POST, new value each call)"}
    rows = []
    for b in backends:
        ceil = median(x["rps"] for x in res[b, "ceiling"])
        for k in ("ceiling", "get", "add"):
            xs = res[b, k]
            rps = median(x["rps"] for x in xs)
            rows.append([names[k], BACKEND_NAMES[b], f2(rps), f2(median(x["p50"] for x in xs)),
                         f2(median(x["p99"] for x in xs)), ratio(rps, ceil),
                         " ".join(f2(x["rps"]) for x in xs), sum(x["errors"] for x in xs)])
    table(["measured", "backend", "req/s", "p50 ms", "p99 ms", "/ ceiling", "rounds req/s", "errors"], rows)
    if len(backends) == 2:
        m = {(b, k): median(x["rps"] for x in res[b, k]) for b in backends for k in ("get", "add")}
        print(f"\nPostgreSQL / SQLite req/s: getTranslations {ratio(m['postgres', 'get'], m['sqlite', 'get'])}, "
              f"addTranslation {ratio(m['postgres', 'add'], m['sqlite', 'add'])}")
    print()
    for b in backends:
        out = subprocess.run([sys.executable, os.path.join(HERE, "latency.py"), srv[b].base,
                              lone[b].project.token, tolk, srv[b].db, lone[b].project.identifier,
                              str(ids[b][0]), str(lone[b].lang("fr")), str(CALLS)],
                             capture_output=True, text=True)
        print(f"{BACKEND_NAMES[b]}: " + (out.stdout.strip() or out.stderr.strip()[-500:]))


if __name__ == "__main__":
    sys.exit(main())
