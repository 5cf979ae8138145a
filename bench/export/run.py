#!/usr/bin/python3
"""bench/export: the Crowdin v1 CI workflow at scale, next to `zip -r` on the same files.

A generated project of LANGS target languages x STRINGS strings spread over FILES gettext files
(defaults 20 x 50,000 over 50 = 1,000,000 translations). Prints the time to add the files, to
upload one language's translations, and to build all.zip (median of REPEAT builds), the server's
peak RSS, and the time `zip -r` takes to pack the same translated files already on disk.
"""
import os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, zipfile, io
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLK = os.environ.get("TOLK_BIN", os.path.join(ROOT, "build-release", "tolk"))
LANGS = ["fr", "de", "uk", "es-ES", "it", "pt-BR", "ru", "pl", "nl", "sv-SE", "ja", "ko", "zh-CN",
         "cs", "tr", "ar", "he", "fi", "da", "nb"]
N_LANGS = int(os.environ.get("LANGS", "20"))
STRINGS = int(os.environ.get("STRINGS", "50000"))
FILES = int(os.environ.get("FILES", "50"))
REPEAT = int(os.environ.get("REPEAT", "3"))
PER_FILE = STRINGS // FILES
WORDS = "save open close file project translation memory server string export build change".split()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def po_file(f, lang=None):
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for i in range(PER_FILE):
        text = " ".join(WORDS[(i + k + f) % len(WORDS)] for k in range(3 + i % 7)) + f" {f}.{i}"
        tr = f"[{lang}] {text}" if lang else ""
        out += [f"#. string {i} of file {f}", f'msgid "{text}"', f'msgstr "{tr}"', ""]
    return "\n".join(out).encode()


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    work = tempfile.mkdtemp(prefix="tolk-bench-export-")
    db = f"sqlite:{work}/tolk.db"
    run = lambda *a: subprocess.run([TOLK, *a, "--db", db], check=True, capture_output=True, text=True).stdout
    run("account", "create", "--login", "bench", "--email", "bench@example.com")
    out = run("project", "create", "--account", "bench", "--identifier", "bench", "--name", "Bench",
              "--source-language", "en", "--languages", ",".join(LANGS[:N_LANGS]))
    key = dict(l.split(": ", 1) for l in out.strip().splitlines())["project_key"]
    port = free_port()
    srv = subprocess.Popen([TOLK, "serve", "--listen", f"127.0.0.1:{port}", "--db", db,
                            "--access-log", "0"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/project/bench"
    try:
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{port}/api/supported-languages", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        files = {f: po_file(f) for f in range(FILES)}

        def post(action, batch, **data):
            r = requests.post(f"{base}/{action}", params={"key": key, "json": ""}, data=data,
                              files=[(f"files[f{f:03d}.po]", (f"f{f:03d}.po", body)) for f, body in batch],
                              timeout=3600)
            r.raise_for_status()
            assert r.json()["success"] is True, r.text

        def in_batches(action, bodies, **data):
            items = sorted(bodies.items())
            for i in range(0, len(items), 20):
                post(action, items[i:i + 20], **data)

        t_add = timed(lambda: in_batches("add-file", files))
        rss_add = peak_rss_mb(srv.pid)
        t_upload = []
        for lang in LANGS[:N_LANGS]:
            tr = {f: po_file(f, lang) for f in range(FILES)}
            t_upload.append(timed(lambda: in_batches("upload-translation", tr, language=lang)))
        rss_upload = peak_rss_mb(srv.pid)
        builds = []
        for i in range(REPEAT):
            if i:  # change one translation so the next export is not skipped
                post("upload-translation", [(0, po_file(0, f"r{i}"))], language=LANGS[0],
                     import_duplicates="1")
            t = time.perf_counter()
            r = requests.get(f"{base}/export", params={"key": key, "json": ""}, timeout=3600)
            builds.append(time.perf_counter() - t)
            assert r.json()["success"]["status"] == "built", r.text
        rss = peak_rss_mb(srv.pid)
        z = requests.get(f"{base}/download/all.zip", params={"key": key}, timeout=3600).content
        tree = os.path.join(work, "tree")
        with zipfile.ZipFile(io.BytesIO(z)) as zf:
            names = zf.namelist()
            zf.extractall(tree)
        raw = sum(os.path.getsize(os.path.join(tree, n)) for n in names)
        zips = []
        for i in range(REPEAT):
            target = os.path.join(work, f"ref{i}.zip")
            zips.append(timed(lambda: subprocess.run(["zip", "-q", "-r", target, "."], cwd=tree, check=True)))
        build, ref = statistics.median(builds), statistics.median(zips)
        print(f"bench/export: {N_LANGS} languages x {STRINGS} strings in {FILES} gettext files "
              f"= {N_LANGS * STRINGS} translations; median of {REPEAT}")
        print(f"  add-file ({FILES} files, {STRINGS} strings)        {t_add:8.2f} s")
        print(f"  upload-translation (one language)            {statistics.median(t_upload):8.2f} s "
              f"(median over {N_LANGS} languages)")
        print(f"  export: build all.zip ({len(names)} files, {raw / 1e6:.1f} MB, zip {len(z) / 1e6:.1f} MB)"
              f" {build:8.2f} s   runs: {', '.join(f'{b:.2f}' for b in builds)}")
        print(f"  reference: zip -r of the same files             {ref:8.2f} s   runs: "
              f"{', '.join(f'{b:.2f}' for b in zips)}")
        print(f"  ratio build / zip -r                          {build / ref:8.2f}x   (target <= 3x)")
        print(f"  server peak RSS                               {rss:8.1f} MB  (target < 300 MB; "
              f"after add-file {rss_add:.0f} MB, after uploads {rss_upload:.0f} MB)")
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
