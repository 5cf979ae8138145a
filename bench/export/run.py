#!/usr/bin/python3
"""bench/export: the Crowdin v1 CI workflow at scale, next to `zip -r` on the same files.

A generated project of LANGS target languages x STRINGS strings spread over FILES gettext files
(defaults 20 x 50,000 over 50 = 1,000,000 translations).  Prints the time to add the files, to
upload one language's translations (median over the languages), and to build all.zip, next to
`zip -r` of the same translated files on disk: builds and zips interleaved (build, zip, build,
zip, ...; a one-translation change before each build so it is not skipped), medians of REPEAT.
Also the server's peak RSS.

    bench/export/run.py [--db sqlite|postgres|both] [--bin PATH]
    env: LANGS=20 STRINGS=50000 FILES=50 REPEAT=3 BUDGET=3600 (seconds one call may take)

With --db both, the two servers run side by side and every step alternates between them
(add-file REPEAT times into fresh projects, the extra ones deleted again; uploads language by
language; builds), and the PostgreSQL / SQLite ratios of add-file, upload-translation and the
build are printed too.  A backend whose call outlives BUDGET stops there (reported).
"""
import io
import os
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tolkbench import (BACKEND_NAMES, LANGS, Backends, Corpus, OverBudget, Server, V1,  # noqa: E402
                       bench_args, batches, header, log, median, ratio, table, timed)

N_LANGS = int(os.environ.get("LANGS", "20"))
STRINGS = int(os.environ.get("STRINGS", "50000"))
FILES = int(os.environ.get("FILES", "50"))
REPEAT = int(os.environ.get("REPEAT", "3"))
BUDGET = int(os.environ.get("BUDGET", "3600"))


def in_batches(fn, files):
    """fn(part) for every 20 files (the v1 limit per request)."""
    for part in batches(files):
        fn(part)


def main():
    tolk, backends = bench_args(__doc__, "sqlite")
    langs = LANGS[:N_LANGS]
    corpus = Corpus(STRINGS)
    src = corpus.po_files(FILES)
    with Backends(backends, tolk) as bk:
        srv = {b: Server(tolk, bk.url(b)).start() for b in backends}
        try:
            return measure(bk, srv, backends, langs, corpus, src)
        finally:
            for s in srv.values():
                s.stop()


def measure(bk, srv, backends, langs, corpus, src):
    t = {(b, k): [] for b in backends for k in ("add", "upload", "build")}
    live = list(backends)
    main_project = {}

    def step(b, key, fn, *args, **kw):
        """Time fn on backend b; past BUDGET the backend stops (its figures stay partial)."""
        if b not in live:
            return
        try:
            t[b, key].append(timed(fn, *args, **kw))
        except OverBudget as e:
            log(f"{BACKEND_NAMES[b]}: {e}; no more steps on it")
            live.remove(b)

    header(f"bench/export: {len(langs)} languages x {STRINGS:,} strings in {FILES} gettext files "
           f"= {len(langs) * STRINGS:,} translations; medians of {REPEAT}, interleaved", bk)
    log(f"add-file: {STRINGS:,} strings in {FILES} files, {REPEAT} projects per backend")
    for r in range(REPEAT):
        for b in backends:
            p = srv[b].project(langs)
            v = V1(srv[b], p, BUDGET)
            v.add_dirs(src)
            step(b, "add", in_batches, v.add_file, src)
            if r == 0:
                main_project[b] = p
            else:   # only the first project goes on
                V1(srv[b], p).post("delete-project")
    rss_add = {b: srv[b].hwm_mb() for b in backends}
    log(f"upload-translation: {len(langs)} languages")
    for lang in langs:
        tr = corpus.po_files(FILES, lang)
        for b in backends:
            v = V1(srv[b], main_project[b], BUDGET)
            step(b, "upload", in_batches, lambda part: v.upload(lang, part), tr)
    rss_upload = {b: srv[b].hwm_mb() for b in backends}

    tree = os.path.join(bk.work, "tree")
    zips, files_info = [], None
    log(f"export: {REPEAT} x (build on each backend, zip -r)")
    for i in range(REPEAT):
        for b in list(live):
            v = V1(srv[b], main_project[b], BUDGET)
            if i:   # change one translation so this build is not skipped as up to date
                v.upload(langs[0], {next(iter(src)): corpus.po(0, 1, langs[0], variant=i)},
                         import_duplicates="1")
            step(b, "build", v.post, "export")
        if files_info is None and live:
            s, v = srv[live[0]], V1(srv[live[0]], main_project[live[0]])
            z = v.http.get(s.base + v.path("download/all.zip", json=False), timeout=BUDGET).content
            with zipfile.ZipFile(io.BytesIO(z)) as zf:
                names = zf.namelist()
                zf.extractall(tree)
            files_info = (len(names), sum(os.path.getsize(os.path.join(tree, n)) for n in names), len(z))
        if files_info:
            target = os.path.join(bk.work, f"ref{i}.zip")
            zips.append(timed(subprocess.run, ["zip", "-q", "-r", target, "."], cwd=tree, check=True))

    ref = median(zips)
    both = len(backends) == 2
    names = {"add": f"add-file ({FILES} files, {STRINGS:,} strings; {REPEAT} projects)",
             "upload": f"upload-translation, one language (median over {len(langs)})",
             "build": "export: build all.zip" + (f" ({files_info[0]} files, {files_info[1] / 1e6:.1f} MB, "
                                                 f"zip {files_info[2] / 1e6:.1f} MB)" if files_info else "")}
    rows = []
    for k in ("add", "upload", "build"):
        for b in backends:
            m = median(t[b, k])
            note = ""
            if k == "build":
                note = f"build / zip -r = {ratio(m, ref)} (target <= 1.3x)"
            elif both and b == "postgres":
                note = f"PostgreSQL / SQLite = {ratio(m, median(t['sqlite', k]))}"
            rows.append([names[k], BACKEND_NAMES[b], sec(m), " ".join(sec(x) for x in t[b, k]) or "stopped", note])
    rows.append(["reference: zip -r of the same files", "", sec(ref), " ".join(sec(x) for x in zips), ""])
    for b in backends:
        rows.append(["server peak RSS, MB (target < 300)", BACKEND_NAMES[b], f"{srv[b].hwm_mb():.0f}",
                     f"after add-file {rss_add[b]:.0f}, after uploads {rss_upload[b]:.0f}", ""])
    table(["measured", "backend", "median s", "runs", ""], rows)
    if both:
        print(f"\nPostgreSQL / SQLite: add-file {ratio(median(t['postgres', 'add']), median(t['sqlite', 'add']))}, "
              f"upload-translation {ratio(median(t['postgres', 'upload']), median(t['sqlite', 'upload']))}, "
              f"build {ratio(median(t['postgres', 'build']), median(t['sqlite', 'build']))}")
    return 0


def sec(x):
    return "-" if x != x else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


if __name__ == "__main__":
    sys.exit(main())
