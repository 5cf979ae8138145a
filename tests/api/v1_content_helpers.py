"""
Helpers for the v1 content tests (test_v1_content_*.py): directories, files,
translations, status, export and downloads (crowdin-v1.md §2.2-§2.13, §3).

Built on conftest's `srv` fixture only.  Every test gets its own project:

  content             -> Content(srv, project fr/de/uk from en)
  content_factory(languages=(...)) -> another Content on a fresh project

Content wraps one project:
  c.call(action, params, files=, fmt=, method=)   -> V1Response (no checks)
  c.ok(...)                                         -> V1Response, asserted 200 + success
  c.err(code, ...) -> message;  c.err_details(code, ...) -> (message, details)
  c.add_dir(name, **params), c.add_files({path: bytes}, **params) -> {name: stats}
  c.update_files({path: bytes}, **params) -> {key: status}
  c.upload("fr", {path: bytes}, **params) -> {key: status}
  c.status(), c.lang_status("fr"), c.export(...), c.download(...) -> {entry: bytes}
  c.state()      -> everything a failing call must leave unchanged
"""
import collections
import concurrent.futures
import contextlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import assert_v1_error, assert_xml_doc

__all__ = ["DATA", "data_file", "stats_reply", "files_reply", "export_status_of", "unzip",
           "parse_properties", "Content", "content", "content_factory", "project_pool",
           "supported"]

DATA = Path(__file__).resolve().parent / "data" / "v1_content"


def numbered_po(keys, prefix=None, ctx=""):
    """A .po file of one message per number k: msgstr "<prefix> <k>" when prefix is given."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for k in keys:
        out += [f'msgid "Source string number {k} that someone translates{ctx}"',
                f'msgstr "{prefix} {k}"' if prefix else 'msgstr ""', ""]
    return "\n".join(out).encode()


def data_file(rel):
    return (DATA / rel).read_bytes()


def _files(mapping):
    """{crowdin path: bytes} -> multipart parts files[PATH] (part filename is ignored)."""
    out = []
    for path, body in mapping.items():
        if isinstance(body, str):
            body = body.encode()
        out.append((f"files[{path}]", (path.rsplit("/", 1)[-1] or "f", body)))
    return out


def stats_reply(r):
    """add-file success -> [{file_id, name, strings, words}] (ints), from JSON or XML."""
    assert r.status_code == 200, r.text
    if r.fmt == "xml":
        assert_xml_doc(r)
        root = r.xml
        assert root.tag == "success", r.text
        assert [c.tag for c in root] == ["stats"], r.text
        out = []
        for f in root.find("stats"):
            assert f.tag == "file", r.text
            assert set(f.attrib) == {"file_id", "name", "strings", "words"}, r.text
            out.append({"file_id": int(f.get("file_id")), "name": f.get("name"),
                        "strings": int(f.get("strings")), "words": int(f.get("words"))})
        return out
    d = r.data
    assert d.get("success") is True, d
    assert "files" not in d, "add-file must not have a top-level files key (Java CLI): %s" % d
    assert set(d) == {"success", "stats"}, d
    files = d["stats"]["files"]
    assert isinstance(files, list), d
    for f in files:
        assert set(f) == {"file_id", "name", "strings", "words"}, f
        for k in ("file_id", "strings", "words"):
            assert type(f[k]) is int, f"{k} must be a JSON number (§1.7): {f}"
        assert isinstance(f["name"], str)
    return files


def files_reply(r):
    """update-file / upload-translation success -> {key: status}, from JSON or XML."""
    assert r.status_code == 200, r.text
    if r.fmt == "xml":
        assert_xml_doc(r)
        root = r.xml
        assert root.tag == "success", r.text
        assert [c.tag for c in root] == ["files"], r.text
        out = {}
        for f in root.find("files"):
            assert f.tag == "file" and set(f.attrib) == {"name", "status"}, r.text
            out[f.get("name")] = f.get("status")
        return out
    d = r.data
    assert d.get("success") is True, d
    assert set(d) == {"success", "files"}, d
    assert isinstance(d["files"], dict), d
    return d["files"]


def export_status_of(r):
    """export reply -> "built"/"skipped"/..., checking the §1.7 shape in its format."""
    assert r.status_code == 200, r.text
    if r.fmt == "xml":
        assert_xml_doc(r)
        root = r.xml
        assert root.tag == "success" and len(root) == 0, r.text
        assert set(root.attrib) == {"status"}, r.text
        return root.get("status")
    d = r.data
    assert set(d) == {"success"} and isinstance(d["success"], dict), d
    assert set(d["success"]) == {"status"}, d
    return d["success"]["status"]


def unzip(content):
    """ZIP bytes -> {entry name: bytes}; checks the archive is valid and has no duplicates."""
    z = zipfile.ZipFile(io.BytesIO(content))
    assert z.testzip() is None
    names = z.namelist()
    assert len(names) == len(set(names)), f"duplicate ZIP entries: {names}"
    return {n: z.read(n) for n in names}


def parse_properties(data):
    """A tiny .properties reader for key=value lines (enough for our fixtures)."""
    out = {}
    for line in data.decode("latin-1").splitlines():
        s = line.strip()
        if not s or s[0] in "#!":
            continue
        k, _, v = s.partition("=")
        out[k.strip()] = v.strip().encode("latin-1").decode("unicode_escape")
    return out


class Content:
    def __init__(self, srv, project):
        self.srv = srv
        self.p = project
        self.id = project.identifier

    # -- raw

    def url(self, action):
        return f"/api/project/{self.id}/{action}"

    def call(self, action, params=None, files=None, fmt="json", method="POST", auth=True, **kw):
        pairs = list(self.p.auth().items()) if auth else []
        if isinstance(params, dict):
            pairs += list(params.items())
        elif params:
            pairs += list(params)
        if isinstance(files, dict):
            files = _files(files)
        return self.srv.v1(self.url(action), pairs, fmt=fmt, method=method, files=files, **kw)

    def ok(self, action, params=None, files=None, fmt="json", **kw):
        r = self.call(action, params, files=files, fmt=fmt, **kw)
        assert r.status_code == 200, f"{action}: HTTP {r.status_code}: {r.text[:500]}"
        if fmt in ("json", "jsonp") and action not in ("status", "language-status", "info",
                                                        "edit-project"):
            d = r.data
            assert d.get("success") not in (False, None), f"{action}: {d}"
        return r

    def err(self, code, action, params=None, files=None, fmt="json", status=None, **kw):
        r = self.call(action, params, files=files, fmt=fmt, **kw)
        return assert_v1_error(r, code, status)

    def err_details(self, code, action, params=None, files=None, fmt="json", status=None, **kw):
        """(message, details) of an error reply: the why goes in `details`, never the message."""
        r = self.call(action, params, files=files, fmt=fmt, **kw)
        return assert_v1_error(r, code, status), r.details()

    # -- content calls

    def add_dir(self, name, fmt="json", **params):
        r = self.ok("add-directory", dict(name=name, **params), fmt=fmt)
        if fmt == "json":
            assert r.data == {"success": True}, r.text
        return r

    def add_files(self, mapping, fmt="json", **params):
        r = self.ok("add-file", params, files=mapping, fmt=fmt)
        return {f["name"]: f for f in stats_reply(r)}

    def update_files(self, mapping, fmt="json", **params):
        return files_reply(self.ok("update-file", params, files=mapping, fmt=fmt))

    def upload(self, language, mapping, fmt="json", **params):
        return files_reply(self.ok("upload-translation", dict(language=language, **params),
                                   files=mapping, fmt=fmt))

    def delete_file(self, path, **params):
        return self.ok("delete-file", dict(file=path, **params))

    def status(self, params=None):
        """{code: row} of status (JSON)."""
        r = self.ok("status", params)
        d = r.data
        assert isinstance(d, list), d
        return {row["code"]: row for row in d}

    def lang_status(self, language, **params):
        r = self.ok("language-status", dict(language=language, **params))
        return r.data

    def info(self):
        return self.srv.info_data(self.p)

    def export(self, lang=None, path=None, fmt="json", method="GET", **params):
        """export; returns the status string.  path: "export", "export/" or "export/LANG"."""
        action = path or (f"export/{lang}" if lang else "export")
        r = self.ok(action, params, fmt=fmt, method=method)
        return export_status_of(r)

    def download_raw(self, package="all", method="GET", fmt="json", **params):
        return self.call(f"download/{package}.zip", params, fmt=fmt, method=method)

    def download(self, package="all", method="GET", **params):
        r = self.download_raw(package, method=method, **params)
        assert r.status_code == 200, f"download {package}: HTTP {r.status_code}: {r.text[:300]}"
        assert r.ctype == "application/zip", r.headers
        assert r.headers.get("Content-Disposition") == f'attachment; filename="{package}.zip"', \
            r.headers
        return unzip(r.content)

    def export_file(self, path, language, method="GET", headers=None, fmt="json", **params):
        return self.call("export-file", dict(file=path, language=language, **params),
                         method=method, headers=headers, fmt=fmt)

    def edit(self, **params):
        return self.ok("edit-project", params)

    def setting(self, name, value):
        self.srv.cli("project", "set", "--identifier", self.id, "--setting", name,
                     "--value", str(value))

    def tree(self):
        """info files as {path: node_type}, branches and directories included."""
        out = {}

        def walk(items, prefix):
            for it in items:
                path = prefix + it["name"]
                out[path] = it["node_type"]
                if it["node_type"] != "file":
                    walk(it.get("files") or [], path + "/")
        walk(self.info()["files"], "")
        return out

    def state(self):
        """What the API shows of the project's content, plus its stored row."""
        return {
            "info": self.info(),
            "status": self.ok("status").data,
            "language-status": self.lang_status(self.p.languages[0]),
            "row": self.srv.project_row(self.id),
        }

    @contextlib.contextmanager
    def unchanged(self, what=""):
        before = self.state()
        yield
        after = self.state()
        for k in before:
            assert after[k] == before[k], f"{what}: a failing call changed {k}:\n" \
                f"before {json.dumps(before[k])[:1500]}\nafter  {json.dumps(after[k])[:1500]}"


class ProjectPool:
    """
    Fresh projects made ahead of time by the same CLI helper (srv.project()), a few in
    parallel, so the ~0.3 s each `tolk project create` costs under ASan overlaps with
    the tests.  Every test still gets a project of its own, used by nobody else.
    """
    AHEAD = 2

    def __init__(self, srv):
        self.srv = srv
        srv.owner  # create the owner account once, before any thread needs it
        self.pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="projects")
        self.queues = collections.defaultdict(collections.deque)

    def _submit(self, key):
        languages, source = key
        return self.pool.submit(self.srv.project, languages=languages, source=source)

    def get(self, languages=("fr", "de", "uk"), source="en"):
        key = (tuple(languages), source)
        q = self.queues[key]
        while len(q) < self.AHEAD + 1:
            q.append(self._submit(key))
        return q.popleft().result()

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


_POOLS = {}


@pytest.fixture(scope="session")
def project_pool(session_srv):
    # one pool per server, shared by every test module that imports this fixture
    pool = _POOLS.get(id(session_srv))
    if pool is None:
        pool = _POOLS[id(session_srv)] = ProjectPool(session_srv)
    yield pool
    if _POOLS.pop(id(session_srv), None) is not None:
        pool.close()


@pytest.fixture
def content(srv, project_pool):
    return Content(srv, project_pool.get())


@pytest.fixture
def content_factory(srv, project_pool):
    def make(languages=("fr", "de", "uk"), source="en"):
        if tuple(languages) == ("fr", "de", "uk") and source == "en":
            return Content(srv, project_pool.get())
        return Content(srv, srv.project(languages=languages, source=source))
    return make


@pytest.fixture(scope="session")
def supported(session_srv):
    """supported-languages as {crowdin_code: row}."""
    r = session_srv.get("/api/supported-languages", params={"json": ""})
    assert r.status_code == 200, r.text
    return {row["crowdin_code"]: row for row in r.json()}
