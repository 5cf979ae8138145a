"""
The web app's JSON API as a page's fetch() uses it (docs/accounts.md, docs/web.md): accounts made
with the CLI, a Browser with a cookie jar, the CSRF header and the page's Origin, and the error
shape every /app/api call answers with.
"""
import re

import requests

from conftest import TOLK_BIN, kv_lines, run, unique

PASSWORD = "correct horse battery"


def create_account(s, password=PASSWORD, link=False, extra=()):
    """tolk account create (the password through --password-stdin): (login, account_key,
    sign-in link token or None)."""
    login = unique("u")
    args = [TOLK_BIN, "account", "create", "--login", login, "--email", f"{login}@example.com",
            "--db", s.db_url, *extra]
    if password is not None:
        args.append("--password-stdin")
    if link:
        args.append("--sign-in-link")
    p = run(args, input=(password + "\n") if password is not None else "")
    kv = kv_lines(p.stdout)
    return login, kv["account_key"], link_token(kv.get("sign_in_link"))


def link_token(url):
    if url is None:
        return None
    m = re.fullmatch(r"(.*)/app/sign-in/([0-9a-f]{64})", url)
    assert m, url
    return m.group(2)


class Browser:
    """What a page's fetch() does: a cookie jar, the session's CSRF token in
    X-CSRF-Token, and the page's own Origin."""

    def __init__(self, s):
        self.s = s
        self.http = requests.Session()
        self.csrf = None

    def origin(self):
        return self.s.base

    def request(self, method, path, body=None, csrf=True, headers=None, **kw):
        h = {"Origin": self.origin()} if method not in ("GET", "HEAD") else {}
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        kw.setdefault("timeout", 30)
        if body is not None:
            kw["json"] = body
        return self.http.request(method, self.s.base + path, headers=h, **kw)

    def sign_in(self, login, password=PASSWORD, **kw):
        r = self.request("POST", "/app/api/session", {"login": login, "password": password}, **kw)
        if r.status_code == 200:
            self.csrf = r.json()["csrf_token"]
        return r

    def use_link(self, token):
        r = self.request("POST", f"/app/api/sign-in-link/{token}")
        if r.status_code == 200:
            self.csrf = r.json()["csrf_token"]
        return r

    def whoami(self):
        return self.request("GET", "/app/api/session")

    def cookie(self):
        return self.http.cookies.get("tolk_session")


def error(r, status, code):
    """An error reply: its status, the JSON error shape and code; the message."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"].startswith("application/json"), r.headers
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert list(body) == ["error"] and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]["message"]


def set_cookie(r):
    """The Set-Cookie header as (value, {attribute (lower case): value or True})."""
    raw = r.headers["Set-Cookie"]
    parts = [p.strip() for p in raw.split(";")]
    name, _, value = parts[0].partition("=")
    assert name == "tolk_session", raw
    attrs = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        attrs[k.lower()] = v if eq else True
    return value, attrs




def signed_in(s, role=None, project=None, languages=None):
    """A new account with a password, signed in from a Browser: (browser, login, account_key).
    With role, it is first made a member of project in that role (and languages)."""
    login, key, _ = create_account(s)
    if role:
        add_member(s, project, login, role, languages)
    b = Browser(s)
    r = b.sign_in(login)
    assert r.status_code == 200, r.text
    return b, login, key


def add_member(s, project, login, role, languages=None):
    """tolk project member add (the operator's way)."""
    args = ["project", "member", "add", "--identifier", project.identifier, "--login", login,
            "--role", role]
    if languages is not None:
        args += ["--languages", languages]
    s.cli(*args)
