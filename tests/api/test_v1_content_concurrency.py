"""Many clients at once on one project: uploads in parallel, exports during uploads."""
import re
import subprocess
import threading
import time

import pytest
import requests

from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)
from v1_content_helpers import numbered_po

CLIENTS = 12


class Client:
    """One CI job: its own HTTP connection, every reply checked, every failure kept."""

    def __init__(self, content, errors):
        self.c = content
        self.http = requests.Session()
        self.errors = errors

    def post(self, action, params=None, files=None, method="POST"):
        data = dict(self.c.p.auth(), json="", **(params or {}))
        try:
            if files:
                parts = [(k, (None, str(v))) for k, v in data.items()]
                parts += [(f"files[{p}]", (p.rsplit("/", 1)[-1], b)) for p, b in files.items()]
                r = self.http.request(method, self.c.srv.base + self.c.url(action),
                                      files=parts, timeout=60)
            else:
                r = self.http.request(method, self.c.srv.base + self.c.url(action),
                                      data=data, timeout=60)
        except requests.RequestException as e:
            self.errors.append(f"{action}: {e!r}")
            return None
        if r.status_code != 200:
            self.errors.append(f"{action}: HTTP {r.status_code} {r.text[:300]}")
            return None
        if r.headers.get("Content-Type", "").startswith("application/json"):
            d = r.json()
            if isinstance(d, dict) and d.get("success") is False:
                self.errors.append(f"{action}: {d}")
                return None
        return r


def test_twelve_clients_upload_in_parallel(content):
    content.add_dir("shared")
    errors = []
    start = threading.Barrier(CLIENTS)
    results = {}

    def job(i):
        cl = Client(content, errors)
        start.wait()
        props = "".join(f"k{j}=Text number {chr(97 + j)} of client {i}\n" for j in range(5))
        po = f'msgid "Hello from {i}"\nmsgstr ""\n\nmsgid "Bye from {i}"\nmsgstr ""\n'
        steps = [
            ("add-directory", {"name": f"c{i}/sub", "recursive": 1}, None),
            ("add-file", None, {f"c{i}/sub/m.properties": props.encode(),
                                f"shared/f{i}.po": po.encode()}),
            ("upload-translation", {"language": "fr", "auto_approve_imported": 1},
             {f"c{i}/sub/m.properties": f"k0=Texte {i}\nk1=Autre {i}\n".encode()}),
            ("upload-translation", {"language": "de"},
             {f"shared/f{i}.po": f'msgid "Hello from {i}"\nmsgstr "Hallo von {i}"\n'.encode()}),
            ("update-file", None, {f"c{i}/sub/m.properties":
                                   (props + f"extra=One more from {i}\n").encode()}),
            ("status", None, None),
            ("export-file", {"file": f"c{i}/sub/m.properties", "language": "fr"}, None),
        ]
        for action, params, files in steps:
            r = cl.post(action, params, files)
            if r is None:
                return
            results[i, action] = r
        cl.http.close()

    threads = [threading.Thread(target=job, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not errors, f"{len(errors)} failed calls:\n" + "\n".join(errors[:20])
    for i in range(CLIENTS):
        assert results[i, "add-file"].json()["stats"]["files"][0]["strings"] == 5
        assert results[i, "update-file"].json()["files"] == {f"c{i}/sub/m.properties": "updated"}
        body = results[i, "export-file"].content.decode()
        assert f"k0=Texte {i}\n" in body and f"extra=One more from {i}\n" in body
    tree = content.tree()
    assert sum(1 for t in tree.values() if t == "file") == 2 * CLIENTS
    st = content.status()
    assert (st["fr"]["phrases"], st["fr"]["translated"], st["fr"]["approved"]) == \
        (str(8 * CLIENTS), str(2 * CLIENTS), str(2 * CLIENTS))
    assert st["de"]["translated"] == str(CLIENTS)
    z = content.download()
    assert len(z) == 2 * CLIENTS * 3


@pytest.mark.parametrize("action", ["upload-translation", "update-file"])
def test_the_same_files_in_opposite_orders(content, action):
    """Each call locks the rows of the files it touches; in opposite orders they must still
    all land: uploads take their files in one order, and a transaction PostgreSQL aborts for
    a deadlock (two updates of the same files) runs again."""
    names = [f"o{i}.po" for i in range(4)]
    content.add_files({n: numbered_po(range(30)) for n in names})
    errors = []
    start = threading.Barrier(6)

    def job(i):
        cl = Client(content, errors)
        order = names if i % 2 else names[::-1]
        start.wait()
        for r in range(6):
            if action == "upload-translation":
                cl.post(action, {"language": "fr"},
                        {n: numbered_po(range(30), f"c{i} r{r}") for n in order})
            else:
                cl.post(action, None, {n: numbered_po(range(30 + r), ctx=f" c{i}") for n in order})
        cl.http.close()

    threads = [threading.Thread(target=job, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not errors, f"{len(errors)} failed calls:\n" + "\n".join(errors[:10])


class Psql:
    """A session of our own, to hold locks while the server works."""

    def __init__(self, srv):
        self.p = subprocess.Popen([str(srv.pg.bindir / "psql"), srv.db_url, "-X", "-q", "-A", "-t"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, bufsize=1)

    def run(self, sql):
        self.p.stdin.write(sql + "\n\\echo __done__\n")
        self.p.stdin.flush()
        out = []
        while (line := self.p.stdout.readline()) and line.strip() != "__done__":
            out.append(line.strip())
        assert not any(l.startswith("ERROR") for l in out), out
        return out

    def close(self):
        self.p.stdin.close()
        self.p.wait(10)


def test_a_call_that_loses_a_deadlock_runs_again(content):
    """PostgreSQL aborts one of two transactions that wait for each other; when it picks the
    server's, the call runs again and succeeds.  Here the other one is a session of the test:
    it holds file b's counters while the upload holds a's, then asks for a's."""
    srv = content.srv
    if srv.backend != "postgres":
        pytest.skip("SQLite runs one writer at a time")
    content.add_files({"a.po": numbered_po(range(20)), "b.po": numbered_po(range(20))})
    content.upload("fr", {"a.po": numbered_po(range(20), "A"), "b.po": numbered_po(range(20), "B")})
    pid = srv.project_id(content.id)
    node = {n: srv.sql(f"SELECT id FROM node WHERE project_id = {pid} AND name = '{n}'")[0][0]
            for n in ("a.po", "b.po")}
    fr = srv.sql(f"SELECT language_id FROM node_stats WHERE node_id = {node['a.po']} "
                 "AND language_id <> 0")[0][0]
    lock = "UPDATE node_stats SET words = words WHERE node_id = {} AND language_id = " + fr + ";"
    other = Psql(srv)
    other.run("SET deadlock_timeout = '30s'; BEGIN; " + lock.format(node["b.po"]))
    reply = {}
    upload = threading.Thread(target=lambda: reply.update(r=content.call(
        "upload-translation", {"language": "fr"},
        files={"b.po": numbered_po(range(20), "B2"), "a.po": numbered_po(range(20), "A2")})))
    upload.start()
    # the upload holds a's counters and waits for b's; PostgreSQL looks for a circle once,
    # a second (deadlock_timeout) after a wait begins: the test's wait must begin before
    deadline = time.time() + 20
    while not srv.sql("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"):
        assert time.time() < deadline, "the upload never waited for the test's lock"
        time.sleep(0.02)
    other.run(lock.format(node["a.po"]))    # waits for the upload until PostgreSQL aborts it
    other.run("ROLLBACK;")
    other.close()
    upload.join(60)
    r = reply["r"]
    assert r.status_code == 200 and r.json()["files"] == {"b.po": "uploaded", "a.po": "uploaded"}, \
        r.text[:300]
    with open(srv.log_path) as f:
        assert "lost a conflict with another transaction, attempt 2" in f.read()
    assert 'msgstr "A2 3"' in content.export_file("a.po", "fr").text


N_KEYS = 15
VALUE = re.compile(r"^v(\d+) (\w+) k(\d+)$")


def test_export_during_uploads_is_consistent(content):
    files = {name: "".join(f"k{j}=Source {name[0]} {j}\n" for j in range(N_KEYS)).encode()
             for name in ("a.properties", "b.properties")}
    content.add_files(files)
    errors = []
    stop = threading.Event()
    uploaded = []

    def uploader():
        cl = Client(content, errors)
        v = 0
        while not stop.is_set() and v < 200:
            v += 1
            # both files in one request: one transaction, one version
            tr = {name: "".join(f"k{j}=v{v} {name[0]} k{j}\n" for j in range(N_KEYS)).encode()
                  for name in files}
            if cl.post("upload-translation", {"language": "fr", "auto_approve_imported": 1},
                       tr) is None:
                return
            uploaded.append(v)
        cl.http.close()

    t = threading.Thread(target=uploader)
    t.start()
    seen = set()
    try:
        deadline = time.time() + 20
        while len(seen) < 4 and time.time() < deadline:
            status = content.export()
            assert status in ("built", "skipped"), status
            z = content.download()
            assert sorted(z) == sorted(f"{l}/{n}" for l in ("fr", "de", "uk") for n in files)
            for l in ("de", "uk"):
                for n in files:
                    assert z[f"{l}/{n}"] == files[n]
            versions = set()
            for n in files:
                body = z[f"fr/{n}"]
                entries = parse_properties(body)
                assert sorted(entries) == sorted(f"k{j}" for j in range(N_KEYS)), body
                if body == files[n]:
                    versions.add(0)      # built before the first upload
                    continue
                for k, value in entries.items():
                    m = VALUE.match(value)
                    assert m and m.group(2) == n[0] and f"k{m.group(3)}" == k, (n, k, value)
                    versions.add(int(m.group(1)))
            # every string of every file from the same upload: one snapshot
            assert len(versions) == 1, f"ZIP mixes uploads {sorted(versions)}"
            seen |= versions
            time.sleep(0.05)
    finally:
        stop.set()
        t.join(60)
    assert not errors, "\n".join(errors[:10])
    assert len(seen) >= 2, f"the exports saw only {seen} (uploads: {len(uploaded)})"
    # once the uploads stop, a build has the last one
    assert content.export() in ("built", "skipped")
    last = uploaded[-1]
    assert parse_properties(content.download("fr")["fr/b.properties"])["k3"] == f"v{last} b k3"


def test_parallel_recursive_add_directory_with_a_new_common_parent(content):
    """Parallel CI jobs each create their own directory below a parent none of them has
    created yet (recursive=1): every call succeeds, the parent exists once.  Three rounds,
    so the race is met on every run."""
    errors, replied_ok = [], []
    rounds = 3

    def job(i, r, start):
        cl = Client(content, errors)
        start.wait()
        if cl.post("add-directory", {"name": f"locale{r}/common/c{i}", "recursive": 1}):
            replied_ok.append(f"locale{r}/common/c{i}")
        cl.post("add-file", None, {f"locale{r}/common/c{i}/m.properties": b"a=Apple\n"})
        cl.http.close()

    for r in range(rounds):
        start = threading.Barrier(CLIENTS)
        threads = [threading.Thread(target=job, args=(i, r, start)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    tree = content.tree()
    lost = [d for d in replied_ok if d not in tree]
    assert not lost, f"add-directory replied success but these do not exist: {lost}"
    assert not errors, f"{len(errors)} failed calls:\n" + "\n".join(errors[:20])
    assert sorted(p for p, t in tree.items() if t == "directory" and p.count("/") < 2) == \
        sorted(f"locale{r}{sub}" for r in range(rounds) for sub in ("", "/common"))
    assert sum(1 for t in tree.values() if t == "file") == rounds * CLIENTS
