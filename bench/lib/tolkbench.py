"""Shared helpers for the tolk benchmarks (bench/*/run.py):

  tolk_bin(path)              the binary: --bin, $TOLK_BIN, else build-release/tolk (built)
  bench_args(doc, db)         parse --db and --bin: (tolk binary, backends)
  Backends(names, tolk)       fresh databases: .url("sqlite"|"postgres") (a SQLite file, or a
                              database in a throwaway cluster from pg.py), .drop(url), .notes()
  Server(tolk, db)            `tolk serve` on a free port: .start(), .stop(), .restart(),
                              .rss_mb(), .hwm_mb(), .cli(...) on its database
  Server.project(langs)       account + project through the CLI -> Project(identifier, key, token)
  sign_in(server, project, role)   a member with a password, signed in (the web app's session)
  V1(server, project)         Crowdin v1: .add_dirs(paths), .add_file({path: bytes}),
                              .upload(lang, {path: bytes}), .post(action, ...), .path(action, ...)
  Lone(server, project)       localization.one: .call(method, **params), .lang(code), .path(...)
  Conn(base)                  one keep-alive connection for timing small calls
  curl_download(url)          seconds and bytes of one big GET (curl: a client that keeps up)
  Corpus(n)                   realistic gettext files: keys like screen.section.name_123
                              (msgctxt), sentences of 3-12 words, a plural entry in ten
  wrk(...), median, pct, table, ratio   load runs and the tables every script prints
"""
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TOLK_AUTH_FAIL_LIMIT", "0")
# SIGTERM unwinds like Ctrl-C, so `finally` stops the servers and the PostgreSQL cluster
# (a background job ignores SIGINT)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def backends_arg(value):
    """--db sqlite|postgres|both -> ["sqlite"], ["postgres"] or ["sqlite", "postgres"]."""
    if value == "both":
        return ["sqlite", "postgres"]
    if value in ("sqlite", "postgres"):
        return [value]
    raise SystemExit(f"--db: sqlite, postgres or both, not {value!r}")


def bench_args(doc, db="sqlite"):
    """The --db and --bin options every bench takes: (tolk binary, backends)."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--db", default=db, help=f"sqlite, postgres or both (default {db})")
    ap.add_argument("--bin", help="tolk binary (default $TOLK_BIN, else build-release/tolk)")
    a = ap.parse_args()
    return tolk_bin(a.bin), backends_arg(a.db)


def tolk_bin(path=None):
    path = path or os.environ.get("TOLK_BIN")
    if path:
        if not os.access(path, os.X_OK):
            raise SystemExit(f"bench: no tolk binary at {path}")
        return os.path.abspath(path)
    build = os.path.join(REPO, "build-release")
    print("bench: building build-release (Release)", file=sys.stderr)
    subprocess.run(["cmake", "-S", REPO, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DTOLK_TESTS=OFF"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", build, "tolk"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build, "tolk")


def version(tolk):
    p = subprocess.run([tolk, "--version"], capture_output=True, text=True)
    return p.stdout.strip() or "tolk (version unknown)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- databases and servers

class Backends:
    """Fresh databases on each backend; the PostgreSQL cluster starts on first use."""

    def __init__(self, names, tolk):
        self.names = names
        self.tolk = tolk
        self.work = tempfile.mkdtemp(prefix="tolk-bench-")
        self.cluster = None
        self.n = 0

    def url(self, backend):
        self.n += 1
        if backend == "sqlite":
            return f"sqlite:{self.work}/tolk{self.n}.db"
        if self.cluster is None:
            self.cluster = pg.PgCluster().start()
        return self.cluster.createdb()

    def drop(self, url):
        """Remove a database made by url() (its server stopped)."""
        if url.startswith("sqlite:"):
            for ext in ("", "-wal", "-shm"):
                if os.path.exists(url[7:] + ext):
                    os.remove(url[7:] + ext)
        else:
            self.cluster.dropdb(url.rsplit("/", 1)[1])

    def notes(self):
        out = []
        if "sqlite" in self.names:
            out.append("SQLite file in a temp dir (tolk's pragmas: WAL, synchronous=NORMAL)")
        if "postgres" in self.names:
            out.append(pg.NOTE + ", tolk on TCP 127.0.0.1")
        return out

    def close(self):
        if self.cluster:
            self.cluster.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Project:
    def __init__(self, identifier, key, token, languages):
        self.identifier, self.key, self.token, self.languages = identifier, key, token, languages


class Server:
    """`tolk serve` on its own port (several may share one database)."""

    _ids = 0

    def __init__(self, tolk, db, extra=()):
        self.tolk, self.db, self.extra = tolk, db, list(extra)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log = tempfile.TemporaryFile()

    def wait_idle(self, timeout=900):
        """Until the server's job queue is empty (an import's translation memory units are
        made by jobs) and its memory has read them (a sync round a second): set-up that
        must not bleed into what is measured next.  Returns the seconds waited."""
        import shutil
        import sqlite3
        q = "SELECT COUNT(*) FROM job WHERE state IN ('queued', 'running')"
        t0 = time.time()
        while True:
            if self.db.startswith("sqlite:"):
                con = sqlite3.connect(self.db[7:], timeout=30)
                n = con.execute(q).fetchone()[0]
                con.close()
            else:
                psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
                n = int(subprocess.run([psql, self.db, "-Atc", q], capture_output=True, text=True,
                                       check=True).stdout.strip())
            if n == 0 or time.time() - t0 > timeout:
                break
            time.sleep(0.5)
        time.sleep(2.5)
        return time.time() - t0

    def cli(self, *args):
        p = subprocess.run([self.tolk, *args, "--db", self.db], capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError(f"tolk {' '.join(args)}: {p.stderr}")
        return dict(l.split(": ", 1) for l in p.stdout.strip().splitlines() if ": " in l)

    def start(self):
        self.proc = subprocess.Popen(
            [self.tolk, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", self.db,
             "--access-log", "0", "--log-level", "warn", *self.extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(400):
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"tolk serve exited:\n{self.log.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("tolk serve did not answer within 20 s")

    def stop(self, wait=60):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self):
        """After an OverBudget call: stop (kill if still busy after 10 s) and start afresh on a
        new port; the database rolls the unfinished transaction back."""
        self.stop(10)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        return self.start()

    def _status_kb(self, field):
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def rss_mb(self):
        return self._status_kb("VmRSS") / 1024

    def hwm_mb(self):
        return self._status_kb("VmHWM") / 1024

    def project(self, languages, source="en"):
        """A new project (and its owner account) through the CLI."""
        Server._ids += 1
        ident = f"bench{Server._ids}-{os.getpid()}"
        self.cli("account", "create", "--login", ident, "--email", f"{ident}@example.com")
        kv = self.cli("project", "create", "--account", ident, "--identifier", ident,
                      "--name", f"Bench {ident}", "--source-language", source,
                      "--languages", ",".join(languages))
        return Project(ident, kv["project_key"], kv["api_token"], list(languages))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


PASSWORD = "correct horse battery"


def sign_in(server, project, role, languages=None):
    """A new account with a password, made a member of project in role (and languages),
    signed in through POST /app/api/session: the reply (cookie tolk_session, csrf_token)."""
    login = f"{role[:4]}{os.getpid()}{int(time.time() * 1000) % 10000000}"
    subprocess.run([server.tolk, "account", "create", "--login", login, "--email", f"{login}@example.com",
                    "--password-stdin", "--db", server.db], input=PASSWORD + "\n", text=True, check=True,
                   capture_output=True)
    server.cli("project", "member", "add", "--identifier", project.identifier, "--login", login,
               "--role", role, *(["--languages", languages] if languages else []))
    r = requests.post(f"{server.base}/app/api/session", json={"login": login, "password": PASSWORD},
                      headers={"Origin": server.base}, timeout=60)
    r.raise_for_status()
    return r


class OverBudget(Exception):
    """A call outlived its time budget; the server is still busy with it (restart it)."""


class V1:
    """Crowdin v1 calls on one project (JSON replies; failures raise).  A call that takes
    longer than `budget` seconds raises OverBudget."""

    def __init__(self, server, project, budget=3600):
        self.server, self.project, self.budget = server, project, budget
        self.http = requests.Session()

    def post(self, action, files=None, **data):
        parts = [(f"files[{path}]", (os.path.basename(path), body)) for path, body in (files or {}).items()]
        try:
            r = self.http.post(self.server.base + self.path(action), data=data, files=parts or None,
                               timeout=(10, self.budget))
        except requests.exceptions.ReadTimeout:
            raise OverBudget(f"{action} took over {self.budget} s") from None
        d = r.json()
        if r.status_code != 200 or (isinstance(d, dict) and d.get("success") is False):
            raise RuntimeError(f"{action}: HTTP {r.status_code} {r.text[:500]}")
        return d

    def add_dirs(self, paths):
        """Create the directories the file paths need (an existing one is fine)."""
        dirs = sorted({"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)})
        for d in dirs:
            try:
                self.post("add-directory", name=d)
            except RuntimeError as e:
                if '"code":50' not in str(e):
                    raise

    def add_file(self, files, **data):
        return self.post("add-file", files, **data)

    def upload(self, language, files, **data):
        return self.post("upload-translation", files, language=language, **data)

    def path(self, action, json=True, **params):
        q = urllib.parse.urlencode({"key": self.project.key, **({"json": ""} if json else {}), **params})
        return f"/api/project/{self.project.identifier}/{action}?{q}"


class Lone:
    """localization.one calls on one project."""

    def __init__(self, server, project):
        self.server, self.project = server, project
        self.http = requests.Session()
        self._langs = None

    def call(self, method, **params):
        r = self.http.post(self.server.base + self.path(method), data=params, timeout=600)
        d = r.json()
        if not d.get("ok"):
            raise RuntimeError(f"{method}: HTTP {r.status_code} {r.text[:500]}")
        return d["result"]

    def lang(self, code):
        if self._langs is None:
            self._langs = {l["code"]: l["id"] for l in self.call("getLanguages")}
        return self._langs[code]

    def path(self, method, **params):
        return f"/api/{self.project.token}/{method}" + ("?" + urllib.parse.urlencode(params) if params else "")


class Conn:
    """One keep-alive connection; .timed(method, path, body) -> (seconds, status, bytes)."""

    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)

    def timed(self, method, path, body=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
        t = time.perf_counter()
        self.c.request(method, path, body=body, headers=headers)
        r = self.c.getresponse()
        data = r.read()
        return time.perf_counter() - t, r.status, data

    def close(self):
        self.c.close()


def curl_download(url):
    """(seconds, bytes) of one GET through curl, body discarded: a client that keeps up."""
    out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{time_total} %{size_download} %{http_code}",
                          url], capture_output=True, text=True, check=True).stdout.split()
    if out[2] != "200":
        raise RuntimeError(f"GET {url}: HTTP {out[2]}")
    return float(out[0]), int(out[1])


# ---------------------------------------------------------------- generated content

WORDS = ("the a your this new all to of in for with on from by and or not no is are was be "
         "open save close delete edit view create add remove update share send copy move rename "
         "file folder project account settings profile password email message document image "
         "photo video list item page screen window menu button link name title description "
         "download upload export import search filter sort select cancel continue back next "
         "done retry connection network server error warning changes version language "
         "translation string team member invitation notification payment order cart price "
         "address phone date time today yesterday week month year minutes hours days seconds "
         "please could not be saved successfully failed loading unavailable required optional "
         "invalid expired private public shared recent favourite archived draft published").split()
TR_WORDS = ("le la les un une des votre ce cette nouveau tous pour avec sur de par et ou ne pas "
            "ouvrir enregistrer fermer supprimer modifier afficher créer ajouter retirer mettre "
            "jour partager envoyer copier déplacer renommer fichier dossier projet compte "
            "paramètres profil mot passe courriel message document image photo vidéo liste "
            "élément page écran fenêtre menu bouton lien nom titre description télécharger "
            "exporter importer chercher filtrer trier choisir annuler continuer retour suivant "
            "terminé réessayer connexion réseau serveur erreur avertissement modifications "
            "version langue traduction chaîne équipe membre invitation notification paiement "
            "commande panier prix adresse téléphone date heure aujourd'hui hier semaine mois "
            "année minutes heures jours secondes veuillez impossible réussi échoué chargement "
            "indisponible requis facultatif invalide expiré privé public partagé récent").split()
SCREENS = ("home settings profile editor projects files export import billing team search "
           "onboarding login signup inbox calendar reports admin help dashboard upload").split()
SECTIONS = ("header footer toolbar dialog menu list form empty error banner sidebar card tab "
            "tooltip button title hint status summary details confirm").split()
NAMES = ("title label hint message button action description placeholder error confirm "
         "caption subtitle tooltip empty loading success").split()
# Plural-Forms of the target languages the benches use (gettext headers)
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);", "es-ES": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);", "pt-BR": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);", "sv-SE": "nplurals=2; plural=(n != 1);",
    "da": "nplurals=2; plural=(n != 1);", "nb": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);", "tr": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;", "ko": "nplurals=1; plural=0;", "zh-CN": "nplurals=1; plural=0;",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5);",
    "he": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
}
LANGS = ["fr", "de", "es-ES", "it", "pt-BR", "uk", "ja", "nl", "pl", "sv-SE", "ru", "ko", "zh-CN",
         "cs", "tr", "fi", "da", "nb", "ar", "he"]


def _sentence(rng, words):
    n = rng.randint(3, 12)
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


class Corpus:
    """`n` source units, deterministic from `seed`: (key, text, plural text or None)."""

    def __init__(self, n, seed=1):
        rng = random.Random(seed)
        self.units = []
        for i in range(n):
            key = f"{rng.choice(SCREENS)}.{rng.choice(SECTIONS)}.{rng.choice(NAMES)}_{i}"
            text = _sentence(rng, WORDS)
            plural = None
            if i % 10 == 7:
                text = f"%d {rng.choice(WORDS)} {text.lower()}"
                plural = text + "s"
            self.units.append((key, text, plural))

    def po(self, start=0, stop=None, lang=None, variant=0):
        """A gettext file of units[start:stop]; lang set -> every unit translated (pseudo-text
        of about the source's length, different for each variant)."""
        stop = len(self.units) if stop is None else stop
        header = PLURAL_FORMS.get(lang or "en", PLURAL_FORMS["en"])
        nplurals = int(re.search(r"nplurals=(\d)", header).group(1))
        out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
               f'"Language: {lang or "en"}\\n"', f'"Plural-Forms: {header}\\n"', ""]
        rng = random.Random(f"{lang}-{variant}-{start}")
        for i in range(start, stop):
            key, text, plural = self.units[i]
            out.append(f"#: src/{key.split('.')[0]}/{key.split('.')[1]}.c:{i % 900 + 10}")
            out.append(f'msgctxt "{key}"')
            out.append(f'msgid "{text}"')
            tr = _sentence(rng, TR_WORDS) if lang else ""
            if plural:
                out.append(f'msgid_plural "{plural}"')
                for k in range(nplurals if lang else 2):
                    out.append(f'msgstr[{k}] "{"%d " + tr.lower() + k * "s" if lang else ""}"')
            else:
                out.append(f'msgstr "{tr}"')
            out.append("")
        return "\n".join(out).encode()

    def _ranges(self, n_files, prefix):
        per = -(-len(self.units) // n_files)
        return [(f"{prefix}/{SCREENS[f % len(SCREENS)]}/messages_{f:03d}.po", f * per,
                 min(len(self.units), (f + 1) * per)) for f in range(n_files)]

    def po_files(self, n_files, lang=None, variant=0, prefix="app"):
        """{path: bytes}: the units split over n_files files in a few directories."""
        return {path: self.po(a, b, lang, variant) for path, a, b in self._ranges(n_files, prefix)}

    def po_chunks(self, n_files, lang, chunk, variant=0, prefix="app"):
        """The translations of po_files(n_files, lang) as {path: bytes} pieces of at most
        `chunk` units each: a big file's translations in several smaller uploads."""
        for path, a, b in self._ranges(n_files, prefix):
            for start in range(a, b, chunk):
                yield {path: self.po(start, min(b, start + chunk), lang, variant)}


def batches(files, size=20):
    """The v1 limit is 20 files per request."""
    items = list(files.items())
    return [dict(items[i:i + size]) for i in range(0, len(items), size)]


# ---------------------------------------------------------------- measuring and printing

def timed(fn, *args, **kw):
    t = time.perf_counter()
    fn(*args, **kw)
    return time.perf_counter() - t


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def pct(xs, q):
    """The q-th percentile (nearest rank) of xs."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q / 100 * len(xs) + 0.5)) - 1))] if xs else float("nan")


def _ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]


def wrk(url, seconds, threads=2, connections=16, script=None, env=None, non2xx_ok=False):
    """One wrk run -> {"rps", "p50", "p99" (ms), "errors" (socket errors, and non-2xx
    replies unless non2xx_ok)}."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    p = subprocess.run(cmd + [url], capture_output=True, text=True, env={**os.environ, **(env or {})})
    text = p.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        raise RuntimeError(f"wrk output not understood:\n{text}{p.stderr}")
    errs = sum(int(n) for n in re.findall(r"\d+", (re.search(r"Socket errors: (.*)", text) or [0, ""])[1]))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": float(rps.group(1)),
            "p50": _ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
            "errors": errs + (int(non2xx.group(1)) if non2xx and not non2xx_ok else 0)}


def table(header, rows, out=sys.stdout):
    """A Markdown table: pastes into a note as is."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    width = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, width)) + " |"
    print(line(cells[0]), file=out)
    print("|" + "|".join("-" * (w + 2) for w in width) + "|", file=out)
    for r in cells[1:]:
        print(line(r), file=out)
    out.flush()


def f2(x, unit=""):
    if x is None or x != x:  # NaN
        return "-"
    return (f"{x:.2f}" if abs(x) < 100 else f"{x:.0f}") + unit


def ratio(a, b):
    return f"{a / b:.2f}x" if b and a == a and b == b else "-"


def header(title, backends, extra=()):
    print(f"{title}\n  {version(backends.tolk)}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}")
    for n in list(backends.notes()) + list(extra):
        print(f"  {n}")
    print()
    sys.stdout.flush()


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)
