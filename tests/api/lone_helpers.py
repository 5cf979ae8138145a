"""
Helpers for the localization.one API tests (tests/api/test_lone_*.py).

  Lone(srv, project)         client for /api/{token}/{method}
    .call(method, params, how="form"|"query"|"json"|"multipart", http="POST")
    .ok(method, **params)    -> result (asserts ok:true, HTTP 200, JSON booleans)
    .err(method, status, **params) -> description (asserts ok:false and the status)
    .lang(code)              -> language id (str) from getLanguages
  snapshot(srv, project)     row counts of everything a call could change
  Receiver()                 a webhook receiver on 127.0.0.1 (http.server in a thread)
  start_server(backend_env, extra_args, db_url=None, env=None) -> a started
                             conftest.Server with extra `tolk serve` flags (e.g.
                             --webhook-allow) and environment variables
  fixtures wsrv (a module's server that may reach 127.0.0.0/8 receivers) and rcv (a
                             Receiver): `from lone_helpers import rcv, wsrv`
"""
import json as jsonlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import Server, make_db_url


class Lone:
    def __init__(self, srv, project, token=None):
        self.srv = srv
        self.project = project
        self.token = token or project.api_token
        self._langs = None

    def url(self, method):
        return f"{self.srv.base}/api/{self.token}/{method}"

    def call(self, method, params=None, how=None, http="POST", headers=None, data=None):
        params = params or {}
        how = how or ("query" if http == "GET" else "form")
        kw = dict(timeout=30, headers=dict(headers or {}))
        if data is not None:
            kw["data"] = data
        elif how == "query":
            kw["params"] = params
        elif how == "form":
            kw["data"] = params
        elif how == "json":
            kw["data"] = jsonlib.dumps(params)
            kw["headers"]["Content-Type"] = "application/json"
        elif how == "multipart":
            items = params.items() if isinstance(params, dict) else params
            kw["files"] = [(k, (None, str(v))) for k, v in items]
        else:
            raise ValueError(how)
        return self.srv.http.request(http, self.url(method), **kw)

    @staticmethod
    def envelope(r):
        assert r.headers.get("Content-Type", "").split(";")[0] == "application/json", r.headers
        d = r.json()
        assert isinstance(d.get("ok"), bool), d
        return d

    def ok(self, method, how=None, http="POST", **params):
        r = self.call(method, params, how=how, http=http)
        d = self.envelope(r)
        assert r.status_code == 200 and d["ok"] is True, (r.status_code, d)
        assert "result" in d
        return d["result"]

    def err(self, method, status, how=None, http="POST", **params):
        r = self.call(method, params, how=how, http=http)
        return self.check_err(r, status)

    def check_err(self, r, status):
        d = self.envelope(r)
        assert d["ok"] is False, d
        assert isinstance(d.get("description"), str) and d["description"], d
        assert "result" not in d
        assert r.status_code == status, (r.status_code, d)
        return d["description"]

    def lang(self, code):
        if self._langs is None:
            self._langs = {l["code"]: l["id"] for l in self.ok("getLanguages")}
        return self._langs[code]

    # -- shortcuts

    def category(self, name, parent_id=0, **kw):
        return self.ok("createCategory", name=name, parent_id=parent_id, **kw)

    def string(self, category_id, key, value="Hello", lang="en", **kw):
        return self.ok("createString", category_id=category_id, string_key=key,
                       default_translation_language=self.lang(lang),
                       default_translation_value=value, **kw)["string_id"]


def set_setting(srv, project, name, value):
    srv.cli("project", "set", "--identifier", project.identifier, "--setting", name,
            "--value", str(value))


def snapshot(srv, project):
    pid = srv.project_id(project.identifier)
    q = {
        "node": f"SELECT COUNT(*) FROM node WHERE project_id = {pid}",
        "string": f"SELECT COUNT(*), COALESCE(SUM(LENGTH(source)), 0) FROM string "
                  f"WHERE project_id = {pid}",
        "translation": f"SELECT COUNT(*), COALESCE(SUM(approved), 0), "
                       f"COALESCE(SUM(LENGTH(text)), 0) FROM translation t "
                       f"JOIN string s ON s.id = t.string_id WHERE s.project_id = {pid}",
        "string_label": f"SELECT COUNT(*) FROM string_label sl JOIN string s ON "
                        f"s.id = sl.string_id WHERE s.project_id = {pid}",
        "event": f"SELECT COUNT(*) FROM event WHERE project_id = {pid}",
        "webhook": f"SELECT COUNT(*) FROM webhook_delivery WHERE project_id = {pid}",
        "revision": f"SELECT revision FROM project WHERE id = {pid}",
    }
    return {k: srv.sql(v) for k, v in q.items()}


def add_label(srv, project, name, type_, default=None, options=()):
    args = ["project", "label", "add", "--identifier", project.identifier, "--name", name,
            "--type", type_]
    if default is not None:
        args += ["--default", str(default)]
    for o in options:
        args += ["--option", o]
    out = srv.cli(*args).stdout
    return dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)["label_id"]


# ---------------------------------------------------------------- webhooks

class Receiver:
    """Collects POSTs.  `statuses`: answers to give in order (then 200)."""

    def __init__(self, statuses=()):
        self.requests = []
        self.statuses = list(statuses)
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                with outer.cond:
                    status = outer.statuses.pop(0) if outer.statuses else 200
                    outer.requests.append({"path": self.path, "headers": dict(self.headers),
                                           "body": body, "time": time.time(),
                                           "status": status})
                    outer.cond.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait(self, n, timeout=15):
        """Wait until n requests were received; returns them."""
        deadline = time.time() + timeout
        with self.cond:
            while len(self.requests) < n:
                left = deadline - time.time()
                if left <= 0:
                    break
                self.cond.wait(left)
            return list(self.requests)

    def delivered_events(self):
        """Every event of every 2xx-answered POST."""
        out = []
        for r in self.requests:
            if 200 <= r["status"] < 300:
                out.extend(jsonlib.loads(r["body"]))
        return out

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def start_server(backend_env, extra=(), db_url=None, log_name="lone", env=None):
    backend, tmpdir, pg = backend_env
    s = Server(backend, db_url or make_db_url(backend, tmpdir, pg), tmpdir, pg,
               log_name=log_name, extra=extra, env=env)
    return s.start()


@pytest.fixture(scope="module")
def wsrv(backend_env, request):
    """A server (one per test module) that may reach 127.0.0.0/8 webhook receivers."""
    s = start_server(backend_env, ["--webhook-allow", "127.0.0.0/8"],
                     log_name=request.module.__name__.replace("test_", ""))
    yield s
    assert s.stop() == 0, s.log_tail()


@pytest.fixture
def rcv():
    r = Receiver()
    yield r
    r.close()
