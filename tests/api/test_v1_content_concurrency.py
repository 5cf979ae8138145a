"""Many clients at once on one project: uploads in parallel, exports during uploads."""
import re
import threading
import time

import requests

from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

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
